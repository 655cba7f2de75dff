// SQL Server as the CURRENT Windows account (integrated security, SSPI: Kerberos or NTLM without a password), for when
// --sql-server is given without --sql-user on Windows. tedious cannot log in as the current account, and a native
// driver (msnodesqlv8) needs an ODBC driver on the host and cannot be bundled; .NET Framework's System.Data.SqlClient
// is on every Windows server, so the queries run there, through the PowerShell bridge (sqlQuery.ps1, one invocation
// per query; SqlClient pools the connection inside the one PowerShell process, so SQL Server sees one login). In a live
// run that process is the run's own (run-host.ts, issue 17): each query is a job of its job host, with its own
// deadline, beside the PowerShell probes and the network source; without that host the route starts its own session.
// The queries, their parameters and the gather code are the mssql route's own: only the transport differs.
import { performance } from 'node:perf_hooks';
import '../../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';
import { defaultStartSession, runScript, type ScriptOutcome, type StartSession } from '../powershell/bridge.js';
import { BRIDGE_SCRIPTS } from '../powershell/probes.js';
import { resolveExecutable, type PsSession } from '../powershell/session.js';
import { runHostFor, runScriptAsJob, type RunHost } from '../powershell/run-host.js';
import { classifySqlClientFailure, type SqlClientError } from './classify-sqlclient.js';
import { budgetExhausted, type FailureContext, type SqlFailure } from './failure-messages.js';
import type { ConnectionPlan } from './config.js';
import { connectionQuery, type SqlParam, type SqlQuery } from './queries.js';
import { Deadline, SqlProbeError, type Observed, type SqlRunner } from './session.js';

export interface IntegratedDeps {
  /** Starts the PowerShell session; default node-powershell with the executable from --powershell (tests: the stand-in). */
  startSession?: StartSession;
  /**
   * The run's shared PowerShell: the queries run as its jobs. Default: the run host started for this executable,
   * unless `startSession` is given; null: always a session of the route's own.
   */
  runHost?: RunHost | null;
}

/** What the SqlClient timeouts (whole seconds) leave to PowerShell to answer before the bridge gives up. */
const GRACE_MS = 750;

/** How much sooner than the budget the bridge's own deadline ends a PowerShell that does not answer. */
const BRIDGE_LEAD_MS = 250;

const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * The -Parameters value of sqlQuery.ps1: one line per parameter, "name<TAB>base64(UTF-8 value)", or the name alone for
 * NULL. The script makes each an nvarchar(128) SqlParameter; no value is ever part of the SQL text.
 */
export function encodeSqlParameters(params: readonly SqlParam[]): string {
  return params.map((p) => {
    if (!PARAM_NAME.test(p.name)) throw new Error(`invalid SQL parameter name ${JSON.stringify(p.name)}`);
    return p.value === null ? p.name : `${p.name}\t${Buffer.from(p.value, 'utf8').toString('base64')}`;
  }).join('\n');
}

/** The SqlClient Data Source for a parsed address: tcp: forces TCP (no Named Pipes fallback with its own errors). */
export function dataSource(plan: ConnectionPlan): string {
  const { host, instance, port } = plan.address;
  const h = host.includes(':') ? `[${host}]` : host;
  return `tcp:${h}${instance !== undefined ? `\\${instance}` : ''}${port !== undefined ? `,${port}` : ''}`;
}

const nullableNumber = z.number().nullish().transform((v) => v ?? null);
const list = <T extends z.ZodType>(item: T) => z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), z.array(item));

/** What sqlQuery.ps1 prints (Windows PowerShell 5.1: one-element arrays may arrive bare). */
const outputSchema = z.object({
  QueryId: z.string().nullish(),
  Account: z.string().nullish(),
  Rows: z.preprocess((v) => (v === undefined ? null : v == null ? null : Array.isArray(v) ? v : [v]), z.array(z.record(z.string(), z.unknown())).nullable()),
  Error: z.object({
    Number: nullableNumber,
    Class: nullableNumber,
    State: nullableNumber,
    Message: z.string().nullish(),
    Errors: list(z.object({ Number: z.number(), Class: nullableNumber, State: nullableNumber, Message: z.string().nullish() })),
    Exceptions: list(z.object({ Type: z.string(), Message: z.string().nullish(), HResult: nullableNumber, NativeErrorCode: nullableNumber })),
  }).nullable(),
});

