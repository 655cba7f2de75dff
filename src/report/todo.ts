// The summary as a numbered to-do list: every blocker (fail, could-not-evaluate, not confirmed) with its one command,
// grouped where one cause blocks several checks (e.g. "PowerShell not available"), and which of them `clickker fix`
// can do automatically.
import type { Evaluation, HostReport } from '../core/evaluate.js';
import type { Check, Command, Result } from '../core/types.js';
import { automaticFixIds } from '../core/fix.js';

export type TodoKind = 'fail' | 'unknown' | 'unconfirmed' | 'warn';

export interface TodoItem {
  kind: TodoKind;
  host: string;
  /** The checks this item settles (several when one cause blocks them all). */
  results: Result[];
  /** What to do, in words. */
  text: string;
  /** The one command that does it, when there is one. */
  command?: Command;
  /** For an unknown shared by several checks: the shared reason. */
  reason?: string;
}

/**
 * The cause behind a could-not-evaluate reason, without the probe's name: eleven checks whose probes all failed
 * because PowerShell is not available share one cause, said once ("probe os failed (unavailable): X" -> "X").
 */
export function causeOf(reason: string): string {
  return reason.replace(/^probe \S+ failed \([^)]*\): /, '').replace(/^no '[^']+' facts were collected/, 'no facts were collected');
}

/** A fix text that named one probe, said of the whole group. */
function groupText(text: string): string {
  return text.replace(/the '[^']+' probe reported/g, 'the probes reported');
}

export const isUnconfirmed = (r: Result): boolean => r.category === 'Confirmations' && r.status === 'unknown';

/** Whether a result stands in the way of installing under this run's --fail-on. */
export function isBlocker(r: Result, failOn: readonly string[]): boolean {
  if (r.status === 'fail') return true;
  if (r.status === 'unknown') return r.severity === 'blocking' || failOn.includes('unknown');
  return r.status === 'warn' && failOn.includes('warning');
}

/** The first command that changes state; diagnostics ("to look") are never the to-do's command. */
export function fixCommand(r: Result): Command | undefined {
  return r.remediation?.commands?.find((c) => c.purpose !== 'look');
}

function itemFor(r: Result): TodoItem {
  if (isUnconfirmed(r)) {
    return { kind: 'unconfirmed', host: r.host, results: [r], text: typeof r.evidence.question === 'string' ? r.evidence.question : r.title,
      command: { shell: 'text', runAs: 'user', script: `clickker preflight --confirm ${r.id}` } };
  }
  const kind: TodoKind = r.status === 'fail' ? 'fail' : r.status === 'warn' ? 'warn' : 'unknown';
  return { kind, host: r.host, results: [r], text: r.remediation?.text ?? r.summary, command: fixCommand(r) };
}

const RANK: Record<TodoKind, number> = { fail: 0, unknown: 1, unconfirmed: 2, warn: 3 };

/** Blockers first (fail, unknown, unconfirmed), in check order within each kind; one item per shared cause. */
export function todoList(results: readonly Result[], failOn: readonly string[]): TodoItem[] {
  const items: TodoItem[] = [];
  const byCause = new Map<string, TodoItem>();
  for (const r of results) {
    if (!isBlocker(r, failOn)) continue;
    if (r.status === 'unknown' && !isUnconfirmed(r) && r.reason) {
      const key = `${r.host}\u0000${causeOf(r.reason)}\u0000${groupText(r.remediation?.text ?? '')}`;
      const same = byCause.get(key);
      if (same) { same.results.push(r); same.reason = causeOf(r.reason); same.text = groupText(same.text); continue; }
      const item = itemFor(r);
      byCause.set(key, item);
      items.push(item);
      continue;
    }
    items.push(itemFor(r));
  }
  return items.sort((a, b) => RANK[a.kind] - RANK[b.kind]);
}

/** Warnings and non-blocking open items (e.g. an optional confirmation): shown after the blockers, so they are not lost. */
export function warningList(results: readonly Result[], failOn: readonly string[]): TodoItem[] {
  return results.filter((r) => (r.status === 'warn' || r.status === 'unknown') && !isBlocker(r, failOn)).map(itemFor);
}

/** The check ids `clickker fix` can fix by itself on this run's results. */
export function automaticFixes(results: readonly Result[], checks: readonly Check[]): string[] {
  return automaticFixIds(results, checks);
}

/** Causes shared by two or more unknown results of one host (keyed by causeOf): said once, with the affected checks. */
export function sharedReasons(results: readonly Result[]): Map<string, Result[]> {
  const by = new Map<string, Result[]>();
  for (const r of results) {
    if (r.status !== 'unknown' || isUnconfirmed(r) || !r.reason) continue;
    const cause = causeOf(r.reason);
    by.set(cause, [...(by.get(cause) ?? []), r]);
  }
  return new Map([...by].filter(([, rs]) => rs.length > 1));
}

/** The blocking checks a run with --only/--skip did not judge (left out, or skipped without a waiver). */
export function notChecked(e: Pick<Evaluation | HostReport, 'outcome'>): string[] {
  return e.outcome.notChecked;
}

/** A partial run: nothing judged failed or was unknown, but blocking checks were not judged (PARTIAL CHECK, exit 3). */
export function isPartial(e: Pick<Evaluation | HostReport, 'outcome'>): boolean {
  return e.outcome.verdict === 'incomplete' && e.outcome.notChecked.length > 0 && e.outcome.deciding.length === 0;
}
