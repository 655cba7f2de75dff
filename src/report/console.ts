// The console report: the facts grouped by category, each finding with what is wrong, then one screen that says what
// to do: the verdict, a numbered to-do list of every blocker with its one command, and where the full report was saved.
// Each fix is printed once, in that list at the end (the last screen, what an administrator reads first); a finding
// points to its item ("fix: to-do list, item 1 (below)") and keeps only what is its own: the evidence, the commands
// "to look", the docs link. Built for an 80-column RDP console up to the real terminal width; never raw JSON, never a
// cut host name.
import type { Evaluation, HostReport } from '../core/evaluate.js';
import type { Outcome } from '../core/outcome.js';
import type { Result } from '../core/types.js';
import { byCategory, commandLabel, docsLink, duration, findings, orderedCommands, tallyLine, verdictWord, type ReportMeta } from './common.js';
import { endpointRows } from './endpoints.js';
import { t, type Lang, type MessageId } from './i18n/catalogue.js';
import { localize } from './i18n/localize.js';
import { sanitizeControls } from './controls.js';
import type { TodoEntry } from './fleet-todo.js';
import { redact } from './redact.js';
import { asciiPunctuation, symbol, wrap, type Style } from './style.js';
import { renderTable, visible, type Column } from './table.js';
import { automaticFixes, causeOf, isPartial, isUnconfirmed, notChecked, sharedReasons, todoList, warningList, type TodoItem } from './todo.js';
import { evidenceText, namedItems } from './values.js';

export interface ConsoleOptions {
  style: Style;
  verbose: boolean;
}

/** Where a finding's fix is said: its list (blockers, or "worth doing") and its number there. */
interface TodoRef { list: 'todo' | 'warnings'; n: number }

export interface Ctx {
  style: Style; verbose: boolean; lang: Lang; docsBase: string | undefined; ellipsis: string;
  /** Each finding's item in the lists at the end, by host and check id (a streamed fleet shows no findings: none). */
  refs?: Map<string, TodoRef>;
}

export function consoleCtx(opts: ConsoleOptions, lang: Lang, docsBase: string | undefined): Ctx {
  return { ...opts, lang, docsBase, ellipsis: opts.style.unicode ? '…' : '...' };
}

const refKey = (r: Pick<Result, 'host' | 'id'>) => `${r.host}\u0000${r.id}`;

/** The number of each result's item in the to-do list and in the "worth doing" list. */
function todoRefs(todo: readonly TodoItem[], warnings: readonly TodoItem[]): Map<string, TodoRef> {
  const refs = new Map<string, TodoRef>();
  todo.forEach((item, i) => item.results.forEach((r) => refs.set(refKey(r), { list: 'todo', n: i + 1 })));
  warnings.forEach((item, i) => item.results.forEach((r) => { if (!refs.has(refKey(r))) refs.set(refKey(r), { list: 'warnings', n: i + 1 }); }));
  return refs;
}

/** The whole report; `part` renders only the facts (before questions are asked) or only the summary. */
export function renderConsole(evaluation: Evaluation, meta: ReportMeta, opts: ConsoleOptions, part: 'all' | 'facts' | 'summary' = 'all'): string {
  const e = localize(sanitizeControls(redact(evaluation)), meta.lang ?? 'en');
  const lang = meta.lang ?? 'en';
  // The lists are made from all results, also when only the facts are shown (before the questions): the blockers
  // that are not confirmations come first (todo.ts ranks them), so their numbers are those of the final list.
  const x: Ctx = { ...consoleCtx(opts, lang, e.requirements.requirements.docsBaseUrl), refs: todoRefs(todoList(e.results, e.failOn), warningList(e.results, e.failOn)) };
  const out: string[] = [];
  if (part !== 'summary') {
    out.push(...header(e, e.hosts.length === 1 ? e.hosts[0]!.host : t(x.lang, 'meta.hosts', { n: e.hosts.length }), meta, x));
    if (e.hosts.length === 1) out.push(...hostSection(e.hosts[0]!, x, part === 'facts' ? (r) => r.category !== 'Confirmations' : undefined));
    else out.push(...fleetSection(e, x));
  } else if (e.hosts.length === 1) {
    // After the questions: the confirmations as answered, then the summary (the facts were shown before asking).
    out.push(...resultList(e.hosts[0]!.results.filter((r) => r.category === 'Confirmations'), x));
  }
  if (part !== 'facts') out.push('', ...summary(summaryOf(e, x), meta, x));
  const text = out.join('\n') + '\n';
  return opts.style.unicode ? text : asciiPunctuation(text);
}

