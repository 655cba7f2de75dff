import type { Fix } from '../src/core/fix.js';
import type { Check, CheckContext, Evidence, Result } from '../src/core/types.js';
import { FactUnavailable } from '../src/core/facts.js';
import { psQuote } from '../src/core/quote.js';
import { fail, listed, manual, pass, remedy, say, unknown, warn } from '../src/core/verdict.js';
import { synergyFact, type SynergyFacts } from '../src/facts/synergy.js';
import { iisSitesFact, type IisSite } from '../src/facts/iis-sites.js';

type SynergyApp = SynergyFacts['IisApplications'][number];

/** What the verdicts show and the fix reads: the applications serving the REST service, and every site's state. */
export type WebsiteEvidence = {
  expected: string; said: Evidence['said']; found: SynergyApp[]; sites: { Name: string; State: IisSite['State'] | null }[];
  iisRead?: boolean | null; iisError?: string | null; unexamined?: SynergyApp[];
};

/** Whether the iisSites probe failed because IIS is not there at all (not-found): a successful look at "no IIS". */
function iisAbsent(fact: CheckContext['fact']): boolean {
  try {
    fact(iisSitesFact);
    return false;
  } catch (err) {
    return err instanceof FactUnavailable && /\(not-found\)/.test(err.reason);
  }
}

// IIS reports a site's state by name (WebAdministration) or as the ObjectState number, 3 = Stopped (Microsoft.Web.Administration).
const isStopped = (state: unknown) => state === 'Stopped' || state === 3;

/** Starts the stopped sites that hold the Synergy application; a missing website is not something a fix can create. */
function fixWebsite(r: Result<WebsiteEvidence>): Fix | null {
  if (r.status === 'fail') {
    return manual(say(
      'the Exact Synergy website is not on this server: clickker belongs on the server that hosts it',
      'de Exact Synergy-website staat niet op deze server: clickker hoort op de server waarop die draait',
    ));
  }
  const sites = r.evidence.sites;
  const stopped = [...new Set(r.evidence.found.map((a) => a.Site))]
    .filter((s) => sites.some((x) => x.Name.toLowerCase() === s.toLowerCase() && isStopped(x.State)));
  if (stopped.length === 0) return null;
  return {
    id: 'synergy.start-website', checkId: r.id, title: `Start the Exact Synergy website ${stopped.join(', ')}`, automatic: true,
    needsElevation: true, reboot: 'never',
    whatIf: stopped.map((s) => `start IIS website '${s}'`),
    nl: { title: `Start de Exact Synergy-website ${stopped.join(', ')}`, whatIf: stopped.map((s) => `start IIS-website '${s}'`) },
    commands: [{ shell: 'powershell', script: stopped.map((s) => `Start-Website -Name ${psQuote(s)}`).join('\n') }],
    async apply(host) {
      for (const s of stopped) await host.iis.startWebsite(s);
      return { restartNeeded: false, message: `started ${stopped.join(', ')}` };
    },
  };
}

