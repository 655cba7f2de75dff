// clickker.exe as Windows runs it: the built single executable (npm run build:exe, Node 22 inside), copied to
// C:\Tools\clickker\ on a Wine prefix that reports Windows Server 2016, where process.platform is win32. No Node is
// installed in the prefix. Wine missing or the exe missing fails every test here (never a skip).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportSchema } from '../../src/report/report-schema.js';
import { ROOT, runCli } from '../support/cli.js';
import { EXE, INSTALLED, Wine, type WineRun } from './support/wine.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const fixture = (name: string) => join(ROOT, 'fixtures', 'hosts', `${name}.json`);
const ESC = '\u001b';

let wine: Wine;

beforeAll(() => {
  wine = Wine.start();
  // Snapshots as an engineer copies them to the server, under C:\clickker\.
  mkdirSync(wine.windowsPath('C:\\clickker'), { recursive: true });
  for (const name of ['ws2019-ready', 'ws2016-dotnet462']) copyFileSync(fixture(name), wine.windowsPath(`C:\\clickker\\${name}.json`));
}, 180_000);

afterAll(() => wine?.stop());

/** Files whose name matches, under a folder, not following symbolic links (Wine links the user folders to $HOME). */
function filesNamed(dir: string, name: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return filesNamed(join(dir, e.name), name);
    return e.isFile() && name.test(e.name) ? [join(dir, e.name)] : [];
  });
}

/** The run succeeded as a program: no crash, no stack trace, no internal error. */
function clean(r: WineRun): void {
  expect(r.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+|node:internal|EBADF/);
}

