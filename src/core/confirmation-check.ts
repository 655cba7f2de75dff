// Manual confirmations (a signed form, a licence module, remote access) are checks built from the requirements data,
// so a new one is an edit to the JSON file, in English and (under "nl") Dutch. They stay `unknown` until confirmed:
// never a silent pass.
import type { Confirmation } from './requirements-schema.js';
import type { Check, Verdict } from './types.js';
import { remedy, say } from './verdict.js';

const EXPECTED = 'confirmed by a person';
// The evidence's words in both languages (a Msg is never changed once made, so every result may share these).
const SAID_EXPECTED = say(EXPECTED, 'bevestigd door een persoon');
const SAID_CONFIRMED = say('confirmed', 'bevestigd');
const SAID_NOT_CONFIRMED = say('not confirmed', 'niet bevestigd');

export function confirmationCheck(c: Confirmation): Check {
  // A custom requirements file without Dutch shows its own English words in both languages.
  const nl = c.nl ?? { title: c.title, question: c.question, rationale: c.rationale, remediation: c.remediation };
  const remediation = remedy(say(
    `${c.remediation} Then confirm it: clickker preflight --confirm ${c.id}`,
    `${nl.remediation} Bevestig het daarna: clickker preflight --confirm ${c.id}`,
  ));
  const confirmed = say(`Confirmed: ${c.title}`, `Bevestigd: ${nl.title}`);
  const needed = say(`needs confirmation: ${c.question}`, `bevestiging nodig: ${nl.question}`);
  const notConfirmed = say(`Not confirmed: ${c.question}`, `Niet bevestigd: ${nl.question}`);
  // The evidence keeps the English question (JSON); the Dutch report shows `nl.question` (src/report/i18n/localize.ts).
  const confirmedVerdict: Verdict = {
    status: 'pass', summary: confirmed.en,
    evidence: { expected: EXPECTED, question: c.question, found: 'confirmed', said: { expected: SAID_EXPECTED, found: SAID_CONFIRMED } },
    nl: { summary: confirmed.nl, question: nl.question },
  };
  // The summary says it once: "Not confirmed: <question>" (the reason keeps the question for JSON readers).
  const openVerdict: Verdict = {
    status: 'unknown', summary: notConfirmed.en, reason: needed.en, remediation,
    evidence: { expected: EXPECTED, question: c.question, found: 'not confirmed', said: { expected: SAID_EXPECTED, found: SAID_NOT_CONFIRMED } },
    nl: { summary: notConfirmed.nl, reason: needed.nl, question: nl.question },
  };
  return {
    id: c.id,
    title: c.title,
    category: 'Confirmations',
    severity: c.severity,
    needs: [],
    profiles: c.profiles,
    nl: {
      title: nl.title,
      rationale: `${nl.rationale} Niets op de server kan dit laten zien, dus een persoon bevestigt het: --confirm ${c.id}, een lijst "confirm" in het configuratiebestand, of de vraag op het scherm.`,
    },
    rationale: `${c.rationale} Nothing on the server can show this, so a person confirms it: --confirm ${c.id}, a "confirm" list in the config file, or the interactive question.`,
    remediation,
    // Every text depends on the confirmation alone, and so does each of its two verdicts: built once per run, not once
    // per host (issue 17). A verdict is read, never changed, once made (the runner builds each result from it).
    evaluate({ options }) {
      return options.confirmations.has(c.id) || options.confirmations.has('all') ? confirmedVerdict : openVerdict;
    },
  };
}
