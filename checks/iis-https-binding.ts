import { manualWhenFailed } from '../src/core/fix.js';
import type { Check, Verdict } from '../src/core/types.js';
import { fail, listed, pass, remedy, say, unknown, warn, type Msg } from '../src/core/verdict.js';
import { synergyFact } from '../src/facts/synergy.js';
import { iisSitesFact, type IisBinding, type IisCertificate, type IisSite } from '../src/facts/iis-sites.js';

const SOON_DAYS = 30;
const DAY = 86_400_000;

/** SslFlags bit 2: the binding takes its certificate from the Centralized Certificate Store (no hash in the binding). */
const CENTRAL_CERT_STORE = 2;

/**
 * Why one HTTPS binding's certificate could not be judged, or null when it could: a Centralized Certificate Store
 * binding (the certificate is a file on the CCS share), or a chain build that threw (ChainValid null is not "valid").
 */
export function certificateUndecided(b: IisBinding): Msg | null {
  if (!b.Certificate && !b.CertificateHash && ((b.SslFlags ?? 0) & CENTRAL_CERT_STORE) !== 0) {
    return say('the certificate comes from the Centralized Certificate Store and was not examined', 'het certificaat komt uit het centrale certificaatarchief (Centralized Certificate Store) en is niet onderzocht');
  }
  const c = b.Certificate;
  if (c && c.ChainValid === null) return say('the certificate chain could not be checked (building it failed)', 'de certificaatketen kon niet worden gecontroleerd (opbouwen mislukte)');
  return null;
}

/** What is wrong with one HTTPS binding's certificate, or null when it is fine. */
export function certificateProblem(b: IisBinding, now: Date): Msg | null {
  const c = b.Certificate;
  if (!c) {
    const store = b.CertificateStoreName ?? 'My';
    return b.CertificateHash
      ? say(`certificate ${b.CertificateHash} is not in the ${store} store`, `certificaat ${b.CertificateHash} staat niet in het archief ${store}`)
      : say('no certificate bound', 'geen certificaat gekoppeld');
  }
  if (c.ServerAuth === false) {
    return say('the certificate is not for server authentication (no Server Authentication EKU, 1.3.6.1.5.5.7.3.1)',
      'het certificaat is niet bedoeld voor serververificatie (geen EKU Serververificatie, 1.3.6.1.5.5.7.3.1)');
  }
  if (c.NotAfter && Date.parse(c.NotAfter) <= now.getTime()) return say(`certificate expired on ${c.NotAfter.slice(0, 10)}`, `certificaat verlopen op ${c.NotAfter.slice(0, 10)}`);
  if (c.NotBefore && Date.parse(c.NotBefore) > now.getTime()) return say(`certificate not valid before ${c.NotBefore.slice(0, 10)}`, `certificaat pas geldig vanaf ${c.NotBefore.slice(0, 10)}`);
  if (c.HasPrivateKey === false) return say('the certificate has no private key', 'het certificaat heeft geen persoonlijke sleutel');
  if (c.ChainValid === false) {
    return say(`the certificate chain is not trusted (issuer ${c.Issuer ?? 'unknown'}; self-signed or an unknown CA)`,
      `de certificaatketen wordt niet vertrouwd (uitgever ${c.Issuer ?? 'onbekend'}; zelfondertekend of een onbekende CA)`);
  }
  // IP:port:host, where the IP may be [IPv6] with colons of its own; a host name never has one.
  const host = b.BindingInformation.slice(b.BindingInformation.lastIndexOf(':') + 1);
  const h = host.toLowerCase();
  if (host && c.DnsNames && c.DnsNames.length > 0 && !c.DnsNames.some((n) => matchesHost(n, h))) {
    const names = listed(c.DnsNames);
    return say(`the certificate is for ${names.en}, not ${host}`, `het certificaat is voor ${names.nl}, niet voor ${host}`);
  }
  return null;
}

/** "no https binding; Default Web Site has http *:80:" (or "no bindings" at all), per site, in both languages. */
function bindingsSaid(sites: readonly IisSite[]): Msg {
  if (sites.length === 0) return say('no https binding (the Synergy website was not among the IIS sites read)', 'geen https-binding (de Synergy-website zat niet bij de gelezen IIS-sites)');
  const each = sites.map((s) => {
    const all = s.Bindings.map((b) => `${b.Protocol} ${b.BindingInformation}`).join(', ');
    return all ? say(`${s.Name} has ${all}`, `${s.Name} heeft ${all}`) : say(`${s.Name} has no bindings`, `${s.Name} heeft geen bindingen`);
  });
  return say(`no https binding; ${each.map((m) => m.en).join('; ')}`, `geen https-binding; ${each.map((m) => m.nl).join('; ')}`);
}