describe('the exe starts as a Windows program', () => {
  it('--version prints the package version, exit 0', () => {
    const r = wine.run(['--version']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('starts from its embedded V8 code cache, which node.exe accepts (made by that node.exe under Wine at build time)', () => {
    // scripts/exe-main.cjs reports on NODE_DEBUG=clickker-exe whether V8 took the cache; a cache made by any other
    // runtime is rejected (test/exe/native.test.ts shows the Linux node refusing this one) and the exe then compiles
    // its 6 MB bundle from source at every start.
    const r = wine.run(['--version'], { env: { NODE_DEBUG: 'clickker-exe' } });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
    expect(r.stderr).toMatch(/^CLICKKER-EXE \d+: code cache accepted \(\d+ bytes\)$/m);
    expect(r.stderr).not.toMatch(/rejected|no code cache/);
  });

  it('runs from its own folder on the Windows Server 2016 the prefix reports, with no Node installed', () => {
    // The prefix has no node.exe anywhere: clickker.exe is its own runtime.
    expect(filesNamed(wine.driveC, /^node\.exe$/i)).toEqual([]);
    const r = wine.run(['--version'], { cwd: wine.windowsPath('C:\\clickker') });
    expect(r.code).toBe(0);
    const ver = wine.cmd('ver');
    expect(ver.stdout).toMatch(/10\.0\.14393/);
  });

  it('--help lists the commands and the exit codes, exit 0', () => {
    const r = wine.run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const cmd of ['preflight', 'collect', 'checks', 'explain']) expect(r.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
    expect(r.stdout).toMatch(/Exit codes: 0 ready, 1 not ready, 2 usage or input error, 3 incomplete/);
    const sub = wine.run(['preflight', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/--snapshot <file\.\.\.>/);
  });

  it('checks lists every check from the embedded requirements, as the Node CLI does', () => {
    const r = wine.run(['checks']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const node = runCli(['checks', '--format', 'json']);
    const ids = (JSON.parse(node.stdout) as { id: string }[]).map((c) => c.id);
    expect(ids.length).toBeGreaterThan(15);
    for (const id of ids) expect(r.stdout).toContain(id);
    const json = wine.run(['checks', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(node.stdout));
    const explain = wine.run(['explain', 'dotnet.framework']);
    expect(explain.code).toBe(0);
    expect(explain.stdout).toMatch(/460798/);
  });

  it('a usage error is one line on stderr and exit 2', () => {
    const r = wine.run(['preflight', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(["clickker: unknown option '--bogus'"]);
    const missing = wine.run(['preflight', '--snapshot', 'C:\\clickker\\missing.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('clickker: snapshot C:\\clickker\\missing.json: cannot read it (ENOENT)');
  });
});

describe('preflight --snapshot', () => {
  it('a ready host: exit 0, a JSON report valid against its schema, the same results as the Node CLI', () => {
    const r = wine.run(['preflight', '--snapshot', 'C:\\clickker\\ws2019-ready.json', '--confirm', 'all', '--format', 'json']);
    clean(r);
    expect(r.code).toBe(0);
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.verdict).toBe('ready');
    expect(report.exitCode).toBe(0);
    expect(report.tool.version).toBe(VERSION);
    expect(report.hosts[0]!.file).toBe('C:\\clickker\\ws2019-ready.json');
    const node = JSON.parse(runCli(['preflight', '--snapshot', fixture('ws2019-ready'), '--confirm', 'all', '--format', 'json']).stdout) as typeof report;
    expect(report.requirements).toEqual(node.requirements); // the embedded requirements file, byte for byte (sha256)
    expect(report.counts).toEqual(node.counts);
    const judged = (rs: typeof report.results) => rs.map(({ ms: _ms, ...rest }) => rest);
    expect(judged(report.results)).toEqual(judged(node.results));
  });

  it('stdin an empty Unix pipe, no CI (a runner shell): the report, not "internal error: open EBADF"', () => {
    // Under Wine, Node's process.stdin getter throws EBADF for a Unix pipe on fd 0 (seen in session 4 under
    // a benchmark harness). Whether anyone can be asked is decided by isatty(0), which never opens the stream.
    const r = wine.run(['preflight', '--snapshot', 'C:\\clickker\\ws2019-ready.json', '--confirm', 'all', '--no-color'], { stdin: 'pipe' });
    clean(r);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ws2019|SRV|ready/i);
  });

  it('a host with .NET 4.6.2: exit 1, the failure and its fix on a console report without colour or Unicode symbols', () => {
    const r = wine.run(['preflight', '--snapshot', 'C:\\clickker\\ws2016-dotnet462.json', '--confirm', 'all']);
    clean(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NOT READY/);
    expect(r.stdout).toMatch(/\[FAIL\] dotnet\.framework/);
    expect(r.stdout).toMatch(/\[ OK \] os\.version/);
    // redirected output: no escape sequences, and the ASCII symbols Windows Server's console can show
    expect(r.raw.includes(ESC)).toBe(false);
    expect(r.stdout).not.toMatch(/[✔✖⚠↷≈]/);
  });

  it('a fleet of two fixtures by their Z:\\ (Unix) paths: JUnit written to a C:\\ path, exit 1', () => {
    const r = wine.run([
      'preflight', '--snapshot', `Z:${fixture('ws2019-ready').replace(/\//g, '\\')}`, `Z:${fixture('ws2016-dotnet462').replace(/\//g, '\\')}`,
      '--confirm', 'all', '--format', 'junit', '--output', 'C:\\clickker\\fleet.xml',
    ]);
    clean(r);
    expect(r.code).toBe(1);
    const xml = readFileSync(wine.windowsPath('C:\\clickker\\fleet.xml'), 'utf8');
    expect(xml).toMatch(/<testsuites/);
    expect(xml).toMatch(/SYNERGY01/);
  });

  it('CRLF and a UTF-8 BOM (as Windows PowerShell 5.1 writes files), a config with relative paths, %ProgramData% through cmd.exe', () => {
    const dir = wine.windowsPath('C:\\clickker\\crlf');
    mkdirSync(dir, { recursive: true });
    const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
    writeFileSync(join(dir, 'srv1.json'), `\uFEFF${crlf(readFileSync(fixture('ws2016-dotnet462'), 'utf8'))}`);
    writeFileSync(join(dir, 'clickker.yaml'), crlf('# settings of SRV1\nprofile: synergy\nsnapshots:\n  - srv1.json\nconfirm: [all]\nformat: json\n'));
    writeFileSync(join(dir, 'waivers.yaml'), crlf([
      'waivers:',
      '  - check: dotnet.framework',
      "    host: '*'",
      '    reason: .NET 4.8 goes in during the maintenance window',
      '    approvedBy: J. de Vries (ICT)',
      '    expires: 2999-12-31',
      '',
    ].join('\n')));
    const out = wine.windowsPath('C:\\ProgramData\\clickker-srv1.json');
    const r = wine.cmd('C:\\Tools\\clickker\\clickker.exe preflight --config C:\\clickker\\crlf\\clickker.yaml --waivers C:\\clickker\\crlf\\waivers.yaml --output %ProgramData%\\clickker-srv1.json');
    clean(r);
    expect(r.code).toBe(0); // the only failure is waived
    expect(existsSync(out)).toBe(true);
    const report = reportSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(report.verdict).toBe('ready');
    expect(report.results.find((x) => x.id === 'dotnet.framework')?.status).toBe('waived');
    expect(report.hosts[0]!.file).toMatch(/srv1\.json$/);
  });
});

describe('collect', () => {
  it('--emit-script prints the standalone PowerShell collector with CRLF line ends, the same as the Node CLI', () => {
    const r = wine.run(['collect', '--emit-script']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = r.raw.toString('utf8');
    expect(text).toMatch(/^<#\r\n\.SYNOPSIS/);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const probe of ['identity', 'os', 'dotnet', 'windowsFeatures', 'serviceAccount', 'optionalFeatures']) expect(text).toContain(`'${probe}'`);
    expect(text).toBe(runCli(['collect', '--emit-script']).stdout);
    // cmd.exe redirection to a file, as the README tells an administrator
    const viaCmd = wine.cmd('C:\\Tools\\clickker\\clickker.exe collect --emit-script > C:\\clickker\\collect-clickker.ps1');
    expect(viaCmd.code).toBe(0);
    expect(readFileSync(wine.windowsPath('C:\\clickker\\collect-clickker.ps1'), 'utf8')).toBe(text);
  });

  it('without PowerShell (Wine has only a stub) says "PowerShell not available" plainly, writes the snapshot, exit 3', () => {
    const r = wine.run(['collect', '--only', 'os.version', 'dotnet.framework', '--out', 'C:\\clickker\\live.json']);
    clean(r);
    expect(r.code).toBe(3);
    // the full path of Windows PowerShell 5.1 under %SystemRoot%: the exe took its win32 branch (process.platform)
    expect(r.stderr).toMatch(/^clickker: PowerShell not available: PowerShell exited with code 0 \(C:\\windows\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe\)$/im);
    expect(r.stderr).toMatch(/clickker collect --emit-script/);
    expect(r.stdout).toMatch(/Snapshot of .* written to C:\\clickker\\live\.json: 0 of 2 probes succeeded/);
    const snap = JSON.parse(readFileSync(wine.windowsPath('C:\\clickker\\live.json'), 'utf8')) as { probes: Record<string, { ok: boolean; error?: { kind: string; message: string } }> };
    expect(Object.keys(snap.probes).sort()).toEqual(['dotnet', 'os']);
    for (const p of Object.values(snap.probes)) expect(p.error?.message).toMatch(/^PowerShell not available/);
    // the incomplete snapshot is judged like any other: unknown, with the reason, never a pass
    const judged = wine.run(['preflight', '--snapshot', 'C:\\clickker\\live.json', '--only', 'os.version', '--format', 'json']);
    expect(judged.code).toBe(3);
    const result = reportSchema.parse(JSON.parse(judged.stdout)).results.find((x) => x.id === 'os.version');
    expect(result?.status).toBe('unknown');
    expect(result?.reason).toMatch(/PowerShell not available/);
  });

  it('a live preflight without PowerShell ends incomplete with the same message, not a crash', () => {
    const r = wine.run(['preflight', '--only', 'dotnet.framework']);
    clean(r);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^clickker: PowerShell not available/m);
    expect(r.stdout).toMatch(/INCOMPLETE/);
    // The console report wraps at 80 columns, so a line may break between any two words of the reason.
    expect(r.stdout).toMatch(/\[ \?\? \] dotnet\.framework +Could not evaluate: probe dotnet failed \(crashed\):\s+PowerShell not\s+available/);
  });
});

describe('on a Windows console (a pseudo-terminal that Wine turns into a console)', () => {
  it('shows ASCII symbols, and with --no-color or NO_COLOR writes no colour escape sequences at all', () => {
    const args = ['preflight', '--snapshot', 'C:\\clickker\\ws2016-dotnet462.json', '--confirm', 'all', '--no-interactive'];
    const plain = wine.console(args);
    expect(plain.code).toBe(1);
    expect(plain.screen).toMatch(/\[FAIL\].*dotnet\.framework/);
    expect(plain.screen).not.toMatch(/[✔✖⚠]/);
    for (const run of [wine.console([...args, '--no-color']), wine.console(args, { NO_COLOR: '1' })]) {
      expect(run.code).toBe(1);
      expect(run.screen).toMatch(/\[FAIL\] dotnet\.framework/);
      // Wine's console may move the cursor or clear a line; clickker itself adds no SGR (colour) sequence.
      expect(run.screen).not.toMatch(new RegExp(`${ESC}\\[[0-9;]*m`));
    }
  });
});

describe('asking on a Windows console', () => {
  it('asks each unconfirmed item and judges with the answers (y, n, y, y: one unknown, exit 3)', async () => {
    const { code, screen } = await wine.consoleAnswering(['preflight', '--snapshot', 'C:\\clickker\\ws2019-ready.json', '--no-color'], ['y\r', 'n\r', 'y\r', 'y\r']);
    expect(screen).not.toMatch(/Assertion failed/);
    expect(screen).toMatch(/Has the customer completed, signed and returned the Clickker per\s*missions form\?/);
    expect(screen).toMatch(/\[ OK \] confirm\.permissions-form/);
    expect(screen).toMatch(/\[ \?\? \] confirm\.synergy-user/);
    expect(screen).toMatch(/INCOMPLETE/);
    expect(code).toBe(3);
  }, 45_000);
});

describe('the shipped file', () => {
  it('is unsigned as built, and re-signed with an organisation\'s certificate (osslsigncode, as the README shows) still runs', () => {
    const unsigned = spawnSync('osslsigncode', ['verify', '-in', EXE], { encoding: 'utf8' });
    expect(`${unsigned.stdout}${unsigned.stderr}`).toMatch(/No signature found/);
    // the PE header's checksum was rewritten after injection
    expect(`${unsigned.stdout}${unsigned.stderr}`).not.toMatch(/MISMATCH|invalid PE checksum/);
    // A throw-away code-signing certificate stands in for the organisation's (a .pfx, as certificates are handed out).
    const dir = mkdtempSync(join(tmpdir(), 'clickker-sign-'));
    try {
      const sh = (cmd: string, args: string[]) => {
        const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8' });
        expect({ cmd, code: r.status, err: r.status === 0 ? '' : `${r.stdout}${r.stderr}` }).toEqual({ cmd, code: 0, err: '' });
        return `${r.stdout}${r.stderr}`;
      };
      sh('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '2',
        '-subj', '/O=Example Org/CN=Example Org Code Signing', '-addext', 'extendedKeyUsage=codeSigning']);
      sh('openssl', ['pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-out', 'org.pfx', '-passout', 'pass:test']);
      sh('osslsigncode', ['sign', '-pkcs12', 'org.pfx', '-pass', 'test', '-h', 'sha256', '-n', 'clickker', '-in', EXE, '-out', 'clickker.exe']);
      expect(sh('osslsigncode', ['verify', '-CAfile', 'cert.pem', '-in', 'clickker.exe'])).toMatch(/Signature verification: ok/);
      copyFileSync(join(dir, 'clickker.exe'), wine.windowsPath('C:\\Tools\\clickker\\signed.exe'));
      const r = wine.run(['--version'], { program: 'C:\\Tools\\clickker\\signed.exe' });
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(VERSION);
      const checks = wine.run(['checks'], { program: 'C:\\Tools\\clickker\\signed.exe' });
      expect(checks.code).toBe(0);
      expect(checks.stdout).toContain('dotnet.framework');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dist/clickker.exe.sha256 holds the exe\'s SHA-256 (what Get-FileHash shows), and the copy on "the server" matches', () => {
    const line = readFileSync(`${EXE}.sha256`, 'utf8');
    const hash = createHash('sha256').update(readFileSync(EXE)).digest('hex');
    expect(line).toBe(`${hash}  clickker.exe\n`);
    expect(createHash('sha256').update(readFileSync(wine.windowsPath(INSTALLED))).digest('hex')).toBe(hash);
  });
});
