// A fleet of snapshot files judged as a stream (issue 17): by this thread and, when CLICKKER_FLEET_WORKERS asks, by
// worker threads beside it, results taken in file order. Only counts are kept for the summary, with the to-do list
// as one item per distinct fix and how many hosts it stands for (src/report/fleet-todo.ts). Everything per host goes
// to spool files in file order: its row of the console's host list, its entry in the JSON report's hosts array and its
// results as JSON report text. The reports are written from them at the end (the JSON header needs the totals, the
// host list the widest name). Memory stays flat however many hosts there are.
import { closeSync, existsSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors.js';
import type { Evaluation, HostReport } from '../core/evaluate.js';
import { EXIT } from '../core/exit-codes.js';
import type { Counts, Outcome } from '../core/outcome.js';
import type { Check, Result } from '../core/types.js';
import type { Tally } from '../report/common.js';
import { FleetTodoList, type FleetTodoItem } from '../report/fleet-todo.js';
import { jsonHostText } from '../report/json.js';
import { registeredSecrets } from '../report/redact.js';
import { visible } from '../report/table.js';
import { judgeHostFile, type FleetJob, type HostFailure, type HostSummary } from './fleet-host.js';
import { capFleetMemory, type MemoryCap } from './fleet-memory.js';
import { onInterrupt } from './interrupt.js';

/**
 * Below this many files CLICKKER_FLEET_WORKERS asks in vain: a worker costs ~0.15 s of CPU to start (it loads the
 * checks) and a heap of its own, more than it saves on a small fleet.
 */
export const WORKER_MIN_FILES = 200;
/** Files sent to a worker before its answers come back: keeps it busy without holding many answers. */
const IN_FLIGHT_PER_WORKER = 4;
/** How far this thread judges ahead of the first host not yet taken: answers waiting for their turn stay few. */
const AHEAD = 32;

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
  /** The console host list's rows, one JSON array a line. */
  rows: string;
  /** The JSON report's results (joined by ",\n") and hosts array items, when the job renders JSON. */
  results: string | null;
  hosts: string | null;
  bytes: number;
  hostCount: number;
}

export interface FleetRun {
  view: FleetView;
  /** Open manual confirmations, one per check id. */
  confirmations: Result[];
  /** Read the reports from it, then removeSpool. */
  spool: FleetSpool;
}

/** The worker thread's script next to this bundle, or null where there is none (tests from source, clickker.exe). */
function workerScript(): URL | null {
  try {
    const url = new URL('./fleet-worker.js', import.meta.url);
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
  } catch {
    return null;
  }
}

/**
 * Worker threads beside this one: none unless CLICKKER_FLEET_WORKERS=N asks for N (at most 4), from WORKER_MIN_FILES
 * files. Measured on the 2-core machine this was built on, shared with other work (README "Speed", issue 17): one
 * worker cost 1.38x the CPU and 1.6x the peak memory at 1,000 files and finished 1.27x later; at 10,000 files 1.16x
 * the CPU, 1.41x the memory, the same wall time. It never paid there, so judging here alone is the default; on a
 * machine with an idle core it may, and the variable is how to use it.
 */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env): number {
  const asked = env.CLICKKER_FLEET_WORKERS;
  if (files < WORKER_MIN_FILES || asked === undefined || !/^\d+$/.test(asked)) return 0;
  return Math.min(Number(asked), 4);
}

const isFailure = (s: HostSummary | HostFailure): s is HostFailure => 'error' in s;

/** Opens the spool files next to the report (`dir`), all or none. */
function openSpool(dir: string, json: boolean): { spool: FleetSpool; fds: number[] } {
  const stamp = `${process.pid}.${Date.now()}`;
  const names = [join(dir, `.clickker-rows.${stamp}.tmp`), ...(json ? [join(dir, `.clickker-results.${stamp}.tmp`), join(dir, `.clickker-hosts.${stamp}.tmp`)] : [])];
  const fds: number[] = [];
  try {
    for (const name of names) fds.push(openSync(name, 'w', 0o600));
  } catch (err) {
    for (const fd of fds) closeSync(fd);
    for (const name of names) rmSync(name, { force: true });
    throw err;
  }
  return { spool: { rows: names[0]!, results: names[1] ?? null, hosts: names[2] ?? null, bytes: 0, hostCount: 0 }, fds };
}

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

  const { spool, fds } = openSpool(spoolDir, job.json);
  let open = true;
  const closeSpool = () => {
    if (open) for (const fd of fds) closeSync(fd);
    open = false;
  };
  const release = onInterrupt(() => {
    try { closeSpool(); } finally { removeSpool(spool); }
  });
  const [rowsFd, resultsFd, hostsFd] = fds;
  const memory = capFleetMemory(); // flat however many hosts (src/cli/fleet-memory.ts); released by removeSpool
  capped.set(spool, memory);

  const take = (summary: HostSummary | HostFailure) => {
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
    writeSync(rowsFd!, `${JSON.stringify(summary.row)}\n`);
    if (hostsFd !== undefined) {
      const outcome = { verdict: summary.verdict, exitCode: summary.exitCode, counts: summary.counts, deciding: [], notChecked: summary.notChecked };
      const host: HostReport = { host: summary.host, file: summary.file, collectedAt: summary.collectedAt, collector: summary.collector, results: [], outcome };
      writeSync(hostsFd, spool.hostCount > 0 ? `,\n${jsonHostText(host)}` : jsonHostText(host));
    }
    spool.hostCount += 1;
    memory.tick();
    if (resultsFd !== undefined && summary.json) {
      const buf = Buffer.from(spool.bytes > 0 ? `,\n${summary.json}` : summary.json, 'utf8');
      writeSync(resultsFd, buf);
      spool.bytes += buf.length;
    }
  };

  try {
    const n = workerCount(files.length);
    const script = n > 0 ? workerScript() : null;
    if (script) await withWorkers(files, job, checks, script, n, take);
    else {
      for (const file of files) {
        take(judgeHostFile(file, job, checks));
        await yieldToEvents(); // lets a SIGINT or SIGTERM handler run between hosts
      }
    }
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
  return { view, confirmations: [...confirmations.values()], spool };
}

