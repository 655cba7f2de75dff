// All checks for a requirements file: the check modules the caller hands in, plus the confirmations its data declares.
// core imports no check: the CLI (through checks/index.ts) passes the modules, so core stays the bottom layer.
import { confirmationCheck } from './confirmation-check.js';
import type { Requirements } from './requirements-schema.js';
import type { Check } from './types.js';
import { CATEGORY_ORDER } from './types.js';

export function assembleChecks(modules: readonly Check[], requirements: Requirements): Check[] {
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

/** The docs anchor of a check: docs/checks.md#os-version */
export function docsAnchor(id: string): string {
  return `docs/checks.md#${id.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
}
