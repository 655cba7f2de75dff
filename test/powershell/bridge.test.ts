// The bridge, tested through its process boundary with support/fake-powershell.mjs, which STANDS IN FOR POWERSHELL,
// for what the real pwsh cannot be made to do on purpose: replay Windows PowerShell 5.1's recorded output shapes, a
// PowerShell that will not start or is Wine's stub, an answer to an older request, CRLF fences arriving in one
// chunk, exit 0 mid-command, cancellation timing. Hangs (with the process tree), the budget, crashes, a garbled
// answer line and hostile values arriving byte-exact run in the real pwsh 7.6: bridge-real.test.ts.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProbeSources, type ProbeOptions } from '../../src/core/probe-sources.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import { parseSnapshot, SNAPSHOT_SCHEMA } from '../../src/facts/snapshot.js';
import { FACTS } from '../../src/facts/index.js';
import { createPowershellSource, POWERSHELL_PROBE_IDS, runPowershellProbes } from '../../src/probes/powershell/index.js';
import { POWERSHELL_UNAVAILABLE, powershellUnavailable } from '../../src/probes/powershell/bridge.js';
import { needsElevationMessage } from '../../src/probes/powershell/probes.js';
import { isGone } from './support/stand-in.js';

const here = dirname(fileURLToPath(import.meta.url));
const FAKE_POWERSHELL = join(here, 'support', 'fake-powershell.mjs');
const sample = (id: string): unknown => JSON.parse(readFileSync(join(here, 'samples', `${id}.json`), 'utf8'));

type Mode = string | { data: string };
interface Scenario { startup?: 'exit' | 'stub' | 'silent'; pidFile?: string; coalesce?: boolean; probes?: Record<string, Mode> }

let workDir = '';

beforeAll(() => {
  chmodSync(FAKE_POWERSHELL, 0o755);
  workDir = mkdtempSync(join(tmpdir(), 'clickker-ps-'));
});

let runNo = 0;
/**
 * Runs the probes against the stand-in with a scenario; returns the records and what the stand-in saw. The stand-in is
 * started through a two-line wrapper that tells it which scenario file to read (Jest's process.env is a sandbox copy
 * that child processes do not inherit).
 */
async function run(wanted: readonly string[], scenario: Scenario = {}, options: Partial<ProbeOptions> = {}, probeTimeoutMs = 5000, throttle = 1) {
  const n = ++runNo;
  const logFile = join(workDir, `log-${n}.jsonl`);
  const setupFile = join(workDir, `setup-${n}.json`);
  writeFileSync(setupFile, JSON.stringify({ scenario, log: logFile }));
  const wrapper = join(workDir, `powershell-${n}`);
  expect(`${setupFile}${FAKE_POWERSHELL}`).not.toContain("'");
  writeFileSync(wrapper, `#!/bin/sh\nCLICKKER_FAKE_PS_FILE='${setupFile}' exec '${FAKE_POWERSHELL}' "$@"\n`, { mode: 0o755 });
  const records = await runPowershellProbes(wanted, { timeoutMs: 30_000, powershell: wrapper, ...options }, { probeTimeoutMs, throttle });
  const log = existsSync(logFile)
    ? readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { pid: number; argv?: string[]; stdin?: string; probe?: string; params?: Record<string, string>; submit?: string[] })
    : [];
  return { records, log, starts: log.filter((e) => e.argv).length, ran: log.filter((e) => e.probe).map((e) => e.probe), submits: log.filter((e) => e.submit).map((e) => e.submit!), wrapper };
}

const errorOf = (r: ProbeRecord | undefined) => (r && !r.ok ? r.error : undefined);

