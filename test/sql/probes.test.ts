// The three SQL probes end to end: the real mssql/tedious client against the TDS test server (a stand-in for SQL
// Server, see test/support/tds-server.ts), records checked against the fact schemas and judged by the SQL checks.
import { afterAll, describe, expect, it } from '@jest/globals';
import type { ProbeRecord } from '../../src/core/facts.js';
import { runProbeSources } from '../../src/core/probe-sources.js';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { loadRequirements } from '../../src/core/requirements.js';
import type { Result } from '../../src/core/types.js';
import { sqlBacoSchema, sqlPermissionsSchema, sqlServerSchema } from '../../src/facts/sql.js';
import { sqlSource } from '../../src/probes/sql/index.js';
import type { TdsTestServer } from '../support/tds-server.js';
import { makeSnapshot } from '../support/snapshot.js';
import { PASSWORD, SQL_PROBE_IDS, sqlOptions, startFakeSql, world, type SqlWorld } from './fake-sql-server.js';
import { allChecks } from '../../checks/index.js';

const servers: TdsTestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function collect(w: SqlWorld, over: Parameters<typeof sqlOptions>[1] = {}, serviceAccount?: string) {
  const server = await startFakeSql(w);
  servers.push(server);
  const options = { ...sqlOptions(server, over), ...(serviceAccount ? { serviceAccount } : {}) };
  const records = await sqlSource.run(SQL_PROBE_IDS, options);
  return { server, records };
}

const requirements = loadRequirements();

function verdicts(records: Record<string, ProbeRecord>): Record<string, Result> {
  const ev = evaluate({
    hosts: [{ facts: makeSnapshot(records).facts }],
    requirements, checks: allChecks(requirements.requirements), options: defaultOptions(),
    selection: { only: ['sql.auth-mode', 'sql.baco-login', 'sql.service-account'] },
    now: new Date('2026-11-22T12:00:00Z'),
  });
  return Object.fromEntries(ev.results.map((r) => [r.id, r]));
}

function data(rec: ProbeRecord | undefined): unknown {
  if (!rec?.ok) throw new Error(`probe failed: ${JSON.stringify(rec)}`);
  return rec.data;
}

