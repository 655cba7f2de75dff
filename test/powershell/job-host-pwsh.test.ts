// Issue 17 with the real PowerShell: the job host (jobhost.ps1 driven by job-host.ts) lets several callers share the
// one process: jobs submitted at different moments run at once, each with its own deadline; a hung job is abandoned
// while the others answer; a crash fails every open job (and only then is the process gone); hostile values arrive
// byte-exact. pwsh 7.6 here, not Windows PowerShell 5.1, but the RunspacePool, BeginOpen, BeginInvoke/BeginStop and
// WaitHandle.WaitAny it uses are the same System.Management.Automation and .NET APIs
// (https://learn.microsoft.com/dotnet/api/system.management.automation.runspaces.runspacepool.beginopen,
// https://learn.microsoft.com/dotnet/api/system.management.automation.powershell.beginstop). The jobs are small
// scripts of our own (sleeps, a native wait, a throw, an exit), not Windows cmdlets.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../../src/probes/powershell/bridge.js';
import { PsJobHost, type JobEvent } from '../../src/probes/powershell/job-host.js';
import { PsSession } from '../../src/probes/powershell/session.js';
import { isGone } from './support/stand-in.js';

const PWSH = process.env.CLICKKER_PWSH ?? '/root/.cache/clickker-tools/pwsh-7.6.10/pwsh';
let dir = '';
let wrapper = '';

