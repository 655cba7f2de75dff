// clickker preflight: gather or load facts, judge them, ask for confirmations when a person is there, report.
import { mkdirSync } from 'node:fs';
import { cliLang, setCliLang, tr } from './lang.js';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import type { Evaluation } from '../core/evaluate.js';
import { judge, judgedHost, type Judged } from '../core/judge.js';
import { wantedProbes } from '../core/runner.js';
import type { EvaluationOptions } from '../core/types.js';
import { loadSnapshot } from '../facts/snapshot.js';
import { renderConsole } from '../report/console.js';
import { msg, resolveLang, type Lang } from '../report/i18n/catalogue.js';
import { uiCultureFor } from './ui-culture.js';
import { detectStyle, type Style } from '../report/style.js';
import type { ReportMeta } from '../report/common.js';
import { oneLine } from '../report/controls.js';
import { askConfirmations, askSqlPassword, isInteractive } from './prompts.js';
import { judgeSettings, resolve, selectionOf, type Resolved } from './resolve.js';
import { toolVersion } from './version.js';
import { errorLine } from './error-line.js';
import { onInterrupt } from './interrupt.js';
import type { FleetJob } from './fleet-host.js';
// Loaded when a run needs them (issue 17: a one-snapshot console preflight starts without them): the other report
// formats, the fleet stream, the confirmations and remembered-answers files, and the report file writer.
const reportJson = () => import('../report/json.js');
const fleetStream = () => import('./fleet.js');
const confirmationFiles = () => import('./confirmations.js');
const writeFileAtomic: typeof import('./write-file.js').writeFileAtomic = async (...args) => (await import('./write-file.js')).writeFileAtomic(...args);

/** Snapshot files are read one at a time, as the evaluator reaches them: a fleet never sits in memory whole. */
function* snapshotHosts(files: readonly string[]): Generator<Judged> {
  for (const file of files) {
    const { snapshot, facts } = loadSnapshot(file);
    yield { facts, file, collectedAt: snapshot.collectedAt, collector: snapshot.collector };
  }
}

async function gatherHosts(r: Resolved, interactive: boolean): Promise<() => Iterable<Judged>> {
  const files = r.settings.snapshots ?? [];
  if (files.length > 0) return () => snapshotHosts(files);
  const password = await askSqlPassword(r.settings, interactive);
  // Live collection (PowerShell, SQL and network drivers) loads only for a live run: a snapshot run never needs it.
  const { probeOptions, collectSnapshot } = await import('./live.js');
  const wanted = wantedProbes(r.checks, selectionOf(r), r.options.profile);
  const { host, probes, collectedAt, collector } = await collectSnapshot(wanted, probeOptions(r, password), r.settings.powershellTimeout, cliLang());
  const live = [{ host, probes, collectedAt, collector }];
  return () => live;
}

async function render(format: string, e: Evaluation, meta: ReportMeta, style: Style, verbose: boolean): Promise<string | Iterable<string>> {
  switch (format) {
    case 'json': return (await reportJson()).renderJsonChunks(e, meta);
    case 'junit': return (await import('../report/junit.js')).renderJunit(e, meta);
    case 'markdown': return (await import('../report/markdown.js')).renderMarkdown(e, meta);
    case 'html': return (await import('../report/html.js')).renderHtml(e, meta);
    default: return renderConsole(e, meta, { style, verbose });
  }
}

/** The files this run reads; the report is never written over one of them. */
function reportInputs(r: Resolved, cmd: Command): string[] {
  return [...(r.settings.snapshots ?? []), ...documentInputs(r, cmd)];
}

/** The files this run reads other than snapshots: the waivers, the requirements and the config file. */
function documentInputs(r: Resolved, cmd: Command): string[] {
  const s = r.settings;
  const config = (cmd.getOptionValue('config') as string | undefined) ?? process.env.CLICKKER_CONFIG;
  return [s.waivers, s.requirements, config].filter((x): x is string => typeof x === 'string');
}

/** Characters of a fleet's console text made while its report file is flushed to disk (then it waits for the disk). */
const SCREEN_AHEAD = 128 * 1024;

