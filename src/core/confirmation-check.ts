// Manual confirmations (a signed form, a licence module, remote access) are checks built from the requirements data,
// so a new one is an edit to the JSON file. They stay `unknown` until confirmed: never a silent pass.
import type { Confirmation } from './requirements-schema.js';
import type { Check } from './types.js';
import { pass, unknown } from './verdict.js';

export function confirmationCheck(c: Confirmation): Check {
  const remediation = { text: `${c.remediation} Then confirm it: clickker preflight --confirm ${c.id}` };
  return {
    id: c.id,
    title: c.title,
    category: 'Confirmations',
    severity: c.severity,
    needs: [],
    profiles: c.profiles,
    rationale: `${c.rationale} Nothing on the server can show this, so a person confirms it: --confirm ${c.id}, a "confirm" list in the config file, or the interactive question.`,
    remediation,
    evaluate({ options }) {
      const evidence = { expected: 'confirmed by a person', question: c.question };
      if (options.confirmations.has(c.id) || options.confirmations.has('all')) return pass(`Confirmed: ${c.title}`, { ...evidence, found: 'confirmed' });
      // The summary says it once: "Not confirmed: <question>" (the reason keeps the question for JSON readers).
      return { ...unknown(`needs confirmation: ${c.question}`, remediation.text, { ...evidence, found: 'not confirmed' }), summary: `Not confirmed: ${c.question}`, remediation };
    },
  };
}
