// The bridge against the real pwsh 7.6: node-powershell sessions, the base64 + nonce protocol, the mock layer loaded
// into each session (startMockedSession), and the failures pwsh can really produce: a hang (Start-Sleep) killed by
// the budget with its process tree, the process ending mid-command, console output that breaks the answer line, and
// hostile parameter values arriving byte-exact; throttle 1 runs the probes one by one, the job host has its own test. (The stand-in, fake-powershell.mjs, remains only for what pwsh
// cannot be made to do on purpose: a PowerShell that will not start, Wine's stub, a session answering an older
// request; see bridge.test.ts.)
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPowershellProbes, runScript } from '../../src/probes/powershell/bridge.js';
import { PsSession } from '../../src/probes/powershell/session.js';
import { FACTS_BY_PROBE } from '../../src/facts/index.js';
import { packagePath } from '../../src/core/paths.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import { isGone } from './support/stand-in.js';
import { realPwsh, startMockedSession, type Scenario } from './support/pwsh.js';
import { hostScenario, MOCKED_PROBES } from './support/scenarios.js';

// A pwsh session takes seconds to start on a busy 2-core machine; each test starts one to three.
jest.setTimeout(180_000);

const PWSH = realPwsh();
const work = mkdtempSync(join(tmpdir(), 'clickker-bridge-real-'));
const fixture = JSON.parse(readFileSync(packagePath('fixtures', 'hosts', 'ws2019-ready.json'), 'utf8')) as { host: string; probes: Record<string, ProbeRecord> };
/** Everything the mocks need to answer as ws2019-ready did. */
const ws2019: Scenario = hostScenario(fixture);

const sessions: PsSession[] = [];
afterAll(async () => { for (const s of sessions) await s.kill(); });

/** BridgeOptions.startSession over the real pwsh with the mock layer; counts the sessions started. */
function starter(scenario: Scenario) {
  const started: PsSession[] = [];
  const start = async () => {
    const s = await startMockedSession(scenario);
    started.push(s);
    sessions.push(s);
    return s;
  };
  return { start, started };
}

const fact = (probe: string, data: unknown) => FACTS_BY_PROBE.get(probe)!.schema.parse(data);

