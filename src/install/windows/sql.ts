// SqlOps over mssql/tedious: one bounded session per database (master for server-level work, the Clickker database
// for its scripts and history, each Exact database for its user), every statement from sql-statements.ts.
import { fingerprintOf, recogniseExactDatabase } from '../../probes/sql/exact-databases.js';
import { planConnection, type SqlOptions } from '../../probes/sql/config.js';
import { databasesQuery, type SqlQuery } from '../../probes/sql/queries.js';
import { Deadline, SqlProbeError, SqlSession, type SessionDeps } from '../../probes/sql/session.js';
import type { AppliedScript, DatabaseState, ScriptToApply, SqlOps } from '../executor.js';
import { BEGIN_SCRIPT, COMMIT_SCRIPT, ROLLBACK_SCRIPT, STATEMENTS } from './sql-statements.js';
import { SaidError } from '../../core/errors.js';
import { say } from '../../core/text.js';

export interface MssqlOpsOptions {
  /** Server, login and TLS settings (resolveSqlOptions); the database is chosen per operation. */
  sql: SqlOptions;
  /** Bounds each database session: connecting and every statement in it (default 10 minutes). */
  budgetMs?: number;
  deps?: SessionDeps;
}

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v));

export class MssqlOps implements SqlOps {
  private readonly sessions = new Map<string, Promise<SqlSession>>();

  constructor(private readonly o: MssqlOpsOptions) {}

  private session(database: string): Promise<SqlSession> {
    const key = database.toLowerCase();
    let s = this.sessions.get(key);
    if (!s) {
      const plan = planConnection({ ...this.o.sql, database });
      s = SqlSession.open(plan, this.o.sql.password, new Deadline(this.o.budgetMs ?? 600_000), this.o.deps);
      s.catch(() => this.sessions.delete(key));
      this.sessions.set(key, s);
    }
    return s;
  }

  private async closeSession(database: string): Promise<void> {
    const key = database.toLowerCase();
    const s = this.sessions.get(key);
    this.sessions.delete(key);
    if (s) await s.then((x) => x.close(), () => undefined);
  }

  private async run(database: string, q: SqlQuery): Promise<Record<string, unknown>[]> {
    try {
      return await (await this.session(database)).query(q);
    } catch (err) {
      throw err instanceof SqlProbeError ? new Error(`SQL Server (${database}): ${err.message}`) : err;
    }
  }

  private async one(database: string, q: SqlQuery): Promise<Record<string, unknown>> {
    const rows = await this.run(database, q);
    if (rows.length !== 1) throw new Error(`SQL Server answered ${rows.length} rows to ${q.purpose}`);
    return rows[0]!;
  }

  async database(name: string): Promise<DatabaseState> {
    const exists = num((await this.one('master', STATEMENTS.databaseExists(name))).dbExists) === 1;
    if (!exists) return { exists: false, createdBy: null };
    const marker = (await this.one(name, STATEMENTS.databaseMarker())).createdBy;
    return { exists: true, createdBy: typeof marker === 'string' ? marker : null };
  }

  async createDatabase(name: string, marker: string): Promise<void> {
    // CREATE DATABASE cannot run inside a user transaction (learn.microsoft.com CREATE DATABASE): the marker follows
    // as its own statement, and the journal's record of the started step covers the moment between them.
    await this.run('master', STATEMENTS.createDatabase(name));
    await this.markDatabase(name, marker);
  }

  async markDatabase(name: string, marker: string): Promise<void> {
    await this.run(name, STATEMENTS.markDatabase(marker));
  }

  async dropDatabase(name: string, marker: string, options: { unmarkedIsOurs?: boolean } = {}): Promise<void> {
    await this.closeSession(name);
    await this.run('master', STATEMENTS.dropDatabase(name, marker, options.unmarkedIsOurs === true));
  }

  async ownedBy(db: string, login: string): Promise<boolean> {
    return num((await this.one('master', STATEMENTS.ownedBy(db, login))).owned) === 1;
  }

  async giveOwnershipToSa(db: string): Promise<void> {
    await this.closeSession(db);
    await this.run('master', STATEMENTS.giveOwnershipToSa(db));
  }

  async backupDatabase(db: string, file: string): Promise<void> {
    await this.run('master', STATEMENTS.backupDatabase(db, file));
  }

  async appliedScripts(db: string): Promise<AppliedScript[]> {
    const rows = await this.run(db, STATEMENTS.appliedScripts());
    return rows.filter((r) => typeof r.name === 'string').map((r) => ({ name: String(r.name), sha256: String(r.sha256).trim() }));
  }