describe('replaying recorded output', () => {
  it('runs every probe in one long-lived session and parses what each printed', async () => {
    const { records, starts, log } = await run(POWERSHELL_PROBE_IDS, {}, { serviceAccount: 'CORP\\svc-clickker' });
    expect(starts).toBe(1);
    for (const id of POWERSHELL_PROBE_IDS) {
      const r = records[id];
      expect(r).toMatchObject({ ok: true });
      if (r?.ok) {
        expect(r.data).toEqual(sample(id));
        expect(r.ms).toBeGreaterThanOrEqual(0);
      }
    }
    const argv = log.find((e) => e.argv)!.argv!;
    expect(argv).toEqual(expect.arrayContaining(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-NoExit', '-Command', '-']));
  });

  it('runs identity first even when it is not wanted, and does not report it', async () => {
    const { records, ran } = await run(['os', 'dotnet']);
    expect(ran).toEqual(['identity', 'os', 'dotnet']);
    expect(Object.keys(records).sort()).toEqual(['dotnet', 'os']);
  });

  it('ignores warnings on stdout and text on stderr around a good answer', async () => {
    const { records, starts } = await run(['os', 'dotnet'], { probes: { os: 'noise' } });
    expect(records.os).toMatchObject({ ok: true, data: sample('os') });
    expect(records.dotnet).toMatchObject({ ok: true });
    expect(starts).toBe(1);
  });

  it('reads an answer that arrives in one chunk with its CRLF-terminated fences (a node-powershell 5.0.1 trap)', async () => {
    const { records, starts } = await run(['os', 'dotnet', 'powershell'], { coalesce: true }, {}, 2000);
    expect(records.os).toMatchObject({ ok: true, data: sample('os') });
    expect(records.dotnet).toMatchObject({ ok: true });
    expect(records.powershell).toMatchObject({ ok: true });
    expect(starts).toBe(1);
  });

  it('turns empty probe output into null data (ConvertTo-Json prints nothing for $null)', async () => {
    const { records } = await run(['dotnet'], { probes: { dotnet: { data: '' } } });
    expect(records.dotnet).toMatchObject({ ok: true, data: null });
  });

  it('feeds runProbeSources and gives records a snapshot accepts', async () => {
    const { wrapper } = await run([]);
    const source = createPowershellSource({ probeTimeoutMs: 5000 });
    const probes = await runProbeSources([source], [...POWERSHELL_PROBE_IDS, 'sql.server'], { timeoutMs: 30_000, powershell: wrapper, serviceAccount: 'CORP\\svc' });
    expect(Object.keys(probes).sort()).toEqual([...POWERSHELL_PROBE_IDS].sort());
    const loaded = parseSnapshot({ schema: SNAPSHOT_SCHEMA, collectedAt: '2026-11-22T10:00:00.000Z', host: 'WS2019', collector: { name: 'test', version: '0' }, probes }, 'live.json');
    for (const def of FACTS.filter((f) => POWERSHELL_PROBE_IDS.includes(f.probe))) expect(loaded.facts.has(def)).toBe(true);
  });
});

describe('a hung probe', () => {
  it('stops when the caller cancels, and says so', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 2000);
    const { records } = await run(['os', 'dotnet'], { probes: { os: 'slow:9000' } }, { signal: controller.signal });
    expect(errorOf(records.os)).toEqual({ kind: 'timeout', message: expect.stringContaining('cancelled') });
    expect(errorOf(records.dotnet)).toEqual({ kind: 'error', message: expect.stringContaining('cancelled') });
  });
});

describe('a crashing or babbling PowerShell', () => {
  it('reports a clean exit in the middle of a probe as a crash', async () => {
    const { records } = await run(['os', 'dotnet'], { probes: { os: 'exit0' } });
    expect(errorOf(records.os)).toEqual({ kind: 'crashed', message: expect.stringContaining('exited with code 0') });
    expect(records.dotnet).toMatchObject({ ok: true });
  });

  it('detects an answer to another request (a session out of step)', async () => {
    const { records, starts } = await run(['os', 'dotnet'], { probes: { os: 'stale' } });
    expect(errorOf(records.os)).toEqual({ kind: 'bad-output', message: expect.stringContaining('out of step') });
    expect(records.dotnet).toMatchObject({ ok: true });
    expect(starts).toBe(2);
  });

  it('reports a probe whose output is not JSON as bad-output, keeping the healthy session', async () => {
    const { records, starts } = await run(['os', 'dotnet'], { probes: { os: 'badjson' } });
    expect(errorOf(records.os)).toEqual({ kind: 'bad-output', message: expect.stringContaining('not one JSON document') });
    expect(records.dotnet).toMatchObject({ ok: true });
    expect(starts).toBe(1);
  });
});

