// All checks for a requirements file: the check modules the caller hands in, plus the confirmations its data declares.
// core imports no check: the CLI (through checks/index.ts) passes the modules, so core stays the bottom layer.
import { confirmationCheck } from './confirmation-check.js';
import { inputError } from './input-error.js';
import { msg } from '../report/i18n/catalogue.js';
import type { Requirements } from './requirements-schema.js';
import type { Check } from './types.js';
import { CATEGORY_ORDER } from './types.js';

export function assembleChecks(modules: readonly Check[], requirements: Requirements, source = 'requirements/synergy-api.json'): Check[] {
  // An override for a check that does not exist changes nothing: most likely a misspelt id, so it is refused.
  const known = new Set([...modules.map((c) => c.id), ...requirements.confirmations.map((c) => c.id)]);
  for (const id of Object.keys(requirements.checks)) {
    if (!known.has(id)) throw inputError(msg('in.what.requirements', { file: source }), 'in.requirements.unknown-check', { id: JSON.stringify(id.length > 60 ? `${id.slice(0, 59)}…` : id) });
  }
  const checks = [...modules, ...requirements.confirmations.map(confirmationCheck)].map((c) => {
    const override = requirements.checks[c.id]?.severity;
    return override ? { ...c, severity: override } : c;
  });
  // Stable sort: category order first, module order within a category.
  return checks
    .map((c, i) => ({ c, i }))
    .sort((a, b) => CATEGORY_ORDER.indexOf(a.c.category) - CATEGORY_ORDER.indexOf(b.c.category) || a.i - b.i)
    .map((x) => x.c);
}

// Every result carries its check's anchor: computed once per check id, not once per result (issue 17, --cpu-prof).
const anchors = new Map<string, string>();

/** The docs anchor of a check: docs/checks.md#os-version */
export function docsAnchor(id: string): string {
  let anchor = anchors.get(id);
  if (anchor === undefined) anchors.set(id, anchor = `docs/checks.md#${id.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
  return anchor;
}