type Output = z.infer<typeof outputSchema>;

function clientError(e: NonNullable<Output['Error']>): SqlClientError {
  return {
    number: e.Number,
    message: e.Message ?? e.Errors[0]?.Message ?? e.Exceptions[0]?.Message ?? 'SqlClient reported an error without a message',
    errors: e.Errors.map((x) => ({ number: x.Number, message: x.Message ?? '', class: x.Class, state: x.State })),
    exceptions: e.Exceptions.map((x) => ({ type: x.Type, message: x.Message ?? '', hresult: x.HResult, nativeErrorCode: x.NativeErrorCode })),
  };
}

/** A SqlRunner whose queries run in Windows PowerShell with System.Data.SqlClient as the current Windows account. */
export class IntegratedSqlSession implements SqlRunner {
  private session: PsSession | null = null;
  private connected = false;
  /** Connect Timeout of the run's first query, kept for all: SqlClient pools per connection string (sqlQuery.ps1). */
  private connectSeconds: number | null = null;

  private constructor(
    readonly plan: ConnectionPlan,
    readonly observed: Observed,
    private readonly deadline: Deadline,
    private readonly executable: string,
    private readonly start: StartSession,
    private readonly shared: RunHost | null,
  ) {}

  /** Starts PowerShell and connects (the connection query); throws SqlProbeError with the classified failure. */
  static async open(plan: ConnectionPlan, deadline: Deadline, powershell: string | undefined, deps: IntegratedDeps = {}): Promise<IntegratedSqlSession> {
    const observed: Observed = { serverMessages: [], tcpConnected: false, phase: 'connecting', encrypted: false };
    const executable = resolveExecutable(powershell, 'win32');
    const shared = deps.runHost !== undefined ? deps.runHost : deps.startSession ? null : runHostFor(executable);
    const runner = new IntegratedSqlSession({ ...plan }, observed, deadline, executable, deps.startSession ?? defaultStartSession, shared);
    try {
      const rows = await runner.run(connectionQuery());
      const option = rows[0]?.encryptOption;
      observed.encrypted = typeof option === 'string' && option.trim().toUpperCase() === 'TRUE';
      observed.tcpConnected = true;
      observed.phase = 'ready';
      runner.connected = true;
    } catch (err) {
      await runner.close();
      throw err;
    }
    return runner;
  }

