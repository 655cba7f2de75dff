// SQL Server as the current Windows account, through the real System.Data.SqlClient: sqlQuery.ps1 runs in the real
// pwsh 7.6 (which ships SqlClient 4.6) against the TDS test server, started by the sql source exactly as on Windows
// (platform win32, --powershell naming pwsh). What runs for real here: the connection string sqlQuery.ps1 builds,
// PRELOGIN, TLS inside TDS, SqlClient's own timeouts, and the SqlException numbers SqlClient raises before login.
// What cannot run here: Integrated Security itself. On Linux SqlClient asks GSSAPI for a Kerberos ticket and fails
// before LOGIN7 ("Cannot authenticate using Kerberos"), so no query result and no server error after login reaches
// this route; those stay on Windows (README, "What only runs on Windows").
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import type { ProbeRecord } from '../../src/core/facts.js';
import { createSqlSource } from '../../src/probes/sql/index.js';
import { buildInvocation, newNonce, readEnvelope } from '../../src/probes/powershell/envelope.js';
import { readProbeScript } from '../../src/probes/powershell/probes.js';
import { serverQuery } from '../../src/probes/sql/queries.js';
import { pwshHost, realPwsh } from '../powershell/support/pwsh.js';
import type { TdsServerOptions, TdsTestServer } from '../support/tds-server.js';
import { SQL_PROBE_IDS, startFakeSql, world } from './fake-sql-server.js';

jest.setTimeout(180_000);
const PWSH = realPwsh();
const ps = pwshHost();
const servers: TdsTestServer[] = [];
afterAll(async () => {
  await ps.close();
  for (const s of servers) await s.close();
});

async function server(opts: TdsServerOptions): Promise<TdsTestServer> {
  const s = await startFakeSql(world(), opts);
  servers.push(s);
  return s;
}

/** sqlQuery.ps1 in the tests' pwsh: what it printed (QueryId, Account, Rows, Error). */
async function sqlQuery(params: Record<string, string>): Promise<{ Rows: unknown; Error: { Number: number | null; Message: string; Exceptions: { Type: string; NativeErrorCode: number | null }[] } | null }> {
  const nonce = newNonce();
  const r = await ps.run(buildInvocation(readProbeScript('sqlQuery.ps1'), { QueryId: 'server', Query: serverQuery().text, TimeoutSeconds: '3', ...params }, nonce));
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
