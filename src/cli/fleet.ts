// A fleet of snapshot files judged as a stream (issue 17): by this thread and, when CLICKKER_FLEET_WORKERS asks, by
// worker threads beside it, results taken in file order. Only counts are kept for the summary, with the to-do list
// as one item per distinct fix and how many hosts it stands for (src/report/fleet-todo.ts). Everything per host goes
// to spool files in file order: its row of the console's host list, its entry in the JSON report's hosts array and its
// results as JSON report text. The reports are written from them at the end (the JSON header needs the totals, the
// host list the widest name). Memory stays flat however many hosts there are.
import { closeSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { debuglog } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors.js';
import type { Evaluation } from '../core/evaluate.js';
import { EXIT } from '../core/exit-codes.js';
import type { Counts, Outcome } from '../core/outcome.js';
import type { Check, Result } from '../core/types.js';
import type { Tally } from '../report/common.js';
import { FleetTodoList, type FleetTodoItem } from '../report/fleet-todo.js';
import { registeredSecrets } from '../report/redact.js';
import { visible } from '../report/table.js';
import { judgeHostFile, type FleetJob, type HostFailure, type HostSummary } from './fleet-host.js';
import { capFleetMemory, SEMI_SPACE_CAP_MB, type MemoryCap } from './fleet-memory.js';
import type { WorkerData } from './fleet-worker.js';
import {
  HostPlaces, HostSpool, openSpoolFiles, removeSpoolFiles, spoolChunks, spoolNames, spoolRanges, spoolSize, SpoolWriter,
  type FleetSpoolFiles, type SpoolFds,
} from './fleet-spool.js';
import { onInterrupt } from './interrupt.js';

const debug = debuglog('clickker-fleet');

/**
 * Below this many files no worker starts: a worker costs ~0.2 s of CPU to start and warm up, and a heap of its own,
 * more than it saves on a small fleet (judging a host takes ~1.3 ms).
 */
export const WORKER_MIN_FILES = 200;
/** Files sent to a worker before its answers come back: keeps it busy without holding many answers. */
const IN_FLIGHT_PER_WORKER = 4;
/**
 * With a worker thread, each thread's new space stops at 2 x this (MiB). Measured at 1,000 hosts (peak memory of the
 * whole process, and valgrind's instruction counts, which did not change measurably between the settings): this
 * thread's cap 8 and the worker's 8, 108-110 MB; 4 and 8, 99-102 MB; 2 and 4, 96-98 MB (serial alone: 80 MB).
 */
const WORKER_SEMI_SPACE_MB = 2;
/** How far this thread judges ahead of the first host not yet taken: answers waiting for their turn stay few. */
const AHEAD = 32;
/** Judging alone, this thread lets the event loop run (a signal's handler) at least this often (ms). */
export const YIELD_MS = 10;

/** What a fleet's reports are made of, without any host's results: counts, the to-do list and the spools. */
export interface FleetView extends Pick<Evaluation, 'requirements' | 'options' | 'selection' | 'failOn' | 'evaluatedAt'> {
  outcome: Pick<Outcome, 'verdict' | 'exitCode' | 'counts' | 'notChecked'>;
  /** PARTIAL CHECK: only blocking checks not judged (--only/--skip) keep the fleet from ready. */
  partial: boolean;
  hostCount: number;
  tally: Tally;
  todo: FleetTodoItem[];
  warnings: FleetTodoItem[];
  /** Items not listed (more than MAX_FLEET_ITEMS distinct ones): how many, on how many hosts. */
  leftOut: { entries: number; hosts: number };
  automatic: string[];
  /** The widest cell of each column of the host list (host, verdict, what stands in the way). */
  widest: [number, number, number];
}

export interface FleetSpool {
  /** The spool files: the console host list's rows (one JSON array a line) and each thread's JSON report text. */
  files: FleetSpoolFiles;
  /** Where each host's JSON report text lies, in file order (none unless the job renders JSON). */
  places: HostPlaces;
  /** Whether any host has results (the JSON report's "results" array is then not empty). */
  hasResults: boolean;
  hostCount: number;
}

export interface FleetRun {
  view: FleetView;
  /** Open manual confirmations, one per check id. */
  confirmations: Result[];
  /** Read the reports from it, then removeSpool. */
  spool: FleetSpool;
  /** Whether every snapshot file was read by this thread (no worker thread judged any). */
  readHere: boolean;
}

/**
 * How a worker thread starts: the launcher that loaded this bundle (bin/load-cli.cjs) loads it again in the worker,
 * with the same V8 code cache, and enters it at main.ts's fleetWorker(). Null where this is no such bundle (tests from
 * source, clickker.exe): no workers there.
 */
function workerScript(): string | null {
  try {
    const bundle = fileURLToPath(import.meta.url);
    const loader = join(dirname(bundle), '..', '..', 'bin', 'load-cli.cjs');
    if (!bundle.endsWith('cli.cjs') || !existsSync(loader)) return null;
    return `require(${JSON.stringify(loader)}).loadCli().fleetWorker();`;
  } catch {
    return null;
  }
}

/**
 * Worker threads beside this one: CLICKKER_FLEET_WORKERS=N asks for N (at most 4), from WORKER_MIN_FILES files;
 * unasked (or 0), none.
 *
 * Why not by default, measured (issue 17, session 5; fleets to a JSON report, whole process; README "Speed"): a worker
 * costs about 1.0 G machine instructions to start and warm up (Node's worker bootstrap, the bundle from its code cache,
 * V8 compiling the hot code again in its own isolate) and ~10 % more per host (two heaps collected, answers cloned):
 * valgrind counted 8.6 G against 6.9 G instructions at 1,000 hosts, 4.4 G against 3.2 G at 300 (CPU 1.27-1.34x).
 * Its wall time is that CPU split over two cores, so it can pay only where a second core is free: on the 2-core
 * machine this was built on, shared with four other jobs (load average 5-7), it finished no sooner (paired runs at
 * 1,000 files: wall 1.04x, from 0.72x to 1.37x). Peak memory at 1,000 hosts is 94-98 MB (serial 80-83 MB), under the
 * 100 MB goal, but at 10,000 hosts 115-119 MB, more than 1.2x: not flat (about 12 MB of it is glibc's malloc arena
 * of the second thread: 105 MB with MALLOC_ARENA_MAX=1). So the default stays this thread alone.
 */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env): number {
  const asked = env.CLICKKER_FLEET_WORKERS;
  if (files < WORKER_MIN_FILES || asked === undefined || !/^\d+$/.test(asked)) return 0;
  return Math.min(Number(asked), 4);
}

