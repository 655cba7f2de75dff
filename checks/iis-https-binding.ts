import { manualWhenFailed } from '../src/core/fix.js';
import type { Check, Verdict } from '../src/core/types.js';
import { fail, listing, pass, unknown, warn } from '../src/core/verdict.js';
import { synergyFact } from '../src/facts/synergy.js';
import { iisSitesFact, type IisBinding } from '../src/facts/iis-sites.js';

const SOON_DAYS = 30;
const DAY = 86_400_000;

/** SslFlags bit 2: the binding takes its certificate from the Centralized Certificate Store (no hash in the binding). */
const CENTRAL_CERT_STORE = 2;

/**
 * Why one HTTPS binding's certificate could not be judged, or null when it could: a Centralized Certificate Store
 * binding (the certificate is a file on the CCS share), or a chain build that threw (ChainValid null is not "valid").
 */
export function certificateUndecided(b: IisBinding): string | null {
  if (!b.Certificate && !b.CertificateHash && ((b.SslFlags ?? 0) & CENTRAL_CERT_STORE) !== 0) {
    return 'the certificate comes from the Centralized Certificate Store and was not examined';
  }
  const c = b.Certificate;
  if (c && c.ChainValid === null) return 'the certificate chain could not be checked (building it failed)';
  return null;
}

/** What is wrong with one HTTPS binding's certificate, or null when it is fine. */
export function certificateProblem(b: IisBinding, now: Date): string | null {
  const c = b.Certificate;
  if (!c) return b.CertificateHash ? `certificate ${b.CertificateHash} is not in the ${b.CertificateStoreName ?? 'My'} store` : 'no certificate bound';
  if (c.ServerAuth === false) return 'the certificate is not for server authentication (no Server Authentication EKU, 1.3.6.1.5.5.7.3.1)';
  if (c.NotAfter && Date.parse(c.NotAfter) <= now.getTime()) return `certificate expired on ${c.NotAfter.slice(0, 10)}`;
  if (c.NotBefore && Date.parse(c.NotBefore) > now.getTime()) return `certificate not valid before ${c.NotBefore.slice(0, 10)}`;
  if (c.HasPrivateKey === false) return 'the certificate has no private key';
  if (c.ChainValid === false) return `the certificate chain is not trusted (issuer ${c.Issuer ?? 'unknown'}; self-signed or an unknown CA)`;
  // IP:port:host, where the IP may be [IPv6] with colons of its own; a host name never has one.
  const host = b.BindingInformation.slice(b.BindingInformation.lastIndexOf(':') + 1);
  if (host && c.DnsNames && c.DnsNames.length > 0 && !c.DnsNames.some((n) => matchesHost(n, host))) {
    return `the certificate is for ${listing(c.DnsNames)}, not ${host}`;
  }
  return null;
}

function matchesHost(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.split('.').length === p.split('.').length;
  return p === h;
}

export const check: Check = {
  id: 'iis.https-binding',
  title: 'HTTPS binding with a valid certificate on the Synergy website',
  category: 'IIS',
  severity: 'blocking',
  needs: ['iisSites', 'synergy'],
  profiles: ['synergy'],
  // Only a person (or a download) can fix a failure: say who and what, never "not safe to automate" (issue 16).
  fix: manualWhenFailed('a certificate from a trusted CA is requested and bound by the administrator of this website'),
  dependsOn: [{ check: 'synergy.website' }],
  rationale:
    'When external developers must reach Clickker, secure connections are required, and SSL is preferred and mandatory for '
    + 'some links. The Synergy website then needs an HTTPS binding whose certificate is valid, trusted, current and has its '
    + 'private key. Without --external-access a missing or bad binding is a warning; with it, a failure.',
  remediation: {
    text: 'Bind a certificate from a trusted CA to the Synergy website over HTTPS (IIS Manager > Site > Bindings > Add > https).',
    commands: [{ shell: 'powershell', script: "New-WebBinding -Name 'Default Web Site' -Protocol https -Port 443\n# then: (Get-WebBinding -Name 'Default Web Site' -Protocol https).AddSslCertificate('<thumbprint>', 'My')" }],
  },
  evaluate({ fact, now, options }): Verdict {
    const synergySites = [...new Set(fact(synergyFact).IisApplications.filter((a) => a.HasEntityService).map((a) => a.Site))];
    const siteNames = new Set(synergySites.map((s) => s.toLowerCase()));
    const sites = fact(iisSitesFact).filter((s) => siteNames.has(s.Name.toLowerCase()));
    const https = sites.flatMap((s) => s.Bindings.filter((b) => b.Protocol.toLowerCase() === 'https').map((b) => ({ site: s.Name, b })));
    const judged = https.map(({ site, b }) => {
      const undecided = certificateUndecided(b);
      return { site, binding: b.BindingInformation, certificate: b.Certificate ?? null, problem: undecided ? null : certificateProblem(b, now), undecided };
    });
    const evidence = { expected: 'an https binding with a valid, trusted, current certificate', found: judged, externalAccess: options.externalAccess };
    const bad = (summary: string): Verdict => options.externalAccess
      ? fail(`${summary} (external access is wanted)`, evidence)
      : warn(`${summary}; needed when external parties must reach Clickker (--external-access)`, evidence);
    const good = judged.filter((j) => j.problem === null && j.undecided === null);
    const open = judged.filter((j) => j.undecided !== null);
    if (judged.length === 0) return bad(`The Synergy website ${listing(synergySites)} has no HTTPS binding`);
    if (good.length === 0 && open.length > 0) {
      return unknown(`${open.map((j) => `${j.binding}: ${j.undecided}`).join('; ')}`,
        'Check the certificate in IIS Manager (Site > Bindings > https > View), or run the preflight elevated so that its chain can be built.', evidence);
    }
    if (good.length === 0) return bad(`No usable HTTPS binding: ${judged.map((j) => `${j.binding}: ${j.problem}`).join('; ')}`);
    const soon = good.filter((j) => j.certificate?.NotAfter && Date.parse(j.certificate.NotAfter) - now.getTime() < SOON_DAYS * DAY);
    if (soon.length > 0) {
      return warn(`HTTPS certificate expires soon (${soon.map((j) => j.certificate!.NotAfter!.slice(0, 10)).join(', ')})`, evidence, {
        text: `Renew the certificate before it expires and bind the new one; less than ${SOON_DAYS} days remain.`,
      });
    }
    return pass(`HTTPS on ${listing(good.map((j) => `${j.site} (${j.binding})`))} with a valid certificate`, evidence);
  },
};
