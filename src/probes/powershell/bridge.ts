// Runs the PowerShell probes in one long-lived session: identity (elevation) first, a deadline per probe within a
// total budget, a fresh session after a hang, a crash or an answer out of step, and every failure recorded as that
// probe's error — never thrown. PowerShell itself decides nothing; the records go into the snapshot as printed.
import { performance } from 'node:perf_hooks';
import type { ProbeEvent, ProbeOptions } from '../../core/probe-sources.js';
import type { ProbeErrorKind, ProbeRecord } from '../../core/facts.js';
import { buildInvocation, newNonce, parseProbeOutput, readEnvelope } from './envelope.js';
import {
  bySlowestFirst, classifyPsError, needsElevationMessage, POWERSHELL_PROBES, probeParameters, readProbeScript,
  type PowershellProbe, type PsErrorInfo,
} from './probes.js';
import { PsSession, resolveExecutable, type SessionFailure } from './session.js';
import { PsJobHost, type JobEvent, type JobResult } from './job-host.js';
import { runHostFor, type JobRunner, type RunHost } from './run-host.js';

export interface BridgeOptions {
  /** Deadline of one probe, including the start of a new session (ms); the total budget can only shorten it. */
  probeTimeoutMs?: number;
  /** The platform whose defaults apply (tests); PowerShell probes only run on Windows unless an executable is named. */
  platform?: NodeJS.Platform;
  /** Starts a session; the default takes the one started at the beginning of the run, or starts node-powershell. */
  startSession?: (executable: string) => Promise<PsSession>;
  /** Probes run at once (DEFAULT_THROTTLE); 1 runs them one after another, as before issue 17 (the bench's serial figure). */
  throttle?: number;
  /** Each probe's start and end (issue 16: the CLI's spinner and CI lines name the PowerShell probe that runs). */
  onProbe?: (event: ProbeEvent) => void;
  /**
   * Commands whose modules the job host loads in each runspace before the first probe (a warm-up). Off by default:
   * measured here, warm-up jobs started when the pool opens hold the slots the slowest probe needs, and cost more
   * than they save (README, "Speed").
   */
  warm?: readonly string[];
  /** Each job host event as it comes, with where a finished job's time went (`phases`): for `npm run bench:live`. */
  onJob?: (event: JobEvent) => void;
  /**
   * The run's shared PowerShell (run-host.ts): the probes run as its jobs, in a lane of `throttle`, beside the network
   * source's and the SQL route's. Default: the run host started for this executable, unless `startSession` is given
   * (then the probes open a host of their own, as before). null: never a shared one.
   */
  runHost?: RunHost | null;
}

export type { ProbeEvent } from '../../core/probe-sources.js';



export const DEFAULT_PROBE_TIMEOUT_MS = 60_000;

/** After this many fresh sessions in a row fail before answering anything, the rest of the probes are not tried. */
const MAX_DEAD_STARTS = 2;

/**
 * How a probe's message starts when PowerShell itself could not be used: missing, blocked, or a process that ends
 * before it answers (Wine's powershell.exe stub does that). `powershellUnavailable` finds it in a run's records.
 */
export const POWERSHELL_UNAVAILABLE = 'PowerShell not available';

/** The reason PowerShell was not available, when no PowerShell probe of the run got an answer because of it. */
export function powershellUnavailable(records: Readonly<Record<string, ProbeRecord>>): string | null {
  const mine = POWERSHELL_PROBES.map((p) => records[p.id]).filter((r): r is ProbeRecord => r !== undefined);
  if (mine.length === 0 || mine.some((r) => r.ok)) return null;
  const first = mine.find((r) => !r.ok && r.error.message.startsWith(POWERSHELL_UNAVAILABLE));
  return first && !first.ok ? first.error.message : null;
}

const failed = (kind: ProbeErrorKind, message: string, ms = 0): ProbeRecord => ({ ok: false, error: { kind, message }, ms });

function failureKind(f: SessionFailure): ProbeErrorKind {
  switch (f.reason) {
    case 'timeout': return 'timeout';
    case 'not-found': return 'not-found';
    case 'blocked': return 'access-denied';
    case 'exited': return 'crashed';
  }
}

