// SQL Server as the current Windows account: the sql source on "Windows" (platform win32) without --sql-user runs its
// queries through the PowerShell bridge with System.Data.SqlClient (src/probes/powershell/sqlQuery.ps1).
// There is no Windows, PowerShell or SQL Server here: test/powershell/support/fake-powershell.mjs STANDS IN FOR
// POWERSHELL, started through node-powershell exactly as powershell.exe is, and replays what sqlQuery.ps1 prints:
// recorded rows, SqlException-shaped failures, a hang, garbage. What SqlClient and SQL Server really do with the
// connection string and the queries is not exercised (see docs/sql.md).
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProbeOptions } from '../../src/core/probe-sources.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import { sqlBacoSchema, sqlPermissionsSchema, sqlServerSchema } from '../../src/facts/sql.js';
import { createSqlSource, dataSource, encodeSqlParameters, planConnection } from '../../src/probes/sql/index.js';
import { bacoQuery, clickkerDatabaseQuery, connectionQuery, databasesQuery, identityQuery, serverQuery, type SqlQuery, synergyUserQuery } from '../../src/probes/sql/queries.js';
import { isGone, onlyDataLiterals, standIn, type Mode, type Scenario } from '../powershell/support/stand-in.js';
import type { ResultSet, TdsTestServer } from '../support/tds-server.js';
import { answer, SQL_PROBE_IDS, sqlOptions, startFakeSql, world } from './fake-sql-server.js';

const ACCOUNT = 'CORP\\beheerder';
const windowsSource = createSqlSource({ platform: 'win32' });

function options(wrapper: string, sql: Partial<NonNullable<ProbeOptions['sql']>> = {}, extra: Partial<ProbeOptions> = {}): ProbeOptions {
  return {
    timeoutMs: 10_000,
    powershell: wrapper,
    sql: { server: 'sql01\\EXACT', encrypt: true, trustServerCertificate: false, bacoLogin: 'BACO', clickkerDatabase: 'Clickker', ...sql },
    ...extra,
  };
}

async function collect(scenario: Scenario = {}, sql: Partial<NonNullable<ProbeOptions['sql']>> = {}, extra: Partial<ProbeOptions> = {}) {
  const ps = standIn(scenario);
  const records = await windowsSource.run(SQL_PROBE_IDS, options(ps.wrapper, sql, extra));
  return { records, ps };
}

const data = (r: ProbeRecord | undefined): unknown => {
  if (!r?.ok) throw new Error(`probe failed: ${JSON.stringify(r)}`);
  return r.data;
};
const errorOf = (r: ProbeRecord | undefined) => (r && !r.ok ? r.error : undefined);

/** The single error all three probes share when connecting fails. */
function shared(records: Record<string, ProbeRecord>): { kind: string; message: string } {
  expect(Object.keys(records).sort()).toEqual([...SQL_PROBE_IDS].sort());
  const errors = Object.values(records).map(errorOf);
  for (const e of errors) expect(e).toEqual(errors[0]);
  expect(errors[0]).toBeDefined();
  return errors[0]!;
}

/** sqlQuery.ps1's -Parameters value decoded: name -> value (null for NULL). */
function decodeParameters(text: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const line of text.split('\n').filter(Boolean)) {
    const [name, b64] = line.split('\t');
    out[name!] = b64 === undefined ? null : Buffer.from(b64, 'base64').toString('utf8');
  }
  return out;
}

