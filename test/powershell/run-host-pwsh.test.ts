// Issue 17: one PowerShell process per live run. The run host (run-host.ts) is started first, and the three consumers
// that need PowerShell find it by its executable, as they do in the CLI: the PowerShell probes (bridge.ts, in a lane),
// the network source's Windows additions (rootStore.ps1, dotnetEndpoints.ps1) and the SQL route as the current
// Windows account (sqlQuery.ps1). Everything runs in the real pwsh 7.6.10:
// - the probes over the mock layer (test/powershell/mocks, each mock citing its capture or Microsoft page), as the
//   ws2019-ready fixture recorded them;
// - the network scripts' real X509Store and HttpWebRequest against a loopback peer; on Linux .NET's LocalMachine\Root
//   is the bundle SSL_CERT_FILE names ("X509Store", https://learn.microsoft.com/dotnet/standard/security/cross-platform-cryptography);
// - the real System.Data.SqlClient against the TDS test server; only the Windows login is stood in for
//   (mocks/sqlclient-login.ps1, see its header).
// The count of PowerShell processes is taken where no code under test can hide one: every start of pwsh goes through a
// wrapper script that appends its pid to a file before it execs pwsh.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProbeSources, type ProbeOptions } from '../../src/core/probe-sources.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import { networkSchema } from '../../src/facts/network.js';
import { createPowershellSource } from '../../src/probes/powershell/index.js';
import { closeRunHost, startRunHost, type RunHost } from '../../src/probes/powershell/run-host.js';
import type { JobSpec } from '../../src/probes/powershell/job-host.js';
import { createSqlSource } from '../../src/probes/sql/index.js';
import { createWindowsNetworkSource } from '../../src/probes/windows-network.js';
import { packagePath } from '../../src/core/paths.js';
import { createPki, type Pki } from '../network/support/pki.js';
import { httpsPeer, loopbackLookup, type Peer } from '../network/support/peers.js';
import { loginFailed, type TdsTestServer } from '../support/tds-server.js';
import { PASSWORD, SQL_PROBE_IDS, startFakeSql, world } from '../sql/fake-sql-server.js';
import { isGone } from './support/stand-in.js';
import { realPwsh, startMockedSession, type Scenario } from './support/pwsh.js';
import { hostScenario, MOCKED_PROBES } from './support/scenarios.js';

jest.setTimeout(300_000);

const PWSH = realPwsh();
const ACCOUNT = 'CORP\\svc-clickker';
const STAND_IN_LOGIN = 'clickker_sqlclient_stand_in';
const fixture = JSON.parse(readFileSync(packagePath('fixtures', 'hosts', 'ws2019-ready.json'), 'utf8')) as { host: string; probes: Record<string, ProbeRecord> };
/** The fixture's host for the probes' mocks, and the stand-in Windows login for SqlClient. */
const scenario: Scenario = { ...hostScenario(fixture), sqlLogin: { user: STAND_IN_LOGIN, password: PASSWORD } };
const PS_PROBES = [...MOCKED_PROBES, 'identity', 'powershell'];
/** How long the 'stuck' job sleeps in a native wait (no stop request ends it): twice this file's limit (jest.setTimeout). */
const STUCK_MS = 600_000;

let work = '';
let pki: Pki;
let peer: Peer;
let sql: TdsTestServer;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'clickker-run-host-'));
  pki = createPki();
  peer = await httpsPeer(pki.valid, (_q, res) => { res.writeHead(200); res.end('ok'); });
  // The SQL Server the route logs in to: the stand-in login is the Windows account (sqlclient-login.ps1).
  sql = await startFakeSql(world({ connectedAs: ACCOUNT }), {
    encryption: 'tls',
    login: (l) => (l.userName === STAND_IN_LOGIN && l.password === PASSWORD ? 'ok' : loginFailed(l.userName)),
  });
});

afterAll(async () => {
  await closeRunHost();
  await peer?.close();
  await sql?.close();
  pki?.cleanup();
  rmSync(work, { recursive: true, force: true });
});

