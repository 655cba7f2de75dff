// Issue 17 with the real PowerShell: the standalone collector's concurrent loop, and the live bridge's job host over the
// mock layer (job-host-pwsh.test.ts tests the job host itself), run in pwsh 7.6 here. pwsh is not Windows PowerShell 5.1, but the RunspacePool, [PowerShell]::Create,
// BeginInvoke/BeginStop and WaitHandle.WaitAny they use are the same System.Management.Automation and .NET APIs
// (https://learn.microsoft.com/dotnet/api/system.management.automation.runspaces.runspacepool,
// https://learn.microsoft.com/dotnet/api/system.management.automation.powershell.beginstop). The probes here are small
// scripts of our own (sleeps, a native wait, a throw), not Windows cmdlets.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitStandaloneScript } from '../../src/probes/powershell/standalone.js';

const PWSH = process.env.CLICKKER_PWSH ?? '/root/.cache/clickker-tools/pwsh-7.6.10/pwsh';
let dir = '';
let wrapper = '';

beforeAll(() => {
  if (!existsSync(PWSH)) throw new Error(`these tests need the real pwsh at ${PWSH} (or CLICKKER_PWSH)`);
  dir = mkdtempSync(join(tmpdir(), 'clickker-pool-'));
  // TERM=dumb: pwsh on Linux otherwise writes terminal mode escapes around its answers.
  wrapper = join(dir, 'pwsh');
  writeFileSync(wrapper, `#!/bin/sh\nTERM=dumb exec '${PWSH}' "$@"\n`, { mode: 0o755 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the standalone collector in pwsh', () => {
  it('runs the probes at once, stops a hung one at its deadline, and records every probe', () => {
    // The collector as generated, with the os probe's body swapped for a 60 s sleep, and two probes made 1.5 s slow.
    let text = emitStandaloneScript({ version: '1.0.0', probeTimeoutSeconds: 3 }).replace(/\r\n/g, '\n');
    const swap = (file: string, body: string) => {
      const re = new RegExp(`(# ---- begin src/probes/powershell/${file.replace('.', '\\.')} ----\\n\\s*Script\\s*= \\{\\n)[\\s\\S]*?(\\n\\}\\n\\s*# ---- end)`);
      expect(re.test(text)).toBe(true);
      text = text.replace(re, (_m, a: string, b: string) => `${a}${body}${b}`);
    };
    swap('os.ps1', 'Start-Sleep -Seconds 60; "null"');
    // Each slow probe says when it started (ms since the epoch): one after another they start >= 1.5 s apart.
    swap('dotnet.ps1', '$t = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds(); Start-Sleep -Milliseconds 1500; ConvertTo-Json -InputObject @{ Started = $t } -Compress');
    swap('powershell.ps1', '$t = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds(); Start-Sleep -Milliseconds 1500; ConvertTo-Json -InputObject @{ Started = $t } -Compress');
    const file = join(dir, 'collect.ps1');
    writeFileSync(file, text);
    const out = join(dir, 'snap.json');
    const t0 = Date.now();
    execFileSync(wrapper, ['-NoProfile', '-NonInteractive', '-File', file, '-OutFile', out], { stdio: 'pipe', timeout: 120_000 });
    const wall = Date.now() - t0;
    const snap = JSON.parse(readFileSync(out, 'utf8')) as { probes: Record<string, { ok: boolean; ms: number; data?: { Started?: number }; error?: { kind: string; message: string } }> };
    expect(Object.keys(snap.probes).sort()).toEqual(['identity', 'optionalFeatures', 'network.endpoints', 'windowsFeatures', 'serviceAccount', 'iisSites', 'os', 'synergy', 'winhttpProxy', 'pendingReboot', 'dotnetTls', 'dotnet', 'powershell'].sort());
    expect(snap.probes.os).toMatchObject({ ok: false, error: { kind: 'timeout', message: expect.stringContaining('no answer within 3 s') } });
    expect(snap.probes.dotnet).toMatchObject({ ok: true });
    expect(snap.probes.powershell).toMatchObject({ ok: true });
    expect(Math.abs(snap.probes.dotnet!.data!.Started! - snap.probes.powershell!.data!.Started!)).toBeLessThan(1000);
    expect(snap.probes.dotnet!.ms).toBeGreaterThanOrEqual(1500);
    expect(wall).toBeLessThan(60_000); // the 60 s sleep was not waited for
  }, 180_000);
});

describe('the bridge\'s job host over the mock layer', () => {
  it('runs the real probe scripts at once with the session\'s mocks (and their latency) inside the host\'s pool', async () => {
    const { startMockedSession } = await import('./support/pwsh.js');
    const { runPowershellProbes } = await import('../../src/probes/powershell/bridge.js');
    const latency = { 'Get-WindowsOptionalFeature': 1500, 'Get-WindowsFeature': 1500 };
    const session = await startMockedSession({}, latency);
    const records = await runPowershellProbes(['optionalFeatures', 'windowsFeatures', 'dotnet'], { timeoutMs: 120_000, powershell: PWSH },
      { startSession: async () => session, throttle: 4, probeTimeoutMs: 60_000 });
    // Without the mocks in the pool's runspaces these cmdlets do not exist in pwsh on Linux (CommandNotFoundException).
    expect(records.optionalFeatures).toMatchObject({ ok: true });
    expect(records.windowsFeatures).toMatchObject({ ok: true });
    expect(records.optionalFeatures!.ms).toBeGreaterThanOrEqual(1500);
    expect(records.windowsFeatures!.ms).toBeGreaterThanOrEqual(1500);
    expect(session.alive).toBe(false); // the bridge ends its session
  }, 180_000);
});
