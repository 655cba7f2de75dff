// Several jobs at once in the one PowerShell process (issue 17). node-powershell runs one command at a time, so the
// jobs do not each get an invocation: jobhost.ps1 keeps a RunspacePool in the session, and this class drives it with
// short invocations (open, submit, poll, close), each an ordinary bridge invocation with its own nonce
// (envelope.ts). Every job has its own deadline, counted in PowerShell from its own start; a job past it is abandoned
// and the others go on. The process tree is killed only when it must be: a control invocation that does not answer
// (a crash, a hang of the process itself), or, at close, an abandoned job that would not stop.
//
// Protocol (docs/powershell.md, "The job host"):
//   open   {Throttle, Warm}  -> { opened, stateMs } the pool opens in the background; the first submit waits for it
//   submit {Jobs}            -> poll's answer     jobs: key TAB deadline-ms TAB base64(script) [TAB name=base64(value)]
//   poll   {WaitMs}          -> { events, running, queued, abandoned }
//                               events: { key, event: 'started' } | { key, event: 'done', ok, data | error, ms, phases }
//   close  {}                -> { abandoned }     Node kills the process tree when abandoned > 0
import { performance } from 'node:perf_hooks';
import { debuglog } from 'node:util';
import { describeScriptFailure, runScript, type ScriptOutcome, type ScriptSource } from './bridge.js';
import { BRIDGE_SCRIPTS, readProbeScript, type PsErrorInfo } from './probes.js';
import type { PsSession, SessionFailure } from './session.js';

/** One job: a script and its parameters (data only), with the deadline PowerShell holds it to. */
export interface JobSpec {
  /** What the job is, for progress and messages (a probe id, "sqlQuery", ...). */
  label: string;
  script: ScriptSource;
  params?: Readonly<Record<string, string>>;
  timeoutMs: number;
}

/**
 * Where a job's time went, in ms, by PowerShell's clock: waiting for a free slot, getting a runspace and starting the
 * script (a runspace the pool creates for it is opened here), the script itself, and ending until a control call saw it.
 */
export interface JobPhases { queue: number; start: number; run: number; notice: number }

/** What a job gave. Only `host` means the process is gone; the others leave the host running. */
export type JobResult =
  | { ok: true; data: string | null; ms: number; phases?: JobPhases }
  | { ok: false; reason: 'threw'; error: PsErrorInfo; ms: number; phases?: JobPhases }
  /** Past its deadline: asked to stop and abandoned; the others went on. */
  | { ok: false; reason: 'timeout'; message: string; ms: number }
  /** The process failed (crash, hang of the process, an answer out of step, cancelled): every open job gets this. */
  | { ok: false; reason: 'host'; outcome: Exclude<ScriptOutcome, { ok: true }>; ms: number };

export interface JobHostOptions {
  /** Jobs that run at once (the pool's size); more wait in PowerShell's queue, in submission order. */
  throttle: number;
  /** Commands whose modules the warm-up loads in every runspace before the first job (e.g. Get-CimInstance). */
  warm?: readonly string[];
  /** Cancels every open job and kills the process tree (Ctrl+C, the total budget). */
  signal?: AbortSignal;
  /**
   * Deadline of `open`, the session's first command when it was just started, so it includes PowerShell's own start
   * (1-2 s on Server 2016, far more on a loaded machine). Default OPEN_TIMEOUT_MS.
   */
  openTimeoutMs?: number;
  /** A job started (PowerShell took it from the queue) or finished: the CLI's per-probe progress. */
  onEvent?: (event: JobEvent) => void;
}

export type JobEvent = { label: string; event: 'started' } | { label: string; event: 'finished'; ms: number; ok: boolean; phases?: JobPhases };

/**
 * How long one poll waits for something to happen (it returns as soon as a job starts or ends); a job submitted
 * meanwhile waits at most this long to be sent. Every poll costs PowerShell some CPU, so not much shorter.
 */
export const POLL_WAIT_MS = 400;
/** Default deadline of `open` (JobHostOptions.openTimeoutMs). */
export const OPEN_TIMEOUT_MS = 60_000;
/** How long a control invocation may take beyond its own wait before the process counts as hung. */
const CONTROL_GRACE_MS = 30_000;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
/**
 * NODE_DEBUG=clickker-jobhost: each control invocation, how long it took and what it reported (job keys and events,
 * never a job's output), and why the host failed. A control that does not answer within its deadline ends the host,
 * and the consumers fall back to sessions of their own; this says when that happened and after how long.
 */
