import type { FixAction } from '../src/core/fix.js';
import { psQuote } from '../src/core/quote.js';
import type { Check, Evidence, Result } from '../src/core/types.js';
import { fail, pass, remedy, say, warn } from '../src/core/verdict.js';
import { DOTNET_KEY32, DOTNET_KEY64, dotnetTlsFact, STRONG_CRYPTO_VALUES, type DotnetTlsFacts } from '../src/facts/dotnet-tls.js';
import { networkFact, type NetworkFacts } from '../src/facts/network.js';

/** powershell.exe's own default SecurityProtocol as the .NET view recorded it, when it lacks TLS 1.2. */
function processDefault(n?: NetworkFacts): string | undefined {
  for (const e of n?.endpoints ?? []) {
    const d = e.dotnet;
    const p = d?.processSecurityProtocol ?? (d?.securityProtocol && !/SystemDefault/i.test(d.securityProtocol) ? d.securityProtocol : undefined);
    if (p && !/Tls12|Tls13|SystemDefault/i.test(p)) return p;
  }
  return undefined;
}

export const STRONG_CRYPTO_FIX = [DOTNET_KEY64, DOTNET_KEY32].flatMap((key) => STRONG_CRYPTO_VALUES.map((name) =>
  `Set-ItemProperty -LiteralPath '${key}' -Name '${name}' -Value 1 -Type DWord`)).join('\n');

/** What the verdicts show and the fix reads: the registry values as found. */
export type TlsEvidence = {
  expected: string; found: DotnetTlsFacts; source: string; said: Evidence['said'];
  /** On a warning: what powershell.exe itself offered, when the network probe's .NET view recorded it. */
  processSecurityProtocol?: string | null;
};

const schannelOff = (t: DotnetTlsFacts) => t.Tls12ClientEnabled === 0 || t.Tls12ClientDisabledByDefault === 1;

/** Sets exactly the strong-crypto values that are not 1 yet; SCHANNEL switched off stays the administrator's call. */
function fixTls(r: Result<TlsEvidence>): FixAction {
  const found = r.evidence.found;
  if (schannelOff(found)) {
    return {
      id: 'dotnet.enable-schannel-tls12', checkId: r.id, title: 'Enable the TLS 1.2 client protocol in SCHANNEL', automatic: false,
      needsElevation: true, reboot: 'always', whatIf: [],
      why: 'TLS 1.2 was switched off for the whole server, probably on purpose (a hardening policy or GPO): change it only with whoever set it, then restart',
      commands: r.remediation?.commands ?? [],
      nl: {
        title: 'Schakel het TLS 1.2-clientprotocol in SCHANNEL in',
        whatIf: [],
        why: 'TLS 1.2 is voor de hele server uitgeschakeld, waarschijnlijk met opzet (een hardeningbeleid of GPO): wijzig het alleen in overleg met wie het instelde, en herstart daarna',
      },
    };
  }
  const current: Record<string, number | null | undefined> = {
    [`${DOTNET_KEY64}|SchUseStrongCrypto`]: found.StrongCrypto64, [`${DOTNET_KEY64}|SystemDefaultTlsVersions`]: found.SystemDefaultTls64,
    [`${DOTNET_KEY32}|SchUseStrongCrypto`]: found.StrongCrypto32, [`${DOTNET_KEY32}|SystemDefaultTlsVersions`]: found.SystemDefaultTls32,
  };
  const todo = [DOTNET_KEY64, DOTNET_KEY32].flatMap((key) => STRONG_CRYPTO_VALUES.map((name) => ({ key, name }))).filter((v) => current[`${v.key}|${v.name}`] !== 1);
  return {
    id: 'dotnet.enable-strong-crypto', checkId: r.id, title: 'Let .NET Framework 4.x use TLS 1.2 (strong cryptography, 64- and 32-bit)', automatic: true,
    needsElevation: true, reboot: 'never',
    whatIf: [
      ...todo.map((v) => `set ${v.key}\\${v.name} = 1 (DWORD; now ${current[`${v.key}|${v.name}`] ?? 'absent'})`),
      'no Windows restart; running .NET applications (IIS application pools, services) pick it up when they restart',
    ],
    nl: {
      title: 'Laat .NET Framework 4.x TLS 1.2 gebruiken (sterke cryptografie, 64- en 32-bits)',
      whatIf: [
        ...todo.map((v) => `zet ${v.key}\\${v.name} = 1 (DWORD; nu ${current[`${v.key}|${v.name}`] ?? 'afwezig'})`),
        'geen herstart van Windows; draaiende .NET-toepassingen (IIS-toepassingsgroepen, services) nemen het over wanneer ze herstarten',
      ],
    },
    commands: [{ shell: 'powershell', script: todo.map((v) => `New-Item -Path ${psQuote(v.key)} -Force | Out-Null; Set-ItemProperty -LiteralPath ${psQuote(v.key)} -Name ${psQuote(v.name)} -Value 1 -Type DWord`).join('\n') }],
    async apply(host) {
      for (const v of todo) if ((await host.registry.getDword(v.key, v.name)) !== 1) await host.registry.setDword(v.key, v.name, 1);
      return { restartNeeded: false, message: `set ${todo.length} registry value(s)` };
    },
  };
}

