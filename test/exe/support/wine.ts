// Runs the built clickker.exe as Windows runs it, under Wine (Debian's wine/wine64, installed by .ci/run from
// .ci/apt-packages.txt). Each test file gets a fresh Wine prefix made to report Windows Server 2016 (10.0.14393,
// ServerNT), a persistent wineserver for speed, and the exe copied to C:\Tools\clickker\ as an administrator would.
//
// Wine cannot hand a Unix pipe to a Windows program as a standard handle that Node accepts (libuv fails with EBADF on
// it; Node's own node.exe does the same), so output is redirected to files, as `clickker ... > out.txt` in cmd.exe.
// A console is a pseudo-terminal from `script` (util-linux), which Wine turns into a Windows console.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../support/cli.js';

export const EXE = join(ROOT, 'dist', 'clickker.exe');
/** Where the tests put the exe inside the Wine prefix, as a Windows path. */
export const INSTALLED = 'C:\\Tools\\clickker\\clickker.exe';

export interface WineRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout as bytes (to check line ends and escape sequences). */
  raw: Buffer;
}

/**
 * Windows Server 2016's version, as Wine reads it (ntdll takes it from these keys when no Wine version is set). The
 * values are Server 2016's own: build 10.0.14393 (shared/reference/captures/34-psversiontable-ws2016-underthewire.txt:
 * BuildVersion 10.0.14393.5582; 23-sql-version-2016sp2-standard-ws2016-portswigger.txt: "Windows Server 2016 Standard
 * build 14393"), and ProductType "ServerNT", which Windows writes for a member or stand-alone server ("WinNT" a
 * workstation, "LanmanNT" a domain controller; learn.microsoft.com, OSVERSIONINFOEXA's wProductType, which
 * GetVersionEx reads from it).
 */
const SERVER_2016_REG = [
  'REGEDIT4',
  '',
  '[HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion]',
  '"CurrentVersion"="10.0"',
  '"CurrentMajorVersionNumber"=dword:0000000a',
  '"CurrentMinorVersionNumber"=dword:00000000',
  '"CurrentBuild"="14393"',
  '"CurrentBuildNumber"="14393"',
  '"CSDVersion"=""',
  '"ProductName"="Windows Server 2016 Standard"',
  '"InstallationType"="Server"',
  '',
  '[HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Control\\ProductOptions]',
  '"ProductType"="ServerNT"',
  '',
].join('\r\n');

