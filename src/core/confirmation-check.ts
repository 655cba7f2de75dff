// Manual confirmations (a signed form, a licence module, remote access) are checks built from the requirements data,
// so a new one is an edit to the JSON file, in English and (under "nl") Dutch. They stay `unknown` until confirmed:
// never a silent pass.
import type { Confirmation } from './requirements-schema.js';
import type { Check } from './types.js';
import { pass, remedy, say, unknown } from './verdict.js';

export function confirmationCheck(c: Confirmation): Check {
  // A custom requirements file without Dutch shows its own English words in both languages.
  const nl = c.nl ?? { title: c.title, question: c.question, rationale: c.rationale, remediation: c.remediation };
  const remediation = remedy(say(
    `${c.remediation} Then confirm it: clickker preflight --confirm ${c.id}`,
    `${nl.remediation} Bevestig het daarna: clickker preflight --confirm ${c.id}`,
  ));
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
    evaluate({ options }) {
      // The evidence keeps the English question (JSON); the Dutch report shows `nl.question` (src/report/i18n/localize.ts).
      const evidence = { expected: 'confirmed by a person', question: c.question };
      const said = (found: 'confirmed' | 'not confirmed') => ({
        expected: say('confirmed by a person', 'bevestigd door een persoon'),
        found: found === 'confirmed' ? say('confirmed', 'bevestigd') : say('not confirmed', 'niet bevestigd'),
      });
      if (options.confirmations.has(c.id) || options.confirmations.has('all')) {
        const v = pass(say(`Confirmed: ${c.title}`, `Bevestigd: ${nl.title}`), { ...evidence, found: 'confirmed', said: said('confirmed') });
        return { ...v, nl: { ...v.nl, question: nl.question } };
      }
      // The summary says it once: "Not confirmed: <question>" (the reason keeps the question for JSON readers).
      const v = unknown(say(`needs confirmation: ${c.question}`, `bevestiging nodig: ${nl.question}`), say(remediation.text, remediation.nl), { ...evidence, found: 'not confirmed', said: said('not confirmed') });
      return { ...v, summary: `Not confirmed: ${c.question}`, nl: { ...v.nl, summary: `Niet bevestigd: ${nl.question}`, question: nl.question }, remediation };
    },
  };
}