/** A fleet this large is judged as a stream (src/cli/fleet.ts) when its report needs no per-result detail in memory. */
const STREAM_MIN_HOSTS = 7;

/**
 * Whether a run is a fleet judged as a stream: snapshot files enough for the console's one-line-per-host view, a JSON
 * or console report, and no report saved to the state folder (the saved HTML report shows every result).
 */
function streamsFleet(s: Resolved['settings']): boolean {
  const format = s.format ?? 'console';
  const saves = s.saveReport !== false && (s.reportDir !== undefined || stateDirOf(s) !== undefined);
  return (s.snapshots?.length ?? 0) >= STREAM_MIN_HOSTS && (format === 'json' || format === 'console') && !saves;
}

/** A fleet of snapshot files as a stream: JSON reports and the console's one-line-per-host view. */
async function runFleetPreflight(r: Resolved, interactive: boolean, inputs: readonly string[]): Promise<number> {
  const s = r.settings;
  const files = s.snapshots ?? [];
  const format = s.format ?? 'console';
  const json = format === 'json';
  // A fleet takes the confirmations file's fleet-wide answers only (per-host answers apply to one host).
  const { judgeFleet, removeSpool, spoolDirFor, spoolRows, spoolText } = await fleetStream();
  const { renderFleetConsole } = await import('../report/console-fleet.js');
  const { JSON_REPORT_TAIL, jsonReportHeadAround } = await reportJson();
  const filed = s.confirmations ? await (await confirmationFiles()).loadConfirmations(s.confirmations) : [];
  if (filed.length > 0) {
    r.options = { ...r.options, confirmations: new Set([...r.options.confirmations, ...filed.filter((f) => !f.host).map((f) => f.id)]) };
  }
  const job = (): FleetJob => ({
    requirements: r.requirements, options: r.options, selection: { only: s.only, skip: s.skip }, waivers: r.waivers ?? [],
    failOn: s.failOn ?? [], now: new Date(), json, lang: cliLang(),
  });
  const spoolDir = spoolDirFor(s.output);
  // The report file as it is before any snapshot is read: each read tells whether it is that file (src/core/input-file.ts).
  const watch = s.output ? (await import('../core/input-file.js')).ReadWatch.of(s.output) : null;
  try {
    let run = await judgeFleet(files, job(), r.checks, spoolDir);
    if (interactive && run.confirmations.length > 0) {
      const confirmed = await askConfirmations(run.confirmations, undefined, undefined, cliLang());
      if (confirmed.length > 0) {
        r.options = { ...r.options, confirmations: new Set([...r.options.confirmations, ...confirmed]) };
        removeSpool(run.spool);
        run = await judgeFleet(files, job(), r.checks, spoolDir);
      }
    }
    const v = run.view;
    const spool = run.spool;
    const meta: ReportMeta = { tool: { name: 'clickker', version: toolVersion() }, generatedAt: v.evaluatedAt, elapsedMs: Math.round(performance.now()), lang: cliLang() };
    const verbose = s.verbose ?? false;
    const style = detectStyle({ color: s.color, ascii: s.ascii });
    // The spools' bytes go to the report as they are (no decoding and encoding again); one buffer reused for a file,
    // whose writer is done with each chunk before the next (src/cli/write-file.ts), new ones for stdout.
    const report = function* (reuse: boolean): Generator<string | Buffer> {
      const head = jsonReportHeadAround(v, meta, spool.hostCount > 0, spool.hasResults);
      yield head.before;
      yield* spoolText(spool, 'hosts', reuse);
      yield head.after;
      if (spool.hasResults) {
        yield* spoolText(spool, 'results', reuse);
        yield `\n${JSON_REPORT_TAIL}`;
      }
    };
    const screen = (st: Style) => renderFleetConsole(v, () => spoolRows(spool), meta, { style: st, verbose });
    const release = onInterrupt(() => removeSpool(spool)); // the file not being read when a signal comes
    try {
      if (s.output) {
        // The console's text is made while the report goes to disk (its flush and rename wait for the disk, not for
        // this thread), up to SCREEN_AHEAD characters (a 1,000-host list is ~80 KB), and shown once the report is written.
        const shown = screen(style)[Symbol.iterator]();
        const ahead: string[] = [];
        const makeAhead = () => {
          for (let size = 0; size < SCREEN_AHEAD;) {
            const c = shown.next();
            if (c.done) break;
            ahead.push(c.value);
            size += c.value.length;
          }
        };
        try {
          const content = json ? report(true) : screen(detectStyle({ color: false, ascii: s.ascii }, { isTTY: false, columns: 100 }));
          await writeFileAtomic(s.output, content, msg('in.what.report'), inputs, { meanwhile: makeAhead, watched: { files, watch: run.readHere ? watch : null } });
          for (const chunk of ahead) process.stdout.write(chunk);
          ahead.length = 0;
          for (let c = shown.next(); !c.done; c = shown.next()) process.stdout.write(c.value);
        } finally {
          shown.return?.(undefined); // its spool file closed when the write failed half-way
        }
        process.stderr.write(`${tr('report.written', { path: oneLine(s.output) })}\n`);
      } else if (json) {
        for (const chunk of report(false)) process.stdout.write(chunk);
      } else {
        for (const chunk of screen(style)) process.stdout.write(chunk);
      }
    } finally {
      removeSpool(spool); // also when the write stopped half-way
      release();
    }
    return v.outcome.exitCode;
  } finally {
    watch?.stop();
  }
}

