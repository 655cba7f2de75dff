// TCP stage: connect to each address of the host (concurrently), keep the first socket that connects, and record every
// address's own result in resolver order (the order a Windows .NET client tries them, one after the other).
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { errnoCode, runStage, timerError, type Limits } from './stage.js';
import type { StageError } from './types.js';

export type TcpAttempt = {
  address: string;
  ok: boolean;
  ms: number;
  error?: StageError;
}

export type TcpStage = {
  ok: boolean;
  host: string;
  port: number;
  address?: string;
  attempts: TcpAttempt[];
  error?: StageError;
  ms: number;
}

/** At most this many addresses are tried at once; a name with dozens of records does not open dozens of sockets. */
const MAX_ADDRESSES = 4;

/**
 * After one address connected, how long the others still get to answer. A .NET client does not race addresses: it
 * tries them in order and waits out the TCP connect timeout (about 21 s) on each dead one, so a dead first address that
 * Node's race hides is exactly what the service would stumble on. An address still silent after this is recorded as
 * "no answer" (kind no-answer), not as dead for certain.
 */
export const LOSER_GRACE_MS = 1500;

export function tcpError(err: unknown, target: string): StageError {
  const timed = timerError(err, `TCP connect to ${target}`);
  if (timed) return { ...timed, message: timed.kind === 'timeout' ? `${timed.message}: the connection attempt got no answer (a firewall that drops packets silently)` : timed.message };
  const code = errnoCode(err) ?? 'ERROR';
  switch (code) {
    case 'ECONNREFUSED':
      return { code, kind: 'refused', message: `connection to ${target} refused: nothing listens there, or a firewall rejects it` };
    case 'ETIMEDOUT':
      return { code, kind: 'timeout', message: `connection to ${target} timed out (a firewall that drops packets silently)` };
    case 'EHOSTUNREACH':
      return { code, kind: 'unreachable', message: `no route to host ${target}` };
    case 'ENETUNREACH':
      return { code, kind: 'unreachable', message: `network unreachable for ${target}` };
    case 'EADDRNOTAVAIL':
      return { code, kind: 'unreachable', message: `${target} cannot be reached from this host's addresses` };
    case 'ECONNRESET':
      return { code, kind: 'reset', message: `connection to ${target} was reset` };
    case 'EACCES':
    case 'EPERM':
      return { code, kind: 'blocked', message: `a local firewall or policy blocks connections to ${target}` };
    default:
      return { code, kind: 'error', message: `connecting to ${target} failed: ${(err as Error)?.message ?? String(err)}` };
  }
}

const hostPort = (address: string, port: number) => (net.isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`);

/** Rank for choosing the error that speaks for all addresses: the most specific first. */
const RANK: Record<string, number> = { refused: 0, unreachable: 1, blocked: 2, reset: 3, timeout: 4 };

/**
 * Connects to the addresses concurrently. The first socket that connects wins; the others are closed and reported as
 * not needed. Resolves with the stage facts and the socket (undefined on failure).
 */
export async function connectTcp(host: string, addresses: readonly string[], port: number, limits: Limits, graceMs = LOSER_GRACE_MS): Promise<{ stage: TcpStage; socket?: net.Socket }> {
  const targets = addresses.slice(0, MAX_ADDRESSES);
  const attempts = new Map<string, TcpAttempt>();
  const sockets: net.Socket[] = [];
  let settled: (() => void) | undefined;
  const allSettled = new Promise<void>((resolve) => { settled = resolve; });
  const record = (a: TcpAttempt) => {
    if (attempts.has(a.address)) return;
    attempts.set(a.address, a);
    if (attempts.size === targets.length) settled?.();
  };
  const outcome = await runStage(limits, (signal) => new Promise<{ socket: net.Socket; address: string }>((resolve, reject) => {
    let failures = 0;
    let won = false;
    const closeAll = (keep?: net.Socket) => { for (const s of sockets) if (s !== keep) s.destroy(); };
    signal.addEventListener('abort', () => closeAll(), { once: true });
    for (const address of targets) {
      const started = performance.now();
      const socket = net.connect({ host: address, port, family: net.isIPv6(address) ? 6 : 4 });
      sockets.push(socket);
      socket.once('connect', () => {
        record({ address, ok: true, ms: Math.round(performance.now() - started) });
        if (won || signal.aborted) { socket.destroy(); return; }
        won = true;
        socket.removeAllListeners('error');
        // The next stage attaches its own handlers; until then a late error must not crash the process.
        socket.on('error', () => undefined);
        // The other addresses keep trying for a moment (see LOSER_GRACE_MS); they are closed after that.
        resolve({ socket, address });
      });
      socket.on('error', (err) => {
        record({ address, ok: false, ms: Math.round(performance.now() - started), error: tcpError(err, hostPort(address, port)) });
        failures += 1;
        if (!won && failures === targets.length) reject(err);
      });
    }
  }));
  if (outcome.ok && attempts.size < targets.length && graceMs > 0) {
    const left = Math.max(0, Math.min(graceMs, Math.floor(limits.deadline - performance.now())));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([allSettled, new Promise<void>((resolve) => { timer = setTimeout(resolve, left); })]);
    clearTimeout(timer);
  }
  const winner = outcome.ok ? outcome.value.socket : undefined;
  for (const s of sockets) if (s !== winner) s.destroy();
  const list = targets.map((address) => attempts.get(address) ?? {
    address,
    ok: false,
    ms: outcome.ms,
    error: outcome.ok
      ? (graceMs > 0
        ? { code: 'ETIMEDOUT', kind: 'no-answer', message: `no answer within ${graceMs} ms while ${outcome.value.address} connected in ${attempts.get(outcome.value.address)?.ms ?? outcome.ms} ms` }
        : { code: 'ECANCELED', kind: 'cancelled', message: 'not needed: another address connected first' })
      : tcpError(outcome.error, hostPort(address, port)),
  });
  if (outcome.ok) {
    return { stage: { ok: true, host, port, address: outcome.value.address, attempts: list, ms: outcome.ms }, socket: outcome.value.socket };
  }
  const failed = list.filter((a) => a.error).sort((a, b) => (RANK[a.error?.kind ?? ''] ?? 9) - (RANK[b.error?.kind ?? ''] ?? 9));
  const error = failed[0]?.error ?? tcpError(outcome.error, `${host}:${port}`);
  return { stage: { ok: false, host, port, attempts: list, error, ms: outcome.ms } };
}
