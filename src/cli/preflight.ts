// clickker preflight: gather or load facts, judge them, ask for confirmations when a person is there, report.
import type { Command } from 'commander';
import { evaluate, type Evaluation, type HostInput } from '../core/evaluate.js';
import { loadSnapshot, parseSnapshot } from '../facts/snapshot.js';
import { factsForAccount } from '../core/snapshot-account.js';
import type { Result } from '../core/types.js';
import { renderConsole } from '../report/console.js';
import { renderJsonChunks } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderMarkdown } from '../report/markdown.js';
import { detectStyle, type Style } from '../report/style.js';
import type { ReportMeta } from '../report/common.js';
import { oneLine } from '../report/controls.js';
import { probeOptions, collectSnapshot, wantedProbes } from './live.js';
import { askConfirmations, askSqlPassword, isInteractive } from './prompts.js';
import { resolve, type Resolved } from './resolve.js';
import { toolVersion } from './version.js';
import { writeFileAtomic } from './write-file.js';

/** Snapshot files are read one at a time, as the evaluator reaches them: a fleet never sits in memory whole. */
function* snapshotHosts(files: readonly string[], account: string | undefined): Generator<HostInput> {
  for (const file of files) {
    const { snapshot, facts } = loadSnapshot(file);
    yield { facts: factsForAccount(facts, account), file, collectedAt: snapshot.collectedAt, collector: snapshot.collector };
  }
}

async function gatherHosts(r: Resolved, interactive: boolean): Promise<() => Iterable<HostInput>> {
  const files = r.settings.snapshots ?? [];
  if (files.length > 0) return () => snapshotHosts(files, r.settings.serviceAccount);
  const password = await askSqlPassword(r.settings, interactive);
  const wanted = wantedProbes(r.checks, r.settings.only, r.settings.skip, r.options.profile);
  const snapshot = await collectSnapshot(wanted, probeOptions(r, password), r.settings.powershellTimeout);
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

/** The files this run reads; the report is never written over one of them. */
function reportInputs(r: Resolved, cmd: Command): string[] {
  const s = r.settings;
  const config = (cmd.getOptionValue('config') as string | undefined) ?? process.env.CLICKKER_CONFIG;
  return [...(s.snapshots ?? []), ...[s.waivers, s.requirements, config].filter((x): x is string => typeof x === 'string')];
}

export async function runPreflight(cmd: Command): Promise<number> {
  const r = await resolve(cmd);
  const s = r.settings;
  const interactive = isInteractive(cmd.getOptionValue('interactive') !== false);
  const hosts = await gatherHosts(r, interactive);
  const run = () => evaluate({
    hosts: hosts(), requirements: r.requirements, checks: r.checks, options: r.options, selection: { only: s.only, skip: s.skip },
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
  const format = s.format ?? 'console';
  const verbose = s.verbose ?? false;
  const style = detectStyle({ color: s.color, ascii: s.ascii });
  if (s.output) {
    const plain = detectStyle({ color: false, ascii: s.ascii }, { isTTY: false, columns: 100 });
    await writeFileAtomic(s.output, render(format, evaluation, meta, plain, verbose), 'report', reportInputs(r, cmd));
    process.stdout.write(renderConsole(evaluation, meta, { style, verbose }));
    process.stderr.write(`Report written to ${oneLine(s.output)}\n`);
  } else {
    const report = render(format, evaluation, meta, style, verbose);
    for (const chunk of typeof report === 'string' ? [report] : report) process.stdout.write(chunk);
  }
  return evaluation.outcome.exitCode;
}
