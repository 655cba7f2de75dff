// Issue 16: the live collection's per-probe progress, wired end to end through the built CLI. The bridge reports each
// PowerShell probe's start and end (its job host's events), live.ts passes them to the progress display, and that shows
// them: a timestamped line per probe in a CI log, a spinner naming the running probes on a terminal. Each piece has
// its own unit test (progress.test.ts, bridge.test.ts); this one fails when the wiring between them in live.ts is cut
// (the sources not wrapped, the per-probe hook not passed, the family shown instead of the probe).
// There is no Windows here: test/powershell/support/fake-powershell.mjs STANDS IN FOR POWERSHELL (it answers the
// bridge's invocations and job host protocol with the recorded samples in test/powershell/samples/), started through
// --powershell as powershell.exe would be. `script` (util-linux) gives the CLI a pseudo-terminal for the spinner.
import { describe, expect, it, jest } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, runCli, tempDir } from '../support/cli.js';

jest.setTimeout(60_000);

const FAKE_POWERSHELL = join(ROOT, 'test', 'powershell', 'support', 'fake-powershell.mjs');

/** The stand-in's setup (scenario and start log) for one run; returns the env that points it there and the log. */
function standIn(probes: Record<string, string>) {
  chmodSync(FAKE_POWERSHELL, 0o755);
  const dir = tempDir();
  const log = join(dir, 'ps.log');
  const setup = join(dir, 'setup.json');
  writeFileSync(setup, JSON.stringify({ scenario: { probes }, log }));
  const starts = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter((l) => l.includes('"argv"')).length : 0);
  return { dir, env: { CLICKKER_FAKE_PS_FILE: setup }, starts };
}

const COLLECT = (dir: string) => ['collect', '--only', 'os.version,dotnet.framework', '--powershell', FAKE_POWERSHELL, '--out', join(dir, 'snap.json')];

describe('live progress through the CLI (issue 16)', () => {
  it('in a CI log: one timestamped line per PowerShell probe start and end, naming the probe', () => {
    const ps = standIn({ os: 'slow:300' });
    const r = runCli(COLLECT(ps.dir), { env: ps.env });
    const lines = r.stderr.split('\n');
    const line = (text: RegExp) => lines.filter((l) => text.test(l));
    for (const probe of ['os', 'dotnet']) {
      expect({ probe, started: line(new RegExp(`^\\[\\d\\d:\\d\\d:\\d\\d\\] clickker: PowerShell: ${probe}: started$`)).length }).toEqual({ probe, started: 1 });
      expect({ probe, done: line(new RegExp(`^\\[\\d\\d:\\d\\d:\\d\\d\\] clickker: PowerShell: ${probe}: done in \\d+\\.\\d s$`)).length }).toEqual({ probe, done: 1 });
    }
    // Each probe is shown, not its family.
    expect(r.stderr).not.toMatch(/powershell \(/);
    // os (slow:300) ended after it started, and the snapshot holds both facts.
    expect(lines.findIndex((l) => / PowerShell: os: started$/.test(l))).toBeLessThan(lines.findIndex((l) => / PowerShell: os: done in/.test(l)));
    const snap = JSON.parse(readFileSync(join(ps.dir, 'snap.json'), 'utf8')) as { probes: Record<string, { ok: boolean }> };
    expect({ os: snap.probes.os?.ok, dotnet: snap.probes.dotnet?.ok }).toEqual({ os: true, dotnet: true });
    // Issue 17: the run's one PowerShell process, started at the beginning of the run (main.ts), served the probes.
    expect(ps.starts()).toBe(1);
  });

  it('on a terminal: the spinner names the PowerShell probe that runs', async () => {
    // The spinner shows after a second: os takes 2.5 s in the stand-in.
    const ps = standIn({ os: 'slow:2500' });
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CI' && !k.startsWith('CLICKKER_')));
    const cmd = [process.execPath, BIN, ...COLLECT(ps.dir)].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    // A pseudo-terminal starts with 0 columns, which the display treats as no terminal (progress.ts): give it 100.
    const child = spawn('script', ['-qfec', `stty cols 100 rows 40; ${cmd}`, '/dev/null'], { cwd: ROOT, env: { ...env, ...ps.env, TERM: 'xterm', NO_COLOR: '1', COLUMNS: '100' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const kill = setTimeout(() => child.kill('SIGKILL'), 45_000);
    await new Promise((resolve) => child.on('close', resolve));
    clearTimeout(kill);
    expect(out).toMatch(/collecting: [^\n]*PowerShell: os/);
    // No CI lines on a terminal.
    expect(out).not.toMatch(/\] clickker: PowerShell: os: started/);
  });
});
