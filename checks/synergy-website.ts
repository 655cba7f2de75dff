import type { Check } from '../src/core/types.js';
import { psQuote } from '../src/core/quote.js';
import { fail, listing, pass, warn } from '../src/core/verdict.js';
import { synergyFact } from '../src/facts/synergy.js';
import { iisSitesFact } from '../src/facts/iis-sites.js';

export const check: Check = {
  id: 'synergy.website',
  title: 'Exact Synergy website on this server',
  category: 'Exact Synergy',
  severity: 'blocking',
  needs: ['synergy', 'iisSites'],
  profiles: ['synergy'],
  rationale:
    'Clickker must be installed on the server that hosts the Exact Synergy website. That website is recognised by an IIS '
    + 'application whose folder holds Services\\Exact.Entity.REST.svc, the Synergy REST service Clickker talks to.',
  remediation: {
    text: 'Run clickker on the server that hosts the Exact Synergy website (look in IIS Manager for the application serving Synergy).',
    commands: [{ shell: 'powershell', runAs: 'user', purpose: 'look', script: "Get-WebApplication | Where-Object { Test-Path (Join-Path $_.PhysicalPath 'Services\\Exact.Entity.REST.svc') }" }],
  },
  evaluate({ fact, has }) {
    const apps = fact(synergyFact).IisApplications.filter((a) => a.HasEntityService);
    const sites = has(iisSitesFact) ? fact(iisSitesFact) : [];
    const names = apps.map((a) => `${a.Site}${a.Path === '/' ? '' : a.Path}`);
    const evidence = { expected: 'an IIS application serving Services\\Exact.Entity.REST.svc', found: apps, sites: sites.map((s) => ({ Name: s.Name, State: s.State ?? null })) };
    if (apps.length === 0) return fail(`No IIS application serves Exact.Entity.REST.svc (${sites.length} IIS site${sites.length === 1 ? '' : 's'} examined)`, evidence);
    const stopped = apps.filter((a) => {
      const site = sites.find((s) => s.Name.toLowerCase() === a.Site.toLowerCase());
      return site !== undefined && (site.State === 'Stopped' || site.State === 3);
    });
    if (stopped.length > 0) {
      return warn(`Exact Synergy website found (${listing(names)}), but site ${listing([...new Set(stopped.map((a) => a.Site))])} is stopped`, evidence, {
        text: 'Start the website in IIS Manager, or:',
        commands: [...new Set(stopped.map((a) => a.Site))].map((site) => ({ shell: 'powershell' as const, script: `Start-Website -Name ${psQuote(site)}` })),
      });
    }
    return pass(`Exact Synergy website: ${listing(names)}`, evidence);
  },
};
