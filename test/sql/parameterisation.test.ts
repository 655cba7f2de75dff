// Hostile login, database and account names must reach SQL Server as RPC parameter data, never as SQL text.
// Asserted on what the TDS test server (a stand-in for SQL Server) received from the real mssql/tedious client.
import { afterAll, describe, expect, it } from '@jest/globals';
import { sqlSource } from '../../src/probes/sql/index.js';
import type { TdsTestServer } from '../support/tds-server.js';
import { SQL_PROBE_IDS, identify, sqlOptions, startFakeSql, world } from './fake-sql-server.js';

const servers: TdsTestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const HOSTILE = [
  "x'];DROP DATABASE y;--",
  "BACO' OR 1=1 --",
  'x]; SHUTDOWN WITH NOWAIT; --',
  "O'Brien",
  'naïve ✓ ünïcödé',
];

describe('parameterisation', () => {
  it.each(HOSTILE)('%j arrives as data in every query that uses it', async (name) => {
    const w = world({ logins: { [name]: { type: 'S' } }, databases: [{ name, tables: [] }], accountSysadmin: { [name]: 1 } });
    const s = await startFakeSql(w);
    servers.push(s);
    const options = { ...sqlOptions(s, { bacoLogin: name, clickkerDatabase: name }), serviceAccount: name };
    const records = await sqlSource.run(SQL_PROBE_IDS, options);

    const byId = Object.fromEntries(s.received.queries.map((q) => [identify(q) ?? q.sql.slice(0, 20), q]));
    expect(byId.baco).toMatchObject({ kind: 'rpc', params: { login: name }, declaration: '@login nvarchar(128)' });
    expect(byId.identity).toMatchObject({ kind: 'rpc', params: { account: name }, declaration: '@account nvarchar(128)' });
    expect(byId.clickker).toMatchObject({ kind: 'rpc', params: { db: name }, declaration: '@db nvarchar(128)' });
    // The parameter's raw TDS type is NVARCHAR: Unicode names survive unchanged.
    expect(byId.baco!.rawParams.find((p) => p.name === '@login')).toEqual({ name: '@login', type: 'nvarchar', value: name });
    for (const q of s.received.queries) {
      expect(q.sql).not.toContain(name);
      expect(q.declaration ?? '').not.toContain(name);
    }
    // And the answers were about that very name.
    expect(records['sql.baco']).toMatchObject({ ok: true, data: { login: name, exists: true } });
    expect(records['sql.permissions']).toMatchObject({ ok: true, data: { login: name, isSysadmin: true, clickkerDatabase: { name, exists: true } } });
  });

  it('the texts of all queries are constant: the same SQL whatever the names', async () => {
    const texts = async (bacoLogin: string, db: string, account: string) => {
      const s = await startFakeSql(world());
      servers.push(s);
      await sqlSource.run(SQL_PROBE_IDS, { ...sqlOptions(s, { bacoLogin, clickkerDatabase: db }), serviceAccount: account });
      return s.received.queries.map((q) => [q.sql, q.declaration]);
    };
    expect(await texts("x'];DROP DATABASE y;--", 'evil]db', 'CORP\\a\'b')).toEqual(await texts('BACO', 'Clickker', 'CORP\\svc'));
  });
});
