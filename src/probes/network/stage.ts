// Runs one stage under the tighter of its own timer and the endpoint's deadline; a late answer is ignored.
import { performance } from 'node:perf_hooks';
import type { StageError } from './types.js';

export class StageTimeout extends Error {
  constructor(readonly limitMs: number, readonly budget: boolean) {
    super(`no answer within ${limitMs} ms${budget ? ', when the overall budget ran out' : ''}`);
    this.name = 'StageTimeout';
  }
}

export class StageAborted extends Error {
  constructor() {
    super('the probe was cancelled');
    this.name = 'StageAborted';
  }
}

/** Limits shared by every stage of one endpoint (and its redirect hops). */
export interface Limits {
  /** performance.now() value after which nothing new starts. */
  deadline: number;
  stageTimeoutMs: number;
  signal?: AbortSignal;
}

export type StageOutcome<T> = { ok: true; value: T; ms: number } | { ok: false; error: unknown; ms: number };

/**
 * Calls `fn` with a signal that fires when the stage's time is up or the run is cancelled; `fn` must release its
 * sockets on that signal. The outcome is settled by whichever comes first, so a callback that never comes (a DNS
 * server that never answers, a peer that never speaks) costs the stage timer and nothing more.
 */
export function runStage<T>(limits: Limits, fn: (signal: AbortSignal) => Promise<T>): Promise<StageOutcome<T>> {
  const started = performance.now();
  const remaining = Math.max(0, Math.floor(limits.deadline - started));
  const limitMs = Math.min(limits.stageTimeoutMs, remaining);
  const byBudget = remaining < limits.stageTimeoutMs;
  const controller = new AbortController();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let done = false;
    const finish = (o: StageOutcome<T>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      if (!o.ok) controller.abort(o.error);
      resolve(o);
    };
    const onAbort = () => finish({ ok: false, error: new StageAborted(), ms: ms() });
    const timer = setTimeout(() => finish({ ok: false, error: new StageTimeout(limitMs, byBudget), ms: ms() }), limitMs);
    if (limits.signal?.aborted) { onAbort(); return; }
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    fn(controller.signal).then(
      (value) => finish({ ok: true, value, ms: ms() }),
      (error: unknown) => finish({ ok: false, error, ms: ms() }),
    );
  });
}

/** A stage error for a timer or a cancellation, or undefined for anything else. */
export function timerError(err: unknown, what: string): StageError | undefined {
  if (err instanceof StageTimeout) {
    return { code: 'ETIMEDOUT', kind: 'timeout', message: `${what}: ${err.message}` };
  }
  if (err instanceof StageAborted) return { code: 'ABORT_ERR', kind: 'aborted', message: `${what}: the probe was cancelled` };
  return undefined;
}

export function errnoCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