/** The state folder for remembered answers and saved reports: --state-dir, else %ProgramData%\Clickker on Windows. */
function stateDirOf(s: Resolved['settings'], env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (s.stateDir) return s.stateDir;
  return process.platform === 'win32' ? join(env.ProgramData ?? 'C:\\ProgramData', 'Clickker') : undefined;
}

/** preflight-<host>-<yyyymmdd-hhmmss>: one name for the HTML and the JSON report of a run. */
function reportBase(dir: string, e: Evaluation): string {
  const host = e.hosts.length === 1 ? e.hosts[0]!.host : `${e.hosts.length}-hosts`;
  const stamp = e.evaluatedAt.replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join(dir, `preflight-${host.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}`);
}

/** Saves the HTML and JSON report (issue 16: a report saved by default); returns the paths, or [] when not saved. */
async function saveReports(s: Resolved['settings'], e: Evaluation, meta: ReportMeta): Promise<string[]> {
  if (s.saveReport === false) return [];
  const state = stateDirOf(s);
  const dir = s.reportDir ?? (state ? join(state, 'reports') : undefined);
  if (!dir) return [];
  try { mkdirSync(dir, { recursive: true }); } catch { /* the write below names the folder */ }
  const base = reportBase(dir, e);
  await writeFileAtomic(`${base}.html`, (await import('../report/html.js')).renderHtml(e, meta), msg('in.what.report'));
  await writeFileAtomic(`${base}.json`, (await reportJson()).renderJsonChunks(e, meta), msg('in.what.report'));
  return [`${base}.html`, `${base}.json`];
}

