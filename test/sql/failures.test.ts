// Every failure class the SQL probes report, produced on the wire by the real mssql/tedious client against the
// TDS test server (a stand-in for SQL Server: see test/support/tds-server.ts) or against loopback sockets.
import { afterAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import type { ProbeRecord } from '../../src/core/facts.js';
import { createSqlSource, sqlSource } from '../../src/probes/sql/index.js';
import { loginFailed, TdsTestServer, type TdsServerOptions } from '../support/tds-server.js';
import { PASSWORD, SQL_PROBE_IDS, answer, sqlOptions, tlsServer, world } from './fake-sql-server.js';

const servers: TdsTestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function start(options: TdsServerOptions = {}): Promise<TdsTestServer> {
  const s = new TdsTestServer({ reply: answer(world()), ...options });
  await s.start();
  servers.push(s);
  return s;
}

/** The single error all three probes share when the connection fails. */
function sharedError(records: Record<string, ProbeRecord>): { kind: string; message: string } {
  expect(Object.keys(records).sort()).toEqual([...SQL_PROBE_IDS].sort());
  const errors = Object.values(records).map((r) => (r.ok ? undefined : r.error));
  for (const e of errors) expect(e).toEqual(errors[0]);
  expect(errors[0]).toBeDefined();
  expect(JSON.stringify(records)).not.toContain(PASSWORD);
  return errors[0]!;
}

async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const t0 = Date.now();
  const v = await work;
  return [v, Date.now() - t0];
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const sqlLogin = { user: 'BACO', domain: undefined };

describe('server unreachable', () => {
  it('refused: nothing listens on the port', async () => {
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(await freePort())));
    expect(err.kind).toBe('unreachable');
    expect(err.message).toMatch(/refused the connection.*not running there, listens on another port/);
  });

  it('DNS: the host name does not resolve', async () => {
    // No DNS query may leave this machine, so the TCP connector fails exactly as dns.lookup does for an unknown name.
    const connector = async (opts: { host: string }) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${opts.host}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname: opts.host });
    };
    const source = createSqlSource({ connector });
    const options = sqlOptions(1433);
    options.sql!.server = 'sql01.corp.invalid';
    const err = sharedError(await source.run(SQL_PROBE_IDS, options));
    expect(err).toEqual({ kind: 'unreachable', message: "Cannot resolve the host name 'sql01.corp.invalid' (ENOTFOUND): check the name, or use the IP address." });
  });

  it('timeout: no TCP answer at all (a firewall dropping packets) ends within the budget', async () => {
    // A connector that never completes stands in for SYNs dropped by a firewall; it gives up when tedious aborts.
    const connector = (_opts: unknown, _lookup: unknown, signal: AbortSignal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
    const options = sqlOptions(1433, {}, 1_200);
    const [records, ms] = await timed(createSqlSource({ connector }).run(SQL_PROBE_IDS, options));
    const err = sharedError(records);
    expect(err.kind).toBe('unreachable');
    expect(err.message).toMatch(/^No answer from 127\.0\.0\.1:1433 within \d+ ms/);
    expect(ms).toBeLessThan(1_200 + 800);
  });
});

describe('bounded by the budget (--timeout)', () => {
  it('a server that accepts TCP but never answers PRELOGIN', async () => {
    const s = await start({ stallAtPrelogin: true });
    const [records, ms] = await timed(sqlSource.run(SQL_PROBE_IDS, sqlOptions(s, {}, 1_200)));
    const err = sharedError(records);
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/^Connected to 127\.0\.0\.1:\d+, but the pre-login handshake did not finish within \d+ ms/);
    expect(ms).toBeLessThan(1_200 + 800);
  });

  it('a server that never answers LOGIN7', async () => {
    const s = await start({ login: () => 'stall' });
    const [records, ms] = await timed(sqlSource.run(SQL_PROBE_IDS, sqlOptions(s, sqlLogin, 1_200)));
    const err = sharedError(records);
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/the login did not finish within/);
    expect(ms).toBeLessThan(1_200 + 800);
  });

  it('a query that never returns: that probe and the rest end within the budget', async () => {
    const w = world({ stall: { baco: 'stall' } });
    const s = await start({ reply: answer(w) });
    const [records, ms] = await timed(sqlSource.run(SQL_PROBE_IDS, sqlOptions(s, {}, 1_500)));
    expect(records['sql.server']?.ok).toBe(true);
    expect(records['sql.baco']).toMatchObject({ ok: false, error: { kind: 'timeout', message: expect.stringMatching(/read the login BACO/) } });
    expect(records['sql.permissions']).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(ms).toBeLessThan(1_500 + 1_000);
  });

  it('a hung server that does not even acknowledge the cancel', async () => {
    const w = world({ stall: { server: 'stall' } });
    const s = await start({ reply: answer(w), ignoreAttention: true });
    const [records, ms] = await timed(sqlSource.run(['sql.server'], sqlOptions(s, {}, 1_200)));
    expect(records['sql.server']).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(ms).toBeLessThan(1_200 + 1_000);
  });

  it('an abort signal stops collection', async () => {
    const s = await start({ stallAtPrelogin: true });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const [records, ms] = await timed(sqlSource.run(SQL_PROBE_IDS, { ...sqlOptions(s, {}, 10_000), signal: ac.signal }));
    expect(sharedError(records).kind).toBe('cancelled');
    expect(ms).toBeLessThan(2_000);
  });
});