function abortedRecord(signal: AbortSignal): ProbeRecord {
  const reason = signal.reason as { name?: string } | undefined;
  return reason?.name === 'TimeoutError'
    ? failed('timeout', 'the collection ran out of time before this probe started')
    : failed('error', 'the collection was cancelled before this probe started');
}

/** Probes the pool runs at once inside the one PowerShell process (issue 17: throttle ~4 on a 2-4 core server). */
export const DEFAULT_THROTTLE = 4;

/** Extra time the job host gets beyond the total budget, for PowerShell to report the last deadlines. */
const HOST_GRACE_MS = 5_000;

/**
 * Runs the wanted PowerShell probes and returns one record per wanted id. Never throws for anything PowerShell does.
 * identity runs first on its own (its IsElevated decides which probes can run) while the job host's pool opens and
 * warms up in the background; the rest run concurrently as job host jobs, slowest first. If that process dies or
 * answers out of step, the probes it did not answer run one by one in fresh sessions, as before issue 17.
 */
export async function runPowershellProbes(wanted: readonly string[], options: ProbeOptions, bridge: BridgeOptions = {}): Promise<Record<string, ProbeRecord>> {
  const want = new Set(wanted);
  const out: Record<string, ProbeRecord> = {};
  const mine = POWERSHELL_PROBES.filter((p) => p.live !== false && want.has(p.id));
  if (mine.length === 0) return out;

  const platform = bridge.platform ?? process.platform;
  if (platform !== 'win32' && !options.powershell) {
    for (const p of mine) {
      out[p.id] = failed('unsupported', `PowerShell probes read Windows facts and this is ${platform}; collect on the Windows server (or its standalone script) and judge the snapshot here`);
    }
    return out;
  }

  const executable = resolveExecutable(options.powershell, platform);
  const start = bridge.startSession ?? ((exe: string) => PsSession.start({ executable: exe }));
  const started = performance.now();
  const budgetEnd = started + Math.max(0, options.timeoutMs);
  const probeTimeout = bridge.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const throttle = Math.max(1, bridge.throttle ?? DEFAULT_THROTTLE);
  const onProbe = (e: ProbeEvent) => {
    bridge.onProbe?.(e);
    options.onProbe?.(e);
  };
  /** A job host's event as the probe's event (the job's label is the probe's id). */
  const toEvent = (e: JobEvent): ProbeEvent => (e.event === 'started' ? { id: e.label, event: 'started' } : { id: e.label, event: 'finished', ms: e.ms, ok: e.ok });

  // identity always runs first (it tells whether the token is elevated); it is reported only when wanted.
  const identity = POWERSHELL_PROBES.find((p) => p.id === 'identity')!;
  const rest = bySlowestFirst(mine.filter((p) => p.id !== 'identity'));

  let session: PsSession | null = null;
  let sessionAnswered = false;
  let everAnswered = false;
  let deadStarts = 0;
  let givenUp: ProbeRecord | null = null;
  let elevated: boolean | null = null;

  const endSession = async () => {
    if (session) await session.kill();
    session = null;
  };

  /** Why a probe is not run at all (given up, cancelled, not configured, not elevated, no time left), or its deadline. */
  const prepare = (probe: PowershellProbe): ProbeRecord | { values: Record<string, string>; timeoutMs: number } => {
    if (givenUp) return givenUp;
    if (options.signal?.aborted) return abortedRecord(options.signal);
    const configured = probeParameters(probe, { serviceAccount: options.serviceAccount });
    if ('missing' in configured) return failed('not-configured', configured.missing);
    if (probe.needsElevation && elevated === false) return failed('needs-elevation', needsElevationMessage(probe.id));
    const remaining = budgetEnd - performance.now();
    if (remaining <= 0) return failed('timeout', `the total budget of ${options.timeoutMs} ms ran out before this probe started`);
    return { values: configured.values, timeoutMs: Math.floor(Math.min(probeTimeout, remaining)) };
  };

  /** A live session (started now if needed), or the record every probe gets when PowerShell cannot be started. */
  const ensureSession = async (t0: number): Promise<{ fresh: boolean } | ProbeRecord> => {
    // "fresh": this process has not answered yet, so its death says PowerShell may not be usable at all.
    if (session) return { fresh: !sessionAnswered };
    try {
      session = await start(executable);
    } catch (err) {
      return failed('crashed', `${POWERSHELL_UNAVAILABLE}: PowerShell could not be started: ${(err as Error).message}`, Math.round(performance.now() - t0));
    }
    sessionAnswered = false;
    return { fresh: true };
  };

  const sessionDied = async (kind: ProbeErrorKind, message: string, fresh: boolean, ms: number): Promise<ProbeRecord> => {
    await endSession();
    if (fresh && !sessionAnswered) {
      // No process of this run has answered, and this one could not start or ended first: PowerShell is not usable.
      if (!everAnswered && (kind === 'not-found' || kind === 'access-denied' || kind === 'crashed')) {
        message = `${POWERSHELL_UNAVAILABLE}: ${message}${message.includes(executable) ? '' : ` (${executable})`}`;
      }
      deadStarts += 1;
      if (deadStarts >= MAX_DEAD_STARTS || kind === 'not-found' || kind === 'access-denied') {
        givenUp = failed(kind, `${message} (PowerShell did not answer, so this probe was not tried)`);
      }
    }
    return failed(kind, message, ms);
  };

  const answered = () => {
    sessionAnswered = true;
    everAnswered = true;
    deadStarts = 0;
  };

  /** A failure of the session itself (not of the probe) as a record. */
  const sessionFailure = (outcome: Exclude<ScriptOutcome, { ok: true }>, fresh: boolean): Promise<ProbeRecord> | null => {
    if (outcome.reason === 'session') {
      if (outcome.failure.reason === 'timeout' && options.signal?.aborted) {
        return sessionDied('timeout', (options.signal.reason as Error | undefined)?.name === 'TimeoutError' ? 'the collection ran out of time while this probe ran' : outcome.failure.message, fresh, outcome.ms);
      }
      return sessionDied(failureKind(outcome.failure), outcome.failure.message, fresh, outcome.ms);
    }
    if (outcome.reason === 'garbled') return sessionDied('bad-output', outcome.message, fresh, outcome.ms);
    return null;
  };

  /** One probe in the session, the way every probe ran before issue 17. */
  const runOne = async (probe: PowershellProbe): Promise<ProbeRecord> => {
    const ready = prepare(probe);
    if ('ok' in ready) return ready;
    onProbe({ id: probe.id, event: 'started' });
    const record = await runOneReady(probe, ready);
    onProbe({ id: probe.id, event: 'finished', ms: record.ms, ok: record.ok });
    return record;
  };

  const runOneReady = async (probe: PowershellProbe, ready: { values: Record<string, string>; timeoutMs: number }): Promise<ProbeRecord> => {
    const t0 = performance.now();
    const s = await ensureSession(t0);
    if ('ok' in s) return s;
    const outcome = await runScript(session!, probe.file, ready.values, ready.timeoutMs, options.signal);
    if (!outcome.ok) {
      const dead = sessionFailure(outcome, s.fresh);
      if (dead) return dead;
    }
    answered();
    if (outcome.ok) return { ok: true, data: outcome.data, ms: outcome.ms };
    if (outcome.reason === 'threw') return failed(classifyPsError(outcome.error, elevated), outcome.error.message, outcome.ms);
    return failed('bad-output', outcome.reason === 'bad-output' ? outcome.message : 'unexpected answer', outcome.ms);
  };

  /** Opens the job host in the run's session; null when it could not open (the probes then run one by one). */
  const openHost = async (hostSignal: AbortSignal): Promise<PsJobHost | null> => {
    const t0 = performance.now();
    const s = await ensureSession(t0);
    if ('ok' in s) return null;
    const opened = await PsJobHost.open(session!, {
      throttle, warm: bridge.warm ?? [], signal: hostSignal,
      // The first command of a new session waits for PowerShell's start, as the first probe's deadline does.
      openTimeoutMs: Math.max(1, Math.floor(Math.min(probeTimeout, budgetEnd - performance.now()))),
      onEvent: (e: JobEvent) => { bridge.onJob?.(e); onProbe(toEvent(e)); },
    });
    if (opened instanceof PsJobHost) {
      answered();
      return opened;
    }
    // The process died or answered out of step: identity starts a new one. A script error leaves the session usable.
    if (opened.failed.reason === 'session' || opened.failed.reason === 'garbled') await sessionFailure(opened.failed, s.fresh);
    return null;
  };

  /**
   * identity and the rest as job host jobs (issue 17). Submitted at once, slowest first: every probe that needs no
   * elevation, and those that only read (`speculative`, e.g. optionalFeatures, the slowest) without waiting for
   * identity, with identity right after the slowest; the probes that need elevation and do more than read
   * (serviceAccount's S4U logon) once identity has said the token is elevated. A speculative probe's answer is
   * replaced by needs-elevation when identity says not elevated, so the records are those of the one-by-one path.
   * Returns the records it got; a probe missing from the result is one the host did not answer (its process died),
   * and runs again on its own.
   */
  const runHosted = async (probes: readonly PowershellProbe[], host: JobRunner): Promise<Map<string, ProbeRecord>> => {
    const got = new Map<string, ProbeRecord>();
    // Set from the jobs' callbacks (so not narrowed to null by the compiler).
    let died = null as Exclude<ScriptOutcome, { ok: true }> | null;
    const keep = (probe: PowershellProbe, r: JobResult) => {
      if (r.ok) {
        const parsed = parseProbeOutput(r.data);
        got.set(probe.id, parsed.ok ? { ok: true, data: parsed.data, ms: r.ms } : failed('bad-output', parsed.message, r.ms));
      } else if (r.reason === 'threw') {
        got.set(probe.id, failed(classifyPsError(r.error, elevated), r.error.message, r.ms));
      } else if (r.reason === 'timeout') {
        got.set(probe.id, failed('timeout', r.message, r.ms));
      } else {
        died = r.outcome;
      }
    };
    const submit = (probe: PowershellProbe): Promise<void> => {
      const ready = prepare(probe);
      if ('ok' in ready) { got.set(probe.id, ready); return Promise.resolve(); }
      return host.run({ label: probe.id, script: probe.file, params: ready.values, timeoutMs: ready.timeoutMs }).then((r) => keep(probe, r));
    };
    const gated = (p: PowershellProbe) => p.needsElevation && !p.speculative;
    const early = bySlowestFirst(probes.filter((p) => !gated(p)));
    const jobs: Promise<void>[] = [];
    let identityDone: Promise<void> = Promise.resolve();
    early.forEach((probe, i) => {
      jobs.push(submit(probe));
      if (i === 0) identityDone = submit(identity);
    });
    if (early.length === 0) identityDone = submit(identity);
    await identityDone;
    const first = got.get(identity.id);
    if (first?.ok) {
      const isElevated = (first.data as { IsElevated?: unknown } | null)?.IsElevated;
      elevated = typeof isElevated === 'boolean' ? isElevated : null;
    }
    if (!died) for (const probe of probes.filter(gated)) jobs.push(submit(probe));
    await Promise.all(jobs);
    if (elevated === false) {
      for (const p of early) if (p.needsElevation) got.set(p.id, failed('needs-elevation', needsElevationMessage(p.id)));
    }
    if (died) {
      const dead = sessionFailure(died, false);
      const record = dead ? await dead : failed('crashed', describeScriptFailure(died));
      // A cancelled or timed-out run, or PowerShell that is not usable: every probe without an answer gets that record.
      if (options.signal?.aborted || givenUp || performance.now() >= budgetEnd) {
        for (const p of [identity, ...probes]) if (!got.has(p.id)) got.set(p.id, givenUp ?? record);
      }
    }
    return got;
  };

  // The host's control invocations end with the run's signal or the total budget (plus time to report), whichever first.
  const hostSignal = AbortSignal.any([
    ...(options.signal ? [options.signal] : []),
    AbortSignal.timeout(Math.max(1, Math.floor(budgetEnd - performance.now())) + HOST_GRACE_MS),
  ]);
  let host: PsJobHost | null = null;
  const shared = throttle <= 1 ? null : bridge.runHost !== undefined ? bridge.runHost : bridge.startSession ? null : runHostFor(executable);
  try {
    let pooled = new Map<string, ProbeRecord>();
    // The run's one process (issue 17), when it opened: the probes share it with the network and SQL sources.
    if (shared && await shared.host()) {
      pooled = await runHosted(rest, shared.lane(throttle, (e) => { bridge.onJob?.(e); onProbe(toEvent(e)); }));
    } else {
      if (throttle > 1 && rest.length > 1) host = await openHost(hostSignal);
      if (host?.alive && session === host.session) pooled = await runHosted(rest, host);
    }
    // Without the host (or when its process died before identity answered), identity runs first on its own.
    let first = pooled.get(identity.id);
    if (!first) {
      first = await runOne(identity);
      if (first.ok) {
        const isElevated = (first.data as { IsElevated?: unknown } | null)?.IsElevated;
        elevated = typeof isElevated === 'boolean' ? isElevated : null;
      }
    }
    if (want.has('identity')) out.identity = first;

    // A hung job that would not stop still holds a runspace: closing the host then kills the process tree, and the
    // next probe (if any) starts a fresh process.
    if (host) {
      const { killed } = await host.close();
      if (killed) await endSession();
      host = null;
    }
    for (const probe of rest) out[probe.id] = pooled.get(probe.id) ?? await runOne(probe);
  } finally {
    if (host) await host.close();
    await endSession();
  }
  return out;
}