const isFailure = (s: HostSummary | HostFailure): s is HostFailure => 'error' in s;

/** Judges `files` in order with `checks` (a worker thread builds its own from checks/index.ts); the spools go to `spoolDir` (the output's folder). */
export async function judgeFleet(files: readonly string[], job: FleetJob, checks: readonly Check[], spoolDir: string = tmpdir()): Promise<FleetRun> {
  const counts: Counts = { pass: 0, warn: 0, fail: 0, unknown: 0, 'not-applicable': 0, skipped: 0, waived: 0 };
  const tally: Tally = { ...counts, unconfirmed: 0 };
  const verdicts = { notReady: 0, incomplete: 0, failing: 0, unjudgedOnly: 0 };
  let incompleteDeciding = 0;
  const confirmations = new Map<string, Result>();
  const unjudged = new Set<string>();
  const todo = new FleetTodoList();
  const warnings = new FleetTodoList();
  const automatic = new Set<string>();
  const widest: [number, number, number] = [0, 0, 0];

  const n = workerCount(files.length);
  const script = n > 0 ? workerScript() : null;
  const names = spoolNames(spoolDir, job.json, 1 + (script ? n : 0));
  const fds = openSpoolFiles(names);
  const spool: FleetSpool = { files: names, places: new HostPlaces(), hasResults: false, hostCount: 0 };
  let open = true;
  const closeSpool = () => {
    if (open) for (const fd of [fds.rows, ...fds.threads.flatMap((t) => [t.results, t.hosts])]) closeSync(fd);
    open = false;
  };
  const release = onInterrupt(() => {
    try { closeSpool(); } finally { removeSpool(spool); }
  });
  const rows = new SpoolWriter(fds.rows);
  const mine = job.json ? new HostSpool(fds.threads[0]!) : null;
  // Flat however many hosts (src/cli/fleet-memory.ts); released by removeSpool. With a worker thread, whose heap comes
  // on top, this thread's young generation stops at a quarter of its size alone (WORKER_SEMI_SPACE_MB).
  const memory = capFleetMemory(script ? WORKER_SEMI_SPACE_MB : SEMI_SPACE_CAP_MB);
  capped.set(spool, memory);

  const take = (index: number, summary: HostSummary | HostFailure) => {
    if (isFailure(summary)) {
      const { message, nl } = summary.error;
      throw summary.error.name === 'InputError' ? new InputError(nl === undefined ? message : { en: message, nl }) : new Error(message);
    }
    for (const k of Object.keys(counts) as (keyof Counts)[]) { counts[k] += summary.counts[k]; tally[k] += summary.tally[k]; }
    tally.unconfirmed += summary.tally.unconfirmed;
    if (summary.verdict === 'not-ready') { verdicts.notReady += 1; verdicts.failing += summary.deciding; }
    if (summary.verdict === 'incomplete') { verdicts.incomplete += 1; incompleteDeciding += summary.deciding; }
    for (const c of summary.confirmations) if (!confirmations.has(c.id)) confirmations.set(c.id, c);
    for (const id of summary.notChecked) unjudged.add(id);
    for (const id of summary.automatic) automatic.add(id);
    const who = summary.row[0];
    todo.add(who, summary.todo);
    warnings.add(who, summary.warnings);
    summary.row.forEach((cell, i) => { widest[i] = Math.max(widest[i]!, visible(cell)); });
    rows.append(`${JSON.stringify(summary.row)}\n`);
    if (summary.place) {
      spool.places.set(index, summary.place);
      if (summary.place.resultsLength > 0) spool.hasResults = true;
    }
    spool.hostCount += 1;
    memory.tick();
  };

  try {
    if (script) await withWorkers(files, job, checks, script, n, fds.threads, mine, spool.places, take);
    else {
      let yielded = performance.now();
      for (let i = 0; i < files.length; i += 1) {
        take(i, judgeHostFile(files[i]!, job, checks, mine, 0));
        // Lets a SIGINT or SIGTERM handler run between hosts, every YIELD_MS: each turn of the event loop is a system
        // call (epoll_pwait) and ~6 µs, a thousand of them in a 1,000-host run.
        if (performance.now() - yielded >= YIELD_MS) {
          await yieldToEvents();
          yielded = performance.now();
        }
      }
    }
    mine?.flush();
    rows.flush();
  } catch (err) {
    closeSpool();
    removeSpool(spool);
    release();
    throw err;
  }
  // The reports are written from the spools next (as much of the run as judging): the cap stays until removeSpool.
  closeSpool();
  release();

  // The fleet's verdict from the hosts' (the same as decide() over every result: not ready if any host is, else
  // incomplete if any host is).
  const verdict = verdicts.notReady > 0 ? 'not-ready' : verdicts.incomplete > 0 ? 'incomplete' : 'ready';
  const notChecked = checks.map((c) => c.id).filter((id) => unjudged.has(id));
  const view: FleetView = {
    requirements: job.requirements, options: job.options, selection: job.selection, failOn: job.failOn, evaluatedAt: job.now.toISOString(),
    outcome: { verdict, exitCode: verdict === 'not-ready' ? EXIT.NOT_READY : verdict === 'incomplete' ? EXIT.INCOMPLETE : EXIT.READY, counts, notChecked },
    partial: verdict === 'incomplete' && notChecked.length > 0 && incompleteDeciding === 0,
    hostCount: spool.hostCount, tally, todo: todo.list(), warnings: warnings.list(),
    leftOut: { entries: todo.leftOut.entries + warnings.leftOut.entries, hosts: Math.max(todo.leftOut.hosts, warnings.leftOut.hosts) },
    // In check order, as automaticFixes gives them for a whole evaluation.
    automatic: checks.map((c) => c.id).filter((id) => automatic.has(id)),
    widest,
  };
  return { view, confirmations: [...confirmations.values()], spool, readHere: script === null };
}

