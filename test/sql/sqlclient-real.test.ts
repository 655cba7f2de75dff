// SQL Server as the current Windows account, through the real System.Data.SqlClient: sqlQuery.ps1 runs in the real
// pwsh 7.6 (which ships SqlClient 4.6) against the TDS test server, started by the sql source exactly as on Windows
// (platform win32, --powershell naming pwsh).
// Before the login, everything is real: the connection string sqlQuery.ps1 builds, PRELOGIN, TLS inside TDS,
// SqlClient's own timeouts and the SqlException numbers it raises there.
// The login itself: Integrated Security cannot log in on Linux (SqlClient asks GSSAPI for a Kerberos ticket and
// stops before LOGIN7, "Cannot authenticate using Kerberos"). test/powershell/mocks/sqlclient-login.ps1 replaces that
// one step: it shadows New-Object for System.Data.SqlClient.SqlConnection only and swaps Integrated Security for a
// SQL login that the TDS test server treats as the Windows account (SQL Server knows a Windows login by its SID; which
// authentication proved it does not change what follows). From there on the real SqlClient logs in, sends the real
// queries with their SqlParameters, reads the real records and raises the real SqlException numbers, and the Windows
// route's records are compared with the mssql route's (tedious, NTLM as the same account) for the same server state.
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import type { ProbeOptions } from '../../src/core/probe-sources.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import { createSqlSource, encodeSqlParameters, sqlSource } from '../../src/probes/sql/index.js';
import { buildInvocation, newNonce, readEnvelope } from '../../src/probes/powershell/envelope.js';
import { readProbeScript } from '../../src/probes/powershell/probes.js';
import { bacoQuery, identityQuery, serverQuery, synergyUserQuery } from '../../src/probes/sql/queries.js';
import { pwshHost, realPwsh, startMockedSession } from '../powershell/support/pwsh.js';
import { loginFailed, type LoginReply, type ReceivedLogin, type TdsServerOptions, type TdsTestServer } from '../support/tds-server.js';
import { PASSWORD, SQL_PROBE_IDS, sqlOptions, startFakeSql, tlsServer, world, type SqlWorld } from './fake-sql-server.js';

jest.setTimeout(180_000);
const PWSH = realPwsh();
const ps = pwshHost();
const servers: TdsTestServer[] = [];
afterAll(async () => {
  await ps.close();
  for (const s of servers) await s.close();
});

async function server(opts: TdsServerOptions, w: SqlWorld = world()): Promise<TdsTestServer> {
  const s = await startFakeSql(w, opts);
  servers.push(s);
  return s;
}

/** sqlQuery.ps1 in the tests' pwsh: what it printed (QueryId, Account, Rows, Error). */
interface SqlQueryOutput {
  Account: string | null;
  Rows: Record<string, unknown>[] | null;
  Error: {
    Number: number | null; Class: number | null; Message: string;
    Errors: { Number: number; Class: number }[];
    Exceptions: { Type: string; NativeErrorCode: number | null }[];
  } | null;
}

async function sqlQuery(params: Record<string, string>, scenario: Record<string, unknown> = {}): Promise<SqlQueryOutput> {
  const nonce = newNonce();
  const r = await ps.run(buildInvocation(readProbeScript('sqlQuery.ps1'), { QueryId: 'server', Query: serverQuery().text, TimeoutSeconds: '3', ...params }, nonce), scenario);
  const env = readEnvelope(r.stdout, nonce);
  if (env.kind !== 'envelope' || !env.envelope.ok) throw new Error(`no answer: ${JSON.stringify(env)}`);
  return JSON.parse(env.envelope.data!) as never;
}

/** The three SQL probes through the Windows route, with PowerShell = the real pwsh. */
async function windowsRoute(s: TdsTestServer, encrypt: boolean, trust: boolean, timeoutMs = 90_000): Promise<Record<string, ProbeRecord>> {
  return createSqlSource({ platform: 'win32' }).run(SQL_PROBE_IDS, {
    timeoutMs,
    powershell: PWSH,
    sql: { server: `127.0.0.1,${s.port}`, encrypt, trustServerCertificate: trust, bacoLogin: 'BACO', clickkerDatabase: 'Clickker' },
  });
}