let n = 0;
/**
 * A `pwsh` that records each start (one line per process) and gives PowerShell the machine store of the test PKI,
 * no proxy, and TERM=dumb (pwsh on Linux otherwise writes terminal mode escapes around its answers).
 */
function countingPwsh(): { exe: string; starts: () => number } {
  n += 1;
  const count = join(work, `starts-${n}.txt`);
  const bundle = join(work, `roots-${n}.pem`);
  const emptyDir = mkdtempSync(join(work, 'certs-'));
  writeFileSync(bundle, pki.root.cert);
  const exe = join(work, `pwsh-${n}`);
  for (const p of [count, bundle, emptyDir, PWSH]) expect(p).not.toContain("'");
  writeFileSync(exe, [
    '#!/bin/sh',
    `echo $$ >> '${count}'`,
    'unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY',
    `SSL_CERT_FILE='${bundle}' SSL_CERT_DIR='${emptyDir}' TERM=dumb exec '${PWSH}' "$@"`,
    '',
  ].join('\n'), { mode: 0o755 });
  return { exe, starts: () => (existsSync(count) ? readFileSync(count, 'utf8').trim().split('\n').length : 0) };
}

/**
 * Whether each process is gone (ended or a zombie), looking again until all are or 30 s have passed: a killed process
 * ends when the kernel next runs it, which on a loaded machine can be later than any fixed wait (it was 300 ms here).
 */
