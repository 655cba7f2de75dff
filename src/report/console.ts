// The console report: grouped by category, each finding with its fix, one screen of summary at the end.
import type { Evaluation, HostReport } from '../core/evaluate.js';
import type { Result } from '../core/types.js';
import { byCategory, commandLabel, compact, countsLine, findings, VERDICT_WORDS, type ReportMeta } from './common.js';
import { sanitizeControls } from './controls.js';
import { redact } from './redact.js';
import { symbol, wrap, type Style } from './style.js';

export interface ConsoleOptions {
  style: Style;
  verbose: boolean;
}

export function renderConsole(evaluation: Evaluation, meta: ReportMeta, opts: ConsoleOptions): string {
  const e = sanitizeControls(redact(evaluation));
  const out: string[] = [];
  const { style } = opts;
  const c = style.chalk;
  const dot = style.unicode ? ' · ' : ' | ';
  const req = e.requirements;
  out.push(c.bold(`Clickker preflight${dot}${e.hosts.length === 1 ? e.hosts[0]!.host : `${e.hosts.length} hosts`}${dot}profile ${e.options.profile}`));
  out.push(c.gray(`requirements ${req.requirements.version} (${req.source}, sha256 ${req.sha256.slice(0, 12)})${dot}${meta.tool.name} ${meta.tool.version}`));
  if (e.selection.skip?.length) out.push(c.gray(`skipped by request: ${e.selection.skip.join(', ')}`));
  if (e.hosts.length === 1) out.push(...hostSection(e.hosts[0]!, opts));
  else out.push(...fleetSection(e, opts));
  out.push('', ...summary(e, opts));
  return out.join('\n') + '\n';
}

function hostSection(h: HostReport, opts: ConsoleOptions): string[] {
  const { style } = opts;
  const c = style.chalk;
  const out: string[] = [];
  const source = h.file ? `snapshot ${h.file}` : 'collected live';
  out.push(c.gray(`${source}${h.collectedAt ? `, collected ${h.collectedAt.replace('T', ' ').slice(0, 16)} UTC` : ''}`));
  const idWidth = Math.min(30, Math.max(...h.results.map((r) => r.id.length)));
  for (const [category, results] of byCategory(h.results)) {
    out.push('', c.bold(category));
    for (const r of results) out.push(...resultLines(r, idWidth, opts));
  }
  return out;
}

function resultLines(r: Result, idWidth: number, opts: ConsoleOptions): string[] {
  const { style, verbose } = opts;
  const c = style.chalk;
  const sym = symbol(r.status, style);
  const symWidth = style.unicode ? 1 : 6;
  const head = `  ${sym} ${r.id.padEnd(idWidth)}  `;
  const headWidth = 2 + symWidth + 1 + idWidth + 2;
  const out = [head + wrap(r.summary, style.width, headWidth).slice(headWidth)];
  const detail = (label: string, text: string) => out.push(wrap(`${label} ${text}`, style.width, headWidth + 2, headWidth));
  const attention = r.status === 'fail' || r.status === 'warn' || r.status === 'unknown' || r.status === 'waived';
  // Per-item lines (e.g. one per endpoint), where the summary does not already spell out each finding.
  const lines = Array.isArray(r.evidence.lines) && (verbose || r.status === 'pass') ? r.evidence.lines.map(String) : undefined;
  if (lines) for (const line of lines) out.push(wrap(line, style.width, headWidth + 12, headWidth + 2));
  else if (attention || verbose) {
    if (r.evidence.expected !== undefined && (verbose || r.status !== 'unknown')) detail(c.gray('expected:'), compact(r.evidence.expected));
    if (r.evidence.found !== undefined && (verbose || r.status !== 'unknown')) detail(c.gray('found:'), compact(r.evidence.found));
  }
  if (r.waiver) {
    detail(c.gray('waiver:'), `${r.waiver.reason} (approved by ${r.waiver.approvedBy}, ${r.waiver.expired ? 'EXPIRED' : 'expires'} ${r.waiver.expires})`);
  }
  if (r.remediation && (r.status === 'fail' || r.status === 'warn' || r.status === 'unknown')) {
    // Some reasons already say what to do (e.g. "set CLICKKER_SQL_PASSWORD"): do not print them twice.
    if (!r.summary.includes(r.remediation.text)) detail(c.cyan('fix:'), r.remediation.text);
    for (const cmd of r.remediation.commands ?? []) {
      out.push(' '.repeat(headWidth + 2) + c.gray(`${commandLabel(cmd)}:`));
      for (const line of cmd.script.split('\n')) out.push(' '.repeat(headWidth + 4) + line);
    }
  }
  if (verbose) {
    detail(c.gray('time:'), `${r.ms} ms${c.gray(`  docs: ${r.docs}`)}`);
    if (r.stack) for (const line of r.stack.split('\n')) out.push(' '.repeat(headWidth + 2) + c.gray(line));
  }
  return out;
}

