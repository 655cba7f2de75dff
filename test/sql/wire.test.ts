// What the real mssql/tedious client puts on the wire for each connection mode, as received by the TDS test
// server (which stands in for SQL Server; it decodes LOGIN7 and NTLM messages but does not verify NTLM responses).
import { afterAll, describe, expect, it } from '@jest/globals';
import { APP_NAME, resolveSqlOptions } from '../../src/probes/sql/config.js';
import { sqlSource } from '../../src/probes/sql/index.js';
import type { TdsTestServer } from '../support/tds-server.js';
import { PASSWORD, SQL_PROBE_IDS, sqlOptions, startFakeSql, tlsServer, world } from './fake-sql-server.js';

const servers: TdsTestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(extra: Parameters<typeof startFakeSql>[1] = {}) {
  const s = await startFakeSql(world(), extra);
  servers.push(s);
  return s;
}

describe('connection settings reach the wire', () => {
  it('SQL login: user, password, database and application name in LOGIN7; no integrated security', async () => {
    const s = await server();
    const records = await sqlSource.run(['sql.server'], sqlOptions(s, { user: 'BACO', domain: undefined, database: 'Clickker' }));
    expect(records['sql.server']?.ok).toBe(true);
    expect(s.received.logins.length).toBeGreaterThan(0);
    for (const login of s.received.logins) {
      expect(login).toMatchObject({ userName: 'BACO', password: PASSWORD, database: 'Clickker', appName: APP_NAME, integratedSecurity: false, overTls: false });
    }
    // Queries ran in the database asked for.
    expect(s.received.queries.every((q) => q.database === 'Clickker')).toBe(true);
  });

  it('NTLM: domain and user in the NTLM messages, no user or password in LOGIN7', async () => {
    const s = await server();
    const records = await sqlSource.run(['sql.server'], sqlOptions(s, { user: 'svc-clickker', domain: 'corp' }));
    expect(records['sql.server']?.ok).toBe(true);
    for (const login of s.received.logins) {
      expect(login).toMatchObject({ integratedSecurity: true, userName: '', password: '', appName: APP_NAME });
      expect(login.ntlm).toEqual({ negotiateDomain: 'CORP', domain: 'CORP', user: 'svc-clickker' });
    }
    expect(s.received.queries.every((q) => q.user === 'CORP\\svc-clickker')).toBe(true);
  });

  it('DOMAIN\\user as the user name is NTLM too', async () => {
    const s = await server();
    await sqlSource.run(['sql.server'], sqlOptions(s, { user: 'CORP\\svc-clickker', domain: undefined }));
    expect(s.received.logins[0]?.ntlm).toMatchObject({ domain: 'CORP', user: 'svc-clickker' });
  });

  it('no database: LOGIN7 asks for master, not the login\'s default database (which may be offline: Msg 4064)', async () => {
    const s = await server();
    await sqlSource.run(['sql.server'], sqlOptions(s));
    expect(s.received.logins[0]?.database).toBe('master');
  });

  it('every query is a read-only RPC call (sp_executesql), none a plain batch except tedious\' session SETs', async () => {
    const s = await server();
    await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s));
    const ours = s.received.queries.filter((q) => !(q.kind === 'batch' && /^\s*set\s/i.test(q.sql)));
    expect(ours.length).toBeGreaterThanOrEqual(5);
    for (const q of ours) {
      expect(q).toMatchObject({ kind: 'rpc', procId: 10 });
      expect(q.sql).toMatch(/^\s*SELECT\b/);
      // Permission names such as N'INSERT' are string literals; the statements themselves only read.
      const code = q.sql.replace(/N?'(?:[^']|'')*'/g, "''");
      expect(code).not.toMatch(/\b(INSERT|UPDATE|DELETE|MERGE|CREATE|ALTER|DROP|GRANT|REVOKE|EXEC|EXECUTE|TRUNCATE|INTO|USE)\b/i);
    }
  });
});

describe('encryption', () => {
  it('the product default asks the server for encryption', async () => {
    // resolveSqlOptions is where the CLI's flags get their defaults: encryption on, certificate verified.
    const s = await server({ encryption: 'tls' });
    const sql = resolveSqlOptions({ server: tlsServer(s), user: 'BACO', password: PASSWORD }, { bacoLogin: 'BACO', clickkerDatabase: 'Clickker' });
    const records = await sqlSource.run(['sql.server'], { timeoutMs: 5_000, sql });
    expect(s.received.prelogins[0]?.encryption).toBe(1); // ENCRYPT_ON
    expect(records['sql.server']).toMatchObject({ ok: false, error: { kind: 'tls' } });
    expect(s.received.logins).toHaveLength(0);
  });

  it('encrypt off, as the tests against the plain test server use it, tells the server encryption is not supported', async () => {
    const s = await server();
    const records = await sqlSource.run(['sql.server'], sqlOptions(s));
    expect(s.received.prelogins[0]?.encryption).toBe(2); // ENCRYPT_NOT_SUP
    expect(records['sql.server']).toMatchObject({ ok: true, data: { encryption: 'off' } });
  });
});
