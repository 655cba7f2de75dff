// What every report format shares: the run's metadata, ordering, and human words for statuses.
import type { Evaluation } from '../core/evaluate.js';
import type { Counts, VerdictWord } from '../core/outcome.js';
import type { Command, Result, Status } from '../core/types.js';
import { CATEGORY_ORDER } from '../core/types.js';

export interface ReportMeta {
  tool: { name: string; version: string };
  generatedAt: string;
}

export const VERDICT_WORDS: Record<VerdictWord, string> = { ready: 'READY', 'not-ready': 'NOT READY', incomplete: 'INCOMPLETE' };

export const STATUS_WORDS: Record<Status, [string, string]> = {
  fail: ['failed', 'failed'], warn: ['warning', 'warnings'], unknown: ['unknown', 'unknown'], waived: ['waived', 'waived'],
  pass: ['passed', 'passed'], 'not-applicable': ['not applicable', 'not applicable'], skipped: ['skipped', 'skipped'],
};

const COUNT_ORDER: Status[] = ['fail', 'warn', 'unknown', 'waived', 'pass', 'not-applicable', 'skipped'];

/** "2 failed, 1 warning, 14 passed": zero counts left out. */
export function countsLine(counts: Counts, sep = ', '): string {
  return COUNT_ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${STATUS_WORDS[s][counts[s] === 1 ? 0 : 1]}`).join(sep) || 'no checks';
}

export function byCategory(results: readonly Result[]): [string, Result[]][] {
  const groups = new Map<string, Result[]>();
  for (const cat of CATEGORY_ORDER) groups.set(cat, []);
  for (const r of results) groups.get(r.category)?.push(r);
  return [...groups.entries()].filter(([, rs]) => rs.length > 0);
}

/** Results that need the reader's attention, worst first. */
export function findings(results: readonly Result[]): Result[] {
  const rank: Partial<Record<Status, number>> = { fail: 0, unknown: 1, warn: 2, waived: 3 };
  return results.filter((r) => rank[r.status] !== undefined).sort((a, b) => rank[a.status]! - rank[b.status]!);
}

export function commandLabel(c: Command): string {
  return c.shell === 'powershell' ? 'PowerShell (elevated)' : c.shell === 'tsql' ? 'T-SQL (SSMS or sqlcmd, as sysadmin)' : 'Steps';
}

/** Short, single-line rendering of an evidence value for console and tables. */
export function compact(value: unknown, max = 160): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function hostsLine(e: Evaluation): string {
  return e.hosts.map((h) => h.host).join(', ');
}