describe('PowerShell missing, blocked or unusable', () => {
  it('reports a missing executable as not-found for every probe, without throwing', async () => {
    const { records } = await run(['os', 'dotnet'], {}, { powershell: join(workDir, 'no-such-powershell.exe') });
    for (const id of ['os', 'dotnet']) {
      expect(errorOf(records[id])).toEqual({ kind: 'not-found', message: expect.stringContaining('PowerShell was not found') });
    }
  });

  it('reports a PowerShell that refuses to start (blocked by policy) and gives up after two tries', async () => {
    const { records, starts } = await run(['os', 'dotnet', 'powershell', 'pendingReboot'], { startup: 'exit' });
    expect(starts).toBe(2);
    for (const id of ['os', 'dotnet', 'powershell', 'pendingReboot']) {
      expect(errorOf(records[id])).toEqual({ kind: 'crashed', message: expect.stringContaining('blocked by group policy') });
    }
  });

  it('says "PowerShell not available" for a PowerShell that ends before its first answer (Wine\'s stub), and gives up', async () => {
    const { records, starts, wrapper } = await run(['os', 'dotnet', 'powershell'], { startup: 'stub' });
    expect(starts).toBe(2);
    for (const id of ['os', 'dotnet', 'powershell']) {
      expect(errorOf(records[id])).toEqual({ kind: 'crashed', message: expect.stringMatching(/^PowerShell not available: PowerShell exited with code 0/) });
    }
    expect(errorOf(records.os)?.message).toContain(wrapper);
    expect(powershellUnavailable(records)).toBe(errorOf(records.os)?.message);
  });

  it('finds "PowerShell not available" only when no PowerShell probe got an answer because of it', async () => {
    const missing = await run(['os'], {}, { powershell: join(workDir, 'no-such-powershell.exe') });
    expect(powershellUnavailable(missing.records)).toMatch(new RegExp(`^${POWERSHELL_UNAVAILABLE}: PowerShell was not found`));
    const blocked = await run(['os'], { startup: 'exit' });
    expect(powershellUnavailable(blocked.records)).toContain('blocked by group policy');
    // a crash after PowerShell answered is that probe's failure, not a missing PowerShell
    const crash = await run(['os', 'dotnet'], { probes: { os: 'crash', dotnet: 'crash' } });
    expect(errorOf(crash.records.os)?.message).not.toContain(POWERSHELL_UNAVAILABLE);
    expect(powershellUnavailable(crash.records)).toBeNull();
    expect(powershellUnavailable({})).toBeNull();
    expect(powershellUnavailable({ os: { ok: true, data: {}, ms: 1 } })).toBeNull();
  });

  it('gives up after two sessions that never answer (e.g. constrained language), instead of timing out every probe', async () => {
    const started = Date.now();
    const { records, starts } = await run(['os', 'dotnet', 'powershell', 'pendingReboot', 'dotnetTls'], { startup: 'silent' }, {}, 700);
    expect(starts).toBe(2);
    for (const id of ['os', 'dotnet', 'powershell', 'pendingReboot', 'dotnetTls']) expect(errorOf(records[id])?.kind).toBe('timeout');
    expect(errorOf(records.pendingReboot)?.message).toContain('not tried');
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('does not start PowerShell on a non-Windows machine unless an executable is named', async () => {
    const records = await runPowershellProbes(['os'], { timeoutMs: 1000 }, { platform: 'linux' });
    expect(errorOf(records.os)).toEqual({ kind: 'unsupported', message: expect.stringContaining('this is linux') });
  });
});

describe('errors a probe reports', () => {
  it('maps exception types and HRESULTs to kinds', async () => {
    const { records } = await run(['windowsFeatures', 'optionalFeatures', 'dotnet', 'os', 'winhttpProxy'], {
      probes: {
        windowsFeatures: 'throw:System.Management.Automation.CommandNotFoundException:-2146233087:The term \'Get-WindowsFeature\' is not recognized',
        optionalFeatures: 'throw:System.Runtime.InteropServices.COMException:-2147024156:The requested operation requires elevation.',
        dotnet: 'throw:System.UnauthorizedAccessException:-2147024891:Access to the registry key is denied.',
        os: 'throw:Microsoft.Management.Infrastructure.CimException:-2146233088:WMI is broken',
        winhttpProxy: 'throw:System.IO.FileNotFoundException:-2147024894:IIS is not installed',
      },
    });
    expect(errorOf(records.windowsFeatures)).toEqual({ kind: 'unsupported', message: "The term 'Get-WindowsFeature' is not recognized" });
    expect(errorOf(records.optionalFeatures)).toEqual({ kind: 'needs-elevation', message: 'The requested operation requires elevation.' });
    // identity (the sample) says elevated, so a refusal is a real access-denied, not a missing elevation.
    expect(errorOf(records.dotnet)?.kind).toBe('access-denied');
    expect(errorOf(records.os)).toEqual({ kind: 'error', message: 'WMI is broken' });
    expect(errorOf(records.winhttpProxy)?.kind).toBe('not-found');
  });

  it('skips the probes that need elevation when the collector is not elevated, and calls a refusal needs-elevation', async () => {
    const notElevated = JSON.stringify({ User: 'CORP\\jan', Sid: 'S-1-5-21-1-2-3-1104', IsElevated: false, IsAdministratorsMember: true });
    const { records, ran } = await run(['identity', 'os', 'optionalFeatures', 'iisSites', 'synergy', 'serviceAccount', 'dotnet'], {
      probes: { identity: { data: notElevated }, dotnet: 'throw:System.UnauthorizedAccessException:-2147024891:Access denied' },
    }, { serviceAccount: 'CORP\\svc' });
    expect(records.identity).toMatchObject({ ok: true, data: { IsElevated: false } });
    for (const id of ['optionalFeatures', 'iisSites', 'synergy', 'serviceAccount']) {
      expect(records[id]).toEqual({ ok: false, error: { kind: 'needs-elevation', message: expect.stringContaining('elevated prompt') }, ms: 0 });
    }
    expect(ran).toEqual(['identity', 'os', 'dotnet']);
    expect(errorOf(records.dotnet)?.kind).toBe('needs-elevation');
  });

  it('reports serviceAccount as not-configured without a service account', async () => {
    const { records, ran } = await run(['serviceAccount']);
    expect(errorOf(records.serviceAccount)).toEqual({ kind: 'not-configured', message: expect.stringContaining('--service-account') });
    expect(ran).toEqual(['identity']);
  });
});

describe('parameters travel as data', () => {
  // Byte-exact arrival of hostile values is tested in the real pwsh (bridge-real.test.ts); here, what the stand-in
  // saw on PowerShell's stdin: nothing but base64 and fixed names between quotes.
  it('only base64 reaches the command line', async () => {
    const value = "CORP\\o'brien \u2018x\u2019 $(Remove-Item C:\\ -Recurse) `whoami` \"q\"\r\n'@ #>";
    const { log } = await run(['serviceAccount'], { probes: { serviceAccount: 'echo' } }, { serviceAccount: value });
    const invocations = log.filter((e) => e.stdin?.startsWith('& {')).map((e) => e.stdin!);
    expect(invocations).toHaveLength(2); // identity, serviceAccount
    for (const line of invocations) {
      const literals = [...line.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
      for (const lit of literals) expect(lit).toMatch(/^(?:[A-Za-z0-9+/]*={0,2}|Stop|SilentlyContinue|None)$/);
      for (const part of value.split(/[\r\n]+/).filter((x) => x.length > 3)) expect(line).not.toContain(part);
    }
  });
});

// Issue 17: the probes run at once as job host jobs (the stand-in plays jobhost.ps1's part: open, submit, poll and
// close; jobs with their own deadlines, at most Throttle at a time). The tests above run with throttle 1: the
// one-by-one path, which is also what the bridge falls back to when the host's process dies.
describe('the probes run at once (throttle 4)', () => {
  const pooled = (wanted: readonly string[], scenario: Scenario = {}, options: Partial<ProbeOptions> = {}, probeTimeoutMs = 5000) =>
    run(wanted, scenario, options, probeTimeoutMs, 4);

  it('submits the slowest probe first with identity right after it, the elevated ones once identity answered; same records as one by one', async () => {
    const events: string[] = [];
    const all = await pooled(POWERSHELL_PROBE_IDS, {}, { serviceAccount: 'CORP\\svc-clickker', onProbe: (e) => events.push(`${e.event} ${e.id}`) });
    expect(all.starts).toBe(1);
    expect(all.submits).toEqual([
      // optionalFeatures only reads (speculative): it need not wait for identity; the rest by typical time.
      ['optionalFeatures', 'identity', 'windowsFeatures', 'os', 'winhttpProxy', 'pendingReboot', 'dotnetTls', 'dotnet', 'powershell'],
      // Needs elevation and does more than read (the S4U logon): only after identity said elevated.
      ['serviceAccount', 'iisSites', 'synergy'],
    ]);
    // Every probe said when it started and when it finished (the CLI's per-probe progress, issue 16).
    for (const id of POWERSHELL_PROBE_IDS) expect(events.filter((e) => e.endsWith(` ${id}`))).toEqual([`started ${id}`, `finished ${id}`]);
    const serial = await run(POWERSHELL_PROBE_IDS, {}, { serviceAccount: 'CORP\\svc-clickker' });
    for (const id of POWERSHELL_PROBE_IDS) {
      expect(all.records[id]).toMatchObject({ ok: true });
      expect((all.records[id] as { data: unknown }).data).toEqual((serial.records[id] as { data: unknown }).data);
    }
  });

  it('takes about the slowest probe, not the sum', async () => {
    const slow = { os: 'slow:900', dotnet: 'slow:900', powershell: 'slow:900', pendingReboot: 'slow:900' };
    const t0 = Date.now();
    const { records } = await pooled(['os', 'dotnet', 'powershell', 'pendingReboot'], { probes: slow });
    const wall = Date.now() - t0;
    for (const id of Object.keys(slow)) expect(records[id]).toMatchObject({ ok: true });
    // Four probes of 0.9 s each, one after another, take 3.6 s; at once, one 0.9 s plus the session's overhead.
    expect(wall).toBeLessThan(2700);
  });

  it('abandons a hung probe at its own deadline, keeps the others, and kills the process tree afterwards', async () => {
    const pidFile = join(workDir, 'pool-hang-pids.json');
    const { records } = await pooled(['os', 'dotnet', 'powershell'], { pidFile, probes: { dotnet: 'hang', os: 'slow:300' } }, {}, 1200);
    expect(errorOf(records.dotnet)).toEqual({ kind: 'timeout', message: expect.stringContaining('no answer within 1200 ms') });
    expect(records.os).toMatchObject({ ok: true, data: sample('os') });
    expect(records.powershell).toMatchObject({ ok: true, data: sample('powershell') });
    const pids = JSON.parse(readFileSync(pidFile, 'utf8')) as { shell: number; child: number };
    await new Promise((r) => setTimeout(r, 200));
    expect(isGone(pids.shell)).toBe(true);
    expect(isGone(pids.child)).toBe(true);
  });

  it('classifies a probe\'s exception as the one-by-one path does, and skips elevated probes when not elevated', async () => {
    const { records, ran } = await pooled(['os', 'dotnet', 'windowsFeatures', 'iisSites', 'optionalFeatures'], {
      probes: {
        identity: { data: JSON.stringify({ ...(sample('identity') as object), IsElevated: false }) },
        os: 'throw:System.UnauthorizedAccessException:-2147024891:Access is denied',
        dotnet: 'throw:System.Management.Automation.CommandNotFoundException:-2146233087:not recognized',
      },
    });
    expect(errorOf(records.os)).toEqual({ kind: 'needs-elevation', message: 'Access is denied' });
    expect(errorOf(records.dotnet)?.kind).toBe('unsupported');
    expect(errorOf(records.iisSites)?.kind).toBe('needs-elevation');
    expect(ran).not.toContain('iisSites');
    // optionalFeatures started before identity answered (it only reads); its answer gives way to needs-elevation.
    expect(ran).toContain('optionalFeatures');
    expect(records.optionalFeatures).toEqual({ ok: false, error: { kind: 'needs-elevation', message: needsElevationMessage('optionalFeatures') }, ms: 0 });
    expect(records.windowsFeatures).toMatchObject({ ok: true });
  });

  it('falls back to one by one in a fresh session when the host\'s process crashes', async () => {
    const { records, starts, submits } = await pooled(['os', 'dotnet', 'powershell'], { probes: { dotnet: 'crash' } });
    expect(submits).toHaveLength(1);
    expect(starts).toBeGreaterThanOrEqual(2);
    expect(errorOf(records.dotnet)).toEqual({ kind: 'crashed', message: expect.stringContaining('exited with code 3') });
    expect(records.os).toMatchObject({ ok: true });
    expect(records.powershell).toMatchObject({ ok: true });
  });

  it('passes parameters byte-exact as base64 fields of the job list', async () => {
    const value = "CORP\\o'b\u2019r \"$(x)\" `n ;\r\n\\/Date(0)\\/";
    const { records, log } = await pooled(['serviceAccount', 'os'], { probes: { serviceAccount: 'echo' } }, { serviceAccount: value });
    expect((records.serviceAccount as { data: { params: Record<string, string> } }).data.params).toEqual({ Account: value });
    for (const line of log.filter((e) => e.stdin?.startsWith('& {')).map((e) => e.stdin!)) {
      for (const lit of [...line.matchAll(/'([^']*)'/g)].map((m) => m[1]!)) expect(lit).toMatch(/^(?:[A-Za-z0-9+/]*={0,2}|Stop|SilentlyContinue|None)$/);
    }
  });
});
