// The single executable's build, checked natively: dist/exe/clickker-linux-x64 holds the same blob in the same Node
// version as clickker.exe, so it runs here without Wine. It is copied to a folder outside the package, so every file
// it reads must come from inside it. Also: what the bundle may still load, and what the blob embeds.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POWERSHELL_PROBES } from '../../src/probes/powershell/probes.js';
import { reportSchema } from '../../src/report/report-schema.js';
import { ROOT, runCli } from '../support/cli.js';

const WORK = join(ROOT, 'dist', 'exe');
const LINUX_EXE = join(WORK, 'clickker-linux-x64');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const fixture = (name: string) => join(ROOT, 'fixtures', 'hosts', `${name}.json`);

let dir = '';
let exe = '';

beforeAll(() => {
  if (!existsSync(LINUX_EXE)) throw new Error(`${LINUX_EXE} is missing: npm test builds it with npm run build:exe`);
  dir = mkdtempSync(join(tmpdir(), 'clickker-sea-'));
  exe = join(dir, 'clickker');
  copyFileSync(LINUX_EXE, exe);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runExe(args: readonly string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLICKKER_') && !['NO_COLOR', 'FORCE_COLOR', 'NODE_OPTIONS'].includes(k)));
  const r = spawnSync(exe, args, { cwd: dir, env: { ...env, CI: 'true' }, encoding: 'utf8', input: '', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the Linux executable, outside the package', () => {
  it('prints the version and the help', () => {
    expect(runExe(['--version'])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    const help = runExe(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: clickker /);
  });

  it('lists the checks and judges snapshots exactly as the Node CLI does', () => {
    const checks = runExe(['checks', '--format', 'json']);
    expect(checks.code).toBe(0);
    expect(JSON.parse(checks.stdout)).toEqual(JSON.parse(runCli(['checks', '--format', 'json']).stdout));
    for (const [name, code] of [['ws2019-ready', 0], ['ws2016-dotnet462', 1]] as [string, number][]) {
      const args = ['preflight', '--snapshot', fixture(name), '--confirm', 'all', '--format', 'json'];
      const r = runExe(args);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(code);
      const mine = reportSchema.parse(JSON.parse(r.stdout));
      const node = reportSchema.parse(JSON.parse(runCli(args).stdout));
      const judged = (rs: typeof mine.results) => rs.map(({ ms: _ms, ...rest }) => rest);
      expect(judged(mine.results)).toEqual(judged(node.results));
      expect(mine.requirements).toEqual(node.requirements);
    }
  });

  it('emits the standalone collector from its embedded probe scripts, byte for byte as the Node CLI does', () => {
    const r = runExe(['collect', '--emit-script']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(runCli(['collect', '--emit-script']).stdout);
  });
});

describe('what goes into the executable', () => {
  it('the bundle loads nothing but Node\'s built-in modules (require() inside a SEA can load nothing else)', () => {
    const meta = JSON.parse(readFileSync(join(WORK, 'meta.json'), 'utf8')) as { outputs: Record<string, { imports: { path: string; external?: boolean }[] }> };
    const external = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    expect(external.length).toBeGreaterThan(0);
    const builtin = new Set([...builtinModules, 'sea', 'sqlite', 'test']);
    expect([...new Set(external)].filter((p) => !builtin.has(p.replace(/^node:/, '')))).toEqual([]);
  });

  it('nothing in it starts process.execPath as if it were Node (inside the exe that is clickker itself)', () => {
    const bundle = readFileSync(join(WORK, 'clickker.cjs'), 'utf8');
    // A quoted interpolation into a string ("${process.execPath}") is text, not a spawn: the Programs-and-Features
    // UninstallString (src/install/steps/registration.ts, clickkerCommand) names the exe that an administrator later
    // starts from Windows; nothing here starts it.
    const TEXT_USE = '"${process.execPath}"';
    const all = [...bundle.matchAll(/execPath|\bfork\(/g)];
    const textUses = all.filter((m) => bundle.startsWith(TEXT_USE, m.index - '"${process.'.length));
    expect(textUses.length).toBeGreaterThan(0);
    const uses = all.filter((m) => !textUses.includes(m)).map((m) => bundle.slice(Math.max(0, m.index - 1500), m.index + 100));
    // Every use belongs to code that clickker never enables:
    // - commander's stand-alone executable subcommands (`program.command(name, description)`): every command has an action;
    // - execa's `node` option / execaNode, and npm-run-path's PATH extension behind execa's `preferLocal`;
    // - the process shim's own named exports (scripts/build-exe.mjs).
    const known = /_checkForMissingExecutable|launchWithNode|shouldHandleNode|nodePath|addExecPath|applyExecPath|npmRunPath|preferLocal|process-as-is|init_process/;
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(known);
    // ...and clickker's own code never turns them on.
    const sources = execSync('grep -rlE "execaNode|preferLocal|node: *true|process\\.execPath|child_process\\.fork" src || true', { cwd: ROOT, encoding: 'utf8' }).trim();
    // The one allowed file uses process.execPath only as quoted text in the UninstallString it writes.
    expect(sources).toBe('src/install/steps/registration.ts');
    const registration = readFileSync(join(ROOT, sources), 'utf8');
    expect(registration.split('process.execPath').length - 1).toBe(registration.split(TEXT_USE).length - 1);
    expect(registration).not.toMatch(/execa|spawn|child_process|fork\(/);
    const main = readFileSync(join(ROOT, 'src', 'cli', 'main.ts'), 'utf8');
    const commands = [...main.matchAll(/\.command\('([a-z][a-z-]*)'([^)]*)\)/g)];
    expect(commands.map((c) => c[1]).sort()).toEqual(['checks', 'collect', 'explain', 'fix', 'install', 'preflight', 'support-bundle', 'uninstall']);
    // every .command( call was seen by the pattern above
    expect(main.split('.command(').length - 1).toBe(commands.length);
    for (const c of commands) expect(c[2]).toBe(''); // no description argument: not an executable subcommand
  });

  it('ES module imports of process get the object itself, never a copy of its properties', () => {
    // Copying reads process.title, which aborts the exe on a Windows console with an empty title (scripts/build-exe.mjs).
    const bundle = readFileSync(join(WORK, 'clickker.cjs'), 'utf8');
    expect(bundle).not.toMatch(/__toESM\(require\("(node:)?process"\)/);
  });

  it('embeds every file the tool reads at run time: package.json, the requirements and every probe script', () => {
    const config = JSON.parse(readFileSync(join(WORK, 'sea-config.json'), 'utf8')) as { assets: Record<string, string>; useCodeCache: boolean; useSnapshot: boolean };
    const keys = Object.keys(config.assets);
    expect(keys).toEqual(expect.arrayContaining(['package.json', 'requirements/synergy-api.json']));
    for (const p of POWERSHELL_PROBES) expect(keys).toContain(`src/probes/powershell/${p.file}`);
    // a blob made on Linux runs on Windows only without a code cache or a snapshot
    expect(config.useCodeCache).toBe(false);
    expect(config.useSnapshot).toBe(false);
  });
});