/** The title lines; `who` is the host, or for a fleet its host count. */
export function header(e: Pick<Evaluation, 'requirements' | 'options' | 'selection'>, who: string, meta: ReportMeta, x: Ctx): string[] {
  const c = x.style.chalk;
  const dot = x.style.unicode ? ' · ' : ' | ';
  const req = e.requirements;
  const out = [
    c.bold(`${t(x.lang, 'title.preflight')}${dot}${who}${dot}${t(x.lang, 'meta.profile', { profile: e.options.profile })}`),
    c.gray(wrap(`${t(x.lang, 'meta.requirements', { version: req.requirements.version })} (${req.source}, sha256 ${req.sha256.slice(0, 12)})${dot}${meta.tool.name} ${meta.tool.version}`, x.style.width, 2, 0)),
  ];
  if (e.selection.skip?.length) out.push(c.gray(`${t(x.lang, 'status.skipped')}: ${e.selection.skip.join(', ')}`));
  return out;
}

function hostSection(h: HostReport, x: Ctx, only?: (r: Result) => boolean): string[] {
  const c = x.style.chalk;
  const out: string[] = [];
  const source = h.file ? t(x.lang, 'meta.snapshot', { file: h.file }) : t(x.lang, 'meta.live');
  const when = h.collectedAt ? `, ${t(x.lang, 'meta.collected', { when: h.collectedAt.replace('T', ' ').slice(0, 16) })}` : '';
  out.push(c.gray(wrap(`${source}${when}`, x.style.width, 2, 0)));
  out.push(...resultList(only ? h.results.filter(only) : h.results, x));
  return out;
}

/** The results by category; checks outside the profile become one line, a shared reason is said once. */
function resultList(results: readonly Result[], x: Ctx): string[] {
  const c = x.style.chalk;
  const out: string[] = [];
  // The runner's reason for a check outside the profile, in either language (results are localized before this).
  const foreign = results.filter((r) => r.status === 'not-applicable' && /^(profile|profiel) /.test(r.reason ?? ''));
  const shown = results.filter((r) => !foreign.includes(r));
  const shared = sharedReasons(shown);
  const firstOf = new Map<string, string>();
  const idWidth = Math.min(30, Math.max(10, ...shown.map((r) => r.id.length)));
  for (const [category, rs] of byCategory(shown)) {
    out.push('', c.bold(t(x.lang, `category.${category}` as MessageId)));
    for (const r of rs) {
      const cause = r.reason && !isUnconfirmed(r) ? causeOf(r.reason) : undefined;
      const first = cause && shared.has(cause) ? firstOf.get(cause) : undefined;
      if (cause && shared.has(cause) && !first) firstOf.set(cause, r.id);
      out.push(...resultLines(r, idWidth, x, first));
    }
  }
  if (foreign.length > 0) {
    const profile = results[0] ? foreign[0]!.reason!.replace(/^(profile|profiel) /, '') : '';
    const line = foreign.length === 1 ? t(x.lang, 'not-in-profile.one', { profile }) : t(x.lang, 'not-in-profile', { n: foreign.length, profile });
    out.push('', c.gray(wrap(line, x.style.width, 0)));
  }
  return out;
}