export const check: Check<WebsiteEvidence> = {
  id: 'synergy.website',
  title: 'Exact Synergy website on this server',
  category: 'Exact Synergy',
  severity: 'blocking',
  needs: ['synergy', 'iisSites'],
  profiles: ['synergy'],
  nl: {
    title: 'Exact Synergy-website op deze server',
    rationale:
      'Clickker moet worden geïnstalleerd op de server waarop de Exact Synergy-website draait. Die website wordt herkend aan een '
      + 'IIS-toepassing waarvan de map Services\\Exact.Entity.REST.svc bevat, de Synergy-REST-service waarmee Clickker praat.',
  },
  rationale:
    'Clickker must be installed on the server that hosts the Exact Synergy website. That website is recognised by an IIS '
    + 'application whose folder holds Services\\Exact.Entity.REST.svc, the Synergy REST service Clickker talks to.',
  remediation: remedy(say(
    'Run clickker on the server that hosts the Exact Synergy website (look in IIS Manager for the application serving Synergy).',
    'Voer clickker uit op de server waarop de Exact Synergy-website draait (zoek in IIS-beheer de toepassing die Synergy levert).',
  ), [{ shell: 'powershell', runAs: 'user', purpose: 'look', script: "Get-WebApplication | Where-Object { Test-Path (Join-Path $_.PhysicalPath 'Services\\Exact.Entity.REST.svc') }" }]),
  evaluate({ fact, has }) {
    const synergy = fact(synergyFact);
    const apps = synergy.IisApplications.filter((a) => a.HasEntityService);
    const broken = synergy.IisApplications.filter((a) => a.Error);
    const sites = has(iisSitesFact) ? fact(iisSitesFact) : [];
    const names = apps.map((a) => `${a.Site}${a.Path === '/' ? '' : a.Path}`);
    const evidence: WebsiteEvidence = {
      expected: 'an IIS application serving Services\\Exact.Entity.REST.svc',
      said: { expected: say('an IIS application serving Services\\Exact.Entity.REST.svc', 'een IIS-toepassing die Services\\Exact.Entity.REST.svc levert') },
      found: apps, sites: sites.map((s) => ({ Name: s.Name, State: s.State ?? null })),
      iisRead: synergy.IisRead ?? null, iisError: synergy.IisError ?? null, unexamined: broken,
    };
    if (apps.length === 0) {
      // Standing rule 2: "no website" needs a successful look at IIS.
      const fix = say(
        'Run clickker from an elevated prompt on the Synergy server, so that IIS\'s configuration can be read.',
        'Start clickker vanaf een verhoogde prompt op de Synergy-server, zodat de IIS-configuratie gelezen kan worden.',
      );
      if (synergy.IisRead === false) {
        return unknown(say(
          `IIS's configuration could not be read (${synergy.IisError ?? 'no reason given'})`,
          `de IIS-configuratie kon niet worden gelezen (${synergy.IisError ?? 'geen reden opgegeven'})`,
        ), fix, evidence);
      }
      if (synergy.IisRead === undefined && !has(iisSitesFact) && !iisAbsent(fact)) {
        return unknown(say(
          'this snapshot does not show that IIS could be read (the iisSites probe failed too)',
          'deze snapshot laat niet zien dat IIS gelezen kon worden (ook de meting iisSites mislukte)',
        ), fix, evidence);
      }
      if (broken.length > 0) {
        const which = listed(broken.map((a) => `${a.Site}${a.Path}`));
        const errors = broken.map((a) => a.Error).join('; ');
        return unknown(say(`${which.en} could not be examined (${errors})`, `${which.nl} kon niet worden onderzocht (${errors})`), say(
          'Fix or remove the IIS application whose folder no longer exists, then run the preflight again.',
          'Herstel of verwijder de IIS-toepassing waarvan de map niet meer bestaat en start daarna de controle opnieuw.',
        ), evidence);
      }
      return fail(say(
        `No IIS application serves Exact.Entity.REST.svc (${sites.length} IIS site${sites.length === 1 ? '' : 's'} examined)`,
        `Geen IIS-toepassing levert Exact.Entity.REST.svc (${sites.length} IIS-site${sites.length === 1 ? '' : 's'} onderzocht)`,
      ), evidence);
    }
    const stopped = apps.filter((a) => {
      const site = sites.find((s) => s.Name.toLowerCase() === a.Site.toLowerCase());
      return site !== undefined && isStopped(site.State);
    });
    if (stopped.length > 0) {
      const found = listed(names);
      const off = listed([...new Set(stopped.map((a) => a.Site))]);
      return warn(say(
        `Exact Synergy website found (${found.en}), but site ${off.en} is stopped`,
        `Exact Synergy-website gevonden (${found.nl}), maar site ${off.nl} is gestopt`,
      ), evidence, remedy(
        say('Start the website in IIS Manager, or:', 'Start de website in IIS-beheer, of:'),
        [...new Set(stopped.map((a) => a.Site))].map((site) => ({ shell: 'powershell' as const, script: `Start-Website -Name ${psQuote(site)}` })),
      ));
    }
    const found = listed(names);
    return pass(say(`Exact Synergy website: ${found.en}`, `Exact Synergy-website: ${found.nl}`), evidence);
  },
  fix: fixWebsite,
};