const debug = debuglog('clickker-jobhost');
/**
 * What submit, poll and close send once `open` has defined jobhost.ps1's functions in the session: a one-line call
 * (its parameters still travel as base64 data through the envelope).
 */
export const JOB_HOST_CALL = { text: "# clickker probe: jobhost\nparam([string] $Action, [string] $Jobs = '', [string] $WaitMs = '0') Invoke-ClickkerJobHost -Action $Action -Jobs $Jobs -WaitMs $WaitMs" };

interface Waiting { spec: JobSpec; resolve: (r: JobResult) => void; t0: number }

interface RawError { message?: string | null; kind?: string; types?: unknown; hresults?: unknown; category?: string | null; id?: string | null }
interface RawEvent { key?: string; event?: string; ok?: boolean; data?: string | null; error?: RawError; ms?: number; phases?: Partial<Record<keyof JobPhases, unknown>> }

const asArray = <T>(v: unknown): T[] => (v == null ? [] : Array.isArray(v) ? v as T[] : [v as T]);
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

export class PsJobHost {
  private readonly toSubmit: { key: string; line: string }[] = [];
  private readonly waiting = new Map<string, Waiting>();
  private pumping: Promise<void> | null = null;
  private next = 1;
  private failed: Exclude<ScriptOutcome, { ok: true }> | null = null;
  private closed = false;

  private constructor(readonly session: PsSession, private readonly options: JobHostOptions) {}

  /** Opens the pool in `session` (returning once its warm-up has started) or says why it could not. */
  static async open(session: PsSession, options: JobHostOptions): Promise<PsJobHost | { failed: Exclude<ScriptOutcome, { ok: true }> }> {
    const outcome = await runScript(session, BRIDGE_SCRIPTS.jobHost, {
      Action: 'open', Throttle: String(Math.max(1, Math.floor(options.throttle))), Warm: (options.warm ?? []).join('\n'),
    }, options.openTimeoutMs ?? OPEN_TIMEOUT_MS, options.signal);
    if (!outcome.ok) return { failed: outcome };
    return new PsJobHost(session, options);
  }

  /** True while the process answers; after a failure every job is refused with that failure. */
  get alive(): boolean {
    return this.failed === null && !this.closed && this.session.alive;
  }

  /** Runs one job; never throws for anything PowerShell does. */
  run(spec: JobSpec): Promise<JobResult> {
    const t0 = performance.now();
    if (this.failed) return Promise.resolve({ ok: false, reason: 'host', outcome: this.failed, ms: 0 });
    if (this.closed || !this.session.alive) {
      return Promise.resolve({ ok: false, reason: 'host', outcome: { ok: false, reason: 'session', failure: { reason: 'exited', message: 'the PowerShell job host was closed' }, ms: 0 }, ms: 0 });
    }
    const key = `j${this.next++}`;
    const params = Object.entries(spec.params ?? {}).map(([name, value]) => {
      if (!PARAM_NAME.test(name)) throw new Error(`invalid PowerShell parameter name ${JSON.stringify(name)}`);
      return `${name}=${b64(value)}`;
    });
    const text = typeof spec.script === 'string' ? readProbeScript(spec.script) : spec.script.text;
    const line = [key, String(Math.max(1, Math.floor(spec.timeoutMs))), b64(text), ...params].join('\t');
    return new Promise<JobResult>((resolve) => {
      this.waiting.set(key, { spec, resolve, t0 });
      this.toSubmit.push({ key, line });
      this.kick();
    });
  }

  /** Ends the host: the pool is disposed, or, when an abandoned job still runs (or the host failed), the tree is killed. */
  async close(): Promise<{ killed: boolean }> {
    if (this.closed) return { killed: !this.session.alive };
    this.closed = true;
    await this.pumping;
    if (this.failed || !this.session.alive) {
      await this.session.kill();
      return { killed: true };
    }
    const outcome = await runScript(this.session, JOB_HOST_CALL, { Action: 'close' }, CONTROL_GRACE_MS, this.options.signal);
    const abandoned = outcome.ok ? Number((outcome.data as { abandoned?: unknown } | null)?.abandoned ?? 0) : 1;
    if (abandoned > 0) {
      await this.session.kill();
      return { killed: true };
    }
    return { killed: false };
  }