/** What sqlQuery.ps1 prints when SqlClient throws: a SqlException with its errors and inner exceptions. */
function sqlError(number: number, message: string, more: { queryId?: string; native?: number; errors?: number[]; klass?: number } = {}): Mode {
  const errors = (more.errors ?? [number]).map((n) => ({ Number: n, Class: more.klass ?? 14, State: 1, Message: message }));
  const exceptions = [
    { Type: 'System.Management.Automation.MethodInvocationException', Message: `Exception calling "Open" with "0" argument(s): "${message}"`, HResult: -2146233087, NativeErrorCode: null },
    { Type: 'System.Data.SqlClient.SqlException', Message: message, HResult: -2146232060, NativeErrorCode: null },
    ...(more.native !== undefined ? [{ Type: 'System.ComponentModel.Win32Exception', Message: message, HResult: -2147467259, NativeErrorCode: more.native }] : []),
  ];
  return {
    data: JSON.stringify({
      QueryId: more.queryId ?? 'connection', Account: ACCOUNT, Rows: null,
      // Windows PowerShell 5.1 prints a one-element array bare.
      Error: { Number: number, Class: more.klass ?? 14, State: 1, Message: message, Errors: errors.length === 1 ? errors[0] : errors, Exceptions: exceptions },
    }),
  };
}

const rowsOf = (set: ResultSet) => set.rows.map((r) => Object.fromEntries(set.columns.map((c, i) => [c.name, r[i] ?? null])));
const reply = (q: SqlQuery, rows: Record<string, unknown>[]): Mode => ({ data: JSON.stringify({ QueryId: q.id, Account: ACCOUNT, Rows: rows, Error: null }) });

describe('SQL Server as the current Windows account, through PowerShell', () => {
  it('replays recorded rows into the three records, which parse with the fact schemas', async () => {
    const { records, ps } = await collect();
    expect(sqlServerSchema.parse(data(records['sql.server']))).toEqual({
      server: 'sql01\\EXACT', connectedAs: ACCOUNT, productVersion: '13.0.5026.0', productMajorVersion: 13,
      edition: 'Standard Edition (64-bit)', isIntegratedSecurityOnly: false, encryption: 'verified',
    });
    expect(sqlBacoSchema.parse(data(records['sql.baco']))).toEqual({
      login: 'BACO', canSeeLogins: true, exists: true, type: 'S', isDisabled: false, isLocked: false, isExpired: false,
      isMustChange: false, isPolicyChecked: true, isExpirationChecked: false, daysUntilExpiration: null,
    });
    const perms = sqlPermissionsSchema.parse(data(records['sql.permissions']));
    expect(perms).toMatchObject({ login: ACCOUNT, connectedAsServiceAccount: true, isSysadmin: true });
    expect(perms.exactDatabases.map((d) => [d.name, d.kind, d.canRead])).toEqual([['001', 'globe', true], ['001_unicode', 'synergy', true], ['Synergy', 'exact', true]]);
    expect(perms.clickkerDatabase).toEqual({ name: 'Clickker', exists: true, canRead: true, canWrite: true });
    // One PowerShell process for the whole run; SqlClient pools the one connection inside it.
    expect(ps.starts()).toBe(1);
    expect(ps.runs().map((r) => r.probe)).toEqual(['sqlQuery:connection', 'sqlQuery:server', 'sqlQuery:baco', 'sqlQuery:identity', 'sqlQuery:databases', 'sqlQuery:clickker-database']);
  });

  it('sends the same read-only queries, parameters as data, encryption on and the certificate checked by default', async () => {
    const { ps } = await collect({}, {}, { serviceAccount: 'CORP\\svc-clickker', timeoutMs: 8_000 });
    const runs = ps.runs();
    const expected = [connectionQuery(), serverQuery(), bacoQuery('BACO'), identityQuery('CORP\\svc-clickker'), databasesQuery(), clickkerDatabaseQuery('Clickker'),
      // With a named service account, humres of each Synergy (or unnamed Exact) database: sql.synergy-user.
      synergyUserQuery('001_unicode', 'CORP\\svc-clickker'), synergyUserQuery('Synergy', 'CORP\\svc-clickker')];
    expect(runs).toHaveLength(expected.length);
    runs.forEach((r, i) => {
      const q = expected[i]!;
      expect(r.params).toMatchObject({ QueryId: q.id, DataSource: 'tcp:sql01\\EXACT', Encrypt: 'True', TrustServerCertificate: 'False', Query: q.text });
      // master unless --sql-database names another (issue 13: the help always said so).
      expect(r.params.Database).toBe('master');
      expect(Number(r.params.TimeoutSeconds)).toBeGreaterThanOrEqual(1);
      expect(Number(r.params.TimeoutSeconds)).toBeLessThanOrEqual(8);
      expect(decodeParameters(r.params.Parameters ?? '')).toEqual(Object.fromEntries(q.params.map((p) => [p.name, p.value])));
    });
    // The account of an identity query without a service account is a NULL parameter, not an empty string.
    expect(encodeSqlParameters(identityQuery(null).params)).toBe('account');
  });

  it('passes --sql-trust-server-certificate, a database and a port on, and records what the connection was', async () => {
    const { records, ps } = await collect({}, { server: 'sql01\\EXACT,1533', database: 'Synergy', trustServerCertificate: true });
    expect(ps.runs()[0]!.params).toMatchObject({ DataSource: 'tcp:sql01\\EXACT,1533', Database: 'Synergy', Encrypt: 'True', TrustServerCertificate: 'True' });
    expect(data(records['sql.server'])).toMatchObject({ encryption: 'unverified' });
  });

  it.each([
    ['encryption off, the server did not encrypt', 'FALSE', 'off'],
    ['encryption off, the server encrypted anyway (Force Encryption, certificate unchecked)', 'TRUE', 'unverified'],
  ])('%s', async (_what, option, expected) => {
    const { records, ps } = await collect({ probes: { 'sqlQuery:connection': reply(connectionQuery(), [{ encryptOption: option }]) } }, { encrypt: false });
    expect(ps.runs()[0]!.params).toMatchObject({ Encrypt: 'False', TrustServerCertificate: 'False' });
    expect(data(records['sql.server'])).toMatchObject({ encryption: expected });
  });

  it('writes the address as a SqlClient data source', () => {
    const plan = (server: string) => planConnection({ server, encrypt: true, trustServerCertificate: false, bacoLogin: 'BACO', clickkerDatabase: 'Clickker' });
    expect(dataSource(plan('sql01'))).toBe('tcp:sql01');
    expect(dataSource(plan('.\\SQLEXPRESS'))).toBe('tcp:localhost\\SQLEXPRESS');
    expect(dataSource(plan('[::1],1433'))).toBe('tcp:[::1],1433');
    expect(dataSource(plan('sql01\\MSSQLSERVER'))).toBe('tcp:sql01');
  });
});