/** Lines Wine itself may print on stderr (never clickker's). */
const WINE_NOISE = /^(?:wine: .*|[0-9a-f]{4}:(?:fixme|err|warn|trace):.*|it looks like wine32 is missing.*|multiarch needs to be enabled.*|execute "dpkg --add-architecture.*|apt-get install wine32.*)$/;

export function withoutWineNoise(stderr: string): string {
  return stderr.split(/\r?\n/).filter((l) => !WINE_NOISE.test(l)).join('\n');
}

export class Wine {
  readonly prefix: string;
  readonly driveC: string;
  private readonly scratch: string;
  private runNo = 0;

  private constructor(prefix: string, scratch: string) {
    this.prefix = prefix;
    this.driveC = join(prefix, 'drive_c');
    this.scratch = scratch;
  }

  /** Environment of a Windows program: no Unix terminal settings, no clickker or colour settings from the caller. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LANG: 'C.UTF-8',
      WINEPREFIX: this.prefix,
      WINEDEBUG: '-all',
      // no Mono or Gecko installers (there is no network, and clickker needs neither)
      WINEDLLOVERRIDES: 'mscoree,mshtml=',
      ...extra,
    };
  }

  /**
   * A fresh prefix reporting Windows Server 2016, with the exe installed. Throws (failing every test of the file, never
   * skipping it) when Wine or the exe is missing.
   */
  static start(): Wine {
    const version = spawnSync('wine', ['--version'], { encoding: 'utf8' });
    if (version.error || version.status !== 0) {
      throw new Error(`Wine is not available (${version.error?.message ?? `exit ${version.status}`}): the exe tests need Debian's wine and wine64 packages (.ci/run installs them from .ci/apt-packages.txt)`);
    }
    if (!existsSync(EXE)) throw new Error(`${EXE} is missing: npm test builds it with npm run build:exe`);
    const scratch = mkdtempSync(join(tmpdir(), 'clickker-wine-'));
    const wine = new Wine(join(scratch, 'prefix'), scratch);
    mkdirSync(wine.prefix);
    // One persistent wineserver for the whole file (each program start would otherwise wait for a new one).
    spawnSync('wineserver', ['-p'], { env: wine.env(), stdio: 'ignore' });
    // Not through pipes: wineboot starts Wine's services, which keep inherited pipes open for as long as they live.
    const boot = spawnSync('wineboot', ['-i'], { env: wine.env(), stdio: 'ignore', timeout: 120_000 });
    if (boot.status !== 0 || !existsSync(wine.driveC)) throw new Error(`wineboot failed (exit ${boot.status ?? boot.signal})`);
    const reg = join(scratch, 'server2016.reg');
    writeFileSync(reg, SERVER_2016_REG);
    const imported = spawnSync('wine', ['regedit', '/S', reg], { env: wine.env(), stdio: 'ignore', timeout: 60_000 });
    if (imported.status !== 0) throw new Error(`regedit failed (exit ${imported.status ?? imported.signal})`);
    mkdirSync(join(wine.driveC, 'Tools', 'clickker'), { recursive: true });
    copyFileSync(EXE, wine.windowsPath(INSTALLED));
    return wine;
  }

  /** The Linux path of a path on the prefix's C: drive. */
  windowsPath(windows: string): string {
    const m = /^C:\\(.*)$/i.exec(windows);
    if (!m) throw new Error(`not a C:\\ path: ${windows}`);
    return join(this.driveC, ...m[1]!.split('\\'));
  }

  /** Runs a program (by default the installed clickker.exe) with stdout and stderr redirected to files; stdin is
   * /dev/null unless `stdin: 'pipe'` gives it an empty Unix pipe (what a CI runner or a benchmark harness hands a program). */
  run(args: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; program?: string; stdin?: 'ignore' | 'pipe' } = {}): WineRun {
    const n = ++this.runNo;
    const outFile = join(this.scratch, `out-${n}.txt`);
    const errFile = join(this.scratch, `err-${n}.txt`);
    const out = openSync(outFile, 'w');
    const err = openSync(errFile, 'w');
    try {
      const r = spawnSync('wine', [opts.program ?? INSTALLED, ...args], {
        cwd: opts.cwd ?? this.driveC,
        env: this.env(opts.env),
        stdio: [opts.stdin ?? 'ignore', out, err],
        ...(opts.stdin === 'pipe' ? { input: '' } : {}),
        timeout: 60_000,
      });
      if (r.error) throw r.error;
      const raw = readFileSync(outFile);
      return { code: r.status, stdout: raw.toString('utf8'), stderr: withoutWineNoise(readFileSync(errFile, 'utf8')), raw };
    } finally {
      closeSync(out);
      closeSync(err);
    }
  }

  /** Runs one cmd.exe command line (so %VARIABLES% and redirections are cmd.exe's), from C:\. No quoting: words are
   * separated by single spaces. */
  cmd(line: string, env: NodeJS.ProcessEnv = {}): WineRun {
    return this.run(['/c', ...line.split(' ')], { program: 'cmd', env });
  }

  /** Runs the installed exe on a Windows console: `script` gives Wine a pseudo-terminal. Returns what the screen got. */
  console(args: readonly string[], env: NodeJS.ProcessEnv = {}): { code: number | null; screen: string } {
    const quoted = ['wine', INSTALLED, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const r = spawnSync('script', ['-qec', quoted, '/dev/null'], {
      cwd: this.driveC,
      // Wine needs the Unix terminal type to drive the pseudo-terminal; it also shows up in the program's environment.
      env: this.env({ TERM: 'xterm', ...env }),
      encoding: 'utf8',
      input: '',
      timeout: 60_000,
    });
    if (r.error) throw r.error;
    return { code: r.status, screen: r.stdout };
  }

  /**
   * Runs the installed exe on a Windows console and types each answer once its question is on the screen: a "(y/N)"
   * after the last answered mark ("√", inquirer's on a Windows console) when every earlier answer has its mark.
   * Counting every "(y/N)" on the screen was wrong: a question is drawn again on each key press, so the next answer
   * went out before its question was asked, and was lost when the machine was slow. Gives up after 30 s.
   */
  consoleAnswering(args: readonly string[], answers: readonly string[]): Promise<{ code: number | null; screen: string }> {
    const quoted = ['wine', INSTALLED, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('script', ['-qfec', quoted, '/dev/null'], { cwd: this.driveC, env: this.env({ TERM: 'xterm' }) });
    let screen = '';
    child.stdout.setEncoding('utf8'); // whole characters: a mark split between two reads would never be counted
    child.stdout.on('data', (d: string) => { screen += d; });
    let asked = 0;
    const timer = setInterval(() => {
      const marks = screen.match(/[√✔]/g)?.length ?? 0;
      const sinceLastMark = screen.slice(Math.max(screen.lastIndexOf('√'), screen.lastIndexOf('✔'), 0));
      if (asked < answers.length && marks === asked && sinceLastMark.includes('(y/N)')) {
        child.stdin.write(answers[asked]!);
        asked += 1;
      }
    }, 100);
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    return new Promise((resolve) => child.on('close', (code) => {
      clearInterval(timer);
      clearTimeout(kill);
      resolve({ code, screen });
    }));
  }

  /** Stops this prefix's wineserver (and so its programs) and removes the prefix. */
  stop(): void {
    spawnSync('wineserver', ['-k'], { env: this.env(), stdio: 'ignore' });
    rmSync(this.scratch, { recursive: true, force: true });
  }
}
