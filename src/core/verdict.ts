// Small constructors that keep check modules short and their verdicts uniform.
import type { Evidence, Remediation, Verdict } from './types.js';

export const pass = (summary: string, evidence?: Evidence): Verdict => ({ status: 'pass', summary, evidence });
export const warn = (summary: string, evidence?: Evidence, remediation?: Remediation): Verdict =>
  ({ status: 'warn', summary, evidence, remediation });
export const fail = (summary: string, evidence?: Evidence, remediation?: Remediation): Verdict =>
  ({ status: 'fail', summary, evidence, remediation });
/** Could not evaluate: `reason` says why, `fix` says how to make the check decidable next time. */
export const unknown = (reason: string, fix: string, evidence?: Evidence, summary = 'Could not evaluate'): Verdict =>
  ({ status: 'unknown', summary: `${summary}: ${reason}`, reason, evidence, remediation: { text: fix } });

/** 'a', 'a and b', 'a, b and c' */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
