import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { fail, pass, unknown, warn } from '../src/core/verdict.js';
import { synergyFact } from '../src/facts/synergy.js';

/** Login names compare case-insensitively (Windows account names are). */
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export const check: Check = {
  id: 'synergy.entity-service',
  title: 'Exact Synergy entity service answers an authenticated request',
  category: 'Exact Synergy',
  // A warning: the request is made as the account clickker runs as, which is rarely the service account (no password
  // for it in a preflight). The BACO symptom it can reveal also fails sql.baco-login, which is blocking.
  severity: 'warning',
  needs: ['synergy'],
  profiles: ['synergy'],
  // Only a person (or a download) can fix a failure: say who and what, never "not safe to automate" (issue 16).
  fix: manualWhenFailed("the entity service's answer comes from Exact Synergy: fix what it reports, as the step above says"),
  dependsOn: [{ check: 'synergy.website' }],
  rationale:
    'Clickker talks to Exact Synergy through Services/Exact.Entity.REST.svc with Windows authentication (NTLM), like '
    + "Exact's REST clients. One authenticated GET of its $metadata shows the website and the entity service work; a "
    + 'body "Failed to login to Globe" is the BACO symptom the vendor names. The verdict says which account made the '
    + 'request: a pass needs the service account itself (run the collector as it).',
  remediation: {
    text: 'Open the URL in a browser on the server as the service account, and fix what Exact reports (IIS, the BACO login, the Synergy user).',
  },
  evaluate({ fact, options }) {
    const e = fact(synergyFact).EntityService;
    if (e === undefined) {
      return unknown('this snapshot was collected before clickker requested the entity service', 'Collect the facts again with this version of clickker, elevated, on the Synergy server.');
    }
    if (e === null) return unknown('no IIS application serving the entity service was found to request', 'See synergy.website.');
    const who = e.Account ?? 'an unknown account';
    const evidence = { expected: `HTTP 200 for ${e.Url ?? 'the entity service'} as the service account`, found: e, account: who, serviceAccount: options.serviceAccount ?? null };
    if (e.GlobeLoginFailed) {
      return fail(`The entity service answered "Failed to login to Globe" (as ${who}): Synergy cannot log in to the Globe back office, the BACO symptom (see sql.baco-login)`, evidence, {
        text: 'Repair the BACO login as the Clickker article "Error message: Failed to login to Globe" describes, then run the preflight again.',
      });
    }
    if (e.Status === null || e.Status === undefined) return unknown(`the request to ${e.Url ?? 'the entity service'} got no answer (${e.Error ?? 'no error recorded'})`, 'Check that the Synergy website is started and answers on this server.', evidence);
    if (e.Status === 401 || e.Status === 403) {
      return warn(`The entity service refused ${who} (HTTP ${e.Status}): that account may not be an Exact Synergy user; the service account was not tried`, evidence);
    }
    if (e.Status !== 200) return fail(`The entity service answered HTTP ${e.Status} to ${who} at ${e.Url ?? '?'}`, evidence);
    // Standing rule 3: a pass needs the service account itself, and says which account decided.
    const stated = options.serviceAccount?.trim();
    if (stated && e.Account && same(stated, e.Account)) return pass(`The entity service answered HTTP 200 to the service account ${e.Account}`, evidence);
    return warn(`The entity service answered HTTP 200 to ${who}, the account clickker ran as; the service account${stated ? ` ${stated}` : ''} was not tried (clickker has no password for it in a preflight): run the collector as the service account to prove it`, evidence);
  },
};