/** Hosts that fit side by side in a console; a larger fleet gets one line per host instead. */
const MATRIX_MAX_HOSTS = 6;

function fleetSection(e: Evaluation, opts: ConsoleOptions): string[] {
  return e.hosts.length <= MATRIX_MAX_HOSTS ? matrixSection(e, opts) : hostListSection(e, opts);
}

function hostListSection(e: Evaluation, opts: ConsoleOptions): string[] {
  const { style } = opts;
  const c = style.chalk;
  const w = Math.min(24, Math.max(...e.hosts.map((h) => h.host.length)));
  const out = ['', c.bold(`${'host'.padEnd(w)}  verdict      what stands in the way`)];
  for (const h of e.hosts) {
    const blocking = h.outcome.deciding.map((r) => r.id);
    const shown = blocking.slice(0, 4).join(', ') + (blocking.length > 4 ? `, +${blocking.length - 4} more` : '');
    out.push(`${h.host.slice(0, w).padEnd(w)}  ${VERDICT_WORDS[h.outcome.verdict].padEnd(11)}  ${shown || c.gray(countsLine(h.outcome.counts))}`);
  }
  out.push('', c.gray('Per-host details: --format markdown or json --output FILE, or judge one snapshot at a time.'));
  return out;
}

function matrixSection(e: Evaluation, opts: ConsoleOptions): string[] {
  const { style } = opts;
  const c = style.chalk;
  const out: string[] = [''];
  const ids = [...new Set(e.results.map((r) => r.id))];
  const idWidth = Math.max(...ids.map((i) => i.length));
  const col = Math.max(6, ...e.hosts.map((h) => Math.min(h.host.length, 14)));
  out.push(c.bold(`${'check'.padEnd(idWidth)}  ${e.hosts.map((h) => h.host.slice(0, col).padEnd(col)).join(' ')}`));
  for (const id of ids) {
    const cells = e.hosts.map((h) => {
      const r = h.results.find((x) => x.id === id);
      const sym = r ? symbol(r.status, style) : ' ';
      const visible = r ? (style.unicode ? 1 : 6) : 1;
      return sym + ' '.repeat(Math.max(0, col - visible));
    });
    out.push(`${id.padEnd(idWidth)}  ${cells.join(' ')}`);
  }
  for (const h of e.hosts) {
    const f = findings(h.results);
    out.push('', c.bold(`${h.host}: ${VERDICT_WORDS[h.outcome.verdict]}`) + c.gray(`  ${countsLine(h.outcome.counts)}${h.file ? `  (${h.file})` : ''}`));
    const w = Math.max(...f.map((r) => r.id.length), 10);
    for (const r of f) out.push(...resultLines(r, w, opts));
  }
  return out;
}

function summary(e: Evaluation, opts: ConsoleOptions): string[] {
  const { style } = opts;
  const c = style.chalk;
  const o = e.outcome;
  const rule = (style.unicode ? '─' : '-').repeat(Math.min(style.width, 72));
  const word = VERDICT_WORDS[o.verdict];
  const paint = o.verdict === 'ready' ? c.green.bold : o.verdict === 'incomplete' ? c.magenta.bold : c.red.bold;
  const out = [c.gray(rule), `${paint(word)}  ${countsLine(o.counts)}`];
  if (o.deciding.length > 0) {
    const label = o.verdict === 'incomplete' ? 'Could not evaluate:' : 'Blocking:';
    const many = e.hosts.length > 1;
    for (const [i, r] of o.deciding.slice(0, 8).entries()) {
      const who = many ? `${r.host} ` : '';
      out.push(`${i === 0 ? label.padEnd(20) : ' '.repeat(20)}${symbol(r.status, style)} ${who}${r.id}`);
    }
    if (o.deciding.length > 8) out.push(`${' '.repeat(20)}… and ${o.deciding.length - 8} more`);
  }
  if (e.failOn.length) out.push(c.gray(`--fail-on ${e.failOn.join(',')} is in effect`));
  const next = o.verdict === 'ready'
    ? 'Ready to install.'
    : `Fix the items above and run the preflight again. Details: clickker explain <id>.`;
  out.push(`Exit code ${o.exitCode}. ${next}`);
  return out;
}
