// The SQL Server probe source: one bounded connection, three probes (sql.server, sql.baco, sql.permissions).
// Gathers facts only; the checks in checks/sql-*.ts judge them.
import { performance } from 'node:perf_hooks';
import type { ProbeOptions, ProbeSource } from '../../core/probe-sources.js';
import { NO_SQL_SERVER_GIVEN, type ProbeRecord } from '../../core/facts.js';
import { sqlBacoFact, sqlPermissionsFact, sqlServerFact } from '../../facts/sql.js';
import type { FactDef } from '../../core/facts.js';
import { withoutSecrets } from './failure-messages.js';
import { PlanError, planConnection } from './config.js';
import { bacoFacts, permissionsFacts, serverFacts, synergyUserLook, synergyUserTargets, type SynergyUserLook } from './gather.js';
import { bacoQuery, clickkerDatabaseQuery, databasesQuery, identityQuery, serverQuery, synergyUserQuery } from './queries.js';
import { IntegratedSqlSession, type IntegratedDeps } from './integrated.js';
import { Deadline, SqlProbeError, SqlSession, type SessionDeps, type SqlRunner } from './session.js';

export const SQL_PROBES = ['sql.server', 'sql.baco', 'sql.permissions'] as const;
export type SqlProbeId = (typeof SQL_PROBES)[number];

export { parseServerAddress, type ServerAddress } from './address.js';
export { classifySqlFailure } from './classify.js';
export type { SqlFailure, SqlFailureKind } from './failure-messages.js';
export { dataSource, encodeSqlParameters, IntegratedSqlSession } from './integrated.js';
export { buildMssqlConfig, planConnection, resolveSqlOptions, type ConnectionPlan, type SqlInput } from './config.js';
export { recogniseExactDatabase } from './exact-databases.js';

export const INTEGRATED_UNSUPPORTED =
  'Windows integrated security (the current Windows account) works only on Windows, where the queries run through '
  + "PowerShell's System.Data.SqlClient: here, give a SQL login (--sql-user, with the password in CLICKKER_SQL_PASSWORD) "
  + 'or a domain account as DOMAIN\\user for NTLM';

type Gatherer = (session: SqlRunner, sql: NonNullable<ProbeOptions['sql']>, options: ProbeOptions) => Promise<unknown>;

async function one(session: SqlRunner, q: Parameters<SqlRunner['query']>[0]): Promise<Record<string, unknown>> {
  const rows = await session.query(q);
  if (rows.length !== 1) throw new SqlProbeError({ kind: 'bad-output', message: `the query to ${q.purpose} returned ${rows.length} rows instead of 1` });
  return rows[0]!;
}

const GATHER: Record<SqlProbeId, { def: FactDef<unknown>; run: Gatherer }> = {
  'sql.server': {
    def: sqlServerFact,
    run: async (s) => serverFacts(s.plan, await one(s, serverQuery()), s.observed),
  },
  'sql.baco': {
    def: sqlBacoFact,
    run: async (s, sql) => bacoFacts(sql.bacoLogin, await one(s, bacoQuery(sql.bacoLogin))),
  },
  'sql.permissions': {
    def: sqlPermissionsFact,
    run: async (s, sql, options) => {
      const account = options.serviceAccount?.trim() || null;
      const identity = await one(s, identityQuery(account));
      const databases = await s.query(databasesQuery());
      const clickker = await one(s, clickkerDatabaseQuery(sql.clickkerDatabase));
      const facts = permissionsFacts({ serviceAccount: account ?? undefined, identity, databases, clickkerName: sql.clickkerDatabase, clickker });
      if (account === null) return facts;
      // Each Synergy database on its own: one that cannot be read is recorded as not looked, never as "no user".
      // These queries run last, so a timeout or a lost connection here costs only the humres look, not the facts above.
      const looks: SynergyUserLook[] = [];
      let stopped: string | null = null;
      for (const t of synergyUserTargets(facts)) {
        const skip = t.skip ?? stopped;
        if (skip !== null) {
          looks.push({ name: t.name, looked: false, reason: skip, rows: [] });
          continue;
        }
        try {
          looks.push(synergyUserLook(t.name, account, await s.query(synergyUserQuery(t.name, account))));
        } catch (err) {
          if (!(err instanceof SqlProbeError)) throw err;
          looks.push({ name: t.name, looked: false, reason: err.failure.message, rows: [] });
          if (['timeout', 'cancelled', 'connection-lost'].includes(err.failure.kind)) stopped = `not read: ${err.failure.message}`;
        }
      }
      return { ...facts, synergyUser: { account, databases: looks } };
    },
  },
};

export interface SqlSourceDeps extends SessionDeps, IntegratedDeps {
  /** Where integrated security is possible: only on win32 (default: this process' platform). */
  platform?: NodeJS.Platform;
}

/**
 * Builds the SQL source; `deps` exist for tests (a connector that fails name resolution without DNS, the platform and
 * a stand-in PowerShell for integrated security).
 */
export function createSqlSource(deps: SqlSourceDeps = {}): ProbeSource {
  return {
    name: 'sql',
    probes: SQL_PROBES,
    async run(wanted, options) {
      const started = performance.now();
      const ms = () => Math.round(performance.now() - started);
      const mine = SQL_PROBES.filter((p) => wanted.includes(p));
      const out: Record<string, ProbeRecord> = {};
      const secrets = [options.sql?.password];
      const failAll = (error: { kind: string; message: string }) => {
        for (const p of mine) out[p] = { ok: false, error: { kind: error.kind, message: withoutSecrets(error.message, secrets) }, ms: ms() };
        return out;
      };
      const sql = options.sql;
      if (!sql) return failAll({ kind: 'not-configured', message: NO_SQL_SERVER_GIVEN });

      let plan;
      try {
        plan = planConnection(sql);
      } catch (err) {
        if (err instanceof PlanError) return failAll({ kind: err.kind, message: err.message });
        throw err;
      }
      const integrated = plan.auth.kind === 'integrated';
      if (integrated && (deps.platform ?? process.platform) !== 'win32') return failAll({ kind: 'unsupported', message: INTEGRATED_UNSUPPORTED });

      const deadline = new Deadline(options.timeoutMs, options.signal);
      let session: SqlRunner;
      try {
        // The current Windows account: the same queries through PowerShell's System.Data.SqlClient (integrated.ts).
        session = integrated
          ? await IntegratedSqlSession.open(plan, deadline, options.powershell, deps)
          : await SqlSession.open(plan, sql.password, deadline, deps);
      } catch (err) {
        return failAll(failureOf(err));
      }
      try {
        for (const probe of mine) {
          const g = GATHER[probe];
          try {
            const data = await g.run(session, sql, options);
            const parsed = g.def.schema.safeParse(data);
            out[probe] = parsed.success
              ? { ok: true, data, ms: ms() }
              : { ok: false, error: { kind: 'bad-output', message: `SQL Server's answer for ${probe} has an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}` }, ms: ms() };
          } catch (err) {
            const f = failureOf(err);
            out[probe] = { ok: false, error: { kind: f.kind, message: withoutSecrets(f.message, secrets) }, ms: ms() };
          }
        }
      } finally {
        await session.close();
      }
      return out;
    },
  };
}

function failureOf(err: unknown): { kind: string; message: string } {
  if (err instanceof SqlProbeError) return err.failure;
  return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
}

/** The SQL Server probe source for runProbeSources(). */
export const sqlSource: ProbeSource = createSqlSource();
