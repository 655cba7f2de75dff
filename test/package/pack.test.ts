// The npm package: `npm pack` gives a tarball that installs and whose bin runs (`npx clickker`), with no network.
// The install takes its dependencies from npm's cache only (`npm ci --offline`), at the versions of this repository's
// lockfile: a lockfile for the scratch project is made from the production entries of ours. A dependency missing
// from the cache fails the test (ENOTCACHED); it never reaches for the registry.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportSchema } from '../../src/report/report-schema.js';
import { ROOT } from '../support/cli.js';

interface PackageJson { name: string; version: string; license: string; bin: Record<string, string>; engines: Record<string, string>; dependencies: Record<string, string> }
interface LockEntry { dev?: boolean }

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_package_|npm_lifecycle_|INIT_CWD$|CLICKKER_)/.test(k)));

let dir = '';
let project = '';
let files: string[] = [];
let tarball = '';

function run(cmd: string, args: readonly string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, env: { ...env, CI: 'true' }, encoding: 'utf8', input: '', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'clickker-pack-'));
  // The build is already there (npm test builds first); prepack would build it again under the other tests' feet.
  const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
  if (packed.code !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  const info = (JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[])[0]!;
  files = info.files.map((f) => f.path);
  tarball = info.filename;

  project = join(dir, 'admin');
  mkdirSync(project);
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const bytes = readFileSync(join(dir, tarball));
  const spec = `file:../${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'admin', dependencies: { clickker: spec } },
    'node_modules/clickker': {
      version: pkg.version, resolved: spec, integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
      license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== '' && !entry.dev) packages[path] = entry;
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'admin', private: true, dependencies: { clickker: spec } }, null, 2)}\n`);
  writeFileSync(join(project, 'package-lock.json'), `${JSON.stringify({ name: 'admin', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
  const installed = run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
  if (installed.code !== 0) throw new Error(`npm ci --offline of the tarball failed: ${installed.stderr}`);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships the launcher, the bundle, the requirements, the probe scripts and the docs, and not the executables', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'bin/clickker.js', 'bin/load-cli.cjs', 'bin/package.json', 'dist/bundle/cli.cjs', 'dist/bundle/cli.v8cache', 'requirements/synergy-api.json', 'README.md', 'CHANGELOG.md']));
    const probes = readdirSync(join(ROOT, 'src', 'probes', 'powershell')).filter((f) => f.endsWith('.ps1'));
    for (const f of probes) expect(files).toContain(`src/probes/powershell/${f}`);
    expect(files.filter((f) => /^dist\/(?!bundle\/)|^test\/|\.exe$|^node_modules\//.test(f))).toEqual([]);
  });

  it('installs offline from the tarball, and `npx clickker` runs: --version, a snapshot preflight, the standalone collector', () => {
    const npx = (args: string[]) => run('npx', ['--offline', '--no', '--', 'clickker', ...args], project);
    const version = npx(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);

    const snapshot = join(ROOT, 'fixtures', 'hosts', 'ws2019-ready.json');
    const ready = npx(['preflight', '--snapshot', snapshot, '--confirm', 'all', '--format', 'json']);
    expect(ready.code).toBe(0);
    expect(reportSchema.parse(JSON.parse(ready.stdout)).verdict).toBe('ready');
    const notReady = npx(['preflight', '--snapshot', join(project, 'node_modules', 'clickker', 'fixtures', 'hosts', 'ws2016-dotnet462.json'), '--confirm', 'all']);
    expect(notReady.code).toBe(1);
    expect(notReady.stdout).toMatch(/dotnet\.framework/);

    const script = npx(['collect', '--emit-script']);
    expect(script.code).toBe(0);
    expect(script.stdout).toMatch(/^<#\r\n\.SYNOPSIS/);
  });
});