describe('sql probes against the TDS test server', () => {
  it('produce the three records, which parse with the fact schemas', async () => {
    const { records } = await collect(world());
    expect(Object.keys(records).sort()).toEqual([...SQL_PROBE_IDS].sort());
    const server = sqlServerSchema.parse(data(records['sql.server']));
    expect(server).toEqual({
      server: expect.stringMatching(/^127\.0\.0\.1,\d+$/),
      connectedAs: 'CORP\\svc-clickker',
      productVersion: '13.0.5026.0',
      productMajorVersion: 13,
      edition: 'Standard Edition (64-bit)',
      isIntegratedSecurityOnly: false,
      encryption: 'off',
    });
    expect(sqlBacoSchema.parse(data(records['sql.baco']))).toEqual({
      login: 'BACO', canSeeLogins: true, exists: true, type: 'S', isDisabled: false, isLocked: false, isExpired: false,
      isMustChange: false, isPolicyChecked: true, isExpirationChecked: false, daysUntilExpiration: null,
    });
    const perms = sqlPermissionsSchema.parse(data(records['sql.permissions']));
    expect(perms.login).toBe('CORP\\svc-clickker');
    expect(perms.connectedAsServiceAccount).toBe(true);
    expect(perms.isSysadmin).toBe(true);
    expect(perms.exactDatabases.map((d) => [d.name, d.kind, d.canRead])).toEqual([
      ['001', 'globe', true], ['001_unicode', 'synergy', true], ['Synergy', 'exact', true],
    ]);
    expect(perms.clickkerDatabase).toEqual({ name: 'Clickker', exists: true, canRead: true, canWrite: true });
    for (const rec of Object.values(records)) expect(rec.ms).toBeGreaterThanOrEqual(0);
  });

  it('work through runProbeSources, the path the CLI takes', async () => {
    const server = await startFakeSql(world());
    servers.push(server);
    const records = await runProbeSources([sqlSource], ['sql.server', 'os'], sqlOptions(server));
    expect(Object.keys(records)).toEqual(['sql.server']);
    expect(records['sql.server']?.ok).toBe(true);
  });

  it('gather only the probes asked for', async () => {
    const server = await startFakeSql(world());
    servers.push(server);
    const records = await sqlSource.run(['sql.baco'], sqlOptions(server));
    expect(Object.keys(records)).toEqual(['sql.baco']);
    const ids = server.received.queries.filter((q) => q.kind === 'rpc' && !/^SELECT 1;?$/.test(q.sql)).map((q) => q.sql.match(/sys\.server_principals/) ? 'baco' : q.sql);
    expect(ids).toEqual(['baco']);
  });

  it('give passing verdicts for a ready server, connected as the named service account', async () => {
    const { records } = await collect(world(), {}, 'CORP\\svc-clickker');
    const v = verdicts(records);
    expect(v['sql.auth-mode']?.status).toBe('pass');
    expect(v['sql.baco-login']?.status).toBe('pass');
    expect(v['sql.service-account']?.status).toBe('pass');
  });

  it('without --service-account, sql.service-account is unknown: the connected login (sa) is no evidence (issue 13)', async () => {
    // gather.ts once judged the connected login when no account was named, so --sql-user sa read "sa is sysadmin".
    const { records } = await collect(world({ connectedAs: 'sa' }), { user: 'sa', domain: undefined });
    expect(data(records['sql.permissions'])).toMatchObject({ login: 'sa', serviceAccountNamed: false });
    expect(verdicts(records)['sql.service-account']).toMatchObject({ status: 'unknown', reason: expect.stringContaining('name the service account with --service-account') });
  });

  it('report Windows-only authentication, which fails sql.auth-mode', async () => {
    const { records } = await collect(world({ isIntegratedSecurityOnly: 1 }));
    expect(verdicts(records)['sql.auth-mode']).toMatchObject({ status: 'fail', summary: expect.stringContaining('Windows authentication only') });
  });

  it('tell a missing BACO login from one the connected login may not see', async () => {
    const missing = verdicts((await collect(world({ logins: {} }))).records)['sql.baco-login'];
    expect(missing).toMatchObject({ status: 'fail', summary: expect.stringContaining('no login BACO') });

    const hidden = (await collect(world({ logins: {}, alterAnyLogin: 0, viewAnyDefinition: 0 }))).records;
    expect(data(hidden['sql.baco'])).toMatchObject({ exists: false, canSeeLogins: false });
    expect(verdicts(hidden)['sql.baco-login']).toMatchObject({ status: 'unknown', reason: expect.stringContaining('cannot determine') });
  });

  it('report a disabled, a locked and a Windows BACO login', async () => {
    const disabled = verdicts((await collect(world({ logins: { BACO: { type: 'S', isDisabled: 1 } } }))).records)['sql.baco-login'];
    expect(disabled).toMatchObject({ status: 'fail', summary: expect.stringContaining('disabled') });
    const locked = verdicts((await collect(world({ logins: { BACO: { type: 'S', isLocked: 1, isPolicyChecked: 1 } } }))).records)['sql.baco-login'];
    expect(locked).toMatchObject({ status: 'fail', summary: expect.stringContaining('locked') });
    const windows = verdicts((await collect(world({ logins: { BACO: { type: 'U' } } }))).records)['sql.baco-login'];
    expect(windows).toMatchObject({ status: 'fail', summary: expect.stringContaining('not a SQL login') });
  });

  it('use the configured BACO login and Clickker database names', async () => {
    const w = world({ logins: { EXACTSQL: { type: 'S' } }, databases: [{ name: 'ClickkerProd', tables: [] }] });
    const { records, server } = await collect(w, { bacoLogin: 'EXACTSQL', clickkerDatabase: 'ClickkerProd' });
    expect(data(records['sql.baco'])).toMatchObject({ login: 'EXACTSQL', exists: true });
    expect(data(records['sql.permissions'])).toMatchObject({ clickkerDatabase: { name: 'ClickkerProd', exists: true, canRead: true, canWrite: true } });
    const params = server.received.queries.flatMap((q) => Object.values(q.params));
    expect(params).toEqual(expect.arrayContaining(['EXACTSQL', 'ClickkerProd']));
  });

  it('report a service account that is not sysadmin and cannot read an Exact database', async () => {
    const w = world({
      selfSysadmin: 0,
      databases: [{ name: '001', tables: ['cicmpy'] }, { name: '002', hasAccess: 0 }, { name: 'Clickker', tables: [] }],
      rights: { Clickker: [1, 0, 1, 1] },
    });
    const { records } = await collect(w, {}, 'CORP\\svc-clickker');
    const perms = sqlPermissionsSchema.parse(data(records['sql.permissions']));
    expect(perms.isSysadmin).toBe(false);
    // 002 could not be looked into: recognised by its name alone (kindDetermined false), and not readable.
    expect(perms.exactDatabases).toEqual([
      { name: '001', kind: 'globe', canRead: true, state: 'ONLINE', tables: ['cicmpy'], kindDetermined: true },
      { name: '002', kind: 'globe', canRead: false, state: 'ONLINE', tables: null, kindDetermined: false },
    ]);
    expect(perms.clickkerDatabase).toEqual({ name: 'Clickker', exists: true, canRead: true, canWrite: false });
    expect(verdicts(records)['sql.service-account']).toMatchObject({ status: 'fail', summary: expect.stringContaining('cannot read 002') });
  });

  it('examine another service account only as far as SQL Server can tell', async () => {
    const w = world({ connectedAs: 'sa', accountSysadmin: { 'CORP\\svc-other': null } });
    const { records, server } = await collect(w, { user: 'sa', domain: undefined }, 'CORP\\svc-other');
    const perms = sqlPermissionsSchema.parse(data(records['sql.permissions']));
    expect(perms).toMatchObject({ login: 'CORP\\svc-other', connectedAsServiceAccount: false, isSysadmin: null });
    expect(perms.exactDatabases.every((d) => d.canRead === null)).toBe(true);
    expect(perms.clickkerDatabase).toMatchObject({ exists: true, canRead: null, canWrite: null });
    expect(server.received.queries.find((q) => /IS_SRVROLEMEMBER/.test(q.sql))?.params).toEqual({ account: 'CORP\\svc-other' });
    expect(verdicts(records)['sql.service-account']).toMatchObject({ status: 'unknown', reason: expect.stringContaining('connect as the service account') });

    const sysadmin = (await collect(world({ connectedAs: 'sa', accountSysadmin: { 'CORP\\svc-other': 1 } }), { user: 'sa', domain: undefined }, 'CORP\\svc-other')).records;
    const p2 = sqlPermissionsSchema.parse(data(sysadmin['sql.permissions']));
    expect(p2.isSysadmin).toBe(true);
    expect(p2.exactDatabases.every((d) => d.canRead === true)).toBe(true);
    expect(verdicts(sysadmin)['sql.service-account']?.status).toBe('pass');
  });

  it('record a missing Clickker database as missing only when the login may see all databases', async () => {
    const gone = (await collect(world({ databases: [] }))).records;
    expect(data(gone['sql.permissions'])).toMatchObject({ clickkerDatabase: { exists: false, canRead: null, canWrite: null } });
    const blind = (await collect(world({ databases: [], viewAnyDatabase: 0 }))).records;
    expect(data(blind['sql.permissions'])).toMatchObject({ clickkerDatabase: { exists: null } });
  });

  it('fail only the probe whose query is refused, with access-denied', async () => {
    const w = world({ errors: { databases: { number: 300, message: "VIEW ANY DATABASE permission was denied on object 'server', database 'master'." } } });
    const { records } = await collect(w);
    expect(records['sql.server']?.ok).toBe(true);
    expect(records['sql.baco']?.ok).toBe(true);
    expect(records['sql.permissions']).toMatchObject({ ok: false, error: { kind: 'access-denied', message: expect.stringContaining('CORP\\svc-clickker may not list the user databases') } });
    expect(verdicts(records)['sql.service-account']).toMatchObject({ status: 'unknown', reason: expect.stringContaining('access-denied') });
  });

  it('derive the major version from ProductVersion when ProductMajorVersion is NULL', async () => {
    // Capture 19: SQL Server 2012 SP2-GDR Express, 11.0.5388.0.
    const { records } = await collect(world({ productVersion: '11.0.5388.0', productMajorVersion: null, edition: 'Express Edition (64-bit)' }));
    expect(data(records['sql.server'])).toMatchObject({ productVersion: '11.0.5388.0', productMajorVersion: 11, edition: 'Express Edition (64-bit)' });
  });

  it('never put the password in a record, even when the server echoes it', async () => {
    const w = world({ errors: { baco: { number: 50000, message: `something mentioned ${PASSWORD} here` } } });
    const { records, server } = await collect(w);
    // The password did reach the server (inside NTLM it is hashed, so check a SQL login too).
    expect(records['sql.baco']).toMatchObject({ ok: false, error: { kind: 'error', message: expect.stringContaining('something mentioned *** here') } });
    expect(JSON.stringify(records)).not.toContain(PASSWORD);
    expect(server.received.logins[0]?.ntlm?.user).toBe('svc-clickker');

    const sqlLogin = await collect(world({ errors: { server: { number: 50000, message: `bad ${PASSWORD}` } } }), { user: 'BACO', domain: undefined });
    expect(sqlLogin.server.received.logins[0]?.password).toBe(PASSWORD);
    expect(JSON.stringify(sqlLogin.records)).not.toContain(PASSWORD);
  });
});