  async query(q: SqlQuery): Promise<Record<string, unknown>[]> {
    return this.run(q);
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) await s.kill();
  }

  private context(timeoutMs: number, q?: SqlQuery): FailureContext {
    return {
      plan: this.plan,
      serverMessages: this.observed.serverMessages,
      tcpConnected: this.observed.tcpConnected,
      phase: this.observed.phase,
      timeoutMs,
      ...(q && this.connected ? { query: q } : {}),
    };
  }

  private async run(q: SqlQuery): Promise<Record<string, unknown>[]> {
    const what = this.connected ? `answer the query to ${q.purpose}` : 'connect';
    const expired = (): SqlFailure => budgetExhausted(this.plan, this.deadline.budgetMs, what);
    const remaining = this.deadline.remaining();
    if (this.deadline.signal?.aborted) throw new SqlProbeError({ kind: 'cancelled', message: 'SQL Server collection was cancelled' });
    if (remaining <= 0) throw new SqlProbeError(expired());

    const t0 = performance.now();
    // The run's host when it is up; else (never opened, or its process died) a session of this route's own. Waiting
    // for it to open counts towards the budget, as starting a session of its own does.
    const host = this.shared && await this.deadline.race(this.shared.host(), expired) ? this.shared : null;
    if (!host && (!this.session || !this.session.alive)) {
      try {
        this.session = await this.start(this.executable);
      } catch (err) {
        throw new SqlProbeError(this.powershellFailure({ reason: 'exited', message: `PowerShell could not be started: ${(err as Error).message}` }));
      }
    }
    // SqlClient's own timeouts (whole seconds) end first, so its error names the stage; the bridge's deadline is the backstop.
    const seconds = Math.max(1, Math.floor((remaining - GRACE_MS) / 1000));
    this.connectSeconds ??= seconds;
    const params: Record<string, string> = {
      QueryId: q.id,
      DataSource: dataSource(this.plan),
      Encrypt: this.plan.encrypt ? 'True' : 'False',
      TrustServerCertificate: this.plan.trustServerCertificate ? 'True' : 'False',
      TimeoutSeconds: String(seconds),
      ConnectTimeoutSeconds: String(this.connectSeconds),
      Query: q.text,
      Parameters: encodeSqlParameters(q.params),
      ...(this.plan.database !== undefined ? { Database: this.plan.database } : {}),
    };
    // The bridge gives up a little before the budget does, so the message says who did not answer.
    const bridgeMs = remaining > 4 * BRIDGE_LEAD_MS ? remaining - BRIDGE_LEAD_MS : remaining;
    const outcome = await this.deadline.race(
      host
        ? runScriptAsJob(host, 'sqlQuery', BRIDGE_SCRIPTS.sqlQuery, params, bridgeMs)
        : runScript(this.session!, BRIDGE_SCRIPTS.sqlQuery, params, bridgeMs, this.deadline.signal),
      expired,
    ).catch(async (err: unknown) => {
      // The budget ran out (or the run was cancelled) while PowerShell was still busy: end it, it is out of step now.
      await this.close();
      throw err;
    });
    return this.rowsOf(outcome, q, Math.round(performance.now() - t0), bridgeMs);
  }

  private rowsOf(outcome: ScriptOutcome, q: SqlQuery, ms: number, timeoutMs: number): Record<string, unknown>[] {
    if (!outcome.ok) {
      switch (outcome.reason) {
        case 'session':
          if (outcome.failure.reason === 'timeout') {
            if (this.deadline.signal?.aborted) throw new SqlProbeError({ kind: 'cancelled', message: 'SQL Server collection was cancelled' });
            throw new SqlProbeError({
              kind: 'timeout',
              message: `Neither SQL Server (through PowerShell's SqlClient) nor PowerShell itself answered within ${timeoutMs} ms while trying to `
                + `${this.connected ? q.purpose : `connect to ${this.plan.address.text}`} (--timeout); the PowerShell process was ended.`,
            });
          }
          throw new SqlProbeError(this.powershellFailure(outcome.failure));
        case 'garbled':
        case 'bad-output':
          throw new SqlProbeError({ kind: 'bad-output', message: `PowerShell's answer to the query to ${q.purpose} is not what sqlQuery.ps1 prints: ${outcome.message}` });
        case 'threw':
          throw new SqlProbeError({ kind: 'error', message: `sqlQuery.ps1 failed while trying to ${q.purpose}: ${outcome.error.message}` });
        case 'abandoned':
          // A job of the run's PowerShell: abandoned at its deadline, while the other probes' jobs went on.
          throw new SqlProbeError({
            kind: 'timeout',
            message: `Neither SQL Server (through PowerShell's SqlClient) nor PowerShell itself answered within ${timeoutMs} ms while trying to `
              + `${this.connected ? q.purpose : `connect to ${this.plan.address.text}`} (--timeout); the query was abandoned.`,
          });
      }
    }
    const parsed = outputSchema.safeParse(outcome.data);
    if (!parsed.success) {
      throw new SqlProbeError({ kind: 'bad-output', message: `PowerShell's answer to the query to ${q.purpose} has an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}` });
    }
    const out = parsed.data;
    // Messages name the account SQL Server saw, as the mssql route names its login.
    if (out.Account && this.plan.auth.kind === 'integrated') this.plan.login = out.Account;
    if (out.Error) throw new SqlProbeError(classifySqlClientFailure(clientError(out.Error), this.context(timeoutMs, q)));
    if (out.Rows === null) throw new SqlProbeError({ kind: 'bad-output', message: `sqlQuery.ps1 printed neither rows nor an error for the query to ${q.purpose} (${ms} ms)` });
    return out.Rows;
  }

  private powershellFailure(f: { reason: string; message: string }): SqlFailure {
    if (f.reason === 'not-found' || f.reason === 'blocked') {
      return {
        kind: 'unsupported',
        message: `Windows integrated security runs through Windows PowerShell (System.Data.SqlClient), which could not be used: ${f.message}. `
          + `Give a SQL login (--sql-user, password in CLICKKER_SQL_PASSWORD) or DOMAIN\\user for NTLM instead.`,
      };
    }
    return { kind: 'error', message: `PowerShell, which runs the SQL queries as the current Windows account, failed: ${f.message}` };
  }
}