/** What one script run through a session gave: its JSON, or why not, and whether the session can be used again. */
export type ScriptOutcome =
  | { ok: true; data: unknown; ms: number }
  /** The session did not answer (hang, crash, PowerShell missing or blocked): it is gone. */
  | { ok: false; reason: 'session'; failure: SessionFailure; ms: number }
  /** The answer was not an envelope for this request: the session is out of step and gone. */
  | { ok: false; reason: 'garbled'; message: string; ms: number }
  /** The script threw: PowerShell's error; the session is fine. */
  | { ok: false; reason: 'threw'; error: PsErrorInfo; ms: number }
  /** The script printed something that is not one JSON document; the session is fine. */
  | { ok: false; reason: 'bad-output'; message: string; ms: number }
  /** A job of the run's host (run-host.ts) passed its deadline: abandoned; the process and the other jobs go on. */
  | { ok: false; reason: 'abandoned'; message: string; ms: number };

/** A script to run: a file under src/probes/powershell, or a script text of the caller's own (the installer's). */
export type ScriptSource = string | { text: string };

/**
 * Runs one script (its parameters as data) in `session` with a deadline: the one invoke → envelope → parse sequence
 * that the probes, the sources that use the bridge for their own ends (SQL as the current Windows account, the
 * Windows certificate store, the .NET view of the endpoints) and the Windows installer share. A session that did not
 * answer properly is killed; the caller starts a new one if it goes on.
 */
