// clickker preflight: gather or load facts, judge them, ask for confirmations when a person is there, report.
import type { Command } from 'commander';
import type { Evaluation } from '../core/evaluate.js';
import { judge, type Judged } from '../core/judge.js';
import { wantedProbes } from '../core/runner.js';
import { loadSnapshot } from '../facts/snapshot.js';
import { renderConsole } from '../report/console.js';
import { renderJsonChunks } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderMarkdown } from '../report/markdown.js';
import { detectStyle, type Style } from '../report/style.js';
import type { ReportMeta } from '../report/common.js';
import { probeOptions, collectSnapshot } from './live.js';
import { askConfirmations, askSqlPassword, isInteractive } from './prompts.js';
import { judgeSettings, resolve, selectionOf, type Resolved } from './resolve.js';
import { toolVersion } from './version.js';
import { writeFileAtomic } from './write-file.js';

/** Snapshot files are read one at a time, as the evaluator reaches them: a fleet never sits in memory whole. */
function* snapshotHosts(files: readonly string[]): Generator<Judged> {
  for (const file of files) {
    const { snapshot, facts } = loadSnapshot(file);
    yield { facts, file, collectedAt: snapshot.collectedAt, collector: snapshot.collector };
  }
}

async function gatherHosts(r: Resolved, interactive: boolean): Promise<readonly Judged[] | (() => Iterable<Judged>)> {
  const files = r.settings.snapshots ?? [];
  if (files.length > 0) return () => snapshotHosts(files);
  const password = await askSqlPassword(r.settings, interactive);
  const wanted = wantedProbes(r.checks, selectionOf(r), r.options.profile);
  const { host, probes, collectedAt, collector } = await collectSnapshot(wanted, probeOptions(r, password), r.settings.powershellTimeout);
  return [{ host, probes, collectedAt, collector }];
}

function render(format: string, e: Evaluation, meta: ReportMeta, style: Style, verbose: boolean): string | Iterable<string> {
  switch (format) {
    case 'json': return renderJsonChunks(e, meta);
    case 'junit': return renderJunit(e, meta);
    case 'markdown': return renderMarkdown(e, meta);
    default: return renderConsole(e, meta, { style, verbose });
  }
}

export async function runPreflight(cmd: Command): Promise<number> {
  const r = await resolve(cmd);
  const s = r.settings;
  const interactive = isInteractive(cmd.getOptionValue('interactive') !== false);
  const hosts = await gatherHosts(r, interactive);
  const evaluation = await judge(hosts, judgeSettings(r), interactive ? { ask: askConfirmations } : {});
  const meta: ReportMeta = { tool: { name: 'clickker', version: toolVersion() }, generatedAt: evaluation.evaluatedAt };
  const format = s.format ?? 'console';
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
