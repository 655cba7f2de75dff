// The run's one PowerShell process (issue 17). A live run starts powershell.exe at its very beginning (its cold start,
// 1-2 s on Server 2016, then overlaps Node loading and resolving everything else) and opens the job host in it
// (job-host.ts); the PowerShell probes, the network source's Windows additions (rootStore.ps1, dotnetEndpoints.ps1)
// and the SQL route as the current Windows account (sqlQuery.ps1) all run as jobs of that one host, each with its own
// deadline. A job that hangs is abandoned and the others go on; when one still holds a runspace at the end, closing the
// run kills the process tree. A consumer that finds no host (it could not start or open, or its process died) falls
// back to a session of its own, as before issue 17: one process per run is the rule when PowerShell works, never a
// reason to lose a fact.
//
// Lanes: the pool runs the probes' throttle plus SHARED_SLOTS jobs at once, and the probes go through a lane of their
// throttle, so the PowerShell probes (minutes, some of them) never hold every slot while the network source waits for
// the certificate export it needs before Node's view can start.
import type { ScriptOutcome, ScriptSource } from './bridge.js';
import { parseProbeOutput } from './envelope.js';
import { PsJobHost, type JobEvent, type JobResult, type JobSpec } from './job-host.js';
import { PsSession, takePrestartedSession } from './session.js';

/** What runs a job: the host itself, or a lane of it. */
export interface JobRunner {
  run(spec: JobSpec): Promise<JobResult>;
}

/** Probes the pool runs at once by default (the bridge's DEFAULT_THROTTLE, issue 17: ~4 on a 2-4 core server). */
export const PROBE_SLOTS = 4;
/**
 * Slots beyond the probes': the network source runs one job at a time (the certificate export, then the .NET view),
 * and so does the SQL route (its queries are sequential), so two slots mean neither ever waits behind a probe.
 */
export const SHARED_SLOTS = 2;
/** How long the host may take to start and open: PowerShell's own start is in it (the bridge's first-probe deadline). */
export const RUN_HOST_OPEN_MS = 60_000;

/**
 * At most `limit` of this lane's jobs in the host at once; the others wait here, in submission order (the bridge
 * submits slowest first), and go as soon as one of the lane's jobs ends.
 */
export class JobLane implements JobRunner {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly host: JobRunner, readonly limit: number) {}

  async run(spec: JobSpec): Promise<JobResult> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await this.host.run(spec);
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

export interface RunHostOptions {
  /** Starts the session (tests: the real pwsh with the mock layer); default node-powershell with `executable`. */
  startSession?: (executable: string) => Promise<PsSession>;
  /** The probes' lane (default PROBE_SLOTS); the pool holds SHARED_SLOTS more. */
  probeSlots?: number;
  /** Ends every job and kills the process tree (Ctrl+C). */
  signal?: AbortSignal;
  /** Deadline of starting and opening (default RUN_HOST_OPEN_MS). */
  openTimeoutMs?: number;
}

/** The run's PowerShell process and its job host. Create with `RunHost.start`; end with `close`. */
export class RunHost {
  private session: PsSession | null = null;
  private readonly opened: Promise<PsJobHost | null>;
  private closing: Promise<{ killed: boolean }> | null = null;
  private settled = false;
  /** Why the host did not open, for the consumers' records when they fall back. */
  private failure: string | null = null;
  /** PowerShell processes this run host started: 1, or 0 when starting failed before a process existed. */
  spawned = 0;

  private constructor(readonly executable: string, private readonly options: RunHostOptions) {
    this.opened = this.open().then((host) => {
      this.settled = true;
      return host;
    });
  }

  /** Starts the process now and opens the job host in the background; never throws. */
  static start(executable: string, options: RunHostOptions = {}): RunHost {
    return new RunHost(executable, options);
  }

  /** The slots a consumer's lane may use: the probes' throttle. */
  get probeSlots(): number {
    return Math.max(1, Math.floor(this.options.probeSlots ?? PROBE_SLOTS));
  }

  private async open(): Promise<PsJobHost | null> {
    try {
      // The process main.ts spawned first of all, when it did for this executable.
      const start = this.options.startSession ?? ((exe: string) => takePrestartedSession(exe) ?? PsSession.start({ executable: exe }));
      this.session = await start(this.executable);
      this.spawned += 1;
      if (this.closing) {
        await this.session.kill();
        return null;
      }
    } catch (err) {
      this.failure = `PowerShell could not be started: ${(err as Error).message}`;
      return null;
    }
    const opened = await PsJobHost.open(this.session, {
      throttle: this.probeSlots + SHARED_SLOTS,
      signal: this.options.signal,
      openTimeoutMs: this.options.openTimeoutMs ?? RUN_HOST_OPEN_MS,
      onEvent: (e) => this.listeners.get(e.label)?.(e),
    });
    if (!(opened instanceof PsJobHost)) {
      const f = opened.failed;
      this.failure = f.reason === 'session' ? f.failure.message : f.reason === 'threw' ? f.error.message : f.message;
      await this.session.kill();
      return null;
    }
    if (this.closing) {
      // Closed while it opened: nobody will use it.
      await opened.close();
      await this.session.kill();
      return null;
    }
    return opened;
  }

