// One host of a fleet judged on its own (issue 17): the snapshot file is read, judged and rendered, its report text
// written to the judging thread's own spool (src/cli/fleet-spool.ts), and only what the summary needs comes back: its
// counts and verdict, its row of the console's host list, its to-do items, the open confirmations, and where its text
// lies. Runs in the main thread or in a worker thread (src/cli/fleet-worker.ts).
import type { FailOn, Outcome } from '../core/outcome.js';
import { decide, unjudgedBlocking } from '../core/outcome.js';
import type { LoadedRequirements } from '../core/requirements.js';
import { runChecks, type Selection } from '../core/runner.js';
import { loadSnapshot } from '../facts/snapshot.js';
import { factsForAccount } from '../core/snapshot-account.js';
import type { HostReport } from '../core/evaluate.js';
import type { Check, EvaluationOptions, Result } from '../core/types.js';
import type { Waiver } from '../core/waivers.js';
import { tallyOf, tallyText, type Tally } from '../report/common.js';
import { hostListRow, hostVerdict } from '../report/console.js';
import { escapeControls } from '../report/controls.js';
import { hostTodo, type TodoEntry } from '../report/fleet-todo.js';
import type { Lang } from '../report/i18n/catalogue.js';
import { jsonHostText, jsonResultsText } from '../report/json.js';
import { redactText } from '../report/redact.js';
import { automaticFixes } from '../report/todo.js';
import type { HostPlace, HostSpool } from './fleet-spool.js';

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
  /** The report language of the console's host list and to-do items. */
  lang: Lang;
}

export interface HostSummary {
  verdict: Outcome['verdict'];
  exitCode: Outcome['exitCode'];
  counts: Outcome['counts'];
  /** How many results decide this host's verdict. */
  deciding: number;
  /** Blocking checks not judged on this host (--only/--skip): the run is partial. */
  notChecked: string[];
  /** The counts with the unanswered confirmations apart. */
  tally: Tally;
  /** The host's line in the console's host list (host, verdict word, what stands in the way), as printed. */
  row: [string, string, string];
  /** The host's to-do items and its non-blocking ones, as the console prints them. */
  todo: TodoEntry[];
  warnings: TodoEntry[];
  /** Checks whose failure here `clickker fix` can fix by itself. */
  automatic: string[];
  /** Manual confirmations still unknown on this host (asked once per id on a terminal). */
  confirmations: Result[];
  /** Where the host's results and its hosts-array entry lie in the judging thread's spool; null unless the job renders JSON. */
  place: HostPlace | null;
}

/** A snapshot file that could not be judged: the one-line input error the whole run stops with. */
export interface HostFailure { error: { name: string; message: string; nl?: string } }

/** Judges one snapshot file; its JSON report text goes to `spool` (given when the job renders JSON) as thread `owner`'s. */
export function judgeHostFile(file: string, job: FleetJob, checks: readonly Check[], spool: HostSpool | null, owner: number): HostSummary | HostFailure {
  try {
    const { snapshot, facts: collected } = loadSnapshot(file);
    // Judged with another --service-account, the snapshot's account facts are not this account's (issue 15).
    const facts = factsForAccount(collected, job.options.serviceAccount);
    const results = runChecks({
      checks, facts, requirements: job.requirements.requirements, options: job.options, selection: job.selection, waivers: job.waivers, now: job.now,
    });
    const outcome = decide(results, job.failOn, unjudgedBlocking(checks, results, job.options.profile));
    const tally = tallyOf(results);
    const { todo, warnings } = hostTodo(results, job.failOn, job.lang);
    // As renderConsole shows a host: redacted, control characters escaped.
    const shownHost = escapeControls(redactText(facts.host));
    const deciding = outcome.deciding.map((r) => escapeControls(redactText(r.id)));
    let place: HostPlace | null = null;
    if (job.json && spool) {
      // The host's entry of the report's hosts array: its outcome without results (those are in "results").
      const entry: HostReport = {
        host: facts.host, file, collectedAt: snapshot.collectedAt, collector: snapshot.collector, results: [],
        outcome: { verdict: outcome.verdict, exitCode: outcome.exitCode, counts: outcome.counts, deciding: [], notChecked: outcome.notChecked },
      };
      place = spool.add(owner, jsonResultsText(results, job.requirements.requirements.docsBaseUrl), jsonHostText(entry));
    }
    return {
      verdict: outcome.verdict, exitCode: outcome.exitCode, counts: outcome.counts, deciding: outcome.deciding.length, notChecked: outcome.notChecked,
      tally, row: hostListRow(shownHost, hostVerdict({ outcome }, { lang: job.lang }), deciding, tallyText(tally, job.lang)),
      todo, warnings, automatic: automaticFixes(results, checks),
      confirmations: results.filter((r) => r.category === 'Confirmations' && r.status === 'unknown'),
      place,
    };
  } catch (err) {
    // An InputError's Dutch goes along (a worker thread passes plain data), so the line is printed in the run's language.
    const e = err as Error & { nl?: string };
    return { error: { name: e.name ?? 'Error', message: e.message ?? String(err), ...(typeof e.nl === 'string' ? { nl: e.nl } : {}) } };
  }
}
