// Runs the PowerShell probes in one long-lived session: identity (elevation) first, a deadline per probe within a
// total budget, a fresh session after a hang, a crash or an answer out of step, and every failure recorded as that
// probe's error — never thrown. PowerShell itself decides nothing; the records go into the snapshot as printed.
import { performance } from 'node:perf_hooks';
import type { ProbeOptions } from '../../core/probe-sources.js';
import type { ProbeErrorKind, ProbeRecord } from '../../core/facts.js';
import { buildInvocation, newNonce, parseProbeOutput, readEnvelope } from './envelope.js';
import { classifyPsError, needsElevationMessage, POWERSHELL_PROBES, probeParameters, readProbeScript, type PowershellProbe, type PsErrorInfo } from './probes.js';
import { PsSession, resolveExecutable, type SessionFailure } from './session.js';

export interface BridgeOptions {
  /** Deadline of one probe, including the start of a new session (ms); the total budget can only shorten it. */
  probeTimeoutMs?: number;
  /** The platform whose defaults apply (tests); PowerShell probes only run on Windows unless an executable is named. */
  platform?: NodeJS.Platform;
  /** Starts a session; the default starts node-powershell. */
  startSession?: (executable: string) => Promise<PsSession>;
}

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

/**
 * Runs the wanted PowerShell probes and returns one record per wanted id. Never throws for anything PowerShell does.
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

  // identity always runs first (it tells whether the token is elevated); it is reported only when wanted.
  const identity = POWERSHELL_PROBES.find((p) => p.id === 'identity')!;
  const order: PowershellProbe[] = [identity, ...mine.filter((p) => p.id !== 'identity')];

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

  try {
    for (const probe of order) {
      const report = probe.id !== 'identity' || want.has('identity');
      const record = await (async (): Promise<ProbeRecord> => {
        if (givenUp) return givenUp;
        if (options.signal?.aborted) return abortedRecord(options.signal);

        const configured = probeParameters(probe, { serviceAccount: options.serviceAccount });
        if ('missing' in configured) return failed('not-configured', configured.missing);
        if (probe.needsElevation && elevated === false) return failed('needs-elevation', needsElevationMessage(probe.id));

        const remaining = budgetEnd - performance.now();
        if (remaining <= 0) return failed('timeout', `the total budget of ${options.timeoutMs} ms ran out before this probe started`);
        const timeoutMs = Math.floor(Math.min(probeTimeout, remaining));

        const t0 = performance.now();
        const ms = () => Math.round(performance.now() - t0);
        let fresh = false;
        if (!session) {
          try {
            session = await start(executable);
          } catch (err) {
            return failed('crashed', `${POWERSHELL_UNAVAILABLE}: PowerShell could not be started: ${(err as Error).message}`, ms());
          }
          fresh = true;
          sessionAnswered = false;
        }

        const nonce = newNonce();
        const line = buildInvocation(readProbeScript(probe.file), configured.values, nonce);
        const outcome = await session.invoke(line, timeoutMs, options.signal);

        const sessionDied = async (kind: ProbeErrorKind, message: string): Promise<ProbeRecord> => {
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
          return failed(kind, message, ms());
        };

        if (!outcome.ok) {
          if (outcome.failure.reason === 'timeout' && options.signal?.aborted) {
            return sessionDied('timeout', options.signal.reason?.name === 'TimeoutError' ? 'the collection ran out of time while this probe ran' : outcome.failure.message);
          }
          return sessionDied(failureKind(outcome.failure), outcome.failure.message);
        }
        const read = readEnvelope(outcome.stdout, nonce);
        if (read.kind === 'garbled') return sessionDied('bad-output', read.reason);

        sessionAnswered = true;
        everAnswered = true;
        deadStarts = 0;
        const env = read.envelope;
        if (!env.ok) {
          const e = env.error;
          const kind = classifyPsError(e, elevated);
          return failed(kind, e.message ?? `PowerShell reported ${e.types[0] ?? 'an error'}`, ms());
        }
        const parsed = parseProbeOutput(env.data);
        if (!parsed.ok) return failed('bad-output', parsed.message, ms());
        return { ok: true, data: parsed.data, ms: ms() };
      })();

      if (probe.id === 'identity' && record.ok) {
        const isElevated = (record.data as { IsElevated?: unknown } | null)?.IsElevated;
        elevated = typeof isElevated === 'boolean' ? isElevated : null;
      }
      if (report) out[probe.id] = record;
    }
  } finally {
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
  | { ok: false; reason: 'bad-output'; message: string; ms: number };

/**
 * Runs one script from src/probes/powershell (its parameters as data) in `session` with a deadline, for sources that
 * use the bridge for their own ends (SQL as the current Windows account, the Windows certificate store, the .NET view
 * of the endpoints). A session that did not answer properly is killed; the caller starts a new one if it goes on.
 */
export async function runScript(
  session: PsSession, file: string, params: Readonly<Record<string, string>>, timeoutMs: number, signal?: AbortSignal,
): Promise<ScriptOutcome> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  const nonce = newNonce();
  const outcome = await session.invoke(buildInvocation(readProbeScript(file), params, nonce), timeoutMs, signal);
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
  }
}