function resultLines(r: Result, idWidth: number, x: Ctx, sameAs?: string): string[] {
  const { style, verbose } = x;
  const c = style.chalk;
  const symWidth = style.unicode ? 1 : 6;
  const headWidth = 2 + symWidth + 1 + idWidth + 2;
  // On a narrow console the details start near the margin, so that commands and reasons keep their room.
  const detailIndent = style.width < 100 ? 6 : headWidth;
  const rows = r.status === 'pass' && !verbose ? undefined : endpointRows(r, x.lang);
  // With a pointer to its own item below, "(see the to-do list)" would say it twice.
  let summary = sameAs ? t(x.lang, x.refs?.has(refKey(r)) ? 'same-reason.pointed' : 'same-reason', { id: sameAs }) : r.summary;
  if (isUnconfirmed(r)) summary = t(x.lang, 'unconfirmed.summary', { question: typeof r.evidence.question === 'string' ? r.evidence.question : r.title });
  // The endpoint table carries the per-endpoint detail: the summary keeps its first clause only ("2 of 3 endpoints
  // unreachable"); a warning's first clause names only the first endpoint, so it is counted instead.
  // Only the endpoints with a warning are counted: "1 of 3 endpoints reachable" would hide the two that pass cleanly.
  if (rows && r.status === 'warn') summary = t(x.lang, 'endpoints.summary.warn', { n: rows.filter((e) => e.status === 'warn').length, total: rows.length });
  else if (rows && summary.includes(': ')) summary = summary.slice(0, summary.indexOf(': '));
  const head = `  ${symbol(r.status, style)} ${r.id.padEnd(idWidth)}  `;
  // A word longer than the summary column (a Windows path in --ascii at 80 columns) continues nearer the margin.
  const longest = Math.max(0, ...summary.split(/\s+/).map((w) => w.length));
  const out = [head + wrap(summary, style.width, headWidth + longest > style.width ? detailIndent + 2 : headWidth, headWidth).slice(headWidth)];
  const detail = (label: string, text: string) => out.push(wrap(`${label} ${text}`, style.width, detailIndent + 2, detailIndent));
  const attention = ['fail', 'warn', 'unknown', 'waived'].includes(r.status);
  if (sameAs || isUnconfirmed(r)) {
    // The reason and the command are said once, in the to-do list; the finding keeps its documentation link. A
    // question to confirm, or a finding with the same reason as another, points to its item as every other finding
    // does ("fix: see "To do" 2 below").
    const ref = x.refs?.get(refKey(r));
    if (ref) detail(c.cyan(t(x.lang, 'label.fix')), t(x.lang, ref.list === 'todo' ? 'todo.ref' : 'todo.ref.warnings', { n: ref.n }));
    detail(c.gray(t(x.lang, 'label.docs')), docsLink(r, x.docsBase));
    return out;
  }
  if (rows) out.push(...endpointTable(rows, x, detailIndent));
  else if (Array.isArray(r.evidence.lines) && r.status === 'pass') {
    for (const line of r.evidence.lines.map(String)) out.push(wrap(line, style.width, detailIndent + 4, detailIndent));
  } else if (attention || verbose) {
    if (r.evidence.expected !== undefined && (verbose || r.status !== 'unknown')) detail(c.gray(t(x.lang, 'label.expected')), evidenceText(r.evidence, 'expected', 240, x.ellipsis, x.lang));
    if (r.evidence.found !== undefined && (verbose || r.status !== 'unknown')) detail(c.gray(t(x.lang, 'label.found')), evidenceText(r.evidence, 'found', 240, x.ellipsis, x.lang));
    const missing = namedItems(r.evidence.missing);
    if (missing) detail(c.gray(t(x.lang, 'label.missing')), missing);
    const pending = namedItems(r.evidence.pending);
    if (pending) detail(c.gray(t(x.lang, 'label.pending')), pending);
  }
  if (r.waiver) {
    detail(c.gray(t(x.lang, 'label.waiver')), t(x.lang, 'waiver.detail', {
      reason: r.waiver.reason, approver: r.waiver.approvedBy, state: t(x.lang, r.waiver.expired ? 'waiver.expired' : 'waiver.expires'), expires: r.waiver.expires,
    }));
  }
  if (r.remediation && (r.status === 'fail' || r.status === 'warn' || r.status === 'unknown')) {
    // The fix and its command are said once, in the list at the end; the finding says which item. A finding in no
    // list (none today: every fail, warning and unknown is in one) keeps its fix here, so nothing is lost.
    const ref = x.refs?.get(refKey(r));
    const own = ref ? [] : orderedCommands(r.remediation.commands).filter((cmd) => cmd.purpose !== 'look');
    if (ref) detail(c.cyan(t(x.lang, 'label.fix')), t(x.lang, ref.list === 'todo' ? 'todo.ref' : 'todo.ref.warnings', { n: ref.n }));
    // Some reasons already say what to do (e.g. "set CLICKKER_SQL_PASSWORD"): do not print them twice.
    else if (!r.summary.includes(r.remediation.text)) detail(c.cyan(t(x.lang, 'label.fix')), r.remediation.text);
    // Commands "to look" stand on their own line beside the pointer; under a fix printed here they belong to it.
    const at = ref ? detailIndent : detailIndent + 2;
    for (const cmd of [...own, ...orderedCommands(r.remediation.commands).filter((cmd) => cmd.purpose === 'look')]) {
      out.push(wrap(c.gray(commandLabel(cmd, x.lang)), style.width, at + 2, at));
      for (const line of cmd.script.split('\n')) out.push(' '.repeat(at + 2) + line);
    }
  }
  if (attention) detail(c.gray(t(x.lang, 'label.docs')), docsLink(r, x.docsBase));
  if (verbose) {
    detail(c.gray(t(x.lang, 'label.time')), `${r.ms} ms`);
    if (r.stack) for (const line of r.stack.split('\n')) out.push(' '.repeat(detailIndent + 2) + c.gray(line));
  }
  return out;
}

