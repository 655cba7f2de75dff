// The run's one PowerShell process (run-host.ts, issue 17) through its process boundary, for what the real pwsh cannot
// be made to do on purpose (run-host-pwsh.test.ts runs the real one): a PowerShell that never opens or will not start,
// exact replays of sqlQuery.ps1's recorded answers, and slow probes that would hold every slot.
// test/powershell/support/fake-powershell.mjs STANDS IN FOR POWERSHELL: started through node-powershell exactly as
// powershell.exe is, it speaks the bridge's envelope and the job host's protocol and replays the recorded samples in
// test/powershell/samples/ (see its header). No Windows, no SQL Server, no network beyond a refused loopback port.
import { afterEach, describe, expect, it } from '@jest/globals';
import { runProbeSources, type ProbeOptions } from '../../src/core/probe-sources.js';
import { networkSchema } from '../../src/facts/network.js';
import { createPowershellSource } from '../../src/probes/powershell/index.js';
import { closeRunHost, startRunHost } from '../../src/probes/powershell/run-host.js';
import { NETWORK_PROBE } from '../../src/probes/network/index.js';
import { createSqlSource } from '../../src/probes/sql/index.js';
import { createWindowsNetworkSource } from '../../src/probes/windows-network.js';
import { loopbackLookup, refusedPort } from '../network/support/peers.js';
import { SQL_PROBE_IDS } from '../sql/fake-sql-server.js';
import { standIn, type Scenario } from './support/stand-in.js';

afterEach(() => closeRunHost());

const network = (rootStoreTimeoutMs = 10_000) => createWindowsNetworkSource({ lookup: loopbackLookup, publicRoots: [], env: {}, rootStoreTimeoutMs });

async function options(wrapper: string, extra: Partial<ProbeOptions> = {}): Promise<ProbeOptions> {
  return {
    timeoutMs: 10_000,
    powershell: wrapper,
    endpoints: [{ url: `https://127.0.0.1:${await refusedPort()}/` }],
    sql: { server: 'sql01\\EXACT', encrypt: true, trustServerCertificate: false, bacoLogin: 'BACO', clickkerDatabase: 'Clickker' },
    ...extra,
  };
}

/** The stand-in with the run host started on it, as main.ts / live.ts start it. */
function run(scenario: Scenario) {
  const ps = standIn(scenario);
  const host = startRunHost(ps.wrapper);
  return { ps, host };
}

describe('the run host and its consumers', () => {
  it('the SQL route\'s queries are jobs of the run\'s process and give the records a session of its own gives', async () => {
    const { ps } = run({});
    const shared = await createSqlSource({ platform: 'win32' }).run(SQL_PROBE_IDS, await options(ps.wrapper));
    expect(ps.starts()).toBe(1);
    const pooled = ps.log().filter((e) => e.probe?.startsWith('sqlQuery:') && (e as { pooled?: boolean }).pooled);
    expect(pooled.map((e) => e.probe)).toEqual(['sqlQuery:connection', 'sqlQuery:server', 'sqlQuery:baco', 'sqlQuery:identity', 'sqlQuery:databases', 'sqlQuery:clickker-database']);
    await closeRunHost();
    // The same replies through a session of the route's own (no run host): the same records, timings aside.
    const own = standIn({});
    const alone = await createSqlSource({ platform: 'win32' }).run(SQL_PROBE_IDS, await options(own.wrapper));
    const noMs = (r: Record<string, unknown>) => JSON.parse(JSON.stringify(r, (k, v: unknown) => (k === 'ms' ? 0 : v))) as unknown;
    for (const id of SQL_PROBE_IDS) expect({ id, ok: shared[id]?.ok }).toEqual({ id, ok: true });
    expect(noMs(shared)).toEqual(noMs(alone));
  });

  it('a PowerShell that never opens: the network source waits no longer than its export deadline, starts no second process, and Node\'s view stands', async () => {
    const { ps, host } = run({ startup: 'silent' });
    const t0 = Date.now();
    const out = await network(800).run([NETWORK_PROBE], await options(ps.wrapper));
    expect(Date.now() - t0).toBeLessThan(8_000);
    const facts = networkSchema.parse((out[NETWORK_PROBE] as { data: unknown }).data);
    expect(facts.windows?.rootStore).toMatchObject({ ok: false, error: "the run's PowerShell did not open within 800 ms" });
    expect(facts.windows?.dotnetView).toMatchObject({ ok: false, error: expect.stringContaining('not taken') });
    expect(facts.endpoints).toHaveLength(1);
    // The run host spawned its process; the stand-in logs its start once Node is running it (seconds on a loaded
    // machine), so wait for that before counting: one, the source started none of its own.
    expect(host.spawned).toBe(1);
    for (let i = 0; i < 100 && ps.starts() === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(ps.starts()).toBe(1);
  });

  it('a PowerShell that will not start: each consumer falls back to a session of its own, as before', async () => {
    const { ps, host } = run({ startup: 'exit' });
    expect(await host.host()).toBeNull();
    const out = await network().run([NETWORK_PROBE], await options(ps.wrapper));
    const facts = networkSchema.parse((out[NETWORK_PROBE] as { data: unknown }).data);
    expect(facts.windows?.rootStore).toMatchObject({ ok: false, error: expect.stringContaining('blocked by group policy') });
    // The run host's try, then the source's own.
    expect(ps.starts()).toBe(2);
  });

  it('slow probes never hold every slot: the network source\'s export runs at once beside them', async () => {
    const slow = Object.fromEntries(['os', 'dotnet', 'powershell', 'pendingReboot', 'dotnetTls', 'winhttpProxy', 'windowsFeatures', 'optionalFeatures'].map((id) => [id, 'slow:3000']));
    const { ps } = run({ probes: slow });
    const wanted = [...Object.keys(slow), NETWORK_PROBE];
    const records = await runProbeSources([createPowershellSource({ probeTimeoutMs: 30_000 }), network()], wanted, await options(ps.wrapper, { timeoutMs: 30_000 }));
    const net = records[NETWORK_PROBE];
    if (!net?.ok) throw new Error(JSON.stringify(net));
    // The export did not wait for a probe to end (each takes 3 s, and there are twice the pool's slots of them).
    expect((net.data as { windows: { rootStore: { ok: boolean; ms: number } } }).windows.rootStore).toMatchObject({ ok: true });
    expect(net.ms).toBeLessThan(2_500);
    for (const id of Object.keys(slow)) expect({ id, ok: records[id]?.ok }).toEqual({ id, ok: true });
    // One process; the probes went in a lane of 4 in a pool of 6.
    expect(ps.starts()).toBe(1);
    const opened = ps.log().find((e) => (e as { jobhost?: string }).jobhost === 'open') as { throttle?: number } | undefined;
    expect(opened?.throttle).toBe(6);
  });
});