describe('the bridge on the real pwsh', () => {
  it('runs the probes in one long-lived session, each answer checked by its nonce, facts as the fixture\'s', async () => {
    const { start, started } = starter(ws2019);
    const wanted = [...MOCKED_PROBES, 'powershell', 'identity'];
    const out = await runPowershellProbes(wanted, { timeoutMs: 120_000, powershell: PWSH }, { startSession: start, probeTimeoutMs: 60_000, throttle: 1 });
    expect(started).toHaveLength(1);
    for (const p of MOCKED_PROBES.filter((x) => x !== 'optionalFeatures')) {
      const r = out[p]!;
      expect({ p, ok: r.ok }).toEqual({ p, ok: true });
      if (r.ok && fixture.probes[p]!.ok) expect({ p, fact: fact(p, r.data) }).toEqual({ p, fact: fact(p, (fixture.probes[p] as { data: unknown }).data) });
    }
    // A server with ServerManager (ProductType 3): optionalFeatures.ps1 no longer asks DISM there (issue 13, up to 60 s);
    // iis.features reads windowsFeatures instead.
    expect(out.optionalFeatures).toMatchObject({ ok: false, error: { kind: 'unsupported', message: expect.stringContaining('reads Get-WindowsFeature') } });
    // The real $PSVersionTable of this pwsh: PowerShell 7's SemanticVersion, which the fact schema reads too.
    expect(out.powershell).toMatchObject({ ok: true });
    expect(fact('powershell', (out.powershell as { data: unknown }).data)).toMatchObject({ PSVersion: '7.6.10', PSEdition: 'Core' });
    // identity asks WindowsIdentity, which .NET on Linux does not have: "could not look", never "not elevated".
    expect(out.identity).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
  });

  it('on a client (ProductType 1) optionalFeatures asks DISM and gives the fixture\'s IIS features back', async () => {
    const os = (ws2019.cim as { Win32_OperatingSystem: Record<string, unknown> }).Win32_OperatingSystem;
    const { start } = starter({ ...ws2019, cim: { Win32_OperatingSystem: { ...os, ProductType: 1 } } });
    const out = await runPowershellProbes(['optionalFeatures'], { timeoutMs: 120_000, powershell: PWSH }, { startSession: start, probeTimeoutMs: 60_000, throttle: 1 });
    expect(out.optionalFeatures).toMatchObject({ ok: true });
    expect(fact('optionalFeatures', (out.optionalFeatures as { data: unknown }).data)).toEqual(fact('optionalFeatures', (fixture.probes.optionalFeatures as { data: unknown }).data));
  });

  it('a hung probe (Start-Sleep in a cmdlet) is killed with its process tree at the deadline; the next probe gets a new session', async () => {
    const pidFile = join(work, 'hang.pids');
    const { start, started } = starter({ ...ws2019, pidFile, faults: { 'Get-CimInstance': 'hang-tree' } });
    const t0 = Date.now();
    const out = await runPowershellProbes(['os', 'dotnet'], { timeoutMs: 120_000, powershell: PWSH }, { startSession: start, probeTimeoutMs: 6_000, throttle: 1 });
    expect(out.os).toMatchObject({ ok: false, error: { kind: 'timeout', message: expect.stringMatching(/no answer within \d+ ms; the PowerShell process tree was killed/) } });
    expect(out.dotnet).toMatchObject({ ok: true, data: { Release: 528049 } });
    expect(started.length).toBe(2);
    expect(Date.now() - t0).toBeLessThan(60_000);
    // The session's process is the .NET tool's pwsh launcher; PowerShell itself ($PID) is its child, and the hung
    // cmdlet started a grandchild (sleep): all three must be gone.
    const [pwshPid, sleepPid] = readFileSync(pidFile, 'utf8').trim().split(' ').map(Number);
    await new Promise((r) => setTimeout(r, 300));
    expect({ launcher: isGone(started[0]!.pid!), pwsh: isGone(pwshPid!), child: isGone(sleepPid!) }).toEqual({ launcher: true, pwsh: true, child: true });
  });

  it('the total budget ends a hang too, and the probes after it are not started', async () => {
    const { start } = starter({ ...ws2019, faults: { 'Get-CimInstance': 'hang' } });
    const out = await runPowershellProbes(['os', 'dotnet'], { timeoutMs: 8_000, powershell: PWSH }, { startSession: start, probeTimeoutMs: 60_000, throttle: 1 });
    expect(out.os).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(out.dotnet).toMatchObject({ ok: false, error: { kind: 'timeout', message: expect.stringMatching(/budget .* ran out before this probe started/) } });
  });

  it('pwsh ending mid-command is that probe\'s crash (with the exit code); the next probe runs in a new session', async () => {
    const { start, started } = starter({ ...ws2019, faults: { 'Get-CimInstance': 'crash' } });
    const out = await runPowershellProbes(['os', 'dotnet'], { timeoutMs: 120_000, powershell: PWSH }, { startSession: start, probeTimeoutMs: 60_000, throttle: 1 });
    expect(out.os).toMatchObject({ ok: false, error: { kind: 'crashed', message: expect.stringMatching(/exited with code 3/) } });
    expect(out.dotnet).toMatchObject({ ok: true });
    expect(started.length).toBe(2);
  });

  it('console output without a newline garbles the answer line: bad-output, and that session is not trusted again', async () => {
    const { start, started } = starter({ ...ws2019, faults: { 'Get-CimInstance': 'garbage' } });
    const out = await runPowershellProbes(['os', 'dotnet'], { timeoutMs: 120_000, powershell: PWSH }, { startSession: start, probeTimeoutMs: 60_000, throttle: 1 });
    expect(out.os).toMatchObject({ ok: false, error: { kind: 'bad-output', message: expect.stringContaining('<<not an answer>>') } });
    expect(out.dotnet).toMatchObject({ ok: true });
    expect(started.length).toBe(2);
    expect(started[0]!.alive).toBe(false);
  });

  it('PowerShell warnings and host output around a good answer do not disturb it', async () => {
    const { start } = starter(ws2019);
    const s = await start();
    const noisy = await s.invoke("Write-Warning 'careful'; Write-Host 'hello from the host'; [Console]::Error.WriteLine('on stderr')", 30_000);
    expect(noisy.ok).toBe(true);
    const r = await runScript(s, 'os.ps1', {}, 30_000);
    expect(r).toMatchObject({ ok: true, data: { Caption: 'Microsoft Windows Server 2019 Standard', ProductType: 3 } });
    await s.kill();
  });
});