function endpointTable(rows: ReturnType<typeof endpointRows> & object, x: Ctx, indent: number): string[] {
  const { style } = x;
  const c = style.chalk;
  // Host names are never broken, in the endpoint column or in a reason or request that names one: each column is at
  // least as wide as its longest word. When that does not fit, the endpoints are stacked instead.
  const longestWord = (texts: string[]) => Math.max(0, ...texts.flatMap((s) => s.split(/\s+/)).map((w) => w.length));
  const cols = [
    { title: t(x.lang, 'endpoints.col.endpoint'), min: Math.max(...rows.map((r) => r.host.length)) + (style.unicode ? 2 : 7), grow: 0 },
    { title: t(x.lang, rows.some((r) => r.status !== 'pass' && r.status !== 'warn') ? 'endpoints.col.layer' : 'endpoints.col.layer.warn'), min: Math.max(9, longestWord(rows.map((r) => r.layer))), grow: 1 },
    { title: t(x.lang, 'endpoints.col.reason'), min: Math.max(16, longestWord(rows.map((r) => r.reason))), grow: 3 },
    { title: t(x.lang, 'endpoints.col.ask'), min: Math.max(18, longestWord(rows.map((r) => r.ask))), grow: 3 },
  ];
  if (style.width < 4 + cols.reduce((n, col) => n + col.min, 0) + 2 * (cols.length - 1)) {
    // Narrow console: one block per endpoint (the same four columns, stacked), so no host name is broken.
    const out: string[] = [];
    for (const row of rows) {
      out.push(`${' '.repeat(indent + 2)}${symbol(row.status as Result['status'], style)} ${row.host}`);
      if (row.status === 'pass') continue;
      out.push(wrap(`${c.gray(`${t(x.lang, row.status === 'warn' ? 'endpoints.col.layer.warn' : 'endpoints.col.layer')}:`)} ${row.layer}: ${row.reason}`, style.width, indent + 8, indent + 6));
      out.push(wrap(`${c.gray(`${t(x.lang, 'endpoints.col.ask')}:`)} ${row.ask}`, style.width, indent + 8, indent + 6));
      if (x.verbose) out.push(wrap(c.gray(row.detail), style.width, indent + 8, indent + 6));
    }
    return out;
  }
  const body = rows.map((row) => [`${symbol(row.status as Result['status'], style)} ${row.host}`, row.layer, row.reason, row.ask]);
  const table = renderTable(cols, body, style.width, 4);
  table[0] = c.gray(table[0]!);
  const out = [...table];
  if (x.verbose) for (const row of rows) if (row.status !== 'pass') out.push(wrap(`${row.host}: ${row.detail}`, style.width, indent + 4, indent + 2));
  return out;
}

