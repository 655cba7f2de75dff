import type { Check } from '../src/core/types.js';
import { fail, pass, warn } from '../src/core/verdict.js';
import { dotnetTlsFact } from '../src/facts/dotnet-tls.js';
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

const KEY64 = 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319';
const KEY32 = 'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319';

export const STRONG_CRYPTO_FIX = [KEY64, KEY32].flatMap((key) => [
  `Set-ItemProperty -LiteralPath '${key}' -Name 'SchUseStrongCrypto' -Value 1 -Type DWord`,
  `Set-ItemProperty -LiteralPath '${key}' -Name 'SystemDefaultTlsVersions' -Value 1 -Type DWord`,
]).join('\n');

export const check: Check = {
  id: 'dotnet.tls12',
  title: 'TLS 1.2 usable by .NET Framework 4.x applications',
  category: 'Frameworks',
  severity: 'blocking',
  // network.endpoints is optional evidence (the process default the .NET view recorded), read with `has`.
  needs: ['dotnetTls', 'network.endpoints'],
  profiles: ['synergy'],
  rationale:
    'Clickker is a .NET Framework service and must reach its endpoints over TLS 1.2. A .NET 4.x application that does not '
    + 'opt in offers only what ServicePointManager defaults to (Windows PowerShell 5.1 shows "Ssl3, Tls"), unless '
    + 'SchUseStrongCrypto or SystemDefaultTlsVersions is set for both the 64-bit and the 32-bit framework. If SCHANNEL '
    + 'has the TLS 1.2 client switched off, nothing on the server can use it.',
  remediation: {
    text: 'Let .NET Framework 4.x use strong cryptography and the operating system TLS defaults (64-bit and 32-bit), then restart the service or server.',
    commands: [{ shell: 'powershell', script: STRONG_CRYPTO_FIX }],
  },
  evaluate({ fact, has }) {
    const t = fact(dotnetTlsFact);
    const evidence = {
      expected: 'SchUseStrongCrypto = 1 or SystemDefaultTlsVersions = 1 in both registry views; TLS 1.2 client not disabled',
      found: t,
      source: `${KEY64}, ${KEY32}, SCHANNEL\\Protocols\\TLS 1.2\\Client`,
    };
    // Enabled = 0 switches the protocol off; DisabledByDefault = 1 only takes it out of the operating system's default
    // set: an application that asks for TLS 1.2 explicitly still gets it, but one that leaves the choice to Windows
    // (SystemDefault, which a .NET 4.7 service such as Clickker has) does not (learn.microsoft.com: "TLS, DTLS, and
    // SSL protocol version settings", DisabledByDefault).
    if (t.Tls12ClientEnabled === 0 || t.Tls12ClientDisabledByDefault === 1) {
      const summary = t.Tls12ClientEnabled === 0
        ? 'TLS 1.2 is switched off for clients in SCHANNEL (Enabled = 0): no application on this server can use it'
        : 'TLS 1.2 is not in the SCHANNEL client defaults (DisabledByDefault = 1): only applications that ask for TLS 1.2 explicitly can use it; '
          + 'the Clickker service leaves the choice to Windows (SystemDefault, .NET 4.7) and would not offer it';
      return fail(summary, evidence, {
        text: 'Enable the TLS 1.2 client protocol in SCHANNEL and restart the server.',
        commands: [{
          shell: 'powershell',
          script: [
            "$k = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client'",
            'New-Item -Path $k -Force | Out-Null',
            "Set-ItemProperty -LiteralPath $k -Name 'Enabled' -Value 1 -Type DWord",
            "Set-ItemProperty -LiteralPath $k -Name 'DisabledByDefault' -Value 0 -Type DWord",
          ].join('\n'),
        }],
      });
    }
    const on64 = t.StrongCrypto64 === 1 || t.SystemDefaultTls64 === 1;
    const on32 = t.StrongCrypto32 === 1 || t.SystemDefaultTls32 === 1;
    if (on64 && on32) return pass('.NET Framework 4.x may use TLS 1.2 (64-bit and 32-bit)', evidence);
    const which = on64 ? 'the 32-bit framework' : on32 ? 'the 64-bit framework' : 'either framework';
    // What powershell.exe itself offered (the .NET view's process default, when the network probe ran) is the
    // diagnosis shown here; it never decides network.endpoints, which is judged as the 4.7 service makes requests.
    const offered = processDefault(has(networkFact) ? fact(networkFact) : undefined);
    const seen = offered ? `; on this server powershell.exe offered only ${offered}` : '';
    return warn(`Strong cryptography is not enabled for ${which}: a .NET 4.x application that does not target 4.7 or opt in may offer only SSL 3.0/TLS 1.0${seen}. `
      + 'The Clickker service targets .NET 4.7 and uses the operating system default (TLS 1.2) regardless', { ...evidence, processSecurityProtocol: offered ?? null });
  },
};