describe('the same facts as the mssql route', () => {
  const servers: TdsTestServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('gives records identical to the mssql/tedious route for the same server state', async () => {
    const w = world({
      connectedAs: 'CORP\\svc-clickker',
      selfSysadmin: 0,
      accountSysadmin: { 'CORP\\svc-clickker': 1 },
      logins: { BACO: { type: 'S', isDisabled: 1, isPolicyChecked: 1, isExpirationChecked: 1, isLocked: 0, isExpired: 0, isMustChange: 0, daysUntilExpiration: 12 } },
      databases: [{ name: '001', tables: ['cicmpy'] }, { name: '001_unicode', tables: ['cicmpy', 'humres'] }, { name: '002', state: 'OFFLINE', tables: null }, { name: 'Clickker', tables: [] }],
      rights: { Clickker: [1, 1, 0, 1] },
      humres: { '001_unicode': [{ resId: 12, usrId: 'CORP\\svc-clickker', blocked: 1, hasLeft: 0 }] },
    });
    const tds = await startFakeSql(w);
    servers.push(tds);
    const viaMssql = await createSqlSource().run(SQL_PROBE_IDS, { ...sqlOptions(tds), serviceAccount: 'CORP\\svc-clickker' });

    // The stand-in answers each query with the rows the TDS test server computed for the same query and parameters.
    const compute = answer(w);
    const queries = [serverQuery(), bacoQuery('BACO'), identityQuery('CORP\\svc-clickker'), databasesQuery(), clickkerDatabaseQuery('Clickker'),
      synergyUserQuery('001_unicode', 'CORP\\svc-clickker')];
    const probes: Record<string, Mode> = { 'sqlQuery:connection': reply(connectionQuery(), [{ encryptOption: 'FALSE' }]) };
    for (const q of queries) {
      const set = compute({ sql: q.text, params: Object.fromEntries(q.params.map((p) => [p.name, p.value])) } as never) as ResultSet;
      probes[`sqlQuery:${q.id}`] = reply(q, rowsOf(set));
    }
    const ps = standIn({ probes });
    const viaPowershell = await windowsSource.run(SQL_PROBE_IDS, {
      timeoutMs: 10_000, powershell: ps.wrapper, serviceAccount: 'CORP\\svc-clickker',
      sql: { server: `127.0.0.1,${tds.port}`, encrypt: false, trustServerCertificate: false, bacoLogin: 'BACO', clickkerDatabase: 'Clickker' },
    });
    for (const id of SQL_PROBE_IDS) {
      expect(viaPowershell[id]?.ok).toBe(true);
      expect(data(viaPowershell[id])).toEqual(data(viaMssql[id]));
    }
    expect(data(viaPowershell['sql.permissions'])).toMatchObject({ connectedAsServiceAccount: true, isSysadmin: false, clickkerDatabase: { canRead: true, canWrite: false } });
    expect(data(viaPowershell['sql.baco'])).toMatchObject({ isDisabled: true, daysUntilExpiration: 12 });
    expect(data(viaPowershell['sql.permissions'])).toMatchObject({ synergyUser: { databases: [{ name: '001_unicode', looked: true, rows: [{ resId: 12, blocked: true }] }] } });
  });

  it('keeps the mssql route for a SQL login on Windows', async () => {
    const tds = await startFakeSql(world());
    servers.push(tds);
    const ps = standIn();
    const records = await windowsSource.run(SQL_PROBE_IDS, { ...sqlOptions(tds), powershell: ps.wrapper });
    expect(records['sql.server']?.ok).toBe(true);
    expect(tds.received.logins.length).toBeGreaterThanOrEqual(1);
    expect(ps.starts()).toBe(0);
  });
});