export const check: Check<TlsEvidence> = {
  id: 'dotnet.tls12',
  title: 'TLS 1.2 usable by .NET Framework 4.x applications',
  category: 'Frameworks',
  severity: 'blocking',
  // network.endpoints is optional evidence (the process default the .NET view recorded), read with `has`.
  needs: ['dotnetTls', 'network.endpoints'],
  profiles: ['synergy'],
  nl: {
    title: 'TLS 1.2 bruikbaar voor .NET Framework 4.x-toepassingen',
    rationale:
      'Clickker is een .NET Framework-service en moet zijn eindpunten via TLS 1.2 bereiken. Een .NET 4.x-toepassing die zich '
      + 'niet aanmeldt, biedt alleen wat ServicePointManager standaard biedt (Windows PowerShell 5.1 toont "Ssl3, Tls"), tenzij '
      + 'SchUseStrongCrypto of SystemDefaultTlsVersions is ingesteld voor zowel het 64-bits als het 32-bits framework. Als in '
      + 'SCHANNEL de TLS 1.2-client is uitgeschakeld, kan niets op de server het gebruiken.',
  },
  rationale:
    'Clickker is a .NET Framework service and must reach its endpoints over TLS 1.2. A .NET 4.x application that does not '
    + 'opt in offers only what ServicePointManager defaults to (Windows PowerShell 5.1 shows "Ssl3, Tls"), unless '
    + 'SchUseStrongCrypto or SystemDefaultTlsVersions is set for both the 64-bit and the 32-bit framework. If SCHANNEL '
    + 'has the TLS 1.2 client switched off, nothing on the server can use it.',
  remediation: remedy(say(
    'Let .NET Framework 4.x use strong cryptography and the operating system TLS defaults (64-bit and 32-bit), then restart the service or server.',
    'Laat .NET Framework 4.x sterke cryptografie en de TLS-standaarden van het besturingssysteem gebruiken (64- en 32-bits) en herstart daarna de service of de server.',
  ), [{ shell: 'powershell', script: STRONG_CRYPTO_FIX }]),
  evaluate({ fact, has }) {
    const t = fact(dotnetTlsFact);
    const evidence: TlsEvidence = {
      expected: 'SchUseStrongCrypto = 1 or SystemDefaultTlsVersions = 1 in both registry views; TLS 1.2 client not disabled',
      said: { expected: say('SchUseStrongCrypto = 1 or SystemDefaultTlsVersions = 1 in both registry views; TLS 1.2 client not disabled',
        'SchUseStrongCrypto = 1 of SystemDefaultTlsVersions = 1 in beide registerweergaven (64- en 32-bits); TLS 1.2-client niet uitgeschakeld') },
      found: t,
      source: `${DOTNET_KEY64}, ${DOTNET_KEY32}, SCHANNEL\\Protocols\\TLS 1.2\\Client`,
    };
    // Enabled = 0 switches the protocol off; DisabledByDefault = 1 only takes it out of the operating system's default
    // set: an application that asks for TLS 1.2 explicitly still gets it, but one that leaves the choice to Windows
    // (SystemDefault, which a .NET 4.7 service such as Clickker has) does not (learn.microsoft.com: "TLS, DTLS, and
    // SSL protocol version settings", DisabledByDefault).
    if (schannelOff(t)) {
      const summary = t.Tls12ClientEnabled === 0
        ? say('TLS 1.2 is switched off for clients in SCHANNEL (Enabled = 0): no application on this server can use it',
          'TLS 1.2 is voor clients uitgeschakeld in SCHANNEL (Enabled = 0): geen enkele toepassing op deze server kan het gebruiken')
        : say('TLS 1.2 is not in the SCHANNEL client defaults (DisabledByDefault = 1): only applications that ask for TLS 1.2 explicitly can use it; '
          + 'the Clickker service leaves the choice to Windows (SystemDefault, .NET 4.7) and would not offer it',
        'TLS 1.2 staat niet in de standaardinstellingen van de SCHANNEL-client (DisabledByDefault = 1): alleen toepassingen die uitdrukkelijk om TLS 1.2 vragen, kunnen het gebruiken; '
          + 'de Clickker-service laat de keuze aan Windows (SystemDefault, .NET 4.7) en zou het niet aanbieden');
      return fail(summary, evidence, remedy(say(
        'Enable the TLS 1.2 client protocol in SCHANNEL and restart the server.',
        'Schakel het TLS 1.2-clientprotocol in SCHANNEL in en herstart de server.',
      ), [{
          shell: 'powershell',
          script: [
            "$k = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client'",
            'New-Item -Path $k -Force | Out-Null',
            "Set-ItemProperty -LiteralPath $k -Name 'Enabled' -Value 1 -Type DWord",
            "Set-ItemProperty -LiteralPath $k -Name 'DisabledByDefault' -Value 0 -Type DWord",
          ].join('\n'),
        }]));
    }
    const on64 = t.StrongCrypto64 === 1 || t.SystemDefaultTls64 === 1;
    const on32 = t.StrongCrypto32 === 1 || t.SystemDefaultTls32 === 1;
    if (on64 && on32) return pass(say('.NET Framework 4.x may use TLS 1.2 (64-bit and 32-bit)', '.NET Framework 4.x mag TLS 1.2 gebruiken (64- en 32-bits)'), evidence);
    const which = on64 ? say('the 32-bit framework', 'het 32-bits framework') : on32 ? say('the 64-bit framework', 'het 64-bits framework') : say('either framework', 'beide frameworks');
    // What powershell.exe itself offered (the .NET view's process default, when the network probe ran) is the
    // diagnosis shown here; it never decides network.endpoints, which is judged as the 4.7 service makes requests.
    const offered = processDefault(has(networkFact) ? fact(networkFact) : undefined);
    const seen = offered ? say(`; on this server powershell.exe offered only ${offered}`, `; op deze server bood powershell.exe alleen ${offered}`) : say('', '');
    return warn(say(
      `Strong cryptography is not enabled for ${which.en}: a .NET 4.x application that does not target 4.7 or opt in may offer only SSL 3.0/TLS 1.0${seen.en}. `
        + 'The Clickker service targets .NET 4.7 and uses the operating system default (TLS 1.2) regardless',
      `Sterke cryptografie is niet ingeschakeld voor ${which.nl}: een .NET 4.x-toepassing die niet op 4.7 is gericht of zich niet aanmeldt, biedt misschien alleen SSL 3.0/TLS 1.0${seen.nl}. `
        + 'De Clickker-service is gericht op .NET 4.7 en gebruikt hoe dan ook de standaard van het besturingssysteem (TLS 1.2)',
    ), { ...evidence, processSecurityProtocol: offered ?? null });
  },
  fix: fixTls,
};
