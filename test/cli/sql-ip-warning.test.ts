// An administrator who gives SQL Server as an IP address (`--sql-server 10.0.0.5`) must see clickker's words only.
// tedious (the SQL driver) passes that address as the TLS server name, and Node 20 prints
// "[DEP0123] DeprecationWarning: Setting the TLS ServerName to an IP address is not permitted by RFC 6066" for it
// (node_modules/tedious/lib/message-io.js, startTls: servername: hostname). A Node deprecation is a note for
// developers; the CLI keeps it off the administrator's screen unless --verbose asks for everything (src/cli/main.ts).
// Real driver, real TLS handshake, against the test TDS server on loopback.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { BIN, ROOT } from '../support/cli.js';
import { TdsTestServer } from '../support/tds-server.js';
import { PASSWORD, answer, world } from '../sql/fake-sql-server.js';

const servers: TdsTestServer[] = [];
afterAll(async () => { await Promise.all(servers.map((s) => s.close())); });

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLICKKER_') && k !== 'NODE_OPTIONS'));
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...env, CI: 'true', CLICKKER_SQL_PASSWORD: PASSWORD }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('--sql-server given as an IP address, encrypted', () => {
  it('prints no Node deprecation warning; --verbose still shows it', async () => {
    const s = new TdsTestServer({ reply: answer(world()), encryption: 'tls' });
    servers.push(s);
    await s.start();
    const args = ['preflight', '--only', 'sql.auth-mode', '--sql-server', `127.0.0.1,${s.port}`, '--sql-user', 'sa', '--sql-trust-server-certificate', '--format', 'json'];
    const quiet = await run(args);
    expect(s.received.logins.length).toBeGreaterThan(0); // the TLS handshake and the login happened
    expect(quiet.stderr).not.toContain('DeprecationWarning');
    const verbose = await run([...args, '--verbose']);
    expect(verbose.stderr).toContain('DEP0123');
  }, 60_000);
});