describe('hostile names arrive as data', () => {
  const HOSTILE = [
    "x'];DROP DATABASE y;--",
    "o'brien\u2018a\u2019b\u201Ac\u201Bd",
    '$(Remove-Item C:\\ -Recurse)',
    '`whoami`; Stop-Computer',
    'a"b"c & calc.exe | x',
    'line1\nline2\r\nline3',
    "'@\n\"@\n#>",
    'N\'\'; SELECT 1; --',
  ];

  it.each(HOSTILE)('%j as BACO login, Clickker database and service account', async (value) => {
    const { records, ps } = await collect({}, { bacoLogin: value, clickkerDatabase: value }, { serviceAccount: value });
    for (const id of SQL_PROBE_IDS) expect(records[id]?.ok).toBe(true);
    const byQuery = Object.fromEntries(ps.runs().map((r) => [r.params.QueryId, r.params]));
    expect(decodeParameters(byQuery.baco!.Parameters!)).toEqual({ login: value });
    expect(decodeParameters(byQuery.identity!.Parameters!)).toEqual({ account: value });
    expect(decodeParameters(byQuery['clickker-database']!.Parameters!)).toEqual({ db: value });
    // The SQL text is clickker's own, whatever the names hold.
    expect(byQuery.baco!.Query).toBe(bacoQuery('BACO').text);
    expect(byQuery['clickker-database']!.Query).toBe(clickkerDatabaseQuery('Clickker').text);
    expect(data(records['sql.baco'])).toMatchObject({ login: value });
    for (const line of ps.invocations()) {
      expect(line).not.toMatch(/[\r\n]/);
      expect(onlyDataLiterals(line)).toEqual([]);
      for (const part of value.split(/[\r\n]+/).filter((p) => p.length > 3)) expect(line).not.toContain(part);
    }
  });

  it('refuses a parameter name that is not a plain identifier', () => {
    expect(() => encodeSqlParameters([{ name: "x'; --", value: 'a' }])).toThrow(/invalid SQL parameter name/);
  });
});

