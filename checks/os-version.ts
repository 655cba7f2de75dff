import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { fail, pass, remedy, say, unknown, warn } from '../src/core/verdict.js';
import { osFact, type OsFacts } from '../src/facts/os.js';

const PRODUCT_TYPES: Record<number, { en: string; nl: string }> = {
  1: say('workstation', 'werkstation'), 2: say('domain controller', 'domeincontroller'), 3: say('server', 'server'),
};

/** Names the OS from build and ProductType only: the Caption is localized and Windows 11 still says version 10.0. */
export function osName(os: NonNullable<OsFacts>, releaseNames: Record<string, string>): string {
  if (os.ProductType === 1) {
    if (os.BuildNumber >= 22000) return `Windows 11 (build ${os.BuildNumber})`;
    if (os.BuildNumber >= 10240) return `Windows 10 (build ${os.BuildNumber})`;
    return `Windows client (build ${os.BuildNumber})`;
  }
  return releaseNames[String(os.BuildNumber)] ?? `Windows Server (build ${os.BuildNumber})`;
}

const LOOK = { shell: 'powershell' as const, runAs: 'user' as const, purpose: 'look' as const, script: 'Get-CimInstance Win32_OperatingSystem | Select-Object Caption, Version, BuildNumber, ProductType' };

/** Only a person can fix the operating system: say which action fits what was found. */
const CLIENT_FIX = remedy(say(
  'This is a Windows client edition. Run Clickker on the Windows Server 2016 or later that hosts the Exact Synergy website; ask your ICT partner which server that is.',
  'Dit is een Windows-clienteditie. Voer Clickker uit op de Windows Server 2016 of nieuwer waarop de Exact Synergy-website draait; vraag uw ICT-partner welke server dat is.',
), [LOOK]);
const OLD_FIX = remedy(say(
  'Upgrade this server to Windows Server 2016 or later (an in-place upgrade or a new server with Exact Synergy moved to it: plan it with your ICT partner and Exact), or install Clickker on another server running Windows Server 2016 or later.',
  'Upgrade deze server naar Windows Server 2016 of nieuwer (een in-place upgrade, of een nieuwe server waar Exact Synergy naartoe verhuist: plan het met uw ICT-partner en Exact), of installeer Clickker op een andere server met Windows Server 2016 of nieuwer.',
), [LOOK]);
const DC_FIX = remedy(say(
  'Nothing to change for Clickker: a domain controller is supported. Microsoft advises against running applications on a domain controller; if another Windows Server 2016 or later hosts Exact Synergy, install Clickker there instead.',
  'Voor Clickker hoeft niets te veranderen: een domeincontroller wordt ondersteund. Microsoft raadt af toepassingen op een domeincontroller te draaien; staat Exact Synergy op een andere Windows Server 2016 of nieuwer, installeer Clickker dan daar.',
), [LOOK]);

export const check: Check = {
  id: 'os.version',
  title: 'Windows Server 2016 or later',
  category: 'Operating system',
  severity: 'blocking',
  needs: ['os'],
  profiles: ['synergy'],
  // Only a person (or a download) can fix a failure: say who and what, never "not safe to automate" (issue 16).
  fix: manualWhenFailed(say(
    'only another Windows fixes this (an in-place upgrade, or another server): a decision for your ICT partner, not a command',
    'alleen een andere Windows lost dit op (een in-place upgrade, of een andere server): een beslissing voor uw ICT-partner, geen opdracht',
  )),
  nl: {
    title: 'Windows Server 2016 of nieuwer',
    rationale:
      'Clickker Exact Synergy API vereist Windows Server 2016 (build 14393) of nieuwer. Windows 10 en 11 hebben dezelfde buildnummers als '
      + 'servers, dus ook het producttype (Win32_OperatingSystem.ProductType: 1 werkstation, 2 domeincontroller, 3 server) beslist; '
      + 'de vertaalde Caption wordt nooit ontleed.',
  },
  rationale:
    'Clickker Exact Synergy API needs Windows Server 2016 (build 14393) or later. Windows 10 and 11 share build numbers with '
    + 'servers, so the product type (Win32_OperatingSystem.ProductType: 1 workstation, 2 domain controller, 3 server) decides '
    + 'too; the localized Caption is never parsed.',
  remediation: remedy(say(
    'Install Clickker on a server running Windows Server 2016 or later (the server that hosts the Exact Synergy website).',
    'Installeer Clickker op een server met Windows Server 2016 of nieuwer (de server waarop de Exact Synergy-website draait).',
  ), [LOOK]),
  evaluate({ fact, requirements }) {
    const os = fact(osFact);
    if (os === null) {
      return unknown(say('the os probe printed nothing', 'de meting os gaf geen uitvoer'), say(
        'Run Get-CimInstance Win32_OperatingSystem on the server to see why WMI returns nothing, then collect again.',
        'Voer Get-CimInstance Win32_OperatingSystem uit op de server om te zien waarom WMI niets teruggeeft, en verzamel daarna opnieuw.',
      ));
    }
    const req = requirements.os;
    const name = osName(os, req.releaseNames);
    const evidence = {
      expected: `Windows Server (ProductType ${req.allowedProductTypes.join(' or ')}), build >= ${req.minBuild}`,
      said: { expected: say(`Windows Server (ProductType ${req.allowedProductTypes.join(' or ')}), build >= ${req.minBuild}`,
        `Windows Server (ProductType ${req.allowedProductTypes.join(' of ')}), build >= ${req.minBuild}`) },
      found: { name, BuildNumber: os.BuildNumber, ProductType: os.ProductType, Version: os.Version, Caption: os.Caption ?? null },
      source: 'Win32_OperatingSystem',
    };
    const kind = PRODUCT_TYPES[os.ProductType] ?? say(`product type ${os.ProductType}`, `producttype ${os.ProductType}`);
    const min = req.releaseNames[String(req.minBuild)]?.replace('Windows Server ', '') ?? String(req.minBuild);
    if (os.ProductType === 1) {
      return fail(say(
        `${name} is a client edition (ProductType 1); Clickker needs Windows Server ${min} or later`,
        `${name} is een clienteditie (ProductType 1); Clickker vereist Windows Server ${min} of nieuwer`,
      ), evidence, CLIENT_FIX);
    }
    if (os.BuildNumber < req.minBuild) {
      const named = req.releaseNames[String(req.minBuild)];
      return fail(say(
        `${name} is older than build ${req.minBuild} (${named ?? 'the minimum'})`,
        `${name} is ouder dan build ${req.minBuild} (${named ?? 'het minimum'})`,
      ), evidence, OLD_FIX);
    }
    if (req.warnProductTypes.includes(os.ProductType)) {
      return warn(say(
        `${name} is a ${kind.en}: supported, but installing applications on a domain controller is discouraged`,
        `${name} is een ${kind.nl}: ondersteund, maar toepassingen installeren op een domeincontroller wordt afgeraden`,
      ), evidence, DC_FIX);
    }
    if (!req.allowedProductTypes.includes(os.ProductType)) {
      return fail(say(
        `${name} has ProductType ${os.ProductType}, which is not a supported server type`,
        `${name} heeft ProductType ${os.ProductType}, geen ondersteund servertype`,
      ), evidence, OLD_FIX);
    }
    return pass(say(`${name}, ${kind.en}`, `${name}, ${kind.nl}`), evidence);
  },
};