/** Whether a certificate name covers a host name given in lower case (a wildcard covers one label). */
function matchesHost(pattern: string, h: string): boolean {
  const p = pattern.toLowerCase();
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && dots(h) === dots(p);
  return p === h;
}

/** How many labels a name has, less one: counted, not split (a fleet calls this per name per host, issue 17). */
function dots(name: string): number {
  let n = 0;
  for (let i = name.indexOf('.'); i !== -1; i = name.indexOf('.', i + 1)) n++;
  return n;
}

/** A binding's protocol is https, in any case ("HTTPS" is the same binding type to IIS). */
function isHttps(protocol: string): boolean {
  return protocol === 'https' || (protocol.length === 5 && protocol.toLowerCase() === 'https');
}

/** One https binding as judged: its evidence, and the reasons in both languages for the summaries. */
interface Judged {
  site: string;
  binding: string;
  certificate: IisCertificate | null;
  problem: string | null;
  undecided: string | null;
  said: { problem: Msg | null; undecided: Msg | null };
}

const EXPECTED = 'an https binding with a valid, trusted, current certificate';
// The same words for every host: made once (a Msg is never changed once made, so every result may share it).
const SAID_EXPECTED = say(EXPECTED, 'een https-binding met een geldig, vertrouwd en actueel certificaat');

