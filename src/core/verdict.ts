// Small constructors that keep check modules short and their verdicts uniform.
import type { Evidence, Remediation, Verdict } from './types.js';

// A pass, warn or fail always names its evidence (expected versus found): there is no verdict without it.
export const pass = <E extends Evidence>(summary: string, evidence: E): Verdict<E> => ({ status: 'pass', summary, evidence });
export const warn = <E extends Evidence>(summary: string, evidence: E, remediation?: Remediation): Verdict<E> =>
  ({ status: 'warn', summary, evidence, remediation });
export const fail = <E extends Evidence>(summary: string, evidence: E, remediation?: Remediation): Verdict<E> =>
  ({ status: 'fail', summary, evidence, remediation });
/** Could not evaluate: `reason` says why, `fix` says how to make the check decidable next time. */
export const unknown = <E extends Evidence = Evidence>(reason: string, fix: string, evidence?: Evidence, summary = 'Could not evaluate'): Verdict<E> =>
  ({ status: 'unknown', summary: `${summary}: ${reason}`, reason, evidence, remediation: { text: fix } });

/** 'a', 'a and b', 'a, b and c' */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
