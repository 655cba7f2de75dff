// The SQL steps through the real mssql/tedious client against the TDS test server (a stand-in for SQL Server that
// does not execute T-SQL: a world model answers the installer's tagged statements from the parameters that
// arrived). Windows itself (IIS, services, files' ACLs) is the host model here.
import { afterAll, describe, expect, it } from '@jest/globals';
import { Journal } from '../../src/install/journal.js';
import { install, planInstall, resumeInstall, rollbackInstall } from '../../src/install/installer.js';
import { resolveSqlOptions } from '../../src/probes/sql/config.js';
import { MssqlOps } from '../../src/install/windows/sql.js';
import type { TdsTestServer, ReceivedQuery } from '../support/tds-server.js';
import { newHost, params, samplePackage, secrets, tempDirs } from './support/host.js';
import { sqlWorld, startWorldServer, tagOf, type SqlWorld } from './support/sql-world.js';

const PASSWORD = 'Sq1-Pa55word!';
const tmp = tempDirs('sql');
const pkg = samplePackage();
const servers: TdsTestServer[] = [];
const opened: MssqlOps[] = [];
afterAll(async () => {
  await Promise.all(opened.map((o) => o.close()));
  await Promise.all(servers.map((s) => s.close()));
});

async function setup(w: SqlWorld = sqlWorld(), over: Partial<ReturnType<typeof params>> = {}) {
  const server = await startWorldServer(w);
  servers.push(server);
  const sql = new MssqlOps({
    sql: resolveSqlOptions({ server: `127.0.0.1,${server.port}`, user: 'svc-clickker', domain: 'VDBERG', password: PASSWORD, encrypt: false }, { bacoLogin: 'BACO', clickkerDatabase: 'Clickker' }),
    budgetMs: 10_000,
  });
  opened.push(sql);
  const root = tmp();
  const p = params(root, over);
  // The Windows side resolves the service account to a SID (the SQL side here is the TDS world).
  const exec = newHost((m) => { m.accounts[p.serviceAccount] ??= 'S-1-5-21-1111-2222-3333-4444'; });
  exec.sql = () => sql;
  const input = { exec, pkg, params: p, secrets: secrets(), stateDir: tmp(), tool: { name: 'clickker', version: 'test' }, verify: { attempts: 1, delayMs: 0 } };
  const sqlChanges = async () => (await planInstall(input)).filter((s) => s.step.id.startsWith('sql.') && !s.test?.inState).map((s) => s.step.id);
  return { w, server, sql, exec, input, sqlChanges, queries: () => server.received.queries.filter((q) => !(q.kind === 'batch' && /^\s*set\s/i.test(q.sql))) };
}

const tags = (qs: readonly ReceivedQuery[]) => qs.map((q) => tagOf(q) ?? (q.kind === 'batch' ? 'script-batch' : q.sql.slice(0, 30)));