/** A host's verdict word: PARTIAL CHECK when only unjudged checks keep it from ready. */
export function hostVerdict(h: Pick<HostReport, 'outcome'>, x: Pick<Ctx, 'lang'>): string {
  return isPartial(h) ? t(x.lang, 'verdict.partial') : verdictWord(h.outcome.verdict, x.lang);
}

/** Hosts that fit side by side in a console; a larger fleet gets one line per host instead. */
const MATRIX_MAX_HOSTS = 6;

function fleetSection(e: Evaluation, x: Ctx): string[] {
  return e.hosts.length <= MATRIX_MAX_HOSTS ? matrixSection(e, x) : hostListSection(e, x);
}

function hostListSection(e: Evaluation, x: Ctx): string[] {
  const { style } = x;
  const c = style.chalk;
  const rows = e.hosts.map((h) => hostListRow(h.host, hostVerdict(h, x), h.outcome.deciding.map((r) => r.id), tallyLine(h.results, x.lang)));
  const table = renderTable(hostListColumns(Math.max(...e.hosts.map((h) => h.host.length)), Math.max(...rows.map((r) => r[1].length)), x), rows, style.width);
  table[0] = c.bold(table[0]!);
  return ['', ...table, ...hostListEnd(x)];
}

/** The host list's columns. Host names are never cut: the host column is as wide as the longest name, the last wraps. */
export function hostListColumns(longestHost: number, longestVerdict: number, x: Ctx): Column[] {
  return [
    { title: t(x.lang, 'fleet.host'), min: longestHost, grow: 0 },
    { title: t(x.lang, 'fleet.verdict'), min: Math.max(10, longestVerdict), grow: 0 },
    { title: t(x.lang, 'fleet.blocking'), min: 20, grow: 1 },
  ];
}

/** One host's row in the host list: its name, its verdict word, what stands in the way (or its tally when nothing does). */
export function hostListRow(host: string, verdict: string, deciding: readonly string[], tally: string): [string, string, string] {
  const shown = deciding.slice(0, 4).join(', ') + (deciding.length > 4 ? `, +${deciding.length - 4}` : '');
  return [host, verdict, shown || tally];
}

export function hostListEnd(x: Ctx): string[] {
  return ['', x.style.chalk.gray(wrap(t(x.lang, 'fleet.details'), x.style.width, 0))];
}

