// What every report format shares: the run's metadata, ordering, and human words for statuses and commands.
import type { Evaluation } from '../core/evaluate.js';
import type { Counts, VerdictWord } from '../core/outcome.js';
import type { Command, Result, Status } from '../core/types.js';
import { CATEGORY_ORDER } from '../core/types.js';
import { t, type Lang, type MessageId } from './i18n/catalogue.js';
import { isUnconfirmed } from './todo.js';

export interface ReportMeta {
  tool: { name: string; version: string };
  generatedAt: string;
  /** Wall-clock time of the whole run (facts, questions, judging), when the CLI measured it. */
  elapsedMs?: number;
  /** Report language for console, Markdown and HTML (ids, JSON keys and JUnit stay English). */
  lang?: Lang;
  /** Where the run saved its report, printed at the end. */
  savedTo?: string[];
}

export const VERDICT_WORDS: Record<VerdictWord, string> = { ready: 'READY', 'not-ready': 'NOT READY', incomplete: 'INCOMPLETE' };

export function verdictWord(v: VerdictWord, lang: Lang = 'en'): string {
  return words(lang)[v];
}

/**
 * The words a fleet's host list says for every host (its verdict and its tally), looked up once per language: t()
 * fills a template by regular expression, and a 1,000-host fleet asked for the same nine words 1,000 times (issue 17).
 */
function words(lang: Lang) {
  let known = wordsByLang.get(lang);
  if (!known) {
    known = {
      ready: t(lang, 'verdict.ready'), 'not-ready': t(lang, 'verdict.not-ready'), incomplete: t(lang, 'verdict.incomplete'),
      fail: t(lang, 'status.fail'), warnOne: t(lang, 'status.warn.one'), warnMany: t(lang, 'status.warn.many'), unknown: t(lang, 'status.unknown'),
      unconfirmed: t(lang, 'status.unconfirmed'), waived: t(lang, 'status.waived'), pass: t(lang, 'status.pass'),
      notApplicable: t(lang, 'status.not-applicable'), skipped: t(lang, 'status.skipped'), none: t(lang, 'status.none'),
    };
    wordsByLang.set(lang, known);
  }
  return known;
}
const wordsByLang = new Map<Lang, Record<VerdictWord | 'fail' | 'warnOne' | 'warnMany' | 'unknown' | 'unconfirmed' | 'waived' | 'pass' | 'notApplicable' | 'skipped' | 'none', string>>();

export const STATUS_WORDS: Record<Status, [string, string]> = {
  fail: ['failed', 'failed'], warn: ['warning', 'warnings'], unknown: ['unknown', 'unknown'], waived: ['waived', 'waived'],
  pass: ['passed', 'passed'], 'not-applicable': ['not applicable', 'not applicable'], skipped: ['skipped', 'skipped'],
};

const COUNT_ORDER: Status[] = ['fail', 'warn', 'unknown', 'waived', 'pass', 'not-applicable', 'skipped'];

/** "2 failed, 1 warning, 14 passed": zero counts left out. */
export function countsLine(counts: Counts, sep = ', '): string {
  return COUNT_ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${STATUS_WORDS[s][counts[s] === 1 ? 0 : 1]}`).join(sep) || 'no checks';
}

/** A run's counts with the unanswered confirmations counted apart ("not confirmed"; `unknown` still includes them). */
export type Tally = Counts & { unconfirmed: number };

export function tallyOf(results: readonly Result[]): Tally {
  const tally: Tally = { pass: 0, warn: 0, fail: 0, unknown: 0, 'not-applicable': 0, skipped: 0, waived: 0, unconfirmed: 0 };
  for (const r of results) {
    tally[r.status] += 1;
    if (isUnconfirmed(r)) tally.unconfirmed += 1;
  }
  return tally;
}

/** Like countsLine, but unanswered confirmations are counted as "not confirmed", not as "unknown", in the report language. */
export function tallyLine(results: readonly Result[], lang: Lang = 'en', sep = ', '): string {
  return tallyText(tallyOf(results), lang, sep);
}

/** tallyLine from the counts alone: a fleet judged as a stream keeps counts, never every result (issue 17). */
export function tallyText(k: Tally, lang: Lang = 'en', sep = ', '): string {
  const w = words(lang);
  // Written part by part, without the arrays a fleet's every host made for it (issue 17).
  let text = '';
  const part = (n: number, word: string): void => {
    if (n > 0) text += `${text === '' ? '' : sep}${n} ${word}`;
  };
  part(k.fail, w.fail);
  part(k.warn, k.warn === 1 ? w.warnOne : w.warnMany);
  part(k.unknown - k.unconfirmed, w.unknown);
  part(k.unconfirmed, w.unconfirmed);
  part(k.waived, w.waived);
  part(k.pass, w.pass);
  part(k['not-applicable'], w.notApplicable);
  part(k.skipped, w.skipped);
  return text || w.none;
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

/** Who runs a command, labelled truthfully per command; diagnostics say "to look (after the fix)". */
export function commandLabel(c: Command, lang: Lang = 'en'): string {
  const runAs = c.runAs ?? (c.shell === 'tsql' ? 'sql-sysadmin' : 'administrator');
  const how = c.shell === 'text' ? t(lang, 'run.text') : t(lang, `run.${c.shell}.${runAs}` as MessageId);
  return c.purpose === 'look' ? t(lang, 'run.look', { how }) : how;
}

/** Fix commands first, diagnostics after (issue 16: "to look" comes after the fix). */
export function orderedCommands(commands: readonly Command[] | undefined): Command[] {
  const list = [...(commands ?? [])];
  return [...list.filter((c) => c.purpose !== 'look'), ...list.filter((c) => c.purpose === 'look')];
}

/** Short, single-line rendering of an evidence value for console and tables. */
export function compact(value: unknown, max = 160): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function hostsLine(e: Evaluation): string {
  return e.hosts.map((h) => h.host).join(', ');
}

/** The documentation link of a finding: the requirements' docsBaseUrl (default docs/checks.md) plus the check's anchor. */
export function docsLink(r: Result, docsBaseUrl: string | undefined): string {
  // A result's docs is its check's anchor (docsAnchor): the link is made once per check and base, not per result
  // (issue 17), and the same string each time is cheap for the report writer's memo to look up.
  if (!r.docs.includes('#')) return `${baseOf(docsBaseUrl)}#${r.id.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
  if (docsBaseUrl !== linksBase) {
    links.clear();
    linksBase = docsBaseUrl;
  }
  let link = links.get(r.docs);
  if (link === undefined) {
    link = `${baseOf(docsBaseUrl)}${r.docs.slice(r.docs.indexOf('#'))}`;
    if (links.size < LINKS_MAX) links.set(r.docs, link);
  }
  return link;
}
const baseOf = (docsBaseUrl: string | undefined): string => (docsBaseUrl ?? 'docs/checks.md').replace(/#.*$/, '');
/** The links made under linksBase, by the result's docs; at most LINKS_MAX (a run has one per check). */
const links = new Map<string, string>();
let linksBase: string | undefined;
const LINKS_MAX = 1024;

/** Seconds with one decimal, in the language's notation (Dutch writes a decimal comma): reports and progress lines. */
export function seconds(ms: number, lang: Lang): string {
  const text = (ms / 1000).toFixed(1);
  return lang === 'nl' ? text.replace('.', ',') : text;
}

/** "0.4 s", "2 min 05 s"; Dutch "0,4 s" (seconds()). */
export function duration(ms: number, lang: Lang = 'en'): string {
  if (ms < 60_000) return `${seconds(ms, lang)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