async function goneSoon(pids: Record<string, number>): Promise<Record<string, boolean>> {
  const look = () => Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, isGone(pid)]));
  for (let waited = 0; waited < 30_000; waited += 50) {
    if (Object.values(look()).every(Boolean)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return look();
}

/** The labels of the jobs the run host ran, in order, and the CLI's three sources as a live collection builds them. */
function watch(host: RunHost): string[] {
  const labels: string[] = [];
  const run = host.run.bind(host);
  host.run = (spec: JobSpec, onEvent) => {
    labels.push(spec.label);
    return run(spec, onEvent);
  };
  return labels;
}

const sources = (probeTimeoutMs: number) => [
  createPowershellSource({ probeTimeoutMs }),
  createSqlSource({ platform: 'win32' }),
  createWindowsNetworkSource({ lookup: loopbackLookup, publicRoots: [pki.root.cert], env: {}, rootStoreTimeoutMs: 120_000 }),
];

function options(exe: string): ProbeOptions {
  return {
    timeoutMs: 120_000,
    powershell: exe,
    serviceAccount: ACCOUNT,
    endpoints: [{ url: `https://127.0.0.1:${peer.port}/` }],
    sql: { server: `127.0.0.1,${sql.port}`, encrypt: true, trustServerCertificate: true, bacoLogin: 'BACO', clickkerDatabase: 'Clickker' },
  };
}

describe('one PowerShell process per live run (real pwsh)', () => {
  it('serves the PowerShell probes, the network source\'s Windows additions and the SQL route', async () => {
    const { exe, starts } = countingPwsh();
    const host = startRunHost(exe, { startSession: (e) => startMockedSession(scenario, {}, e) });
    const labels = watch(host);
    const logins0 = sql.received.logins.length;
    const wanted = [...PS_PROBES, ...SQL_PROBE_IDS, 'network.endpoints'];
    const records = await runProbeSources(sources(60_000), wanted, options(exe));
    const pid = host.pid!;
    await closeRunHost();

    // One process started, by the run host; none by the bridge, the network source or the SQL route.
    expect(starts()).toBe(1);
    expect(host.spawned).toBe(1);
    // All three ran their scripts as its jobs.
    expect(labels).toEqual(expect.arrayContaining(['rootStore', 'dotnetEndpoints', 'sqlQuery', ...MOCKED_PROBES, 'identity']));
    expect(labels.filter((l) => l === 'sqlQuery').length).toBeGreaterThanOrEqual(5);

    // The probes answered as the fixture's host (optionalFeatures is not asked on a server, see bridge-real.test.ts).
    for (const p of ['os', 'dotnet', 'pendingReboot', 'windowsFeatures', 'powershell']) expect({ p, ok: records[p]?.ok }).toEqual({ p, ok: true });
    // The network additions: the store export fed Node's view, and the .NET view of the endpoint is merged in.
    const net = records['network.endpoints'];
    if (!net?.ok) throw new Error(`network: ${JSON.stringify(net)}`);
    const facts = networkSchema.parse(net.data);
    expect(facts.windows?.rootStore).toMatchObject({ ok: true, roots: 1 });
    expect(facts.windows?.dotnetView).toMatchObject({ ok: true });
    expect(facts.endpoints[0]?.dotnet).toMatchObject({ ok: true, status: 200 });
    // The SQL route: the real SqlClient's rows, and one pooled login for all its queries in the one process.
    for (const id of SQL_PROBE_IDS) expect({ id, ok: records[id]?.ok }).toEqual({ id, ok: true });
    expect(records['sql.server']).toMatchObject({ data: { productMajorVersion: 13 } });
    expect(sql.received.logins.length - logins0).toBe(1);
    expect(await goneSoon({ pid })).toEqual({ pid: true });
  });

  it('a hung job is abandoned at its own deadline, the others keep their answers, and the tree is killed at the end', async () => {
    const { exe, starts } = countingPwsh();
    const pidFile = join(work, 'hang.pids');
    // windowsFeatures hangs in its cmdlet after starting a child process of its own (mocks/loader.ps1 'hang-tree').
    const host = startRunHost(exe, { startSession: (e) => startMockedSession({ ...scenario, pidFile, faults: { 'Get-WindowsFeature': 'hang-tree' } }, {}, e) });
    // And a job stuck in a native wait, which no stop request ends: it holds a runspace until the process dies.
    const stuck = host.run({ label: 'stuck', script: { text: `[System.Threading.Thread]::Sleep(${STUCK_MS}); "never"` }, timeoutMs: 2_000 });
    const records = await runProbeSources(sources(8_000), [...PS_PROBES, ...SQL_PROBE_IDS, 'network.endpoints'], options(exe));
    // The run did not wait for the hung jobs: this test's own limit (jest.setTimeout above) is shorter than either
    // sleeps. No bound in seconds below that: it would measure how busy the machine is (on a loaded 2-core machine the
    // Node-side TLS view of network.endpoints alone took 60-100 s, and the whole run over 100 s).
    // First, whether the host lived through the run: when it failed (a control invocation unanswered within its
    // deadline), every consumer fell back to a PowerShell of its own, which has no mock layer, so a probe's record
    // would then describe Linux ("Get-WindowsFeature ... is not available", the CI failure of session 5), not the run host.
    expect({ hostAlive: (await host.host()) !== null, starts: starts() }).toEqual({ hostAlive: true, starts: 1 });
    expect(await stuck).toMatchObject({ ok: false, reason: 'timeout' });
    expect(records.windowsFeatures).toMatchObject({ ok: false, error: { kind: 'timeout', message: expect.stringContaining('abandoned') } });
    for (const p of ['os', 'dotnet', 'pendingReboot', 'powershell']) expect({ p, ok: records[p]?.ok }).toEqual({ p, ok: true });
    for (const id of SQL_PROBE_IDS) expect({ id, ok: records[id]?.ok }).toEqual({ id, ok: true });
    expect(records['network.endpoints']).toMatchObject({ ok: true, data: { windows: { rootStore: { ok: true }, dotnetView: { ok: true } } } });
    // No fallback session was needed: still the one process.
    expect(starts()).toBe(1);

    const launcher = host.pid!;
    expect(await host.close()).toEqual({ killed: true });
    await closeRunHost();
    const [pwshPid, sleepPid] = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    expect(await goneSoon({ launcher, pwsh: pwshPid!, child: sleepPid! })).toEqual({ launcher: true, pwsh: true, child: true });
  });
});