describe('sql.permissions: the service account in humres (sql.synergy-user)', () => {
  it('reads humres in each Synergy database with the names as RPC parameters; a database without humres is "not looked"', async () => {
    const w = world({
      humres: {
        '001_unicode': [{ resId: 284983, usrId: 'CORP\\svc-clickker  ', blocked: 0, hasLeft: 0 }, { resId: 5, usrId: 'CORP\\someone', blocked: 0, hasLeft: 0 }],
      },
    });
    const { records, server } = await collect(w, {}, 'CORP\\svc-clickker');
    const perms = sqlPermissionsSchema.parse(data(records['sql.permissions']));
    expect(perms.synergyUser).toEqual({
      account: 'CORP\\svc-clickker',
      databases: [
        { name: '001_unicode', looked: true, rows: [{ resId: 284983, usrId: 'CORP\\svc-clickker', exact: true, blocked: false, hasLeft: false }] },
        { name: 'Synergy', looked: false, reason: expect.stringContaining("Invalid object name 'dbo.humres'"), rows: [] },
      ],
    });
    const sent = server.received.queries.filter((q) => /FROM dbo\.humres/.test(q.sql));
    expect(sent.map((q) => q.params)).toEqual([
      { db: '001_unicode', account: 'CORP\\svc-clickker', bare: 'svc-clickker' },
      { db: 'Synergy', account: 'CORP\\svc-clickker', bare: 'svc-clickker' },
    ]);
    expect(sent.every((q) => !q.sql.includes('001_unicode') && !q.sql.includes('svc-clickker'))).toBe(true);
    const ev = evaluate({
      hosts: [{ facts: makeSnapshot(records).facts }],
      requirements, checks: allChecks(requirements.requirements), options: defaultOptions(),
      selection: { only: ['sql.synergy-user'] }, now: new Date('2026-11-22T12:00:00Z'),
    });
    expect(ev.results.find((r) => r.id === 'sql.synergy-user')?.status).toBe('pass');
  });

  it('a humres query that outlives the budget costs only the humres look: the other facts are kept', async () => {
    const w = world({ humres: { '001_unicode': [] }, stall: { 'synergy-user': 'stall' } });
    const server = await startFakeSql(w);
    servers.push(server);
    const records = await sqlSource.run(SQL_PROBE_IDS, { ...sqlOptions(server, {}, 1_500), serviceAccount: 'CORP\\svc-clickker' });
    const perms = sqlPermissionsSchema.parse(data(records['sql.permissions']));
    expect(perms.isSysadmin).toBe(true);
    expect(perms.synergyUser?.databases.map((d) => [d.name, d.looked])).toEqual([['001_unicode', false], ['Synergy', false]]);
    expect(perms.synergyUser?.databases[0]?.reason).toMatch(/budget/);
  });

  it('without a named service account nothing is read from humres', async () => {
    const { records, server } = await collect(world({ humres: { '001_unicode': [] } }));
    expect(sqlPermissionsSchema.parse(data(records['sql.permissions'])).synergyUser).toBeUndefined();
    expect(server.received.queries.some((q) => /FROM dbo\.humres/.test(q.sql))).toBe(false);
  });
});
