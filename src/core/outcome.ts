// From results to one go/no-go: counts, the verdict word and the exit code.
import { EXIT, type ExitCode } from './exit-codes.js';
import type { Result, Status } from './types.js';
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
}

export function decide(results: readonly Result[], failOn: readonly FailOn[] = []): Outcome {
  const counts = countStatuses(results);
  const failing = results.filter((r) => r.status === 'fail'
    || (r.status === 'warn' && failOn.includes('warning'))
    || (r.status === 'unknown' && failOn.includes('unknown')));
  if (failing.length > 0) return { verdict: 'not-ready', exitCode: EXIT.NOT_READY, counts, deciding: failing };
  const incomplete = results.filter((r) => r.status === 'unknown' && r.severity === 'blocking');
  if (incomplete.length > 0) return { verdict: 'incomplete', exitCode: EXIT.INCOMPLETE, counts, deciding: incomplete };
  return { verdict: 'ready', exitCode: EXIT.READY, counts, deciding: [] };
}