  async applyScript(db: string, script: ScriptToApply): Promise<void> {
    const session = await this.session(db);
    try {
      await session.batch(BEGIN_SCRIPT, `begin the transaction for ${script.name}`);
      for (const [i, b] of script.batches.entries()) await session.batch(b, `run batch ${i + 1} of ${script.name}`);
      await session.query(STATEMENTS.recordScript(script.name, script.sha256, script.runId));
      await session.batch(COMMIT_SCRIPT, `commit ${script.name}`);
    } catch (err) {
      await session.batch(ROLLBACK_SCRIPT, `roll back ${script.name}`).catch(() => undefined);
      throw err instanceof SqlProbeError ? new Error(`SQL Server (${db}): ${script.name}: ${err.message}`) : err;
    }
  }

  async unapplyScript(db: string, script: { name: string; batches: string[] }): Promise<void> {
    const session = await this.session(db);
    try {
      await session.batch(BEGIN_SCRIPT, `begin the transaction undoing ${script.name}`);
      for (const [i, b] of script.batches.entries()) await session.batch(b, `run batch ${i + 1} of the undo of ${script.name}`);
      await session.query(STATEMENTS.forgetScript(script.name));
      await session.batch(COMMIT_SCRIPT, `commit the undo of ${script.name}`);
    } catch (err) {
      await session.batch(ROLLBACK_SCRIPT, `roll back the undo of ${script.name}`).catch(() => undefined);
      // SQL Server's own message stays as it is; what clickker was doing is said in both languages.
      throw err instanceof SqlProbeError ? new SaidError(say(`SQL Server (${db}): undoing ${script.name}: ${err.message}`, `SQL Server (${db}): ongedaan maken van ${script.name}: ${err.message}`)) : err;
    }
  }

  async login(account: string): Promise<{ exists: boolean; serverRoles: string[] }> {
    const r = await this.one('master', STATEMENTS.login(account));
    return { exists: num(r.loginExists) === 1, serverRoles: num(r.isSysadmin) === 1 ? ['sysadmin'] : [] };
  }

  async createWindowsLogin(account: string): Promise<void> {
    await this.run('master', STATEMENTS.createLogin(account));
  }

  async dropLogin(account: string): Promise<void> {
    await this.run('master', STATEMENTS.dropLogin(account));
  }

  async user(db: string, account: string): Promise<{ exists: boolean; roles: string[] }> {
    const rows = await this.run(db, STATEMENTS.user(account));
    const exists = rows.some((r) => typeof r.userName === 'string');
    // Found by SID, the owner's user is dbo (windows-behaviour.md, "SQL Server").
    const dbo = rows.some((r) => r.userName === 'dbo');
    return { exists, roles: rows.map((r) => r.role).filter((x): x is string => typeof x === 'string'), ...(dbo ? { dbo } : {}) };
  }

  async createUser(db: string, account: string): Promise<void> {
    await this.run(db, STATEMENTS.createUser(account));
  }

  async dropUser(db: string, account: string): Promise<void> {
    await this.run(db, STATEMENTS.dropUser(account));
  }

  async addRole(db: string, account: string, role: string): Promise<void> {
    await this.run(db, STATEMENTS.addRole(account, role));
  }

  async dropRole(db: string, account: string, role: string): Promise<void> {
    await this.run(db, STATEMENTS.dropRole(account, role));
  }

  async addServerRole(account: string, role: string): Promise<void> {
    if (role !== 'sysadmin') throw new Error(`clickker only changes membership of sysadmin, not ${role}`);
    await this.run('master', STATEMENTS.serverRole(account, true));
  }

  async dropServerRole(account: string, role: string): Promise<void> {
    if (role !== 'sysadmin') throw new Error(`clickker only changes membership of sysadmin, not ${role}`);
    await this.run('master', STATEMENTS.serverRole(account, false));
  }

  async exactDatabases(): Promise<string[]> {
    const rows = await this.run('master', databasesQuery());
    // Issue 13: only ONLINE databases get a planned grant; an OFFLINE, RESTORING or SUSPECT one cannot take a user or
    // role (and HAS_DBACCESS/OBJECT_ID say nothing about it). The preflight names those in sql.service-account.
    return rows
      .filter((r) => r.state === undefined || r.state === null || r.state === 'ONLINE')
      .filter((r) => recogniseExactDatabase({ name: String(r.name), tables: fingerprintOf(r) }) !== null).map((r) => String(r.name)).sort();
  }

  async close(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((k) => this.closeSession(k)));
  }
}