describe('SqlClient failures while connecting, classified by number', () => {
  const PRELOGIN = 'Connection Timeout Expired.  The timeout period elapsed while attempting to consume the pre-login handshake acknowledgement.  '
    + 'This could be because the pre-login handshake failed or the server was unable to respond back in time.  The duration spent while attempting to connect to this server was - [Pre-Login] initialization=9003; handshake=0; ';
  const cases: [string, Mode, Partial<NonNullable<ProbeOptions['sql']>>, string, RegExp][] = [
    ['login failed (18456)', sqlError(18456, "Login failed for user 'CORP\\beheerder'."), {}, 'login-failed',
      /login failed for the Windows account CORP\\beheerder \(SQL Server error 18456\).*no login on this SQL Server.*error log/],
    // A Kerberos double hop: the credentials did not reach SQL Server (https://support.microsoft.com/help/2443455).
    ['double hop (18456 as ANONYMOUS LOGON)', sqlError(18456, "Login failed for user 'NT AUTHORITY\\ANONYMOUS LOGON'."), {}, 'login-failed',
      /saw this connection as NT AUTHORITY\\ANONYMOUS LOGON, not as CORP\\beheerder.*second hop.*Enter-PSSession or Invoke-Command.*Remote Desktop.*--sql-user.*constrained delegation/],
    ['untrusted domain (18452)', sqlError(18452, 'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.'), {}, 'login-failed',
      /cannot authenticate the Windows account CORP\\beheerder \(SQL Server error 18452, untrusted domain\)/],
    ['cannot open the database (4060)', sqlError(4060, 'Cannot open database "Synergy" requested by the login. The login failed.', { errors: [4060, 18456] }), { database: 'Synergy' }, 'cannot-open-database',
      /cannot open the database 'Synergy' \(SQL Server error 4060\)/],
    ['Kerberos (Cannot generate SSPI context)', sqlError(0, 'The target principal name is incorrect.  Cannot generate SSPI context.', { klass: 20 }), {}, 'login-failed',
      /could not authenticate the account CORP\\beheerder.*Kerberos.*MSSQLSvc\/sql01.*setspn/],
    ['untrusted certificate', sqlError(-2146893019, 'A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: SSL Provider, error: 0 - The certificate chain was issued by an authority that is not trusted.)', { native: -2146893019, klass: 20 }), {}, 'tls',
      /not trusted: the certificate chain was issued by an authority that is not trusted \(SEC_E_UNTRUSTED_ROOT\).*--sql-trust-server-certificate skips the check/],
    ['certificate for another name', sqlError(-2146893022, 'The target principal name is incorrect.', { native: -2146893022, klass: 20 }), {}, 'tls', /not for this server name/],
    ['no common TLS version', sqlError(-2146893007, 'The client and server cannot communicate, because they do not possess a common algorithm.', { native: -2146893007, klass: 20 }), {}, 'tls', /share no TLS version or cipher/],
    ['server without encryption', sqlError(20, 'The instance of SQL Server you attempted to connect to does not support encryption.', { klass: 20 }), {}, 'tls', /does not support encryption/],
    ['refused (10061)', sqlError(10061, 'A network-related or instance-specific error occurred while establishing a connection to SQL Server. (provider: TCP Provider, error: 0 - No connection could be made because the target machine actively refused it.)', { native: 10061, klass: 20 }), { server: 'sql01,1433' }, 'unreachable',
      /sql01:1433 refused the connection/],
    ['name not found (11001)', sqlError(11001, 'A network-related or instance-specific error occurred while establishing a connection to SQL Server. (provider: TCP Provider, error: 0 - No such host is known.)', { native: 11001, klass: 20 }), {}, 'unreachable',
      /Cannot resolve the host name 'sql01'/],
    ['black hole (10060)', sqlError(10060, 'A network-related or instance-specific error occurred while establishing a connection to SQL Server. (provider: TCP Provider, error: 0 - A connection attempt failed because the connected party did not properly respond after a period of time.)', { native: 10060, klass: 20 }), { server: 'sql01' }, 'unreachable',
      /No answer from sql01:1433 within \d+ ms/],
    ['named instance not located (SNI error 26)', sqlError(-1, 'A network-related or instance-specific error occurred while establishing a connection to SQL Server. (provider: SQL Network Interfaces, error: 26 - Error Locating Server/Instance Specified)', { klass: 20 }), {}, 'instance-not-found',
      /Could not find instance 'EXACT' on sql01.*UDP 1434/],
    ['timeout before the pre-login handshake (-2)', sqlError(-2, PRELOGIN, { native: 258, klass: 11 }), { server: 'sql01,1433' }, 'unreachable', /No answer from sql01:1433/],
    ['timeout during the login (-2)', sqlError(-2, 'Connection Timeout Expired.  The timeout period elapsed during the post-login phase. [Post-Login] complete=9002', { native: 258, klass: 11 }), { server: 'sql01,1433' }, 'timeout',
      /Connected to sql01:1433, but the login did not finish/],
    ['connection reset (10054)', sqlError(10054, 'A connection was successfully established with the server, but then an error occurred during the pre-login handshake. (provider: TCP Provider, error: 0 - An existing connection was forcibly closed by the remote host.)', { native: 10054, klass: 20 }), {}, 'connection-lost',
      /closed the connection while connecting/],
    ['anything else', sqlError(50123, 'Something nobody expected.'), {}, 'error', /Could not connect to sql01\\EXACT: error 50123: Something nobody expected\./],
  ];

  it.each(cases)('%s', async (_what, mode, sql, kind, message) => {
    const { records, ps } = await collect({ probes: { 'sqlQuery:connection': mode } }, sql);
    const err = shared(records);
    expect(err.kind).toBe(kind);
    expect(err.message).toMatch(message);
    expect(ps.runs()).toHaveLength(1); // nothing is queried after a failed connection
  });
});

