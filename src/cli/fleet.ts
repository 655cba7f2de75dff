// A fleet of snapshot files judged as a stream (issue 17): one host at a time here, yielding between hosts so Ctrl+C
// is seen at once, or (CLICKKER_FLEET_WORKERS=N) by a small pool of worker threads, results taken in file order. Only per-host counts, verdicts and deciding ids are kept for the summary;
// each host's results go, as JSON report text and in file order, to a spool file that is copied into the report after
// the header (which needs the totals), and its entry in the header's hosts array to a second one, copied into the
// header's place for it. Memory stays flat however many hosts there are.
import { closeSync, existsSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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
import { jsonHostText } from '../report/json.js';
import { registeredSecrets } from '../report/redact.js';
import { judgeHostFile, type DecidingRef, type FleetJob, type HostFailure, type HostSummary } from './fleet-host.js';
import { onInterrupt } from './interrupt.js';

/** Below this many files the workers' start-up (~0.1 s each) costs more than they save. */
export const WORKER_MIN_FILES = 200;
/** Files sent to a worker before its answers come back: keeps each busy without holding many answers. */
const IN_FLIGHT_PER_WORKER = 8;

export interface FleetRun {
  /** The evaluation without per-result detail: hosts with counts, verdicts and deciding ids (results: []). */
  evaluation: Evaluation;
  /** Open manual confirmations, one per check id. */
  confirmations: Result[];
  /**
   * The results as JSON report text (when the job renders JSON): read it after the header, then remove it. `hosts` is
   * the header's hosts array items the same way (jsonReportHeadAround), `hostCount` how many.
   */
  spool: { file: string; bytes: number; results: number; hosts: string; hostCount: number } | null;
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
 * Worker threads for this many files: none unless CLICKKER_FLEET_WORKERS asks for them (at most one per core, 4).
 * Measured on a 2-core machine shared with other work (README "Speed"): two workers cost 1.6x the CPU and twice the
 * peak memory (each thread loads the checks and its own heap) and finished no sooner, so judging here is the default.
 */
export function workerCount(files: number, env: NodeJS.ProcessEnv = process.env): number {
  const asked = env.CLICKKER_FLEET_WORKERS;
  if (asked === undefined || !/^\d+$/.test(asked) || files < WORKER_MIN_FILES) return 0;
  return Math.min(Number(asked), 4, availableParallelism());
}

const isFailure = (s: HostSummary | HostFailure): s is HostFailure => 'error' in s;

/** Judges `files` in order with `checks` (a worker thread builds its own from checks/index.ts); `spoolDir` is where the results' report text is spooled (the output's folder). */
export async function judgeFleet(files: readonly string[], job: FleetJob, checks: readonly Check[], spoolDir: string = tmpdir()): Promise<FleetRun> {
  const hosts: HostReport[] = [];
  const deciding: { failing: DecidingRef[]; incomplete: DecidingRef[] } = { failing: [], incomplete: [] };
  const confirmations = new Map<string, Result>();
  const unjudged = new Set<string>();
  const counts: Counts = { pass: 0, warn: 0, fail: 0, unknown: 0, 'not-applicable': 0, skipped: 0, waived: 0 };

  let spool: FleetRun['spool'] = null;
  let fd: number | undefined;
  let hostsFd: number | undefined;
  let release = () => undefined as void;
  if (job.json) {
    const stamp = `${process.pid}.${Date.now()}`;
    const file = join(spoolDir, `.clickker-results.${stamp}.tmp`);
    const hostsFile = join(spoolDir, `.clickker-hosts.${stamp}.tmp`);
    fd = openSync(file, 'w', 0o600);
    try {
      hostsFd = openSync(hostsFile, 'w', 0o600);
    } catch (err) {
      closeSync(fd);
      rmSync(file, { force: true });
      throw err;
    }
    spool = { file, bytes: 0, results: 0, hosts: hostsFile, hostCount: 0 };
    release = onInterrupt(() => {
      try { if (fd !== undefined) closeSync(fd); if (hostsFd !== undefined) closeSync(hostsFd); } finally { rmSync(file, { force: true }); rmSync(hostsFile, { force: true }); }
    });
  }
  const closeSpool = () => {
    if (fd !== undefined) closeSync(fd);
    if (hostsFd !== undefined) closeSync(hostsFd);
    fd = hostsFd = undefined;
  };

  const take = (summary: HostSummary | HostFailure) => {
    if (isFailure(summary)) {
      const { message, nl } = summary.error;
      throw summary.error.name === 'InputError' ? new InputError(nl === undefined ? message : { en: message, nl }) : new Error(message);
    }
    for (const k of Object.keys(counts) as (keyof Counts)[]) counts[k] += summary.counts[k];
    if (summary.verdict === 'not-ready') deciding.failing.push(...summary.deciding);
    if (summary.verdict === 'incomplete') deciding.incomplete.push(...summary.deciding);
    for (const c of summary.confirmations) if (!confirmations.has(c.id)) confirmations.set(c.id, c);
    for (const id of summary.notChecked) unjudged.add(id);
    const outcome = { verdict: summary.verdict, exitCode: summary.exitCode, counts: summary.counts, deciding: summary.deciding as Result[], notChecked: summary.notChecked };
    const host: HostReport = { host: summary.host, file: summary.file, collectedAt: summary.collectedAt, collector: summary.collector, results: [], outcome };
    hosts.push(host);
    if (spool && hostsFd !== undefined) {
      writeSync(hostsFd, spool.hostCount > 0 ? `,\n${jsonHostText(host)}` : jsonHostText(host));
      spool.hostCount += 1;
    }
    if (spool && fd !== undefined && summary.json) {
      const text = spool.results > 0 ? `,\n${summary.json}` : summary.json;
      const buf = Buffer.from(text, 'utf8');
      writeSync(fd, buf);
      spool.bytes += buf.length;
      spool.results += summary.counts ? Object.values(summary.counts).reduce((a, b) => a + b, 0) : 0;
    }
  };

  try {
    const script = files.length >= WORKER_MIN_FILES && workerCount(files.length) > 0 ? workerScript() : null;
    if (script) await viaWorkers(files, job, script, take);
    else {
      for (const file of files) {
        take(judgeHostFile(file, job, checks));
        await yieldToEvents(); // lets a SIGINT or SIGTERM handler run between hosts
      }
    }
  } catch (err) {
    closeSpool();
    if (spool) removeSpool(spool);
    release();
    throw err;
  }
  closeSpool();
  release();

  // The fleet's verdict from the hosts' (the same as decide() over every result: not ready if any host is, else
  // incomplete if any host is), with the deciding results in host order.
  const verdict = deciding.failing.length > 0 || hosts.some((h) => h.outcome.verdict === 'not-ready') ? 'not-ready'
    : hosts.some((h) => h.outcome.verdict === 'incomplete') ? 'incomplete' : 'ready';
  const outcome: Outcome = {
    verdict,
    exitCode: verdict === 'not-ready' ? EXIT.NOT_READY : verdict === 'incomplete' ? EXIT.INCOMPLETE : EXIT.READY,
    counts,
    deciding: (verdict === 'not-ready' ? deciding.failing : verdict === 'incomplete' ? deciding.incomplete : []) as Result[],
    notChecked: checks.map((c) => c.id).filter((id) => unjudged.has(id)),
  };
  const evaluation: Evaluation = {
    requirements: job.requirements, options: job.options, selection: job.selection, failOn: job.failOn,
    hosts, results: [], outcome, evaluatedAt: job.now.toISOString(), checks,
  };
  return { evaluation, confirmations: [...confirmations.values()], spool };
}

async function viaWorkers(files: readonly string[], job: FleetJob, script: URL, take: (s: HostSummary | HostFailure) => void): Promise<void> {
  const { Worker } = await import('node:worker_threads');
  const n = workerCount(files.length);
  const workers: Worker[] = [];
  const stopAll = () => { for (const w of workers) void w.terminate(); };
  const release = onInterrupt(stopAll);
  try {
    await new Promise<void>((resolve, reject) => {
      const waiting = new Map<number, HostSummary | HostFailure>();
      let sent = 0;
      let next = 0;
      let failed = false;
      const send = (w: Worker) => {
        if (sent < files.length) { w.postMessage({ index: sent, file: files[sent] }); sent += 1; }
      };
      for (let k = 0; k < n; k += 1) {
        const w = new Worker(script, { workerData: { job, secrets: registeredSecrets() } });
        workers.push(w);
        w.on('message', (m: { index: number; summary: HostSummary | HostFailure }) => {
          if (failed) return;
          waiting.set(m.index, m.summary);
          try {
            // Hosts are taken in file order, so the report is the same whichever worker was faster.
            while (waiting.has(next)) {
              const s = waiting.get(next)!;
              waiting.delete(next);
              next += 1;
              take(s);
            }
          } catch (err) {
            failed = true;
            reject(err);
            return;
          }
          if (next === files.length) resolve();
          else send(w);
        });
        w.on('error', (err) => { failed = true; reject(err); });
        for (let i = 0; i < IN_FLIGHT_PER_WORKER; i += 1) send(w);
      }
    });
  } finally {
    release();
    stopAll();
  }
}

/** Removes both spool files (a run that is not written, or is judged again). */
export function removeSpool(spool: NonNullable<FleetRun['spool']>): void {
  rmSync(spool.file, { force: true });
  rmSync(spool.hosts, { force: true });
}

/**
 * A spool file (results or hosts), chunk by chunk, for the report writer; the file is removed at the end. 64 KiB: a
 * chunk of 1 MiB became a string in V8's large-object space, where 200 of them (a 10,000-host report) piled up until a
 * full GC, 30 MB of peak memory; 64 KiB strings die young and cheaply (issue 17, measured in README "Speed").
 */
export function* spoolChunks(file: string): Generator<string> {
  const release = onInterrupt(() => rmSync(file, { force: true }));
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
    rmSync(file, { force: true });
    release();
  }
}

/** Where a report's spool goes: next to the report (same disk, same permissions), or the temp folder for stdout. */
export function spoolDirFor(output: string | undefined): string {
  return output ? dirname(resolvePath(output)) : tmpdir();
}
