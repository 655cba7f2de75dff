// clickker preflight: gather or load facts, judge them, ask for confirmations when a person is there, report.
import type { Command } from 'commander';
import { rmSync } from 'node:fs';
import { evaluate, type Evaluation, type HostInput } from '../core/evaluate.js';
import { loadSnapshot, parseSnapshot } from '../core/snapshot.js';
import type { Result } from '../core/types.js';
import { renderConsole } from '../report/console.js';
import { JSON_REPORT_TAIL, jsonReportHead, renderJsonChunks } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderMarkdown } from '../report/markdown.js';
import { detectStyle, type Style } from '../report/style.js';
import type { ReportMeta } from '../report/common.js';
import { collectOptions, collectSnapshot, wantedProbes } from './live.js';
import { askConfirmations, askSqlPassword, isInteractive } from './prompts.js';
import { resolve, type Resolved } from './resolve.js';
import { toolVersion } from './version.js';
import { writeFileAtomic } from './write-file.js';
import { judgeFleet, spoolChunks, spoolDirFor } from './fleet.js';
import type { FleetJob } from './fleet-host.js';

/** Snapshot files are read one at a time, as the evaluator reaches them: a fleet never sits in memory whole. */
function* snapshotHosts(files: readonly string[]): Generator<HostInput> {
  for (const file of files) {
    const { snapshot, facts } = loadSnapshot(file);
    yield { facts, file, collectedAt: snapshot.collectedAt, collector: snapshot.collector };
  }
}

async function gatherHosts(r: Resolved, interactive: boolean): Promise<() => Iterable<HostInput>> {
  const files = r.settings.snapshots ?? [];
  if (files.length > 0) return () => snapshotHosts(files);
  const password = await askSqlPassword(r.settings, interactive);
  const wanted = wantedProbes(r.checks, r.settings.only, r.settings.skip, r.options.profile);
  const snapshot = await collectSnapshot(wanted, collectOptions(r, password), r.settings.powershellTimeout);
  const { facts } = parseSnapshot(snapshot, 'live');
  const live = [{ facts, collectedAt: snapshot.collectedAt, collector: snapshot.collector }];
  return () => live;
}

function render(format: string, e: Evaluation, meta: ReportMeta, style: Style, verbose: boolean): string | Iterable<string> {
  switch (format) {
    case 'json': return renderJsonChunks(e, meta);
    case 'junit': return renderJunit(e, meta);
    case 'markdown': return renderMarkdown(e, meta);
    default: return renderConsole(e, meta, { style, verbose });
  }
}

/** A fleet this large is judged as a stream (src/cli/fleet.ts) when its report needs no per-result detail in memory. */
const STREAM_MIN_HOSTS = 7;

/** A fleet of snapshot files as a stream: JSON reports and the console's one-line-per-host view. */
async function runFleetPreflight(r: Resolved, interactive: boolean): Promise<number> {
  const s = r.settings;
  const files = s.snapshots ?? [];
  const format = s.format ?? 'console';
  const json = format === 'json';
  const job = (): FleetJob => ({
    requirements: r.requirements, options: r.options, selection: { only: s.only, skip: s.skip }, waivers: r.waivers ?? [],
    failOn: s.failOn ?? [], now: new Date(), json,
  });
  const spoolDir = spoolDirFor(s.output);
  let run = await judgeFleet(files, job(), spoolDir);
  if (interactive && run.confirmations.length > 0) {
    const confirmed = await askConfirmations(run.confirmations);
    if (confirmed.length > 0) {
      r.options = { ...r.options, confirmations: new Set([...r.options.confirmations, ...confirmed]) };
      if (run.spool) rmSync(run.spool.file, { force: true });
      run = await judgeFleet(files, job(), spoolDir);
    }
  }
  const e = run.evaluation;
  const meta: ReportMeta = { tool: { name: 'clickker', version: toolVersion() }, generatedAt: e.evaluatedAt };
  const verbose = s.verbose ?? false;
  const style = detectStyle({ color: s.color, ascii: s.ascii });
  const report = function* (): Generator<string> {
    if (!run.spool) return;
    const hasResults = run.spool.bytes > 0;
    yield jsonReportHead(e, meta, hasResults);
    if (hasResults) {
      yield* spoolChunks(run.spool);
      yield `\n${JSON_REPORT_TAIL}`;
    } else {
      rmSync(run.spool.file, { force: true });
    }
  };
  if (s.output) {
    writeFileAtomic(s.output, json ? report() : renderConsole(e, meta, { style: detectStyle({ color: false, ascii: s.ascii }, { isTTY: false, columns: 100 }), verbose }), 'report');
    process.stdout.write(renderConsole(e, meta, { style, verbose }));
    process.stderr.write(`Report written to ${s.output}\n`);
  } else if (json) {
    for (const chunk of report()) process.stdout.write(chunk);
  } else {
    process.stdout.write(renderConsole(e, meta, { style, verbose }));
  }
  return e.outcome.exitCode;
}

export async function runPreflight(cmd: Command): Promise<number> {
  const r = await resolve(cmd);
  const s = r.settings;
  const interactive = isInteractive(cmd.getOptionValue('interactive') !== false);
  const format = s.format ?? 'console';
  if ((s.snapshots?.length ?? 0) >= STREAM_MIN_HOSTS && (format === 'json' || format === 'console')) return runFleetPreflight(r, interactive);
  const hosts = await gatherHosts(r, interactive);
  const run = () => evaluate({
    hosts: hosts(), requirements: r.requirements, options: r.options, selection: { only: s.only, skip: s.skip },
    waivers: r.waivers, failOn: s.failOn ?? [],
  });
  let evaluation = run();
  const unconfirmed = [...new Map(evaluation.results
    .filter((x: Result) => x.category === 'Confirmations' && x.status === 'unknown')
    .map((x) => [x.id, x])).values()];
  if (interactive && unconfirmed.length > 0) {
    const confirmed = await askConfirmations(unconfirmed);
    if (confirmed.length > 0) {
      r.options = { ...r.options, confirmations: new Set([...r.options.confirmations, ...confirmed]) };
      evaluation = run();
    }
  }
  const meta: ReportMeta = { tool: { name: 'clickker', version: toolVersion() }, generatedAt: evaluation.evaluatedAt };
  const verbose = s.verbose ?? false;
  const style = detectStyle({ color: s.color, ascii: s.ascii });
  if (s.output) {
    const plain = detectStyle({ color: false, ascii: s.ascii }, { isTTY: false, columns: 100 });
    writeFileAtomic(s.output, render(format, evaluation, meta, plain, verbose), 'report');
    process.stdout.write(renderConsole(evaluation, meta, { style, verbose }));
    process.stderr.write(`Report written to ${s.output}\n`);
  } else {
    const report = render(format, evaluation, meta, style, verbose);
    for (const chunk of typeof report === 'string' ? [report] : report) process.stdout.write(chunk);
  }
  return evaluation.outcome.exitCode;
}
