// One bounded SQL Server session: connect with mssql (imported lazily, so CLI start-up does not pay for it),
// observe the connection (server error numbers, TLS, how far it got), run read-only parameterised queries, close.
// Every stage is bounded by the remaining budget; a stage that outlives it is abandoned and reported as a timeout.
import type { Connection, ConnectionPool } from 'mssql';
import { classifySqlFailure } from './classify.js';
import { budgetExhausted, connectTimeout, withoutSecrets, type ConnectPhase, type ServerMessageSeen, type SqlFailure } from './failure-messages.js';
import { buildMssqlConfig, type ConnectionPlan } from './config.js';
import type { SqlQuery } from './queries.js';

type Mssql = typeof import('mssql');

/** A failure already classified into a probe error. */
export class SqlProbeError extends Error {
  constructor(readonly failure: SqlFailure) {
    super(failure.message);
    this.name = 'SqlProbeError';
  }
}

/** The overall time budget (ProbeOptions.timeoutMs) and the caller's abort signal. */
export class Deadline {
  private readonly end: number;

  constructor(readonly budgetMs: number, readonly signal?: AbortSignal) {
    this.end = Date.now() + budgetMs;
  }

  remaining(): number {
    return Math.max(0, this.end - Date.now());
  }

  /** Settles with `work`, or rejects with `onExpire()` when the budget runs out or the signal aborts first. */
  async race<T>(work: Promise<T>, onExpire: () => SqlFailure): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const expired = new Promise<never>((_, reject) => {
      const fire = () => reject(new SqlProbeError(this.signal?.aborted
        ? { kind: 'cancelled', message: 'SQL Server collection was cancelled' }
        : onExpire()));
      if (this.signal?.aborted) return fire();
      timer = setTimeout(fire, this.remaining());
      onAbort = fire;
      this.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work, expired]);
    } finally {
      if (timer) clearTimeout(timer);
      if (onAbort) this.signal?.removeEventListener('abort', onAbort);
      // The losing promise may still reject later; nobody waits for it any more.
      work.catch(() => undefined);
    }
  }
}

export interface SessionDeps {
  /** Loads mssql; the default is a dynamic import. */
  loadMssql?: () => Promise<Mssql>;
  /** tedious connector override (tests: name resolution failures without DNS). */
  connector?: unknown;
}

/** What we saw on the most recent tedious connection. */
export interface Observed {
  serverMessages: ServerMessageSeen[];
  tcpConnected: boolean;
  phase: ConnectPhase;
  /** TLS was negotiated. */
  encrypted: boolean;
}

/**
 * A connected SQL Server session the probes gather through: the mssql/tedious one below (SQL logins, NTLM), or the one
 * that runs System.Data.SqlClient through the PowerShell bridge as the current Windows account (integrated.ts).
 * Both run the same queries (queries.ts) and hand the rows to the same gather code (gather.ts).
 */
export interface SqlRunner {
  readonly plan: ConnectionPlan;
  readonly observed: Observed;
  /** Runs one read-only query; throws SqlProbeError with the classified failure. */
  query(q: SqlQuery): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

const STATE_PHASE: Record<string, ConnectPhase> = {
  Connecting: 'connecting',
  SentPrelogin: 'prelogin',
  SentTLSSSLNegotiation: 'tls',
  SentLogin7WithStandardLogin: 'login',
  SentLogin7WithNTLMLogin: 'login',
  SentLogin7Withfedauth: 'login',
  LoggedInSendingInitialSql: 'session',
  LoggedIn: 'ready',
};

/** Whatever remains of the budget for waiting on a cancelled query; small, so a hung server cannot hold us. */
const CANCEL_MS = 1_000;
/** How long close() may wait for mssql to close the pool politely before the connections are closed hard. */
const CLOSE_MS = 1_000;

export class SqlSession implements SqlRunner {
  private constructor(
    private readonly mssql: Mssql,
    private readonly pool: ConnectionPool,
    readonly plan: ConnectionPlan,
    readonly observed: Observed,
    private readonly deadline: Deadline,
    private readonly secrets: readonly (string | undefined)[],
    private readonly connections: Connection[],
  ) {}

  /** Connects, or throws SqlProbeError with the classified failure. The password is used here and nowhere else. */
  static async open(plan: ConnectionPlan, password: string | undefined, deadline: Deadline, deps: SessionDeps = {}): Promise<SqlSession> {
    const secrets = [password];
    const observed: Observed = { serverMessages: [], tcpConnected: false, phase: 'connecting', encrypted: false };
    const fail = (f: SqlFailure) => new SqlProbeError({ kind: f.kind, message: withoutSecrets(f.message, secrets) });
    if (deadline.remaining() <= 0) throw fail(budgetExhausted(plan, deadline.budgetMs, 'connect'));

    const mssql = await (deps.loadMssql ?? defaultLoad)();
    const budget = deadline.remaining();
    const connections: Connection[] = [];
    const beforeConnect = (conn: Connection) => {
      connections.push(conn);
      // Each connection starts afresh; mssql opens one to test the settings and then one for the queries.
      observed.serverMessages = [];
      observed.tcpConnected = false;
      observed.phase = 'connecting';
      observed.encrypted = false;
      const c = conn as unknown as NodeJS.EventEmitter;
      c.on('errorMessage', (t: { number: number; message: string }) => observed.serverMessages.push({ number: t.number, message: t.message }));
      c.on('secure', () => { observed.encrypted = true; });
      c.on('debug', (text: string) => {
        if (text.startsWith('connected to ')) observed.tcpConnected = true;
        const m = /^State change: \S+ -> (\S+)$/.exec(text);
        const phase = m ? STATE_PHASE[m[1]!] : undefined;
        if (phase) observed.phase = phase;
      });
    };
    const config = buildMssqlConfig(plan, password, { connectMs: budget, requestMs: budget, cancelMs: Math.min(CANCEL_MS, budget) }, {
      beforeConnect, connector: deps.connector,
    });
    const pool = new mssql.ConnectionPool(config);
    // mssql re-emits some connection errors on the pool; without a listener they would crash the process.
    pool.on('error', () => undefined);
    const context = () => ({ plan, serverMessages: observed.serverMessages, tcpConnected: observed.tcpConnected, phase: observed.phase, timeoutMs: budget });
    try {
      // When the budget runs out, where the connection got to tells "unreachable" from "not answering".
      await deadline.race(pool.connect(), () => connectTimeout(context()));
    } catch (err) {
      await closeHard(pool, connections);
      if (err instanceof SqlProbeError) throw fail(err.failure);
      throw fail(classifySqlFailure(err, context()));
    }
    return new SqlSession(mssql, pool, plan, observed, deadline, secrets, connections);
  }

