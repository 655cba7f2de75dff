// Small constructors that keep check modules short and their verdicts uniform. Every text is a Msg (English and
// Dutch side by side, src/core/text.ts): a verdict without its Dutch does not compile.
import type { Command, Evidence, ManualFix, Remediation, Verdict } from './types.js';
import { say, type Msg } from './text.js';
import type { Reboot } from './vocabulary.js';

export { say, listed, join, verbatim, type Msg } from './text.js';

// A pass, warn or fail always names its evidence (expected versus found): there is no verdict without it.
export const pass = <E extends Evidence>(summary: Msg, evidence: E): Verdict<E> =>
  ({ status: 'pass', summary: summary.en, evidence, nl: { summary: summary.nl } });
export const warn = <E extends Evidence>(summary: Msg, evidence: E, remediation?: Remediation): Verdict<E> =>
  ({ status: 'warn', summary: summary.en, evidence, remediation, nl: { summary: summary.nl } });
export const fail = <E extends Evidence>(summary: Msg, evidence: E, remediation?: Remediation): Verdict<E> =>
  ({ status: 'fail', summary: summary.en, evidence, remediation, nl: { summary: summary.nl } });

export const COULD_NOT_EVALUATE = say('Could not evaluate', 'Niet te beoordelen');

/** Could not evaluate: `reason` says why, `fix` says how to make the check decidable next time. */
export const unknown = <E extends Evidence = Evidence>(reason: Msg, fix: Msg, evidence?: Evidence, summary: Msg = COULD_NOT_EVALUATE): Verdict<E> => ({
  status: 'unknown', summary: `${summary.en}: ${reason.en}`, reason: reason.en, evidence, remediation: remedy(fix),
  nl: { summary: `${summary.nl}: ${reason.nl}`, reason: reason.nl },
});

/** A remediation: its prose in both languages and the exact commands (which stay as they are). */
export const remedy = (text: Msg, commands?: Command[]): Remediation => ({ text: text.en, nl: text.nl, ...(commands ? { commands } : {}) });

/** A fix that stays the administrator's, with why in both languages. */
export const manual = (why: Msg, reboot?: Reboot): ManualFix => ({ manual: why.en, nl: why.nl, ...(reboot ? { reboot } : {}) });

/** 'a', 'a and b', 'a, b and c' */
export function listing(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