export async function runScript(
  session: PsSession, script: ScriptSource, params: Readonly<Record<string, string>>, timeoutMs: number, signal?: AbortSignal,
): Promise<ScriptOutcome> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  const nonce = newNonce();
  const text = typeof script === 'string' ? readProbeScript(script) : script.text;
  const outcome = await session.invoke(buildInvocation(text, params, nonce), timeoutMs, signal);
  if (!outcome.ok) {
    await session.kill();
    return { ok: false, reason: 'session', failure: outcome.failure, ms: ms() };
  }
  const read = readEnvelope(outcome.stdout, nonce);
  if (read.kind === 'garbled') {
    await session.kill();
    return { ok: false, reason: 'garbled', message: read.reason, ms: ms() };
  }
  const env = read.envelope;
  if (!env.ok) {
    const e = env.error;
    return {
      ok: false, reason: 'threw', ms: ms(),
      error: { message: e.message ?? `PowerShell reported ${e.types[0] ?? 'an error'}`, types: e.types, hresults: e.hresults, category: e.category ?? undefined, id: e.id ?? undefined },
    };
  }
  const parsed = parseProbeOutput(env.data);
  if (!parsed.ok) return { ok: false, reason: 'bad-output', message: parsed.message, ms: ms() };
  return { ok: true, data: parsed.data, ms: ms() };
}

/** How a source that needs the bridge starts a session; the default starts the executable through node-powershell. */
export type StartSession = (executable: string) => Promise<PsSession>;

export const defaultStartSession: StartSession = (executable) => PsSession.start({ executable });

/** A ScriptOutcome failure in words, for records: what PowerShell (not the script's subject) did. */
export function describeScriptFailure(outcome: Exclude<ScriptOutcome, { ok: true }>): string {
  switch (outcome.reason) {
    case 'session': return outcome.failure.message;
    case 'garbled': return outcome.message;
    case 'threw': return outcome.error.message;
    case 'bad-output': return outcome.message;
    case 'abandoned': return outcome.message;
  }
}