describe('SqlClient failures of one query', () => {
  it('a refused SELECT fails only its probe, as access-denied', async () => {
    const { records } = await collect({
      probes: { 'sqlQuery:databases': sqlError(229, "The SELECT permission was denied on the object 'databases', database 'mssqlsystemresource', schema 'sys'.", { queryId: 'databases' }) },
    });
    expect(records['sql.server']?.ok).toBe(true);
    expect(records['sql.baco']?.ok).toBe(true);
    expect(errorOf(records['sql.permissions'])).toEqual({ kind: 'access-denied', message: expect.stringMatching(/^CORP\\beheerder may not list the user databases .*SQL Server error 229/) });
  });

  it('a query timeout (-2) is a timeout of that probe', async () => {
    const { records } = await collect({ probes: { 'sqlQuery:baco': sqlError(-2, 'Execution Timeout Expired.  The timeout period elapsed prior to completion of the operation or the server is not responding.', { queryId: 'baco', native: 258, klass: 11 }) } });
    expect(errorOf(records['sql.baco'])).toEqual({ kind: 'timeout', message: expect.stringContaining('did not answer the query to read the login BACO') });
    expect(records['sql.permissions']?.ok).toBe(true);
  });

  it('a query whose connection is refused (the pooled connection was lost) says so', async () => {
    const { records } = await collect({ probes: { 'sqlQuery:identity': sqlError(10061, 'No connection could be made because the target machine actively refused it.', { queryId: 'identity', native: 10061, klass: 20 }) } }, { server: 'sql01,1433' });
    expect(errorOf(records['sql.permissions'])?.kind).toBe('unreachable');
    expect(records['sql.baco']?.ok).toBe(true);
  });
});

