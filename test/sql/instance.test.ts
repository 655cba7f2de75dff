// Named instances: tedious asks SQL Server Browser (UDP 1434) for the instance's TCP port. A stand-in Browser on
// 127.0.0.1:1434 (startBrowser, test/support/tds-server.ts) answers for the TDS test server. Only this test file
// binds UDP 1434, and its tests run one after another.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sqlSource } from '../../src/probes/sql/index.js';
import { startBrowser, type TdsTestServer } from '../support/tds-server.js';
import { PASSWORD, sqlOptions, startFakeSql, world } from './fake-sql-server.js';

let server: TdsTestServer;
beforeAll(async () => {
  server = await startFakeSql(world());
});
afterAll(async () => {
  await server.close();
});

function options(address: string, timeoutMs = 3_000) {
  const o = sqlOptions(server, {}, timeoutMs);
  o.sql!.server = address;
  return o;
}

describe('named instances', () => {
  it('are found through SQL Server Browser, and the probes run on the port it names', async () => {
    const browser = await startBrowser({ EXACT: server.port, OTHER: 1 });
    try {
      const records = await sqlSource.run(['sql.server'], options('127.0.0.1\\EXACT'));
      expect(records['sql.server']).toMatchObject({ ok: true, data: { server: '127.0.0.1\\EXACT' } });
      expect(browser.requests).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });

  it('instance not found: the Browser answers but knows no such instance', async () => {
    const browser = await startBrowser({ OTHER: server.port });
    try {
      const records = await sqlSource.run(['sql.server', 'sql.baco'], options('127.0.0.1\\EXACT'));
      for (const r of Object.values(records)) {
        expect(r).toMatchObject({ ok: false, error: { kind: 'instance-not-found', message: "SQL Server Browser on 127.0.0.1 answered, but knows no instance named 'EXACT': check the instance name, or give the port (HOST,PORT)." } });
      }
    } finally {
      await browser.close();
    }
  });

  it('no Browser: the instance cannot be found, within the budget', async () => {
    const t0 = Date.now();
    const records = await sqlSource.run(['sql.server'], options('127.0.0.1\\EXACT', 1_500));
    const rec = records['sql.server'];
    expect(rec?.ok).toBe(false);
    if (rec?.ok !== false) return;
    // UDP gives no refusal to wait for, so this is a silence: either the Browser or the instance port is unreachable.
    expect(rec.error.kind).toBe('unreachable');
    expect(rec.error.message).toMatch(/SQL Server Browser \(UDP 1434\)/);
    expect(rec.error.message).toContain('HOST\\INSTANCE,PORT');
    expect(JSON.stringify(records)).not.toContain(PASSWORD);
    expect(Date.now() - t0).toBeLessThan(1_500 + 800);
  });

  it('an explicit port skips the Browser', async () => {
    const browser = await startBrowser({});
    try {
      const records = await sqlSource.run(['sql.server'], options(`127.0.0.1\\EXACT,${server.port}`));
      expect(records['sql.server']?.ok).toBe(true);
      expect(browser.requests).toBe(0);
    } finally {
      await browser.close();
    }
  });
});