type Answer = HostSummary | HostFailure;
type FromWorker = 'ready' | 'flushed' | { index: number; summary: Answer };

/**
 * Judges with `n` worker threads beside this one. A worker gets files once it has loaded (this thread judges
 * meanwhile); each file goes to whoever is free (this thread takes the next file itself between the workers' answers,
 * never more than AHEAD past the first one not yet taken); answers are taken in file order, so the reports are the
 * same whoever judged a host. Each worker writes its hosts' report text to its own spool files and is asked to flush
 * them at the end. A worker that dies (out of memory on a huge snapshot, under its resource limits) leaves its files
 * to this thread: those not answered are judged here, and those answered whose text had not reached its spool file
 * are judged again here for their text (their summaries were taken already).
 */
async function withWorkers(files: readonly string[], job: FleetJob, checks: readonly Check[], script: string, n: number,
  fds: readonly SpoolFds[], mine: HostSpool | null, places: HostPlaces, take: (index: number, s: Answer) => void): Promise<void> {
  const { Worker } = await import('node:worker_threads');
  const waiting = new Map<number, Answer>();
  const retry: number[] = [];
  const busy = new Map<Worker, Set<number>>();
  const ready = new Set<Worker>();
  const owners = new Map<Worker, number>();
  const lost = new Set<number>();
  const flushed = new Map<Worker, () => void>();
  const used = new Set<Worker>(); // workers given a file: only they have anything to flush
  let sent = 0; // files handed out, to a worker or to this thread
  let next = 0; // the first file not yet taken
  let failure: { err: unknown } | null = null;
  let wake: (() => void) | null = null;
  const wakeUp = () => { const w = wake; wake = null; w?.(); };

  const deliver = (index: number, s: Answer) => {
    waiting.set(index, s);
    try {
      while (waiting.has(next)) {
        const answer = waiting.get(next)!;
        waiting.delete(next);
        take(next, answer);
        next += 1;
      }
    } catch (err) {
      failure ??= { err };
    }
  };
  const feed = (w: Worker) => {
    const given = busy.get(w);
    if (!given || !ready.has(w)) return;
    while (given.size < IN_FLIGHT_PER_WORKER && sent < files.length && failure === null) {
      given.add(sent);
      used.add(w);
      w.postMessage({ index: sent, file: files[sent] });
      sent += 1;
    }
  };
  const lose = (w: Worker) => {
    const given = busy.get(w);
    if (given) debug(`worker thread ${owners.get(w) ?? '?'} ended: ${given.size} files it had are judged here`);
    busy.delete(w);
    if (given) retry.push(...given);
    if (owners.has(w)) lost.add(owners.get(w)!);
    void w.terminate();
    flushed.get(w)?.();
    wakeUp();
  };
  const stopAll = () => { for (const w of [...busy.keys()]) { busy.delete(w); void w.terminate(); } };
  const release = onInterrupt(stopAll);
  try {
    for (let k = 0; k < n; k += 1) {
      // Young generation capped (V8 otherwise grows it to 3 x 16 MiB per thread while allocation is fast): a worker's
      // live data is one host at a time (WORKER_SEMI_SPACE_MB says what was measured).
      const owner = k + 1;
      const w = new Worker(script, {
        eval: true,
        workerData: { job, secrets: registeredSecrets(), owner, fds: job.json ? fds[owner]! : null, semiSpaceMb: WORKER_SEMI_SPACE_MB } satisfies WorkerData,
        resourceLimits: { maxYoungGenerationSizeMb: 2 * WORKER_SEMI_SPACE_MB },
      });
      busy.set(w, new Set());
      owners.set(w, owner);
      w.on('message', (m: FromWorker) => {
        if (m === 'ready') { ready.add(w); feed(w); wakeUp(); return; }
        if (m === 'flushed') { flushed.get(w)?.(); return; }
        busy.get(w)?.delete(m.index);
        deliver(m.index, m.summary);
        feed(w);
        wakeUp();
      });
      w.on('error', () => lose(w));
      w.on('exit', () => { if (busy.has(w)) lose(w); });
    }
    // For the tests of a worker that dies (src/cli/fleet-worker.ts): the workers load before this thread judges, so they
    // surely have files to answer, whatever the machine's load.
    if (process.env.CLICKKER_TEST_FLEET_WORKER_DIES_AFTER) {
      while ([...busy.keys()].some((w) => !ready.has(w))) await new Promise<void>((resolve) => { wake = resolve; });
    }
    while (failure === null && next < files.length) {
      const index = retry.length > 0 ? retry.shift()! : sent < files.length && sent - next < AHEAD ? sent++ : -1;
      if (index >= 0) {
        deliver(index, judgeHostFile(files[index]!, job, checks, mine, 0));
        await yieldToEvents(); // the workers' answers, and a SIGINT or SIGTERM handler, run between hosts
      } else {
        await new Promise<void>((resolve) => { wake = resolve; });
      }
    }
    if (failure !== null) throw (failure as { err: unknown }).err;
    // Every host taken: each worker given files writes what its spool still holds (one still loading had none).
    await Promise.all([...busy.keys()].filter((w) => used.has(w)).map((w) => new Promise<void>((resolve) => {
      flushed.set(w, resolve);
      w.postMessage('flush');
    })));
    if (mine) for (const owner of lost) rewriteLost(owner, fds[owner]!, files, job, checks, mine, places);
  } finally {
    release();
    stopAll();
  }
}