function matrixSection(e: Evaluation, x: Ctx): string[] {
  const { style } = x;
  const c = style.chalk;
  const ids = [...new Set(e.results.map((r) => r.id))];
  const idWidth = Math.max(...ids.map((i) => i.length));
  const cell = style.unicode ? 1 : 6;
  // Full host names as column titles when they fit; otherwise numbered columns with a legend (never a cut name).
  const full = Math.max(cell, ...e.hosts.map((h) => h.host.length));
  const useNames = idWidth + 2 + e.hosts.length * (full + 1) <= style.width;
  const out: string[] = [''];
  if (e.hosts.length * (cell + 4) + idWidth + 2 > style.width) return hostListSection(e, x);
  const titles = e.hosts.map((h, i) => (useNames ? h.host : `[${i + 1}]`));
  const col = Math.max(cell, ...titles.map((s) => s.length));
  out.push(c.bold(`${t(x.lang, 'fleet.check').padEnd(idWidth)}  ${titles.map((s) => s.padEnd(col)).join(' ')}`.trimEnd()));
  for (const id of ids) {
    const cells = e.hosts.map((h) => {
      const r = h.results.find((y) => y.id === id);
      return (r ? symbol(r.status, style) : ' ') + ' '.repeat(Math.max(0, col - (r ? cell : 1)));
    });
    out.push(`${id.padEnd(idWidth)}  ${cells.join(' ')}`.trimEnd());
  }
  if (!useNames) out.push(c.gray(wrap(t(x.lang, 'fleet.legend', { legend: e.hosts.map((h, i) => `[${i + 1}] ${h.host}`).join(', ') }), style.width, 2, 0)));
  for (const h of e.hosts) {
    const f = findings(h.results);
    out.push('', wrap(c.bold(`${h.host}: ${hostVerdict(h, x)}`) + c.gray(`  ${tallyLine(h.results, x.lang)}`), style.width, 2, 0));
    if (h.file) out.push(c.gray(`  ${h.file}`));
    const w = Math.min(30, Math.max(...f.map((r) => r.id.length), 10));
    for (const r of f) out.push(...resultLines(r, w, x));
  }
  return out;
}

/** One line of the to-do list: a host's item, or a fleet's item with the hosts it stands for (`who`). */
export interface TodoLine extends TodoEntry {
  /** The host(s) before the item, in a fleet. */
  who?: string;
}

/** What the summary screen says: from a whole evaluation (summaryOf), or from a streamed fleet's counts (console-fleet.ts). */
export interface SummaryParts {
  verdict: Outcome['verdict'];
  exitCode: Outcome['exitCode'];
  partial: boolean;
  notChecked: readonly string[];
  profile: string;
  failOn: readonly string[];
  tally: string;
  todo: TodoLine[];
  warnings: TodoLine[];
  automatic: string[];
  /** Lines after the lists (a fleet's items not listed). */
  after?: string[];
}

export function todoLineOf(item: TodoItem, withHost: boolean): TodoLine {
  return {
    kind: item.kind, status: item.results[0]!.status, ids: item.results.map((r) => r.id), text: item.text,
    ...(item.command ? { command: item.command } : {}), ...(item.reason !== undefined ? { reason: item.reason } : {}), ...(withHost ? { who: item.host } : {}),
  };
}

function summaryOf(e: Evaluation, x: Ctx): SummaryParts {
  const fleet = e.hosts.length > 1;
  return {
    verdict: e.outcome.verdict, exitCode: e.outcome.exitCode, partial: isPartial(e), notChecked: notChecked(e), profile: e.options.profile, failOn: e.failOn,
    tally: tallyLine(e.results, x.lang),
    todo: todoList(e.results, e.failOn).map((i) => todoLineOf(i, fleet)),
    warnings: warningList(e.results, e.failOn).map((i) => todoLineOf(i, fleet)),
    automatic: automaticFixes(e.results, e.checks),
  };
}