describe('connection dropped', () => {
  it('at PRELOGIN', async () => {
    const s = await start({ dropAtPrelogin: true });
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s)));
    expect(err.kind).toBe('connection-lost');
    expect(err.message).toMatch(/closed the connection during the pre-login handshake/);
  });

  it('during a query', async () => {
    const s = await start({ reply: answer(world({ stall: { baco: 'drop' } })) });
    const records = await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s));
    expect(records['sql.server']?.ok).toBe(true);
    expect(records['sql.baco']).toMatchObject({ ok: false, error: { kind: 'connection-lost' } });
    expect(JSON.stringify(records)).not.toContain(PASSWORD);
  });
});

describe('login failed', () => {
  it('18456 for a SQL login names the login and the usual causes, Windows-only mode among them', async () => {
    const s = await start({ login: (l) => loginFailed(l.userName) });
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s, sqlLogin)));
    expect(err.kind).toBe('login-failed');
    expect(err.message).toContain('login failed for the login BACO (SQL Server error 18456)');
    expect(err.message).toContain('a wrong password; there is no login named BACO, or it is disabled');
    expect(err.message).toContain('accepts Windows authentication only');
    expect(err.message).toContain('SQL Server error log');
  });

  it('18456 for an NTLM login names the Windows account', async () => {
    const s = await start({ login: (l) => loginFailed(`${l.ntlm?.domain}\\${l.ntlm?.user}`) });
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s)));
    expect(err.kind).toBe('login-failed');
    expect(err.message).toContain('the Windows account CORP\\svc-clickker (SQL Server error 18456)');
    expect(err.message).toContain('through an AD group');
  });

  it('18456 as NT AUTHORITY\\ANONYMOUS LOGON is the Kerberos double hop, with its fix; a SQL login never is', async () => {
    // What SQL Server answers when Windows credentials were not delegated (https://support.microsoft.com/help/2443455).
    const s = await start({ login: () => loginFailed('NT AUTHORITY\\ANONYMOUS LOGON') });
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s)));
    expect(err.kind).toBe('login-failed');
    expect(err.message).toContain('saw this connection as NT AUTHORITY\\ANONYMOUS LOGON, not as CORP\\svc-clickker (SQL Server error 18456)');
    expect(err.message).toContain('Kerberos double hop');
    const sql = await start({ login: () => loginFailed('NT AUTHORITY\\ANONYMOUS LOGON') });
    const plain = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(sql, sqlLogin)));
    expect(plain.message).not.toContain('double hop');
  });

  it('4060: the database asked for cannot be opened, and the login is not retried', async () => {
    const s = await start({
      login: (l) => ({ errors: [
        { number: 4060, class: 11, message: `Cannot open database "${l.database}" requested by the login. The login failed.` },
        { number: 18456, class: 14, message: `Login failed for user '${l.userName}'.` },
      ] }),
    });
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s, { ...sqlLogin, database: 'Exact001' })));
    expect(err.kind).toBe('cannot-open-database');
    expect(err.message).toContain("cannot open the database 'Exact001' (SQL Server error 4060)");
    expect(s.received.logins).toHaveLength(1);
  });

  it('a refusal of the second login (mssql connects once to test, then again for the queries) is still a login failure', async () => {
    let logins = 0;
    const s = await start({ login: (l) => (++logins === 1 ? 'ok' : loginFailed(l.userName)) });
    const records = await sqlSource.run(['sql.server'], sqlOptions(s, sqlLogin));
    expect(records['sql.server']).toMatchObject({ ok: false, error: { kind: 'login-failed', message: expect.stringContaining('login failed for the login BACO') } });
    expect(logins).toBe(2);
  });

  it('18486: locked out', async () => {
    const s = await start({ login: (l) => ({ errors: [{ number: 18486, message: `Login failed for user '${l.userName}' because the account is currently locked out. The system administrator can unlock it.` }] }) });
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s, sqlLogin)));
    expect(err).toMatchObject({ kind: 'login-failed', message: expect.stringContaining('the login BACO is locked out (SQL Server error 18486)') });
  });

  it('18452 for a SQL login: the server accepts Windows authentication only', async () => {
    const s = await start({ login: (l) => ({ errors: [{ number: 18452, message: `Login failed for user '${l.userName}'. The user is not associated with a trusted SQL Server connection.` }] }) });
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s, sqlLogin)));
    expect(err.kind).toBe('windows-auth-only');
    expect(err.message).toContain('accepts Windows authentication only, so no SQL login (BACO included) can log in');
  });

  it('18452 for an NTLM login: untrusted domain', async () => {
    const s = await start({ login: () => ({ errors: [{ number: 18452, message: 'Login failed. The login is from an untrusted domain and cannot be used with Windows authentication.' }] }) });
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s)));
    expect(err).toMatchObject({ kind: 'login-failed', message: expect.stringContaining('18452, untrusted domain') });
  });
});