describe('the job host (jobhost.ps1: probes at once in one pwsh, issue 17) on the real pwsh', () => {
  // The host's pool runspaces reach the Windows-only cmdlets through the auto-loaded mock module; registry reads there meet Linux.
  // The hang is ServerManager's Get-WindowsFeature: on this server (ProductType 3) DISM is no longer asked (issue 13).
  it('answers each probe as the one-by-one path does, and a hung Get-WindowsFeature call times out alone', async () => {
    const { start, started } = starter({ ...ws2019, faults: { 'Get-WindowsFeature': 'hang' } });
    const out = await runPowershellProbes(['os', 'dotnet', 'windowsFeatures', 'optionalFeatures', 'powershell'], { timeoutMs: 120_000, powershell: PWSH },
      // Each fresh pool runspace loads the mock module first: over 20 s on a loaded 2-core machine, so the deadline
      // leaves room for that; the hang still ends at it.
      { startSession: start, probeTimeoutMs: 40_000, throttle: 4 });
    for (const p of ['os', 'dotnet'] as const) {
      expect({ p, out: out[p] }).toMatchObject({ p, out: { ok: true } });
      expect({ p, fact: fact(p, (out[p] as { data: unknown }).data) }).toEqual({ p, fact: fact(p, (fixture.probes[p] as { data: unknown }).data) });
    }
    expect(out.windowsFeatures).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    // Get-Command finds ServerManager without calling it: optionalFeatures answers at once, not stuck behind the hang.
    expect(out.optionalFeatures).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
    expect(out.powershell).toMatchObject({ ok: true });
    expect(started.length).toBeGreaterThanOrEqual(1);
  });
});

describe('parameters travel as data through the real pwsh', () => {
  const HOSTILE = [
    "O'Brien", 'a"b', '$(Stop-Computer)', '`n`0', 'line1\nline2\r\nline3', '\u2018single\u2019 \u201Alow\u201B',
    'nul\u0000byte', 'tab\there', '@\'\nhere\n\'@', '#> <# ; & | > $env:PATH', 'CORP\\svc-clickker', 'äöü 漢字 🙂',
  ];

  it('every hostile value arrives byte-exact: serviceAccount.ps1 prints back the account it could not resolve', async () => {
    const { start } = starter({});
    const session = await start();
    for (const value of HOSTILE) {
      const r = await runScript(session, 'serviceAccount.ps1', { Account: value }, 30_000);
      // On Linux no name resolves to a SID, so the script takes its "unresolved" branch and echoes -Account.
      expect({ value, ok: r.ok, account: r.ok ? (r.data as { Account: string }).Account : r }).toEqual({ value, ok: true, account: value });
    }
    expect(session.alive).toBe(true); // one session answered them all
    await session.kill();
  });

  it('and through the probe runner with the configured service account', async () => {
    const { start } = starter({});
    const value = HOSTILE.join(' | ');
    const out = await runPowershellProbes(['serviceAccount'], { timeoutMs: 60_000, powershell: PWSH, serviceAccount: value }, { startSession: start, probeTimeoutMs: 30_000, throttle: 1 });
    expect(out.serviceAccount).toMatchObject({ ok: true, data: { Account: value, Resolved: false, Sid: null, IsLocalAdmin: null } });
  });
});