  /** Runs one read-only query; throws SqlProbeError with the classified failure. */
  async query(q: SqlQuery): Promise<Record<string, unknown>[]> {
    const fail = (f: SqlFailure) => new SqlProbeError({ kind: f.kind, message: withoutSecrets(f.message, this.secrets) });
    const remaining = this.deadline.remaining();
    if (remaining <= 0) throw fail(budgetExhausted(this.plan, this.deadline.budgetMs, `answer the query to ${q.purpose}`));
    // mssql's request() accepts a per-request config at run time that its typings leave out (typescript-eslint
    // misreads this assertion as unnecessary: without it tsc rejects the argument).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const request = (this.pool.request as (conf?: { requestTimeout?: number }) => ReturnType<ConnectionPool['request']>).call(this.pool, { requestTimeout: remaining });
    for (const p of q.params) request.input(p.name, this.mssql.NVarChar(128), p.value);
    try {
      const result = await this.deadline.race(request.query(q.text), () => budgetExhausted(this.plan, this.deadline.budgetMs, `answer the query to ${q.purpose}`));
      return (result.recordset ?? []) as Record<string, unknown>[];
    } catch (err) {
      if (err instanceof SqlProbeError) throw fail(err.failure);
      throw fail(classifySqlFailure(err, {
        plan: this.plan, serverMessages: this.observed.serverMessages, tcpConnected: this.observed.tcpConnected, phase: this.observed.phase,
        timeoutMs: remaining, query: q,
      }));
    }
  }

  /**
   * Runs T-SQL as a plain SQL batch (not sp_executesql): the installer's scripts and its transaction control, which
   * must share the one pooled connection. Throws SqlProbeError with the classified failure.
   */
  async batch(text: string, purpose: string): Promise<void> {
    const q: SqlQuery = { id: 'batch', purpose, text, params: [] };
    const fail = (f: SqlFailure) => new SqlProbeError({ kind: f.kind, message: withoutSecrets(f.message, this.secrets) });
    const remaining = this.deadline.remaining();
    if (remaining <= 0) throw fail(budgetExhausted(this.plan, this.deadline.budgetMs, purpose));
    // mssql's request() accepts a per-request config at run time that its typings leave out (typescript-eslint
    // misreads this assertion as unnecessary: without it tsc rejects the argument).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    const request = (this.pool.request as (conf?: { requestTimeout?: number }) => ReturnType<ConnectionPool['request']>).call(this.pool, { requestTimeout: remaining });
    try {
      await this.deadline.race(request.batch(text), () => budgetExhausted(this.plan, this.deadline.budgetMs, purpose));
    } catch (err) {
      if (err instanceof SqlProbeError) throw fail(err.failure);
      throw fail(classifySqlFailure(err, {
        plan: this.plan, serverMessages: this.observed.serverMessages, tcpConnected: this.observed.tcpConnected, phase: this.observed.phase,
        timeoutMs: remaining, query: q,
      }));
    }
  }

  /** Closes the pool; past the deadline, or if mssql takes too long, closes the connections hard. */
  async close(): Promise<void> {
    if (this.deadline.remaining() <= 0 || this.deadline.signal?.aborted) {
      await closeHard(this.pool, this.connections);
      return;
    }
    const polite = await settlesWithin(this.pool.close().then(() => true, () => true), Math.min(CLOSE_MS, this.deadline.remaining()));
    if (!polite) await closeHard(this.pool, this.connections);
  }
}

async function defaultLoad(): Promise<Mssql> {
  const mod = await import('mssql');
  return (mod as unknown as { default?: Mssql }).default ?? mod;
}

async function settlesWithin(work: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([work, new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms); })]);
  if (timer) clearTimeout(timer);
  return result;
}

/** Closes every tedious connection at once (sockets destroyed, pending requests ended), then lets the pool finish. */
async function closeHard(pool: ConnectionPool, connections: readonly Connection[]): Promise<void> {
  for (const c of connections) {
    // Destroying the socket with an error ends a connection attempt that is waiting for the server at once;
    // close() alone would leave tedious' connect timer running until its own timeout.
    const socket = (c as unknown as { socket?: { on(e: 'error', f: () => void): unknown; destroy(err?: Error): void; destroyed?: boolean } }).socket;
    if (socket && !socket.destroyed) {
      socket.on('error', () => undefined);
      socket.destroy(new Error('closed by clickker (time budget spent or collection cancelled)'));
    }
    try {
      c.close();
    } catch {
      // already closed
    }
  }
  await settlesWithin(pool.close().then(() => true, () => true), 200);
}