/** Hosts a dead worker answered whose text is not (wholly) in its spool files: judged again here for their text. */
function rewriteLost(owner: number, fds: SpoolFds, files: readonly string[], job: FleetJob, checks: readonly Check[], mine: HostSpool, places: HostPlaces): void {
  const resultsSize = spoolSize(fds.results);
  const hostsSize = spoolSize(fds.hosts);
  let again = 0;
  for (let i = 0; i < places.count; i += 1) {
    const p = places.get(i);
    if (p.owner !== owner || (p.results + p.resultsLength <= resultsSize && p.hosts + p.hostsLength <= hostsSize)) continue;
    const judged = judgeHostFile(files[i]!, job, checks, mine, 0);
    if (isFailure(judged) || !judged.place) throw new Error(`${files[i]!}: judged again after a worker thread ended, it gave no report text`);
    places.set(i, judged.place);
    again += 1;
  }
  debug(`worker thread ${owner} ended early: the text of ${again} hosts it judged was written again here`);
}

/** Each spool's memory cap, released with the spool (the end of its fleet's work). */
const capped = new WeakMap<FleetSpool, MemoryCap>();

/** Removes the spool files (after the reports are written, or for a run that is not written or is judged again). */
export function removeSpool(spool: FleetSpool): void {
  removeSpoolFiles(spool.files);
  capped.get(spool)?.release();
  capped.delete(spool);
}

/**
 * The JSON report's hosts array items or results, in file order, as bytes (src/cli/fleet-spool.ts); `reuse` for a
 * writer done with each chunk before the next (spoolRanges).
 */
export function spoolText(spool: FleetSpool, kind: 'results' | 'hosts', reuse: boolean): Generator<Buffer> {
  return spoolRanges(spool.places, kind, spool.files.threads.map((t) => t[kind]), reuse);
}

/** The host list's rows from the spool, in file order. */
export function* spoolRows(spool: FleetSpool): Generator<[string, string, string]> {
  let carry = '';
  for (const chunk of spoolChunks(spool.files.rows)) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop()!;
    for (const line of lines) yield JSON.parse(line) as [string, string, string];
  }
  if (carry) yield JSON.parse(carry) as [string, string, string];
}

/** Where a report's spool goes: next to the report (same disk, same permissions), or the temp folder for stdout. */
export function spoolDirFor(output: string | undefined): string {
  return output ? dirname(resolvePath(output)) : tmpdir();
}
