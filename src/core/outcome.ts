// From results to one go/no-go: counts, the verdict word and the exit code.
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Check, Profile, Result, Status } from './types.js';
import type { FailOn } from './vocabulary.js';

export type { FailOn } from './vocabulary.js';

export type VerdictWord = 'ready' | 'not-ready' | 'incomplete';

export type Counts = Record<Status, number>;

export function countStatuses(results: readonly Result[]): Counts {
  const counts: Counts = { pass: 0, warn: 0, fail: 0, unknown: 0, 'not-applicable': 0, skipped: 0, waived: 0 };
  for (const r of results) counts[r.status] += 1;
  return counts;
}

export interface Outcome {
  verdict: VerdictWord;
  exitCode: ExitCode;
  counts: Counts;
  /** The results that decide a not-ready or incomplete verdict. */
  deciding: Result[];
  /**
   * Blocking checks this run did not judge (left out by --only, or --skip without a waiver): such a run is partial,
   * and a partial run is never ready (issue 16). Empty for a full run.
   */
  notChecked: string[];
}

/**
 * The go/no-go. `notChecked`: the blocking checks the run did not judge (unjudgedBlocking): with any, a run that
 * found nothing failing is incomplete (exit 3), never ready, because the unjudged checks could fail.
 */
export function decide(results: readonly Result[], failOn: readonly FailOn[] = [], notChecked: readonly string[] = []): Outcome {
  const counts = countStatuses(results);
  const partial = [...notChecked];
  const failing = results.filter((r) => r.status === 'fail'
    || (r.status === 'warn' && failOn.includes('warning'))
    || (r.status === 'unknown' && failOn.includes('unknown')));
  if (failing.length > 0) return { verdict: 'not-ready', exitCode: EXIT.NOT_READY, counts, deciding: failing, notChecked: partial };
  const incomplete = results.filter((r) => r.status === 'unknown' && r.severity === 'blocking');
  if (incomplete.length > 0 || partial.length > 0) return { verdict: 'incomplete', exitCode: EXIT.INCOMPLETE, counts, deciding: incomplete, notChecked: partial };
  return { verdict: 'ready', exitCode: EXIT.READY, counts, deciding: [], notChecked: partial };
}

/**
 * The blocking checks of `profile` that `results` do not judge: not selected (--only), or skipped (--skip) without
 * a valid waiver for that check. A skip covered by a waiver is an accepted risk, like a waived failure.
 */
export function unjudgedBlocking(checks: readonly Pick<Check, 'id' | 'severity' | 'profiles'>[], results: readonly Result[], profile: Profile): string[] {
  // A whole run (the runner gives one result per check, in check order) with nothing skipped judges every check: the
  // answer without a set of ids for every host of a fleet (issue 17).
  if (results.length === checks.length && results.every((r, i) => r.id === checks[i]!.id && r.status !== 'skipped')) return [];
  const judged = new Set(results.filter((r) => r.status !== 'skipped' || (r.waiver && !r.waiver.expired)).map((r) => r.id));
  return checks.filter((c) => c.severity === 'blocking' && c.profiles.includes(profile) && !judged.has(c.id)).map((c) => c.id);
}