export const check: Check = {
  id: 'iis.https-binding',
  title: 'HTTPS binding with a valid certificate on the Synergy website',
  category: 'IIS',
  severity: 'blocking',
  needs: ['iisSites', 'synergy'],
  profiles: ['synergy'],
  // Only a person (or a download) can fix a failure: say who and what, never "not safe to automate" (issue 16).
  fix: manualWhenFailed(say(
    'a certificate from a trusted CA is requested and bound by the administrator of this website',
    'een certificaat van een vertrouwde CA wordt aangevraagd en gekoppeld door de beheerder van deze website',
  )),
  dependsOn: [{ check: 'synergy.website' }],
  nl: {
    title: 'HTTPS-binding met een geldig certificaat op de Synergy-website',
    rationale:
      'Als externe ontwikkelaars Clickker moeten bereiken, zijn beveiligde verbindingen vereist; SSL heeft de voorkeur en is voor '
      + 'sommige koppelingen verplicht. De Synergy-website heeft dan een HTTPS-binding nodig met een certificaat dat geldig, '
      + 'vertrouwd en actueel is en een persoonlijke sleutel heeft. Zonder --external-access is een ontbrekende of slechte binding een waarschuwing; ermee een fout.',
  },
  rationale:
    'When external developers must reach Clickker, secure connections are required, and SSL is preferred and mandatory for '
    + 'some links. The Synergy website then needs an HTTPS binding whose certificate is valid, trusted, current and has its '
    + 'private key. Without --external-access a missing or bad binding is a warning; with it, a failure.',
  remediation: remedy(say(
    'Bind a certificate from a trusted CA to the Synergy website over HTTPS (IIS Manager > Site > Bindings > Add > https).',
    'Koppel een certificaat van een vertrouwde CA via HTTPS aan de Synergy-website (IIS-beheer > Site > Bindingen > Toevoegen > https).',
  ), [{ shell: 'powershell', script: "New-WebBinding -Name 'Default Web Site' -Protocol https -Port 443\n# then: (Get-WebBinding -Name 'Default Web Site' -Protocol https).AddSslCertificate('<thumbprint>', 'My')" }]),
  evaluate({ fact, now, options }): Verdict {
    // One walk over the host's applications, sites and bindings (issue 17: chains of filter/map/flatMap and the
    // arrays between them were most of this check's time in a fleet).
    const synergySites = new Set<string>();
    const siteNames = new Set<string>();
    for (const a of fact(synergyFact).IisApplications) {
      if (a.HasEntityService && !synergySites.has(a.Site)) {
        synergySites.add(a.Site);
        siteNames.add(a.Site.toLowerCase());
      }
    }
    const sites: IisSite[] = [];
    for (const s of fact(iisSitesFact)) if (siteNames.has(s.Name.toLowerCase())) sites.push(s);
    const judged: Judged[] = [];
    const found: Omit<Judged, 'said'>[] = [];
    // Every binding of the Synergy website, https or not: what the site has when none of them is https.
    const bindings: { site: string; protocol: string; binding: string }[] = [];
    for (const s of sites) {
      const site = s.Name;
      for (const b of s.Bindings) {
        const binding = b.BindingInformation;
        bindings.push({ site, protocol: b.Protocol, binding });
        if (!isHttps(b.Protocol)) continue;
        const undecided = certificateUndecided(b);
        const problem = undecided ? null : certificateProblem(b, now);
        // The evidence (JSON) keeps the English; the summaries use both languages.
        const certificate = b.Certificate ?? null;
        const problemEn = problem?.en ?? null;
        const undecidedEn = undecided?.en ?? null;
        judged.push({ site, binding, certificate, problem: problemEn, undecided: undecidedEn, said: { problem, undecided } });
        found.push({ site, binding, certificate, problem: problemEn, undecided: undecidedEn });
      }
    }
    const evidence = {
      expected: EXPECTED,
      found, externalAccess: options.externalAccess,
      bindings,
      said: {
        expected: SAID_EXPECTED,
        // Without an https binding the list above is empty: say what the site has instead, as IIS Manager's Site
        // Bindings dialog lists it (type and "IP:port:host", the applicationHost.config bindingInformation).
        ...(judged.length === 0 ? { found: bindingsSaid(sites) } : {}),
      },
    };
    const bad = (summary: Msg): Verdict => options.externalAccess
      ? fail(say(`${summary.en} (external access is wanted)`, `${summary.nl} (externe toegang is gewenst)`), evidence)
      : warn(say(
        `${summary.en}; needed when external parties must reach Clickker (--external-access)`,
        `${summary.nl}; nodig wanneer externe partijen Clickker moeten bereiken (--external-access)`,
      ), evidence);
    const good = judged.filter((j) => j.problem === null && j.undecided === null);
    const open = judged.filter((j) => j.undecided !== null);
    const each = (items: typeof judged, key: 'problem' | 'undecided', lang: 'en' | 'nl') => items.map((j) => `${j.binding}: ${j.said[key]?.[lang]}`).join('; ');
    if (judged.length === 0) {
      const sites = listed([...synergySites]);
      return bad(say(`The Synergy website ${sites.en} has no HTTPS binding`, `De Synergy-website ${sites.nl} heeft geen HTTPS-binding`));
    }
    if (good.length === 0 && open.length > 0) {
      return unknown(say(each(open, 'undecided', 'en'), each(open, 'undecided', 'nl')), say(
        'Check the certificate in IIS Manager (Site > Bindings > https > View), or run the preflight elevated so that its chain can be built.',
        'Controleer het certificaat in IIS-beheer (Site > Bindingen > https > Weergeven), of voer de controle verhoogd uit zodat de keten kan worden opgebouwd.',
      ), evidence);
    }
    if (good.length === 0) return bad(say(`No usable HTTPS binding: ${each(judged, 'problem', 'en')}`, `Geen bruikbare HTTPS-binding: ${each(judged, 'problem', 'nl')}`));
    const soon = good.filter((j) => j.certificate?.NotAfter && Date.parse(j.certificate.NotAfter) - now.getTime() < SOON_DAYS * DAY);
    if (soon.length > 0) {
      const dates = soon.map((j) => j.certificate!.NotAfter!.slice(0, 10)).join(', ');
      return warn(say(`HTTPS certificate expires soon (${dates})`, `Het HTTPS-certificaat verloopt binnenkort (${dates})`), evidence, remedy(say(
        `Renew the certificate before it expires and bind the new one; less than ${SOON_DAYS} days remain.`,
        `Vernieuw het certificaat voordat het verloopt en koppel het nieuwe; er resten minder dan ${SOON_DAYS} dagen.`,
      )));
    }
    const on = listed(good.map((j) => `${j.site} (${j.binding})`));
    return pass(say(`HTTPS on ${on.en} with a valid certificate`, `HTTPS op ${on.nl} met een geldig certificaat`), evidence);
  },
};