describe('sqlQuery.ps1 with the real SqlClient', () => {
  it('builds its connection string and reaches the server: PRELOGIN, then TLS inside TDS, whatever the names hold', async () => {
    const s = await server({ encryption: 'tls' });
    const out = await sqlQuery({ DataSource: `tcp:127.0.0.1,${s.port}`, Database: "x'; DROP DATABASE y;--\u2019", Encrypt: 'True', TrustServerCertificate: 'True' });
    expect(s.received.prelogins.length).toBe(1);
    // Got past the builder (the defect this found: "Keyword not supported: 'DataSource'") and through TLS; Linux
    // SqlClient then needs a Kerberos ticket for Integrated Security, which this machine has not got.
    expect(out.Error?.Message).not.toMatch(/Keyword not supported/);
    expect(out.Error?.Message).toMatch(/Cannot authenticate using Kerberos/);
    expect(s.received.logins).toEqual([]);
  });

  it('an untrusted (self-signed) server certificate fails the TLS handshake inside TDS', async () => {
    const s = await server({ encryption: 'tls' });
    const out = await sqlQuery({ DataSource: `tcp:127.0.0.1,${s.port}`, Encrypt: 'True', TrustServerCertificate: 'False' });
    expect(out.Error?.Exceptions.map((e) => e.Type)).toContain('System.Security.Authentication.AuthenticationException');
  });

  it('raises -2 with WAIT_TIMEOUT (258) for a server that never answers PRELOGIN, and 20 for one without encryption', async () => {
    const stalled = await server({ stallAtPrelogin: true });
    const t = await sqlQuery({ DataSource: `tcp:127.0.0.1,${stalled.port}`, Encrypt: 'False', TrustServerCertificate: 'True' });
    expect(t.Error?.Number).toBe(-2);
    expect(t.Error?.Exceptions.map((e) => e.NativeErrorCode)).toContain(258);
    const plain = await server({ encryption: 'none' });
    const n = await sqlQuery({ DataSource: `tcp:127.0.0.1,${plain.port}`, Encrypt: 'True', TrustServerCertificate: 'True' });
    expect(n.Error).toMatchObject({ Number: 20, Message: 'The instance of SQL Server you attempted to connect to does not support encryption.' });
  });
});