/**
 * Judges with `n` worker threads beside this one. Each file goes to whoever is free (this thread takes the next file
 * itself between the workers' answers, never more than AHEAD past the first one not yet taken); answers are taken in
 * file order, so the reports are the same whoever judged a host. A worker that dies (out of memory on a huge snapshot,
 * under its resource limits) leaves its files to this thread.
 */
async function withWorkers(files: readonly string[], job: FleetJob, checks: readonly Check[], script: URL, n: number,
  take: (s: HostSummary | HostFailure) => void): Promise<void> {
  const { Worker } = await import('node:worker_threads');
  const waiting = new Map<number, HostSummary | HostFailure>();
  const retry: number[] = [];
  const busy = new Map<Worker, Set<number>>();
  let sent = 0; // files handed out, to a worker or to this thread
  let next = 0; // the first file not yet taken
  let failure: { err: unknown } | null = null;
  let wake: (() => void) | null = null;
  const wakeUp = () => { const w = wake; wake = null; w?.(); };

  const deliver = (index: number, s: HostSummary | HostFailure) => {
    waiting.set(index, s);
    try {
      while (waiting.has(next)) {
        const answer = waiting.get(next)!;
        waiting.delete(next);
        next += 1;
        take(answer);
      }
    } catch (err) {
      failure ??= { err };
    }
  };
  const feed = (w: Worker) => {
    const mine = busy.get(w);
    if (!mine) return;
    while (mine.size < IN_FLIGHT_PER_WORKER && sent < files.length && failure === null) {
      mine.add(sent);
      w.postMessage({ index: sent, file: files[sent] });
      sent += 1;
    }
  };
  const lose = (w: Worker) => {
    const mine = busy.get(w);
    busy.delete(w);
    if (mine) retry.push(...mine);
    void w.terminate();
    wakeUp();
  };
  const stopAll = () => { for (const w of [...busy.keys()]) { busy.delete(w); void w.terminate(); } };
  const release = onInterrupt(stopAll);
  try {
    for (let k = 0; k < n; k += 1) {
      // Young generation capped (V8 otherwise grows it to 3 x 16 MiB per thread while allocation is fast): a worker's
      // live data is one host at a time.
      const w = new Worker(script, { workerData: { job, secrets: registeredSecrets() }, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      busy.set(w, new Set());
      w.on('message', (m: { index: number; summary: HostSummary | HostFailure }) => {
        busy.get(w)?.delete(m.index);
        deliver(m.index, m.summary);
        feed(w);
        wakeUp();
      });
      w.on('error', () => lose(w));
      w.on('exit', () => { if (busy.has(w)) lose(w); });
      feed(w);
    }
    while (failure === null && next < files.length) {
      const index = retry.length > 0 ? retry.shift()! : sent < files.length && sent - next < AHEAD ? sent++ : -1;
      if (index >= 0) {
        deliver(index, judgeHostFile(files[index]!, job, checks));
        await yieldToEvents(); // the workers' answers, and a SIGINT or SIGTERM handler, run between hosts
      } else {
        await new Promise<void>((resolve) => { wake = resolve; });
      }
    }
    if (failure !== null) throw (failure as { err: unknown }).err;
  } finally {
    release();
    stopAll();
  }
}

/** Each spool's memory cap, released with the spool (the end of its fleet's work). */
const capped = new WeakMap<FleetSpool, MemoryCap>();

/** Removes the spool files (after the reports are written, or for a run that is not written or is judged again). */
export function removeSpool(spool: FleetSpool): void {
  for (const file of [spool.rows, spool.results, spool.hosts]) if (file) rmSync(file, { force: true });
  capped.get(spool)?.release();
  capped.delete(spool);
}

/**
 * A spool file, chunk by chunk, for the report writer. 64 KiB: a chunk of 1 MiB became a string in V8's large-object
 * space, where 200 of them (a 10,000-host report) piled up until a full GC, 30 MB of peak memory; 64 KiB strings die
 * young and cheaply (issue 17, measured in README "Speed"). The file stays: removeSpool removes it.
 */
export function* spoolChunks(file: string): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    const decoder = new StringDecoder('utf8'); // never splits a character between chunks
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      yield decoder.write(buf.subarray(0, n));
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}

/** The host list's rows from the spool, in file order. */
export function* spoolRows(file: string): Generator<[string, string, string]> {
  let carry = '';
  for (const chunk of spoolChunks(file)) {
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
