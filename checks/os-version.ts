import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { fail, pass, unknown, warn } from '../src/core/verdict.js';
import { osFact, type OsFacts } from '../src/facts/os.js';

const PRODUCT_TYPES: Record<number, string> = { 1: 'workstation', 2: 'domain controller', 3: 'server' };

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
const CLIENT_FIX = { text: 'This is a Windows client edition. Run Clickker on the Windows Server 2016 or later that hosts the Exact Synergy website; ask your ICT partner which server that is.', commands: [LOOK] };
const OLD_FIX = { text: 'Upgrade this server to Windows Server 2016 or later (an in-place upgrade or a new server with Exact Synergy moved to it: plan it with your ICT partner and Exact), or install Clickker on another server running Windows Server 2016 or later.', commands: [LOOK] };
const DC_FIX = { text: 'Nothing to change for Clickker: a domain controller is supported. Microsoft advises against running applications on a domain controller; if another Windows Server 2016 or later hosts Exact Synergy, install Clickker there instead.', commands: [LOOK] };

export const check: Check = {
  id: 'os.version',
  title: 'Windows Server 2016 or later',
  category: 'Operating system',
  severity: 'blocking',
  needs: ['os'],
  profiles: ['synergy'],
  // Only a person (or a download) can fix a failure: say who and what, never "not safe to automate" (issue 16).
  fix: manualWhenFailed('only another Windows fixes this (an in-place upgrade, or another server): a decision for your ICT partner, not a command'),
  rationale:
    'Clickker Exact Synergy API needs Windows Server 2016 (build 14393) or later. Windows 10 and 11 share build numbers with '
    + 'servers, so the product type (Win32_OperatingSystem.ProductType: 1 workstation, 2 domain controller, 3 server) decides '
    + 'too; the localized Caption is never parsed.',
  remediation: {
    text: 'Install Clickker on a server running Windows Server 2016 or later (the server that hosts the Exact Synergy website).',
    commands: [LOOK],
  },
  evaluate({ fact, requirements }) {
    const os = fact(osFact);
    if (os === null) return unknown('the os probe printed nothing', 'Run Get-CimInstance Win32_OperatingSystem on the server to see why WMI returns nothing, then collect again.');
    const req = requirements.os;
    const name = osName(os, req.releaseNames);
    const evidence = {
      expected: `Windows Server (ProductType ${req.allowedProductTypes.join(' or ')}), build >= ${req.minBuild}`,
      found: { name, BuildNumber: os.BuildNumber, ProductType: os.ProductType, Version: os.Version, Caption: os.Caption ?? null },
      source: 'Win32_OperatingSystem',
    };
    const kind = PRODUCT_TYPES[os.ProductType] ?? `product type ${os.ProductType}`;
    if (os.ProductType === 1) {
      return fail(`${name} is a client edition (ProductType 1); Clickker needs Windows Server ${req.releaseNames[String(req.minBuild)]?.replace('Windows Server ', '') ?? req.minBuild} or later`, evidence, CLIENT_FIX);
    }
    if (os.BuildNumber < req.minBuild) return fail(`${name} is older than build ${req.minBuild} (${req.releaseNames[String(req.minBuild)] ?? 'the minimum'})`, evidence, OLD_FIX);
    if (req.warnProductTypes.includes(os.ProductType)) {
      return warn(`${name} is a ${kind}: supported, but installing applications on a domain controller is discouraged`, evidence, DC_FIX);
    }
    if (!req.allowedProductTypes.includes(os.ProductType)) return fail(`${name} has ProductType ${os.ProductType}, which is not a supported server type`, evidence, OLD_FIX);
    return pass(`${name}, ${kind}`, evidence);
  },
};