export async function runPreflight(cmd: Command): Promise<number> {
  // Started first so that, on Windows, reading the display language overlaps resolving the settings.
  const culture = uiCultureFor(cmd.getOptionValue('lang') as string | undefined);
  const r = await resolve(cmd);
  const s = r.settings;
  const interactive = isInteractive(cmd.getOptionValue('interactive') !== false);
  let lang: Lang | undefined;
  // Settled once: the live collection's progress, the fleet's questions and report read it back (cliLang()), and so do
  // progress and error lines. An error before it is settled is said by main.ts, which settles it the same way.
  const settle = async (): Promise<Lang> => {
    lang ??= resolveLang(s.lang, process.env, await culture);
    setCliLang(lang);
    return lang;
  };
  // Snapshot files are read and judged before anything is said (core/judge.ts prints nothing and has no language), so
  // there the display language is awaited only when the first words are: on Windows its reg.exe then runs beside the
  // judging (issue 17: a process start under Wine is ~0.2 s). A live run or a fleet speaks while gathering: settled now.
  if (!(s.snapshots?.length) || streamsFleet(s)) await settle();
  if (streamsFleet(s)) return runFleetPreflight(r, interactive, documentInputs(r, cmd));
  const hosts = await gatherHosts(r, interactive);
  const state = stateDirOf(s);
  const files = s.confirmations || state ? await confirmationFiles() : undefined;
  const filed = s.confirmations && files ? await files.loadConfirmations(s.confirmations) : [];
  // Confirmations from the file and from earlier answers on this host count as given (who/when is in those files).
  const confirmationsFor = async (host: string) => (files ? [...files.confirmedFor(filed, host), ...files.confirmedFor(await files.loadRemembered(state, host), host)] : []);
  // Per-host answers apply to one host (a live run or one snapshot); a fleet takes the confirmations file only.
  const single = (s.snapshots?.length ?? 0) <= 1;
  const first = hosts()[Symbol.iterator]().next();
  const firstHost = single && !first.done ? judgedHost(first.value) : undefined;
  let options: EvaluationOptions = r.options;
  const confirm = (ids: readonly string[]) => { options = { ...options, confirmations: new Set([...options.confirmations, ...ids]) }; };
  if (!single && filed.length > 0) confirm(filed.filter((f) => !f.host).map((f) => f.id));
  if (firstHost !== undefined && (filed.length > 0 || state)) confirm(await confirmationsFor(firstHost));
  const format = s.format ?? 'console';
  const verbose = s.verbose ?? false;
  const style = detectStyle({ color: s.color, ascii: s.ascii });
  const meta = (e: Evaluation, l: Lang): ReportMeta => ({ tool: { name: 'clickker', version: toolVersion() }, generatedAt: e.evaluatedAt, elapsedMs: Math.round(performance.now()), lang: l });
  let factsShown = false;
  let confirmed: readonly string[] = [];
  const ask = async (open: Parameters<typeof askConfirmations>[0], first: Evaluation) => {
    const said = await settle();
    // Facts first: the person sees what the server looks like before being asked what only a person can know.
    if (format === 'console' && !s.output) {
      process.stdout.write(renderConsole(first, meta(first, said), { style, verbose }, 'facts'));
      factsShown = true;
    }
    confirmed = await askConfirmations(open, undefined, undefined, said);
    return confirmed;
  };
  const evaluation = await judge(hosts, { ...judgeSettings(r), options }, interactive ? { ask } : {});
  const said = await settle();
  if (confirmed.length > 0 && state && evaluation.hosts.length === 1) {
    try {
      const { currentUser, rememberAnswers } = await confirmationFiles();
      const file = await rememberAnswers(state, evaluation.hosts[0]!.host, confirmed, currentUser());
      process.stderr.write(errorLine(`answers remembered in ${file}`));
    } catch (err) {
      process.stderr.write(errorLine(`could not remember the answers: ${(err as Error).message}`));
    }
  }
  const m = meta(evaluation, said);
  m.savedTo = await saveReports(s, evaluation, m);
  if (s.output) {
    const plain = detectStyle({ color: false, ascii: s.ascii }, { isTTY: false, columns: 100 });
    await writeFileAtomic(s.output, await render(format, evaluation, m, plain, verbose), msg('in.what.report'), reportInputs(r, cmd));
    process.stdout.write(renderConsole(evaluation, m, { style, verbose }));
    process.stderr.write(`${tr('report.written', { path: oneLine(s.output) })}\n`);
  } else if (format === 'console') {
    process.stdout.write(renderConsole(evaluation, m, { style, verbose }, factsShown ? 'summary' : 'all'));
  } else {
    const report = await render(format, evaluation, m, style, verbose);
    for (const chunk of typeof report === 'string' ? [report] : report) process.stdout.write(chunk);
    for (const path of m.savedTo) process.stderr.write(`Report saved: ${oneLine(path)}\n`);
  }
  return evaluation.outcome.exitCode;
}
