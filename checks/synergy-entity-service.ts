import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { fail, pass, remedy, say, unknown, warn } from '../src/core/verdict.js';
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
  fix: manualWhenFailed(say(
    "the entity service's answer comes from Exact Synergy: fix what it reports, as the step above says",
    'het antwoord van de entityservice komt van Exact Synergy: los op wat die meldt, zoals de stap hierboven zegt',
  )),
  dependsOn: [{ check: 'synergy.website' }],
  nl: {
    title: 'Exact Synergy-entityservice beantwoordt een geverifieerd verzoek',
    rationale:
      'Clickker praat met Exact Synergy via Services/Exact.Entity.REST.svc met Windows-verificatie (NTLM), zoals de REST-clients '
      + 'van Exact. Eén geverifieerde GET van $metadata laat zien dat de website en de entityservice werken; een antwoord '
      + '"Failed to login to Globe" is het BACO-symptoom dat de leverancier noemt. Het oordeel zegt welk account het verzoek deed: '
      + 'een geslaagde controle vereist het serviceaccount zelf (voer het verzamelen uit als dat account).',
  },
  rationale:
    'Clickker talks to Exact Synergy through Services/Exact.Entity.REST.svc with Windows authentication (NTLM), like '
    + "Exact's REST clients. One authenticated GET of its $metadata shows the website and the entity service work; a "
    + 'body "Failed to login to Globe" is the BACO symptom the vendor names. The verdict says which account made the '
    + 'request: a pass needs the service account itself (run the collector as it).',
  remediation: remedy(say(
    'Open the URL in a browser on the server as the service account, and fix what Exact reports (IIS, the BACO login, the Synergy user).',
    'Open de URL in een browser op de server als het serviceaccount en los op wat Exact meldt (IIS, de aanmelding BACO, de Synergy-gebruiker).',
  )),
  evaluate({ fact, options }) {
    const e = fact(synergyFact).EntityService;
    if (e === undefined) {
      return unknown(say('this snapshot was collected before clickker requested the entity service', 'deze snapshot is verzameld voordat clickker de entityservice aanvroeg'), say(
        'Collect the facts again with this version of clickker, elevated, on the Synergy server.',
        'Verzamel de gegevens opnieuw met deze versie van clickker, verhoogd, op de Synergy-server.',
      ));
    }
    if (e === null) {
      return unknown(say('no IIS application serving the entity service was found to request', 'er is geen IIS-toepassing met de entityservice gevonden om aan te vragen'),
        say('See synergy.website.', 'Zie synergy.website.'));
    }
    const whoIs = e.Account ? say(e.Account, e.Account) : say('an unknown account', 'een onbekend account');
    const who = whoIs.en;
    const evidence = {
      expected: `HTTP 200 for ${e.Url ?? 'the entity service'} as the service account`,
      said: { expected: say(`HTTP 200 for ${e.Url ?? 'the entity service'} as the service account`, `HTTP 200 voor ${e.Url ?? 'de entityservice'} als het serviceaccount`) },
      found: e, account: who, serviceAccount: options.serviceAccount ?? null };
    if (e.GlobeLoginFailed) {
      return fail(say(
        `The entity service answered "Failed to login to Globe" (as ${who}): Synergy cannot log in to the Globe back office, the BACO symptom (see sql.baco-login)`,
        `De entityservice antwoordde "Failed to login to Globe" (als ${whoIs.nl}): Synergy kan zich niet aanmelden bij de Globe-backoffice, het BACO-symptoom (zie sql.baco-login)`,
      ), evidence, remedy(say(
        'Repair the BACO login as the Clickker article "Error message: Failed to login to Globe" describes, then run the preflight again.',
        'Herstel de aanmelding BACO zoals het Clickker-artikel "Error message: Failed to login to Globe" beschrijft en start daarna de controle opnieuw.',
      )));
    }
    if (e.Status === null || e.Status === undefined) {
      return unknown(say(
        `the request to ${e.Url ?? 'the entity service'} got no answer (${e.Error ?? 'no error recorded'})`,
        `het verzoek aan ${e.Url ?? 'de entityservice'} kreeg geen antwoord (${e.Error ?? 'geen fout vastgelegd'})`,
      ), say('Check that the Synergy website is started and answers on this server.', 'Controleer of de Synergy-website is gestart en op deze server antwoordt.'), evidence);
    }
    if (e.Status === 401 || e.Status === 403) {
      return warn(say(
        `The entity service refused ${who} (HTTP ${e.Status}): that account may not be an Exact Synergy user; the service account was not tried`,
        `De entityservice weigerde ${whoIs.nl} (HTTP ${e.Status}): dat account is misschien geen Exact Synergy-gebruiker; het serviceaccount is niet geprobeerd`,
      ), evidence);
    }
    if (e.Status !== 200) {
      return fail(say(`The entity service answered HTTP ${e.Status} to ${who} at ${e.Url ?? '?'}`, `De entityservice antwoordde HTTP ${e.Status} aan ${whoIs.nl} op ${e.Url ?? '?'}`), evidence);
    }
    // Standing rule 3: a pass needs the service account itself, and says which account decided.
    const stated = options.serviceAccount?.trim();
    if (stated && e.Account && same(stated, e.Account)) {
      return pass(say(`The entity service answered HTTP 200 to the service account ${e.Account}`, `De entityservice antwoordde HTTP 200 aan het serviceaccount ${e.Account}`), evidence);
    }
    return warn(say(
      `The entity service answered HTTP 200 to ${who}, the account clickker ran as; the service account${stated ? ` ${stated}` : ''} was not tried (clickker has no password for it in a preflight): run the collector as the service account to prove it`,
      `De entityservice antwoordde HTTP 200 aan ${whoIs.nl}, het account waaronder clickker draaide; het serviceaccount${stated ? ` ${stated}` : ''} is niet geprobeerd (clickker heeft er bij een controle geen wachtwoord voor): voer het verzamelen uit als het serviceaccount om het te bewijzen`,
    ), evidence);
  },
};