describe('the Windows route (sql source, platform win32) on the real pwsh and SqlClient', () => {
  it('classifies SqlClient\'s real -2 as a timeout, for every SQL probe', async () => {
    const s = await server({ stallAtPrelogin: true });
    const records = await windowsRoute(s, false, true, 12_000);
    for (const id of SQL_PROBE_IDS) expect({ id, r: records[id] }).toMatchObject({ id, r: { ok: false, error: { kind: 'timeout' } } });
  });

  it('classifies SqlClient\'s real 20 (no encryption offered, encryption asked) as tls', async () => {
    const s = await server({ encryption: 'none' });
    const records = await windowsRoute(s, true, false);
    for (const id of SQL_PROBE_IDS) {
      expect({ id, r: records[id] }).toMatchObject({ id, r: { ok: false, error: { kind: 'tls', message: expect.stringMatching(/does not support encryption/) } } });
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The record path: the real SqlClient logs in (mocks/sqlclient-login.ps1 stands in for the Windows login only).

/** The Windows account both routes log in as: NTLM for the mssql route, the stand-in SQL login for SqlClient. */
const DOMAIN = 'CORP';
const USER = 'svc-clickker';
const ACCOUNT = `${DOMAIN}\\${USER}`;
/** The SQL login mocks/sqlclient-login.ps1 puts in place of Integrated Security; the TDS server maps it to ACCOUNT. */
const STAND_IN_LOGIN = 'clickker_sqlclient_stand_in';
const STANDS_IN = { sqlLogin: { user: STAND_IN_LOGIN, password: PASSWORD } };

/** Who the TDS server sees: the NTLM account, or ACCOUNT for the stand-in SQL login (with the right password). */
function windowsAccountOf(l: ReceivedLogin): string | null {
  if (l.ntlm) return `${l.ntlm.domain}\\${l.ntlm.user}`;
  if (l.userName === STAND_IN_LOGIN && l.password === PASSWORD && !l.integratedSecurity) return ACCOUNT;
  return null;
}

/** A TDS server whose login decision sees the Windows account, whichever route logged in. */
async function accountServer(w: SqlWorld, opts: TdsServerOptions & { decide?: (account: string, l: ReceivedLogin) => LoginReply } = {}): Promise<TdsTestServer> {
  const { decide, ...rest } = opts;
  return server({
    ...rest,
    login: (l) => {
      const account = windowsAccountOf(l);
      if (account === null) return loginFailed(l.userName);
      return decide ? decide(account, l) : 'ok';
    },
  }, w);
}

interface RouteSettings { encrypt: boolean; trust: boolean; serviceAccount?: string; database?: string }

// Over TLS both routes name the server localhost: tedious (the mssql route, in this process) would print DEP0123 for an
// IP as the TLS server name (fake-sql-server.ts, TLS_SERVER_HOST), and the records compared name the server as given.
const sqlOf = (s: TdsTestServer, r: RouteSettings) => ({
  server: r.encrypt ? tlsServer(s) : `127.0.0.1,${s.port}`, encrypt: r.encrypt, trustServerCertificate: r.trust, bacoLogin: 'BACO', clickkerDatabase: 'Clickker',
  ...(r.database !== undefined ? { database: r.database } : {}),
});

/** The Windows route (integrated security through sqlQuery.ps1) on the real pwsh and SqlClient. */
async function integratedRoute(s: TdsTestServer, r: RouteSettings): Promise<Record<string, ProbeRecord>> {
  const options: ProbeOptions = { timeoutMs: 90_000, sql: sqlOf(s, r), ...(r.serviceAccount ? { serviceAccount: r.serviceAccount } : {}) };
  return createSqlSource({ platform: 'win32', startSession: () => startMockedSession(STANDS_IN) }).run(SQL_PROBE_IDS, options);
}

/** The mssql route (tedious) as the same Windows account through NTLM. */
async function mssqlRoute(s: TdsTestServer, r: RouteSettings): Promise<Record<string, ProbeRecord>> {
  const base = sqlOptions(s, { user: USER, domain: DOMAIN, password: PASSWORD, ...sqlOf(s, r) }, 30_000);
  return sqlSource.run(SQL_PROBE_IDS, { ...base, ...(r.serviceAccount ? { serviceAccount: r.serviceAccount } : {}) });
}

/**
 * The records without their timings. Integrated security names its login after what WindowsIdentity.GetCurrent()
 * says (sqlQuery.ps1's Account); on Linux that throws ("Windows Principal functionality is not supported on this
 * platform"), Account is null, and the route's messages say "(current Windows account)" where on Windows, and in the
 * NTLM route, they name the account: that one placeholder, and nothing else, is put back to the account's name.
 */
function comparable(records: Record<string, ProbeRecord>, integrated: boolean): unknown {
  const text = JSON.stringify(Object.fromEntries(Object.entries(records).map(([k, v]) => [k, { ...v, ms: 0 }])));
  return JSON.parse(integrated ? text.replaceAll('(current Windows account)', ACCOUNT.replace('\\', '\\\\')) : text);
}

async function bothRoutes(w: SqlWorld, r: RouteSettings, opts: Parameters<typeof accountServer>[1] = {}) {
  const s = await accountServer(w, { encryption: r.encrypt ? 'tls' : 'none', ...opts });
  const integrated = await integratedRoute(s, r);
  const integratedLogins = s.received.logins.length;
  const integratedQueries = s.received.queries.length;
  const mssql = await mssqlRoute(s, r);
  return { s, integrated, mssql, integratedLogins, integratedQueries };
}

/** A server state with rows of every kind: humres hits (trailing blanks, blocked, left), a database without humres. */
const RICH = world({
  connectedAs: ACCOUNT,
  accountSysadmin: { [ACCOUNT]: 0 },
  selfSysadmin: 0,
  rights: { Clickker: [1, 1, 0, 0] },
  databases: [
    { name: '001', tables: ['cicmpy', 'humres', 'SDKGroups'] },
    { name: '001_unicode', tables: ['cicmpy', 'humres', 'BacoSettings'] },
    { name: 'Synergy', tables: ['cicmpy', 'humres', 'BacoSettings'] },
    { name: '002', tables: ['cicmpy', 'humres', 'BacoSettings'] },
    { name: 'Clickker', tables: [] },
  ],
  humres: {
    '001_unicode': [
      { resId: 1012, usrId: `${ACCOUNT}   `, blocked: 0, hasLeft: 0 }, { resId: 7, usrId: 'svc-clickker', blocked: 1, hasLeft: 1 },
      { resId: 44, usrId: 'OTHER\\svc-clickker', blocked: null, hasLeft: 0 },
    ],
    // Synergy has no humres rows scripted: the TDS server answers 208 (Invalid object name), as SQL Server would.
  },
});

/** A poorer state: nothing to see, nulls where SQL Server gives NULL, a database offline and one without access. */
const POOR = world({
  productVersion: '12.0.6024.0', productMajorVersion: '12', edition: 'Express Edition (64-bit)', isIntegratedSecurityOnly: 1,
  connectedAs: ACCOUNT, logins: {}, alterAnyLogin: 0, viewAnyDefinition: 0, selfSysadmin: 0, viewAnyDatabase: 0,
  databases: [
    { name: '001', state: 'OFFLINE', tables: null },
    { name: '002', hasAccess: 0, tables: null },
    { name: 'Synergy', canSelect: 0, tables: ['cicmpy', 'humres', 'BacoSettings'] },
  ],
});

describe('the record path through the real SqlClient (only the Windows login stood in for)', () => {
  it('SqlClient logs in as the stand-in SQL login only: every other keyword is the one sqlQuery.ps1 set', async () => {
    const s = await accountServer(RICH, { encryption: 'tls' });
    const out = await sqlQuery({ DataSource: `tcp:127.0.0.1,${s.port}`, Database: 'master', Encrypt: 'True', TrustServerCertificate: 'True' }, STANDS_IN);
    expect(out.Error).toBeNull();
    expect(out.Rows).toEqual([{ productVersion: '13.0.5026.0', productMajorVersion: '13', edition: 'Standard Edition (64-bit)', isIntegratedSecurityOnly: 0, connectedAs: ACCOUNT }]);
    // Linux has no Windows identity: the script's own fallback, not a value the mock made up.
    expect(out.Account).toBeNull();
    expect(s.received.logins).toHaveLength(1);
    expect(s.received.logins[0]).toMatchObject({ userName: STAND_IN_LOGIN, integratedSecurity: false, overTls: true, appName: 'clickker preflight', database: 'master' });
    expect(s.received.prelogins[0]?.encryption).toBe(1);
  });

  it('gives the mssql route\'s records for a rich server state, over TLS', async () => {
    const { s, integrated, mssql, integratedLogins, integratedQueries } = await bothRoutes(RICH, { encrypt: true, trust: true, serviceAccount: ACCOUNT });
    for (const id of SQL_PROBE_IDS) expect({ id, ok: integrated[id]?.ok }).toEqual({ id, ok: true });
    expect(comparable(integrated, true)).toEqual(comparable(mssql, false));
    // Not vacuous: the humres look read real rows, and a database without humres stayed "not looked" (error 208).
    expect(JSON.stringify(integrated['sql.permissions'])).toContain('"resId":1012');
    expect(JSON.stringify(integrated['sql.permissions'])).toContain('SQL Server error 208');
    // One pooled login for the Windows route's queries, all inside TLS, parameters as data (sp_executesql).
    expect(integratedLogins).toBe(1);
    const mine = s.received.queries.slice(0, integratedQueries);
    expect(mine.every((q) => q.encrypted)).toBe(true);
    const humres = mine.filter((q) => q.sql === synergyUserQuery('001_unicode', ACCOUNT).text);
    expect(humres.map((q) => q.params)).toEqual([{ db: '001_unicode', account: ACCOUNT, bare: 'svc-clickker' }, { db: 'Synergy', account: ACCOUNT, bare: 'svc-clickker' }]);
    expect(mine.find((q) => q.sql === identityQuery(ACCOUNT).text)?.params).toEqual({ account: ACCOUNT });
  });

  it('gives the mssql route\'s records for a poor server state, without encryption', async () => {
    const { integrated, mssql } = await bothRoutes(POOR, { encrypt: false, trust: false });
    expect(integrated['sql.server']).toMatchObject({ ok: true, data: { encryption: 'off', productMajorVersion: 12, isIntegratedSecurityOnly: true } });
    expect(integrated['sql.baco']).toMatchObject({ ok: true, data: { canSeeLogins: false } });
    expect(comparable(integrated, true)).toEqual(comparable(mssql, false));
  });

  // What SQL Server sends (the TDS server sends the same): number, class. 18456 and 4060 at login, 4060 with 18456
  // after it; 229, 297 and 916 on a query. https://learn.microsoft.com/en-us/sql/relational-databases/errors-events/database-engine-events-and-errors
  const LOGIN_4060 = (_a: string, l: ReceivedLogin): LoginReply => ({ errors: [
    { number: 4060, class: 11, message: `Cannot open database "${l.database}" requested by the login. The login failed.` },
    { number: 18456, class: 14, message: `Login failed for user '${ACCOUNT}'.` },
  ] });
  const LOGIN_18456 = (): LoginReply => loginFailed(ACCOUNT);

  it('raises SQL Server\'s own numbers as SqlException.Number: 18456 and 4060 at login', async () => {
    const refused = await accountServer(RICH, { decide: LOGIN_18456 });
    const a = await sqlQuery({ DataSource: `tcp:127.0.0.1,${refused.port}`, Encrypt: 'False' }, STANDS_IN);
    expect(a.Error).toMatchObject({ Number: 18456, Class: 14, Message: `Login failed for user '${ACCOUNT}'.` });
    const noDb = await accountServer(RICH, { decide: LOGIN_4060 });
    const b = await sqlQuery({ DataSource: `tcp:127.0.0.1,${noDb.port}`, Database: 'Exact001', Encrypt: 'False' }, STANDS_IN);
    expect(b.Error?.Number).toBe(4060);
    expect(b.Error?.Errors.map((e) => [e.Number, e.Class])).toEqual([[4060, 11], [18456, 14]]);
  });

  it.each([
    [229, 14, 'synergy-user', "The SELECT permission was denied on the object 'humres', database '001_unicode', schema 'dbo'."],
    [916, 14, 'synergy-user', `The server principal "${ACCOUNT}" is not able to access the database "Synergy" under the current security context.`],
    [297, 16, 'baco', 'The user does not have permission to perform this action.'],
  ] as [number, number, 'synergy-user' | 'baco', string][])('raises %i on a query as SqlException.Number, and both routes record it alike', async (number, klass, query, message) => {
    const w = { ...RICH, errors: { [query]: { number, class: klass, message } } };
    const direct = await accountServer(w);
    const q = query === 'baco' ? bacoQuery('BACO') : synergyUserQuery('001_unicode', ACCOUNT);
    const out = await sqlQuery({ DataSource: `tcp:127.0.0.1,${direct.port}`, Encrypt: 'False', QueryId: q.id, Query: q.text, Parameters: encodeSqlParameters(q.params) }, STANDS_IN);
    expect(out.Error).toMatchObject({ Number: number, Class: klass, Message: message });
    const { integrated, mssql } = await bothRoutes(w, { encrypt: false, trust: false, serviceAccount: ACCOUNT });
    expect(JSON.stringify(integrated)).toContain(`SQL Server error ${number}`);
    expect(comparable(integrated, true)).toEqual(comparable(mssql, false));
  });

  it('a login refused with 4060 (cannot open the database asked for) is recorded as the mssql route records it', async () => {
    const { integrated, mssql } = await bothRoutes(RICH, { encrypt: true, trust: true, database: 'Exact001' }, { decide: LOGIN_4060 });
    expect(integrated['sql.server']).toMatchObject({ ok: false, error: { kind: 'cannot-open-database' } });
    expect(comparable(integrated, true)).toEqual(comparable(mssql, false));
  });

  it('a login refused with 18456: the same kind and number; the causes differ on purpose (no password was given)', async () => {
    const { integrated, mssql } = await bothRoutes(RICH, { encrypt: true, trust: true }, { decide: LOGIN_18456 });
    for (const id of SQL_PROBE_IDS) {
      const a = integrated[id];
      const b = mssql[id];
      if (a?.ok !== false || b?.ok !== false) throw new Error(`${id} did not fail in both routes`);
      expect(a.error.kind).toBe('login-failed');
      expect(a.error.kind).toBe(b.error.kind);
      // Both name the account and the number; the mssql route (NTLM with a password) lists a wrong password among
      // the causes, the current account's route cannot have one and says to run clickker as the account instead.
      const head = (m: string) => m.slice(0, m.indexOf('SQL Server does not tell the client why'));
      expect(head(a.error.message.replaceAll('(current Windows account)', ACCOUNT))).toBe(head(b.error.message));
      expect(head(b.error.message)).toContain(`login failed for the Windows account ${ACCOUNT} (SQL Server error 18456)`);
      expect(a.error.message).toContain('run clickker as the account whose rights you want to see');
      expect(b.error.message).toContain('a wrong password');
    }
  });
});
