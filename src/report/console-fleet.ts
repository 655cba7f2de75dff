// The console report of a fleet judged as a stream (issue 17): the same screen renderConsole gives a fleet (the host
// list, then the summary), written a few hundred rows at a time from the spooled rows, with the summary from the
// fleet's counts and its to-do items with the hosts each stands for (issue 16). No host's results are in memory.
import type { FleetView } from '../cli/fleet.js';
import { tallyText, type ReportMeta } from './common.js';
import { consoleCtx, header, hostListColumns, hostListEnd, summary, type ConsoleOptions, type Ctx, type TodoLine } from './console.js';
import { sanitizeControls } from './controls.js';
import type { FleetTodoItem } from './fleet-todo.js';
import { t } from './i18n/catalogue.js';
import { redact } from './redact.js';
import { asciiPunctuation, wrap } from './style.js';
import { tableRow, tableWidths, visible } from './table.js';

/** Rows per chunk written. */
const ROWS_PER_CHUNK = 256;

export function* renderFleetConsole(v: FleetView, rows: () => Iterable<readonly string[]>, meta: ReportMeta, opts: ConsoleOptions): Generator<string> {
  const lang = meta.lang ?? 'en';
  // What renderConsole redacts and escapes of the whole evaluation, here only the parts the screen shows of the run.
  const run = sanitizeControls(redact({ requirements: v.requirements, options: v.options, selection: v.selection, failOn: [...v.failOn] }));
  const x = consoleCtx(opts, lang, run.requirements.requirements.docsBaseUrl);
  const text = (lines: readonly string[]) => {
    const s = `${lines.join('\n')}\n`;
    return opts.style.unicode ? s : asciiPunctuation(s);
  };
  yield text(header(run, t(lang, 'meta.hosts', { n: v.hostCount }), meta, x));

  const columns = hostListColumns(v.widest[0], v.widest[1], x);
  const widths = tableWidths(columns, columns.map((c, i) => Math.max(visible(c.title), v.widest[i]!)), x.style.width);
  const head = tableRow(columns.map((c) => c.title), widths);
  head[0] = x.style.chalk.bold(head[0]!);
  let lines = ['', ...head];
  let n = 0;
  for (const row of rows()) {
    lines.push(...tableRow(row, widths));
    if (++n % ROWS_PER_CHUNK === 0) { yield text(lines); lines = []; }
  }
  lines.push(...hostListEnd(x));

  const after = v.leftOut.entries > 0
    ? ['', wrap(t(lang, 'todo.left-out', { n: v.leftOut.entries, hosts: v.leftOut.hosts }), x.style.width, 2, 0)] : undefined;
  lines.push('', ...summary({
    verdict: v.outcome.verdict, exitCode: v.outcome.exitCode, partial: v.partial, notChecked: v.outcome.notChecked, profile: run.options.profile,
    failOn: run.failOn, tally: tallyText(v.tally, lang), todo: v.todo.map((i) => fleetLine(i, x)), warnings: v.warnings.map((i) => fleetLine(i, x)),
    automatic: v.automatic, ...(after ? { after } : {}),
  }, meta, x));
  yield text(lines);
}

/** A fleet's item: the host it stands for, or "312 hosts (A, B, C, +309 more)". */
function fleetLine(item: FleetTodoItem, x: Ctx): TodoLine {
  const { hosts, first, ...line } = item;
  const more = hosts - first.length;
  const names = [...first, ...(more > 0 ? [t(x.lang, 'todo.hosts.more', { n: more })] : [])].join(', ');
  return { ...line, who: hosts === 1 ? first[0]! : t(x.lang, 'todo.hosts', { n: hosts, names }) };
}