describe('PowerShell itself misbehaving', () => {
  it('a hung query is ended within the budget and its process tree killed; the rest run in a new PowerShell if time is left', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'clickker-sql-hang-')), 'pids.json');
    const started = Date.now();
    const { records, ps } = await collect({ pidFile, probes: { 'sqlQuery:server': 'hang' } }, {}, { timeoutMs: 2_500 });
    const elapsed = Date.now() - started;
    // Whichever ends it first, the bridge's deadline or the source's budget, the message names the query and the time.
    expect(errorOf(records['sql.server'])).toEqual({ kind: 'timeout', message: expect.stringMatching(/read SERVERPROPERTY .*within|within \d+ ms while trying to read SERVERPROPERTY/) });
    for (const id of ['sql.baco', 'sql.permissions']) {
      const r = records[id];
      expect(r?.ok === true || errorOf(r)?.kind === 'timeout').toBe(true);
    }
    expect(elapsed).toBeLessThan(2_500 + 1_500);
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { shell: number; child: number };
    await new Promise((r) => setTimeout(r, 200));
    expect(isGone(pids.shell)).toBe(true);
    expect(isGone(pids.child)).toBe(true);
    expect(ps.starts()).toBeLessThanOrEqual(2);
  });

  it('a hang while connecting is a timeout of all three', async () => {
    const { records } = await collect({ probes: { 'sqlQuery:connection': 'hang' } }, {}, { timeoutMs: 1_500 });
    const err = shared(records);
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/Neither SQL Server .* nor PowerShell itself answered within \d+ ms while trying to connect to sql01\\EXACT|sql01\\EXACT did not connect within the 1500 ms budget/);
  });

  it('garbage instead of an answer is bad-output; the next query gets a fresh PowerShell', async () => {
    const { records, ps } = await collect({ probes: { 'sqlQuery:baco': 'garbage' } });
    expect(errorOf(records['sql.baco'])).toEqual({ kind: 'bad-output', message: expect.stringContaining('Wh@t is this?') });
    expect(records['sql.server']?.ok).toBe(true);
    expect(records['sql.permissions']?.ok).toBe(true);
    expect(ps.starts()).toBe(2);
  });

  it('output that is not JSON, or not the shape sqlQuery.ps1 prints, is bad-output and keeps the session', async () => {
    const { records, ps } = await collect({ probes: { 'sqlQuery:server': 'badjson', 'sqlQuery:baco': { data: '{"Rows":"all of them"}' } } });
    expect(errorOf(records['sql.server'])).toEqual({ kind: 'bad-output', message: expect.stringContaining('not one JSON document') });
    expect(errorOf(records['sql.baco'])).toEqual({ kind: 'bad-output', message: expect.stringContaining('unexpected shape') });
    expect(records['sql.permissions']?.ok).toBe(true);
    expect(ps.starts()).toBe(1);
  });

  it('a script that throws is an error with PowerShell\'s message', async () => {
    const { records } = await collect({ probes: { 'sqlQuery:connection': 'throw:System.Management.Automation.RuntimeException:-2146233087:Unable to find type [System.Data.SqlClient.SqlConnection].' } });
    expect(shared(records)).toEqual({ kind: 'error', message: expect.stringContaining('Unable to find type [System.Data.SqlClient.SqlConnection]') });
  });

  it('PowerShell missing: unsupported, naming the alternatives', async () => {
    const records = await windowsSource.run(SQL_PROBE_IDS, options('/nonexistent/clickker/powershell.exe'));
    const err = shared(records);
    expect(err.kind).toBe('unsupported');
    expect(err.message).toMatch(/runs through Windows PowerShell \(System\.Data\.SqlClient\), which could not be used: PowerShell was not found.*--sql-user/);
  });

  it('PowerShell refusing to start (blocked by policy): an error saying so', async () => {
    const { records } = await collect({ startup: 'exit' });
    const err = shared(records);
    expect(err.kind).toBe('error');
    expect(err.message).toContain('blocked by group policy');
  });

  it('a cancelled run says cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const { records } = await collect({ probes: { 'sqlQuery:connection': 'slow:3000' } }, {}, { signal: controller.signal });
    expect(shared(records).kind).toBe('cancelled');
  });
});

describe('off Windows', () => {
  it('without a user the probes are unsupported and nothing is started, even with an executable named', async () => {
    const ps = standIn();
    const records = await createSqlSource({ platform: 'linux' }).run(SQL_PROBE_IDS, options(ps.wrapper));
    const err = shared(records);
    expect(err.kind).toBe('unsupported');
    expect(err.message).toMatch(/works only on Windows.*--sql-user.*DOMAIN\\user for NTLM/);
    expect(ps.starts()).toBe(0);
  });
});