export function summary(p: SummaryParts, meta: ReportMeta, x: Ctx): string[] {
  const { style } = x;
  const c = style.chalk;
  const rule = (style.unicode ? '─' : '-').repeat(Math.min(style.width, 80));
  const skippedIds = p.notChecked;
  const partial = p.partial;
  const word = partial ? t(x.lang, 'verdict.partial') : verdictWord(p.verdict, x.lang);
  const paint = partial ? c.yellow.bold : p.verdict === 'ready' ? c.green.bold : p.verdict === 'incomplete' ? c.magenta.bold : c.red.bold;
  const took = meta.elapsedMs !== undefined ? `${style.unicode ? ' · ' : ' | '}${t(x.lang, 'took', { time: duration(meta.elapsedMs, x.lang) })}` : '';
  // The verdict word, two spaces, then the tally wrapped beside it (wrap() would fold the two spaces into one).
  const lead = word.length + 2;
  const out = [c.gray(rule), `${paint(word)}  ${wrap(`${p.tally}${took}`, style.width, 2, lead).slice(lead)}`];
  const todo = p.todo;
  if (todo.length > 0) {
    out.push('', c.bold(t(x.lang, 'todo.title', { n: todo.length })));
    todo.forEach((item, i) => out.push(...todoLines(item, i + 1, todo.length, x)));
  }
  const warnings = p.warnings;
  if (warnings.length > 0) {
    out.push('', c.bold(t(x.lang, 'todo.title.warnings', { n: warnings.length })));
    warnings.forEach((item, i) => out.push(...todoLines(item, i + 1, warnings.length, x)));
  }
  if (p.after) out.push(...p.after);
  const auto = p.automatic;
  if (auto.length > 0) out.push('', wrap(c.cyan(t(x.lang, 'todo.fix-auto', { ids: auto.join(', ') })), style.width, 2, 0));
  if (p.failOn.length) out.push(c.gray(t(x.lang, 'todo.fail-on', { levels: p.failOn.join(',') })));
  // A failing or incomplete run that was also partial says what it did not look at, so the to-do list is not taken as all.
  if (!partial && skippedIds.length > 0) out.push('', wrap(c.yellow(t(x.lang, 'todo.not-checked', { list: shortList(skippedIds, 6, x) })), style.width, 2, 0));
  out.push('');
  // Paths are printed whole (never wrapped): they are copied into Explorer or a mail.
  for (const path of meta.savedTo ?? []) out.push(t(x.lang, 'report.saved', { path }));
  const next = partial
    ? t(x.lang, 'next.partial', { list: shortList(skippedIds, 6, x) })
    : p.verdict === 'ready'
      ? t(x.lang, p.profile === 'synergy' ? 'next.ready-install' : 'next.ready')
      : t(x.lang, 'next.again');
  out.push(wrap(`${t(x.lang, 'exit.code', { code: p.exitCode })} ${next}`, style.width, 2, 0));
  return out;
}

function shortList(ids: readonly string[], max: number, x: Ctx): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} ${t(x.lang, 'todo.more', { n: ids.length - max }).replace(/ \(.*\)$/, '')}`;
}

function todoLines(item: TodoLine, n: number, total: number, x: Ctx): string[] {
  const { style } = x;
  const c = style.chalk;
  const num = `${String(n).padStart(String(total).length)}.`;
  const indent = num.length + 3;
  const ids = item.ids;
  const lead = `${num} ${symbol(item.status, style)} ${item.who !== undefined ? `${item.who} ` : ''}`;
  let text: string;
  if (item.kind === 'unconfirmed') text = `${ids[0]}: ${t(x.lang, 'todo.confirm', { question: item.text })}`;
  else if (ids.length > 1) {
    // A reason that already says what to do ("no SQL Server was given: pass --sql-server ...") is not said twice.
    const group = t(x.lang, 'todo.group', { n: ids.length, ids: ids.join(', '), reason: item.reason ?? '' });
    text = item.reason && item.reason.includes(item.text) ? group : `${group}. ${item.text}`;
  }
  else text = `${ids[0]}: ${item.text}`;
  const leadWidth = visible(lead);
  const out = [wrap(`${' '.repeat(leadWidth)}${text}`, style.width, indent, leadWidth).replace(/^ +/, lead)];
  if (item.command) {
    if (item.kind !== 'unconfirmed') out.push(wrap(c.gray(commandLabel(item.command, x.lang)), style.width, indent + 2, indent));
    for (const line of item.command.script.split('\n')) out.push(' '.repeat(indent + 2) + line);
  }
  return out;
}