  /** Per-label event listeners: each consumer hears about its own jobs only. */
  private readonly listeners = new Map<string, (e: JobEvent) => void>();

  /**
   * The open job host, once it is open; null when it could not open, has died or was closed (the caller then runs
   * on its own, as before issue 17).
   */
  async host(): Promise<PsJobHost | null> {
    const host = await this.opened;
    return host && host.alive && !this.closing ? host : null;
  }

  /**
   * The host if it is open within `ms` (a consumer whose own deadline includes PowerShell's start, as the certificate
   * export's does); 'opening' when it is still starting then: the caller records that, and starts no second process.
   */
  async hostWithin(ms: number): Promise<PsJobHost | null | 'opening'> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'opening'>((resolve) => { timer = setTimeout(() => resolve('opening'), Math.max(0, ms)); });
    try {
      return await Promise.race([this.host(), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs a job in the host, with `onEvent` for its start and end; a host that is not there answers as a dead process
   * does (reason 'host'), so the caller's fallback is the one it has for a crash.
   */
  async run(spec: JobSpec, onEvent?: (e: JobEvent) => void): Promise<JobResult> {
    // A host that opened and has since died answers with its own failure (PsJobHost.run); one that never opened, or
    // was closed, with why.
    const host = await this.opened;
    if (!host || this.closing) {
      const message = this.failure ?? 'the run\'s PowerShell job host was closed';
      return { ok: false, reason: 'host', outcome: { ok: false, reason: 'session', failure: { reason: 'exited', message }, ms: 0 }, ms: 0 };
    }
    // Labels are made unique per run host, so each consumer hears about its own jobs only, whatever they are called.
    const label = this.uniqueLabel(spec.label);
    this.listeners.set(label, (e) => onEvent?.({ ...e, label: spec.label }));
    try {
      return await host.run({ ...spec, label });
    } finally {
      this.listeners.delete(label);
    }
  }

  private uniqueLabel(label: string): string {
    if (!this.listeners.has(label)) return label;
    let i = 2;
    while (this.listeners.has(`${label}#${i}`)) i += 1;
    return `${label}#${i}`;
  }

  /** A lane of `limit` jobs at once over this host (the probes' lane). */
  lane(limit: number, onEvent?: (e: JobEvent) => void): JobLane {
    return new JobLane({ run: (spec) => this.run(spec, onEvent) }, Math.max(1, Math.floor(limit)));
  }

  /** The process id, once started (tests: the one process all three consumers share). */
  get pid(): number | undefined {
    return this.session?.pid;
  }

  /**
   * Ends the run's PowerShell: the pool is disposed, and the process tree is killed (at once when a job still holds a
   * runspace, see PsJobHost.close, and in any case afterwards: nothing of this run may outlive it). Safe to call twice.
   */
  close(): Promise<{ killed: boolean }> {
    this.closing ??= (async () => {
      // A host still opening (a PowerShell that hangs at start) is not waited for: killing its process ends the open.
      if (!this.settled && this.session) {
        await this.session.kill();
        await this.opened;
        return { killed: true };
      }
      const host = await this.opened;
      let killed = false;
      if (host) killed = (await host.close()).killed;
      if (this.session) await this.session.kill();
      return { killed };
    })();
    return this.closing;
  }
}

/** The run host of this process' live run, if one was started. */
let current: RunHost | null = null;

/**
 * Starts the run's PowerShell now (the beginning of a live run), or keeps the one already started for the same
 * executable. One started for another executable (the settings named another after all) is closed.
 */
export function startRunHost(executable: string, options: RunHostOptions = {}): RunHost {
  if (current && current.executable === executable) return current;
  if (current) void current.close();
  current = RunHost.start(executable, options);
  return current;
}

/** The run host for this executable, or null (none started, or another executable): the caller runs on its own. */
export function runHostFor(executable: string): RunHost | null {
  return current && current.executable === executable ? current : null;
}

/** Whether a run host was started (main.ts closes it on every way out). */
export function runHostStarted(): boolean {
  return current !== null;
}

/** Ends the run's PowerShell, if any (collectSnapshot's end, and main's on every way out). */
export async function closeRunHost(): Promise<void> {
  const h = current;
  current = null;
  if (h) await h.close();
}

/**
 * A source's own script (rootStore.ps1, dotnetEndpoints.ps1, sqlQuery.ps1) as a job of the run's host, answered the
 * way runScript answers for a session of its own, except that a job past its deadline is 'abandoned': the process
 * and every other job go on. Its parameters travel as data, base64 in the job line, exactly as in an invocation.
 */
export async function runScriptAsJob(
  host: RunHost, label: string, script: ScriptSource, params: Readonly<Record<string, string>>, timeoutMs: number,
): Promise<ScriptOutcome> {
  const r = await host.run({ label, script, params, timeoutMs });
  if (r.ok) {
    const parsed = parseProbeOutput(r.data);
    return parsed.ok ? { ok: true, data: parsed.data, ms: r.ms } : { ok: false, reason: 'bad-output', message: parsed.message, ms: r.ms };
  }
  switch (r.reason) {
    case 'threw': return { ok: false, reason: 'threw', error: r.error, ms: r.ms };
    case 'timeout': return { ok: false, reason: 'abandoned', message: r.message, ms: r.ms };
    case 'host': return r.outcome;
  }
}