beforeAll(() => {
  if (!existsSync(PWSH)) throw new Error(`these tests need the real pwsh at ${PWSH} (or CLICKKER_PWSH)`);
  dir = mkdtempSync(join(tmpdir(), 'clickker-jobhost-'));
  // TERM=dumb: pwsh on Linux otherwise writes terminal mode escapes around its answers.
  wrapper = join(dir, 'pwsh');
  writeFileSync(wrapper, `#!/bin/sh\nTERM=dumb exec '${PWSH}' "$@"\n`, { mode: 0o755 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every character class that has broken PowerShell quoting, JSON or a console code page: quotes (ASCII and the
// U+2018-U+201B PowerShell also treats as quotes), $() and backticks, CR/LF, a "\/Date(0)\/" that 5.1's
// ConvertFrom-Json would turn into a DateTime, a NUL, an astral character and a lone surrogate's neighbour.
const HOSTILE = "CORP\\o'b\u2019r \"$(x)\" `n ;\r\n\\/Date(0)\\/ \u0000 tab\there \u{1F600} é ß";
const STAMP = '$t = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds()';

async function openHost(events: JobEvent[] = []) {
  const session = await PsSession.start({ executable: wrapper });
  // pwsh's own start on a loaded 2-core machine has taken over 20 s: it is not what these tests time.
  expect(await runScript(session, { text: "'null'" }, {}, 180_000)).toMatchObject({ ok: true });
  const host = await PsJobHost.open(session, { throttle: 4, warm: ['ConvertTo-Json'], onEvent: (e) => events.push(e) });
  if (!(host instanceof PsJobHost)) throw new Error(`the host did not open: ${JSON.stringify(host.failed)}`);
  return { session, host };
}

describe('the job host in pwsh', () => {
  it('runs jobs submitted at different moments at once, each with its own deadline; values arrive byte-exact', async () => {
    const events: JobEvent[] = [];
    const { session, host } = await openHost(events);
    try {
      const a = host.run({ label: 'a', script: { text: `${STAMP}; Start-Sleep -Milliseconds 1500; ConvertTo-Json -InputObject @{ a = 1; t = $t } -Compress` }, timeoutMs: 30_000 });
      await new Promise((r) => setTimeout(r, 300)); // b comes from another caller while a runs
      const b = host.run({ label: 'b', script: { text: `${STAMP}; Start-Sleep -Milliseconds 1500; ConvertTo-Json -InputObject @{ b = 2; t = $t } -Compress` }, timeoutMs: 30_000 });
      const c = host.run({ label: 'c', script: { text: 'param($Account) ConvertTo-Json -InputObject @{ acct = $Account } -Compress' }, params: { Account: HOSTILE }, timeoutMs: 30_000 });
      const d = host.run({ label: 'd', script: { text: 'throw [System.UnauthorizedAccessException]::new("nope")' }, timeoutMs: 30_000 });
      const e = host.run({ label: 'e', script: { text: 'Start-Sleep -Seconds 60; "late"' }, timeoutMs: 800 });
      const [ra, rb, rc, rd, re] = await Promise.all([a, b, c, d, e]);
      expect(ra.ok && rb.ok).toBe(true);
      const ta = JSON.parse((ra as { data: string }).data) as { t: number };
      const tb = JSON.parse((rb as { data: string }).data) as { t: number };
      expect(Math.abs(ta.t - tb.t)).toBeLessThan(1400); // b did not wait for a to end
      expect(JSON.parse((rc as { data: string }).data)).toEqual({ acct: HOSTILE });
      expect(rd).toMatchObject({ ok: false, reason: 'threw', error: { message: 'nope', types: ['System.UnauthorizedAccessException'], hresults: [-2147024891] } });
      expect(re).toMatchObject({ ok: false, reason: 'timeout', message: expect.stringContaining('no answer within 800 ms') });
      expect(ra.ms).toBeGreaterThanOrEqual(1500);
      // Where a's time went, by PowerShell's clock: its script slept 1500 ms; its runspace, start and notice are in
      // its ms too. A job that timed out has no phases (its script never reported).
      expect(ra.ok && ra.phases).toBeTruthy();
      const pa = (ra as { phases: { queue: number; start: number; run: number; notice: number } }).phases;
      expect(pa.run).toBeGreaterThanOrEqual(1500);
      expect(Math.abs(pa.start + pa.run + pa.notice - ra.ms)).toBeLessThanOrEqual(2);
      expect('phases' in re).toBe(false);
      // Every job said when it started and when it finished, in that order.
      for (const label of ['a', 'b', 'c', 'd', 'e']) {
        const mine = events.filter((x) => x.label === label).map((x) => x.event);
        expect(mine).toEqual(['started', 'finished']);
      }
      expect(events.find((x) => x.label === 'e' && x.event === 'finished')).toMatchObject({ ok: false });
      // The pool's runspaces open with the modules every probe uses already imported (InitialSessionState
      // .ImportPSModule), not found by command discovery at a job's first use: Management is used by no job here.
      const modules = await host.run({ label: 'modules', script: { text: '@(Get-Module | ForEach-Object Name) -join ","' }, timeoutMs: 30_000 });
      expect(modules).toMatchObject({ ok: true, data: expect.stringContaining('Microsoft.PowerShell.Management') });
      // The host goes on after a timed-out job that stopped when asked, and closes without killing the process.
      const again = await host.run({ label: 'f', script: { text: '"[1,2]"' }, timeoutMs: 30_000 });
      expect(again).toMatchObject({ ok: true, data: '[1,2]' });
      expect(await host.close()).toEqual({ killed: false });
      expect(session.alive).toBe(true);
    } finally {
      await session.kill();
    }
  }, 180_000);

  it('abandons a job stuck in a native wait, answers the others, and kills the process tree at close', async () => {
    const { session, host } = await openHost();
    try {
      const stuck = host.run({ label: 'stuck', script: { text: '[System.Threading.Thread]::Sleep(120000); "never"' }, timeoutMs: 1000 });
      const quick = host.run({ label: 'quick', script: { text: 'Start-Sleep -Milliseconds 1500; "[3]"' }, timeoutMs: 30_000 });
      expect(await stuck).toMatchObject({ ok: false, reason: 'timeout' });
      expect(await quick).toMatchObject({ ok: true, data: '[3]' });
      const pid = session.pid!;
      expect(await host.close()).toEqual({ killed: true });
      await new Promise((r) => setTimeout(r, 300));
      expect(isGone(pid)).toBe(true);
    } finally {
      await session.kill();
    }
  }, 180_000);

  it('fails every open job when a job takes the process down, and refuses new ones', async () => {
    const { session, host } = await openHost();
    try {
      const slow = host.run({ label: 'slow', script: { text: 'Start-Sleep -Seconds 30; "[1]"' }, timeoutMs: 60_000 });
      const crash = host.run({ label: 'crash', script: { text: 'Start-Sleep -Milliseconds 300; [System.Environment]::Exit(3)' }, timeoutMs: 60_000 });
      const [rs, rc] = await Promise.all([slow, crash]);
      for (const r of [rs, rc]) {
        expect(r).toMatchObject({ ok: false, reason: 'host', outcome: { reason: 'session', failure: { reason: 'exited', message: expect.stringContaining('exited with code 3') } } });
      }
      expect(host.alive).toBe(false);
      expect(await host.run({ label: 'after', script: { text: '"[1]"' }, timeoutMs: 1000 })).toMatchObject({ ok: false, reason: 'host' });
      expect(await host.close()).toEqual({ killed: true });
    } finally {
      await session.kill();
    }
  }, 180_000);
});
