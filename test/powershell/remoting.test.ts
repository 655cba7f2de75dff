// clickker collect --computer (issue 17): the remoting script parses with the real PowerShell parser and keeps the
// Windows PowerShell 5.1 rules, and, run in the real pwsh against a stand-in for Invoke-Command that returns what
// remoting returns (remoting/invoke-command-mock.ps1, sources cited there), yields one snapshot per answering target
// (named from PSComputerName) and one failure with its fix per unreachable target (from ErrorRecord.TargetObject).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRemotingOutput, REMOTING_SCRIPT, remotingFix, snapshotFileName } from '../../src/probes/powershell/remoting.js';
import { pwshHost } from './support/pwsh.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..', '..');
const SCRIPT = join(ROOT, REMOTING_SCRIPT);
const MOCK = join(here, 'remoting', 'invoke-command-mock.ps1');
const PWSH = process.env.CLICKKER_PWSH ?? '/root/.cache/clickker-tools/pwsh-7.6.10/pwsh';
let dir = '';

beforeAll(() => {
  if (!existsSync(PWSH)) throw new Error(`these tests need the real pwsh at ${PWSH} (or CLICKKER_PWSH)`);
  dir = mkdtempSync(join(tmpdir(), 'clickker-remoting-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pwshHost().close();
});

describe('remoting/fleet.ps1', () => {
  it('parses with the real PowerShell parser and breaks no Windows PowerShell 5.1 rule', async () => {
    const report = await pwshHost().parse(readFileSync(SCRIPT, 'utf8'));
    expect(report.errors).toEqual([]);
    // The 5.1 command list (support/ps51-commands.json) lacks these two, which Windows PowerShell 5.1 has:
    // https://learn.microsoft.com/powershell/module/microsoft.powershell.core/invoke-command?view=powershell-5.1 and
    // https://learn.microsoft.com/powershell/module/microsoft.powershell.security/get-credential?view=powershell-5.1
    const known51 = new Set(['Invoke-Command', 'Get-Credential']);
    expect(report.ps51.filter((f) => !(f.rule === 'command not in the Windows PowerShell 5.1 list' && known51.has(String(f.detail))))).toEqual([]);
  }, 120_000);

  it('gives one snapshot per answering target and a failure with its fix per unreachable one', () => {
    // The script runs as the CLI runs it (-File, parameters as arguments), after the stand-in is dot-sourced.
    const runner = join(dir, 'run.ps1');
    writeFileSync(runner, `param([string[]] $Rest)\n. '${MOCK}'\n& '${SCRIPT}' @args\n$global:ClickkerRemotingCall | ConvertTo-Json -Compress -Depth 3 | ForEach-Object { [Console]::Error.WriteLine($_) }\n`);
    const out = execFileSync(PWSH, ['-NoProfile', '-NonInteractive', '-File', runner,
      '-ComputerNames', 'EXACT01, exact02,REFUSED03,DENIED04', '-CollectorPath', 'C:\\temp\\collect-clickker.ps1', '-ThrottleLimit', '32', '-ServiceAccount', "CORP\\o'b $(x)"],
    { encoding: 'utf8', env: { ...process.env, TERM: 'dumb' }, timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
    const { snapshots, failures } = readRemotingOutput(out);
    expect(snapshots.map((s) => s.computer)).toEqual(['EXACT01', 'exact02']);
    expect(snapshots.map((s) => (JSON.parse(s.text) as { host: string }).host)).toEqual(['EXACT01', 'exact02']);
    expect(failures.map((f) => [f.computer, f.why.en])).toEqual([['REFUSED03', 'WinRM refused or unreachable'], ['DENIED04', 'access denied']]);
    expect(failures[0]!.fix.en).toContain('Enable-PSRemoting');
    expect(failures[1]!.fix.en).toContain('--credential-user');
  }, 120_000);
});

describe('reading what remoting returned', () => {
  it('names snapshot files from PSComputerName only when the name is a plain host name', () => {
    expect(snapshotFileName('EXACT01')).toBe('EXACT01.json');
    expect(snapshotFileName('web-01.corp.example')).toBe('web-01.corp.example.json');
    for (const bad of ['..\\x', '../x', 'a/b', 'C:', '', ' ', 'a..b']) expect(snapshotFileName(bad)).toBeNull();
  });

  it('tells the Kerberos double hop and an unknown name apart from WinRM refusals', () => {
    expect(remotingFix({ error: 'The WinRM client cannot process the request. Kerberos authentication failed (0x8009030e)' }).why.en).toMatch(/double hop/);
    expect(remotingFix({ error: 'Connecting to remote server X failed: The WinRM client cannot process the request because the server name cannot be resolved.' }).why.en).toBe('the name does not resolve');
    expect(remotingFix({ error: 'something else' }).fix.en).toContain('Test-WSMan');
  });

  it('ignores lines that are not its JSON (warnings on stdout)', () => {
    const r = readRemotingOutput('WARNING: something\r\n{"computer":"A","snapshot":"{}"}\r\nnot json {\r\n');
    expect(r.snapshots).toEqual([{ computer: 'A', text: '{}' }]);
    expect(r.failures).toEqual([]);
  });
});

describe('clickker collect --computer (the built CLI, with the stand-in loaded into the PowerShell it starts)', () => {
  it('writes one snapshot per answering host, lists the others with their fix, and exits 3', async () => {
    const { runCli } = await import('../support/cli.js');
    // --powershell names a wrapper: it starts the real pwsh on a runner that dot-sources the stand-in, then runs the
    // script clickker gave to -File with the same arguments.
    const runner = join(dir, 'runner.ps1');
    writeFileSync(runner, `param([string] $File)\n. '${MOCK}'\n& $File @args\n`);
    const wrapper = join(dir, 'powershell');
    writeFileSync(wrapper, `#!/bin/sh\nwhile [ "$#" -gt 0 ] && [ "$1" != "-File" ]; do shift; done\nshift\nTERM=dumb exec '${PWSH}' -NoProfile -NonInteractive -File '${runner}' "$@"\n`, { mode: 0o755 });
    const outDir = join(dir, 'snapshots');
    // Started here rather than through runCli: pwsh's start on a busy machine can take longer than runCli's 20 s.
    const { BIN, ROOT: CLI_ROOT } = await import('../support/cli.js');
    const { spawnSync } = await import('node:child_process');
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLICKKER_')));
    const run = spawnSync(process.execPath, [BIN, 'collect', '--computer', 'EXACT01,EXACT02,REFUSED03', '--out-dir', outDir, '--powershell', wrapper, '--throttle', '8'],
      { cwd: CLI_ROOT, env: { ...env, CI: 'true' }, encoding: 'utf8', input: '', timeout: 110_000 });
    const r = { code: run.status, stdout: run.stdout, stderr: run.stderr };
    expect(r.stdout).toContain(`EXACT01: snapshot written to ${join(outDir, 'EXACT01.json')}`);
    expect(r.stdout).toContain('REFUSED03: not collected: WinRM refused or unreachable');
    expect(r.stdout).toContain('Fix: on the target run Enable-PSRemoting -Force');
    expect(r.stdout).toContain('2 of 3 computers collected');
    expect(r.code).toBe(3);
    const judged = runCli(['preflight', '--snapshot', join(outDir, 'EXACT01.json'), join(outDir, 'EXACT02.json'), '--format', 'json']);
    expect(JSON.parse(judged.stdout).hosts.map((h: { host: string }) => h.host)).toEqual(['EXACT01', 'EXACT02']);
  }, 120_000);

  it('refuses a computer name that is not one, before starting anything', async () => {
    const { runCli } = await import('../support/cli.js');
    const r = runCli(['collect', '--computer', 'EXACT01,../etc', '--out-dir', join(dir, 'x'), '--powershell', '/nonexistent']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^clickker: --computer: '\.\.\/etc' is not a computer name/m);
  });
});
