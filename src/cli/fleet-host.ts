// One host of a fleet judged on its own (issue 17): the snapshot file is read, judged and rendered, and only what the
// summary needs comes back: its counts and verdict, the ids that decide it, the open confirmations, and its results
// already as report text. Runs in the main thread or in a worker thread (src/cli/fleet-worker.ts).
import type { FailOn, Outcome } from '../core/outcome.js';
import { decide, unjudgedBlocking } from '../core/outcome.js';
import type { LoadedRequirements } from '../core/requirements.js';
import { runChecks, type Selection } from '../core/runner.js';
import { loadSnapshot } from '../facts/snapshot.js';
import { factsForAccount } from '../core/snapshot-account.js';
import type { Check, EvaluationOptions, Result } from '../core/types.js';
import type { Waiver } from '../core/waivers.js';
import { jsonResultText } from '../report/json.js';

/** What every host of the run is judged with; structured-cloneable, so a worker thread gets its own copy. */
export interface FleetJob {
  requirements: LoadedRequirements;
  options: EvaluationOptions;
  selection: Selection;
  waivers: readonly Waiver[];
  failOn: readonly FailOn[];
  now: Date;
  /** Render each host's results as JSON report text. */
  json: boolean;
}

/** A deciding result, reduced to what the console summary prints. */
export type DecidingRef = Pick<Result, 'id' | 'host' | 'status' | 'severity'>;

export interface HostSummary {
  host: string;
  file: string;
  collectedAt?: string;
  collector?: { name: string; version: string };
  verdict: Outcome['verdict'];
  exitCode: Outcome['exitCode'];
  counts: Outcome['counts'];
  deciding: DecidingRef[];
  /** Blocking checks not judged on this host (--only/--skip): the run is partial. */
  notChecked: string[];
  /** Manual confirmations still unknown on this host (asked once per id on a terminal). */
  confirmations: Result[];
  /** The results as report text, joined by ",\n" ('' for none); null unless the job renders JSON. */
  json: string | null;
}

/** A snapshot file that could not be judged: the one-line input error the whole run stops with. */
export interface HostFailure { error: { name: string; message: string; nl?: string } }

const ref = (r: Result): DecidingRef => ({ id: r.id, host: r.host, status: r.status, severity: r.severity });

export function judgeHostFile(file: string, job: FleetJob, checks: readonly Check[]): HostSummary | HostFailure {
  try {
    const { snapshot, facts: collected } = loadSnapshot(file);
    // Judged with another --service-account, the snapshot's account facts are not this account's (issue 15).
    const facts = factsForAccount(collected, job.options.serviceAccount);
    const results = runChecks({
      checks, facts, requirements: job.requirements.requirements, options: job.options, selection: job.selection, waivers: job.waivers, now: job.now,
    });
    const outcome = decide(results, job.failOn, unjudgedBlocking(checks, results, job.options.profile));
    return {
      host: facts.host, file, collectedAt: snapshot.collectedAt, collector: snapshot.collector,
      verdict: outcome.verdict, exitCode: outcome.exitCode, counts: outcome.counts, deciding: outcome.deciding.map(ref), notChecked: outcome.notChecked,
      confirmations: results.filter((r) => r.category === 'Confirmations' && r.status === 'unknown'),
      json: job.json ? results.map((r) => jsonResultText(r, job.requirements.requirements.docsBaseUrl)).join(',\n') : null,
    };
  } catch (err) {
    // An InputError's Dutch goes along (a worker thread passes plain data), so the line is printed in the run's language.
    const e = err as Error & { nl?: string };
    return { error: { name: e.name ?? 'Error', message: e.message ?? String(err), ...(typeof e.nl === 'string' ? { nl: e.nl } : {}) } };
  }
}