  private kick(): void {
    if (this.pumping) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      // A job submitted after the pump's last look but before this ran (a caller that submits as soon as its previous
      // job resolved, in the same microtask turn) found the pump still running: send it now, or it waits for ever.
      if (!this.failed && this.toSubmit.length > 0) this.kick();
    });
  }

  /** One control invocation at a time: submit what is new, else poll, until no job is open. */
  private async pump(): Promise<void> {
    // Jobs submitted in the same tick (the bridge submits its probes in a loop) travel in one submit.
    await Promise.resolve();
    while (!this.failed && (this.toSubmit.length > 0 || this.waiting.size > 0)) {
      let outcome: ScriptOutcome;
      const action = this.toSubmit.length > 0 ? 'submit' : 'poll';
      const t0 = performance.now();
      if (this.toSubmit.length > 0) {
        const batch = this.toSubmit.splice(0);
        outcome = await runScript(this.session, JOB_HOST_CALL, { Action: 'submit', Jobs: batch.map((b) => b.line).join('\n') }, CONTROL_GRACE_MS, this.options.signal);
      } else {
        outcome = await runScript(this.session, JOB_HOST_CALL, { Action: 'poll', WaitMs: String(POLL_WAIT_MS) }, POLL_WAIT_MS + CONTROL_GRACE_MS, this.options.signal);
      }
      const ms = Math.round(performance.now() - t0);
      if (!outcome.ok) {
        debug('%s failed after %d ms: %s', action, ms, describeScriptFailure(outcome));
        this.fail(outcome);
        return;
      }
      const events = asArray<RawEvent>((outcome.data as { events?: unknown } | null)?.events);
      debug('%s answered in %d ms: %s', action, ms, events.map((e) => `${e.key ?? '?'} ${e.event ?? '?'}${e.event === 'done' ? (e.ok ? ' ok' : ` ${e.error?.kind ?? 'error'}`) : ''}`).join(', ') || 'no events');
      for (const e of events) this.dispatch(e);
      // A caller that was waiting for a job to end (a lane of the run's host, run-host.ts) submits its next job in
      // the callbacks just resolved: let them run, so that job goes in the next call instead of after a poll's wait.
      if (events.some((e) => e.event === 'done')) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private dispatch(e: RawEvent): void {
    const w = e.key ? this.waiting.get(e.key) : undefined;
    if (!w) return;
    if (e.event === 'started') {
      this.options.onEvent?.({ label: w.spec.label, event: 'started' });
      return;
    }
    if (e.event !== 'done') return;
    this.waiting.delete(e.key!);
    const ms = Math.max(0, Math.round(Number(e.ms) || 0));
    const phases = readPhases(e.phases);
    let result: JobResult;
    if (e.ok) {
      result = { ok: true, data: e.data ?? null, ms, ...(phases ? { phases } : {}) };
    } else {
      const err = e.error ?? {};
      const types = asArray<unknown>(err.types).filter((t): t is string => typeof t === 'string');
      const hresults = asArray<unknown>(err.hresults).filter((h): h is number => typeof h === 'number');
      const message = err.message ?? `PowerShell reported ${types[0] ?? 'an error'}`;
      result = err.kind === 'timeout'
        ? { ok: false, reason: 'timeout', message, ms }
        : { ok: false, reason: 'threw', error: { message, types, hresults, category: err.category ?? undefined, id: err.id ?? undefined }, ms, ...(phases ? { phases } : {}) };
    }
    this.options.onEvent?.({ label: w.spec.label, event: 'finished', ms, ok: result.ok, ...(phases ? { phases } : {}) });
    w.resolve(result);
  }

  /** The process failed: every open job gets that failure, and the host refuses new ones. */
  private fail(outcome: Exclude<ScriptOutcome, { ok: true }>): void {
    this.failed = outcome;
    const open = [...this.waiting.values()];
    this.waiting.clear();
    this.toSubmit.length = 0;
    for (const w of open) {
      const ms = Math.round(performance.now() - w.t0);
      this.options.onEvent?.({ label: w.spec.label, event: 'finished', ms, ok: false });
      w.resolve({ ok: false, reason: 'host', outcome, ms });
    }
  }
}

/** The phases of a done event, when PowerShell gave all four as numbers (a job that timed out has none). */
function readPhases(raw: RawEvent['phases']): JobPhases | undefined {
  if (!raw) return undefined;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.round(v)) : null);
  const queue = n(raw.queue);
  const start = n(raw.start);
  const run = n(raw.run);
  const notice = n(raw.notice);
  return queue === null || start === null || run === null || notice === null ? undefined : { queue, start, run, notice };
}

/** A host failure as a session failure, for callers that record why PowerShell stopped answering. */
export function hostFailure(outcome: Exclude<ScriptOutcome, { ok: true }>): SessionFailure {
  if (outcome.reason === 'session') return outcome.failure;
  const message = outcome.reason === 'threw' ? outcome.error.message : outcome.message;
  return { reason: 'exited', message: `the PowerShell job host failed: ${message}` };
}