describe('SQL steps against the TDS test server', () => {
  it('detects the Exact databases by name and tables, plans, applies, and plans no change', async () => {
    const t = await setup();
    expect(await t.sql.exactDatabases()).toEqual(['100', '100_unicode']);
    expect(await t.sqlChanges()).toEqual(['sql.database', 'sql.script:sql/001-schema.sql', 'sql.script:sql/002-settings.sql', 'sql.access', 'sql.exact-read:100', 'sql.exact-read:100_unicode']);
    await install(t.input);
    const db = t.w.databases.Clickker!;
    expect(db.marker).toMatch(/^\d{8}-\d{6}-[0-9a-f]{4}$/);
    expect(db.history.map((h) => h.name)).toEqual(['sql/001-schema.sql', 'sql/002-settings.sql']);
    expect(db.executed).toHaveLength(3);
    expect(db.executed[0]).toMatch(/^-- Clickker sample package 1.0.0: the schema[\s\S]*CREATE TABLE dbo\.Settings/);
    expect(db.users['VDBERG\\svc-clickker']).toEqual({ roles: ['db_datareader', 'db_datawriter'] });
    expect(t.w.databases['100']!.users['VDBERG\\svc-clickker']).toEqual({ roles: ['db_datareader'] });
    expect(await t.sqlChanges()).toEqual([]);
    // A re-install sends only reads.
    const before = t.queries().length;
    await install(t.input);
    const again = t.queries().slice(before);
    // (owned-by: the database step checks that the service account does not own the database, so it is not dbo)
    expect(new Set(tags(again))).toEqual(new Set(['database-exists', 'database-marker', 'owned-by', 'applied-scripts', 'login', 'user']));
  });

  it('on the Exact databases only reads, a user and db_datareader are ever sent', async () => {
    const t = await setup();
    await install(t.input);
    await rollbackInstall(t.input);
    const onExact = t.queries().filter((q) => q.database === '100' || q.database === '100_unicode');
    expect(onExact.length).toBeGreaterThan(0);
    // reads (the clickker marker, the user and its roles), then a user and db_datareader, and their removal on rollback
    expect(new Set(tags(onExact))).toEqual(new Set(['database-marker', 'user', 'create-user', 'add-role', 'drop-role', 'drop-user']));
    for (const q of onExact.filter((x) => tagOf(x) === 'add-role' || tagOf(x) === 'drop-role')) expect(q.params.role).toBe('db_datareader');
    expect(t.w.databases['100']).toEqual(sqlWorld().databases['100']);
  });

  it('each script runs in one transaction on one connection: begin, its batches, the history row, commit', async () => {
    const t = await setup();
    await install(t.input);
    const onClickker = t.queries().filter((q) => q.database === 'Clickker');
    const seq = tags(onClickker).filter((x) => ['begin-script', 'script-batch', 'record-script', 'commit-script'].includes(x));
    expect(seq).toEqual(['begin-script', 'script-batch', 'script-batch', 'record-script', 'commit-script', 'begin-script', 'script-batch', 'record-script', 'commit-script']);
    const tx = onClickker.filter((q) => ['begin-script', 'script-batch', 'record-script', 'commit-script'].includes(tags([q])[0]!));
    expect(new Set(tx.map((q) => q.connection)).size).toBe(1);
    const record = onClickker.find((q) => tagOf(q) === 'record-script')!;
    expect(record.params).toMatchObject({ name: 'sql/001-schema.sql', run: t.w.databases.Clickker!.marker });
    expect(record.params.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a failing script batch is rolled back, the step fails, and --resume applies it once fixed', async () => {
    const w = sqlWorld();
    w.failBatch = 'SyncIntervalMinutes';
    const t = await setup(w);
    await expect(install(t.input)).rejects.toThrow(/step sql\.script:sql\/002-settings\.sql failed: .*Incorrect syntax near 'SyncIntervalMinutes'/);
    expect(tags(t.queries()).filter((x) => x.endsWith('-script')).slice(-2)).toEqual(['begin-script', 'rollback-script']);
    expect(w.databases.Clickker!.history.map((h) => h.name)).toEqual(['sql/001-schema.sql']);
    expect(Journal.load(t.input.stateDir)!.step('sql.script:sql/002-settings.sql').status).toBe('failed');
    delete w.failBatch;
    await resumeInstall(t.input);
    expect(w.databases.Clickker!.history.map((h) => h.name)).toEqual(['sql/001-schema.sql', 'sql/002-settings.sql']);
  });

  it('rollback drops the database it created (the marker travels as a parameter) and nothing else', async () => {
    const t = await setup();
    const start = structuredClone(t.w);
    await install(t.input);
    await rollbackInstall(t.input);
    expect(t.w).toEqual(start);
    const drop = t.queries().find((q) => tagOf(q) === 'drop-database')!;
    expect(drop.database).toBe('master');
    // unmarkedIsOurs: the journal recorded that this run created it (covers a crash before the marker was written)
    expect(drop.params).toEqual({ db: 'Clickker', marker: expect.stringMatching(/^\d{8}-/), unmarkedIsOurs: '1' });
    expect(drop.sql).toMatch(/IF NOT \(\(@found IS NULL AND @unmarkedIsOurs = N'1'\) OR @found = @marker\)\s+THROW 50001/);
  });

  it("a database of that name that is not clickker's is refused and never written to", async () => {
    const w = sqlWorld();
    w.databases.Clickker = { exact: false, tables: [], marker: null, history: [], users: {}, executed: [] };
    const t = await setup(w);
    await expect(install(t.input)).rejects.toThrow(/database \[Clickker\] already exists .* not created by clickker/);
    await rollbackInstall(t.input);
    expect(tags(t.queries().filter((q) => q.database === 'Clickker'))).toEqual(['database-marker']);
  });

  it('reduces the service account to what it needs afterwards, and gives sysadmin back on rollback', async () => {
    const t = await setup(sqlWorld(), { reduceSqlRights: true });
    await install(t.input);
    expect(t.w.logins['VDBERG\\svc-clickker']).toEqual({ sysadmin: false });
    const drop = t.queries().find((q) => tagOf(q) === 'drop-sysadmin')!;
    expect(drop).toMatchObject({ database: 'master', params: { login: 'VDBERG\\svc-clickker' } });
    await rollbackInstall(t.input);
    expect(t.w.logins['VDBERG\\svc-clickker']).toEqual({ sysadmin: true });
  });

  it.each([
    ["VDBERG\\o'brien]; DROP LOGIN sa; --", "Click'ker]; SHUTDOWN --"],
    ['VDBERG\\naïve ✓', 'Clickker_ü'],
  ])('hostile names %j / %j reach SQL Server only as parameters', async (account, database) => {
    const w = sqlWorld();
    w.logins = { [account]: { sysadmin: true } };
    const t = await setup(w, { serviceAccount: account, database, exactDatabases: ['100'] });
    // the package database name is validated by the manifest; the CLI's --clickker-database goes through the same steps
    await install(t.input).catch(() => undefined);
    const qs = t.queries();
    expect(qs.some((q) => q.params.login === account)).toBe(true);
    expect(qs.some((q) => q.params.db === database)).toBe(true);
    for (const q of qs) {
      expect(q.sql).not.toContain(account);
      expect(q.sql).not.toContain(database);
    }
    expect(w.databases[database]!.users[account]).toEqual({ roles: ['db_datareader', 'db_datawriter'] });
  });
});