describe('TLS', () => {
  it('an untrusted (self-signed) certificate with the default settings: says so and names the option and its risk', async () => {
    const s = await start({ encryption: 'tls' });
    const options = sqlOptions(s, { server: tlsServer(s), encrypt: true, trustServerCertificate: false });
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, options));
    expect(err.kind).toBe('tls');
    expect(err.message).toMatch(/^The TLS certificate of localhost:\d+ is not trusted \(self-signed certificate\)/);
    expect(err.message).toContain('--sql-trust-server-certificate skips the check');
    expect(err.message).toContain('read the login and password');
    // The client asked for encryption and never sent LOGIN7 (nor the password) to the untrusted server.
    expect(s.received.prelogins[0]?.encryption).toBe(1);
    expect(s.received.logins).toHaveLength(0);
  });

  it('--sql-trust-server-certificate connects over TLS and records that the certificate was not verified', async () => {
    const s = await start({ encryption: 'tls' });
    const records = await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s, { server: tlsServer(s), encrypt: true, trustServerCertificate: true }));
    expect(records['sql.server']).toMatchObject({ ok: true, data: { encryption: 'unverified' } });
    expect(s.received.logins.length).toBeGreaterThan(0);
    expect(s.received.logins.every((l) => l.overTls)).toBe(true);
  });

  it('a server that forces encryption while encryption is off', async () => {
    const s = await start({ encryption: 'forced' });
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s, { encrypt: false })));
    expect(err).toMatchObject({ kind: 'tls', message: expect.stringContaining('requires encryption (Force Encryption is on)') });
    expect(s.received.logins).toHaveLength(0);
  });
});

describe('before connecting', () => {
  it('no SQL Server configured', async () => {
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, { timeoutMs: 1_000 }));
    expect(err).toEqual({ kind: 'not-configured', message: 'no SQL Server was given (--sql-server HOST[\\INSTANCE][,PORT])' });
  });

  it('a malformed address', async () => {
    const options = sqlOptions(1433);
    options.sql!.server = 'sql01:1433';
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, options));
    expect(err).toMatchObject({ kind: 'not-configured', message: expect.stringContaining('use a comma before the port (sql01,1433)') });
  });

  it('a user without a password', async () => {
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(1433, { ...sqlLogin, password: undefined })));
    expect(err).toMatchObject({ kind: 'not-configured', message: expect.stringContaining('no password for BACO: set CLICKKER_SQL_PASSWORD') });
  });

  it('Windows integrated security (no user) is reported as unsupported, without connecting', async () => {
    const s = await start();
    const err = sharedError(await sqlSource.run(SQL_PROBE_IDS, sqlOptions(s, { user: undefined, domain: undefined, password: undefined })));
    expect(err.kind).toBe('unsupported');
    expect(err.message).toContain('Windows integrated security');
    expect(s.received.connections).toBe(0);
  });
});
