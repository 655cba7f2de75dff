// The npm launcher's V8 code cache (bin/load-cli.cjs, made by scripts/bundle.mjs): a cache that fits is used, and
// one that does not (damaged, truncated, for another Node or another bundle, not V8's own, missing) never changes what
// the CLI does and never crashes it: the bundle is then compiled from source. Each case runs the built CLI in a child
// process through loadCli() with the cache file given, and compares its output with the run without any cache.
// (A release V8 does not checksum a code cache: fed the damaged payloads below unchecked, node crashed with SIGSEGV
// or SIGTRAP when this was built; the loader's own CRC-32 check is what keeps them away from V8.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { ROOT, tempDir } from '../support/cli.js';

interface LoadCli {
  BUNDLE: string;
  CACHE: string;
  cacheFile: (bundleBytes: Buffer, payload: Buffer) => Buffer;
}
const loader = createRequire(import.meta.url)(join(ROOT, 'bin', 'load-cli.cjs')) as LoadCli;

/** Runs the CLI through loadCli({ cache }) in a child process; `how` is what the loader said (NODE_DEBUG). */
function runWith(cache: string | null, args: readonly string[]) {
  const script = `require(${JSON.stringify(join(ROOT, 'bin', 'load-cli.cjs'))}).loadCli(${cache === null ? '{ useCache: false }' : `{ cache: ${JSON.stringify(cache)} }`})`
    + `.main(${JSON.stringify(args)}).then((code) => { process.exitCode = code; });`;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLICKKER_') && !['NO_COLOR', 'FORCE_COLOR', 'NODE_OPTIONS'].includes(k)));
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, env: { ...env, CI: 'true', NODE_DEBUG: 'clickker-cli' }, encoding: 'utf8', input: '', timeout: 20_000 });
  const how = /CLICKKER-CLI \d+: (.*)/.exec(r.stderr)?.[1] ?? '';
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr.replace(/^CLICKKER-CLI \d+: .*\n/m, ''), how };
}

let dir = '';
let shipped: Buffer;
let header: Record<string, unknown>;
let payload: Buffer;
// Deterministic commands (no timings): the check list, one check explained, and a waivers file whose YAML loads
// through the bundle's lazy import() of the yaml package (and is refused, with a one-line error, exit 2).
let waivers = '';
const commands = (): string[][] => [
  ['checks', '--format', 'json'],
  ['explain', 'dotnet.framework', '--lang', 'nl'],
  ['preflight', '--snapshot', join(ROOT, 'fixtures', 'hosts', 'ws2016-dotnet462.json'), '--confirm', 'all', '--waivers', waivers],
];
const expected = new Map<string, ReturnType<typeof runWith>>();

beforeAll(() => {
  dir = tempDir();
  waivers = join(dir, 'waivers.yaml');
  writeFileSync(waivers, 'waivers:\n  - id: dotnet.framework\n');
  shipped = readFileSync(loader.CACHE);
  const end = shipped.indexOf(10);
  header = JSON.parse(shipped.subarray(0, end).toString('utf8')) as Record<string, unknown>;
  payload = shipped.subarray(end + 1);
  for (const args of commands()) expected.set(args.join(' '), runWith(null, args));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Writes a cache file into the scratch folder and returns its path. */
function cacheOf(name: string, bytes: Buffer | string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

/** Every command gives exactly what it gives without a cache, and the loader said `how`. */
function expectSameAsWithout(cache: string, how: RegExp): void {
  for (const args of commands()) {
    const r = runWith(cache, args);
    const want = expected.get(args.join(' '))!;
    expect(r.signal).toBeNull();
    expect(r.how).toMatch(how);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr });
  }
}

describe('the code cache beside the bundle', () => {
  it('is made for this Node, from this bundle, with the length and CRC-32 of both', () => {
    expect(header).toMatchObject({ format: 2, node: process.version, arch: process.arch });
    expect(header.bundle).toBe(`${readFileSync(loader.BUNDLE).length}:${crc32(readFileSync(loader.BUNDLE)).toString(16).padStart(8, '0')}`);
    expect(header.cache).toBe(`${payload.length}:${crc32(payload).toString(16).padStart(8, '0')}`);
    expect(loader.cacheFile(readFileSync(loader.BUNDLE), payload).equals(shipped)).toBe(true);
  });

  it('the runs without a cache give their usual results (a sanity check of the comparison)', () => {
    const [list, explain, waiver] = commands().map((args) => expected.get(args.join(' '))!);
    expect(list!.code).toBe(0);
    expect((JSON.parse(list!.stdout) as unknown[]).length).toBeGreaterThan(10);
    expect(explain!.code).toBe(0);
    expect(explain!.stdout).toContain('dotnet.framework');
    // The YAML was parsed (the yaml package loaded through the launcher's import()): the error is about its content.
    expect(waiver!.code).toBe(2);
    expect(waiver!.stderr).toMatch(/^clickker: .*waivers\.yaml.*"id"/);
    expect(waiver!.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('is accepted by V8 and changes nothing', () => {
    expectSameAsWithout(loader.CACHE, /^code cache accepted \(\d+ bytes\)$/);
  });

  it('damaged in the middle (V8 would crash on it): refused by its CRC-32, compiled from source', () => {
    const bad = Buffer.from(shipped);
    for (const at of [0.05, 0.5, 0.9]) bad.fill(0xa5, shipped.indexOf(10) + 1 + Math.floor(payload.length * at), shipped.indexOf(10) + 9 + Math.floor(payload.length * at));
    expectSameAsWithout(cacheOf('damaged.v8cache', bad), /^code cache damaged \(its CRC-32 differs\): compiled from source$/);
  });

  it('truncated: refused, compiled from source', () => {
    expectSameAsWithout(cacheOf('truncated.v8cache', shipped.subarray(0, Math.floor(shipped.length / 2))), /^code cache damaged .*: compiled from source$/);
    expectSameAsWithout(cacheOf('header-only.v8cache', shipped.subarray(0, 40)), /^code cache without a valid header: compiled from source$/);
    expectSameAsWithout(cacheOf('empty.v8cache', ''), /^code cache without a valid header: compiled from source$/);
  });

  it('made for another Node or another bundle: refused, compiled from source', () => {
    const rewrite = (change: Record<string, unknown>) => Buffer.concat([Buffer.from(`${JSON.stringify({ ...header, ...change })}\n`), payload]);
    expectSameAsWithout(cacheOf('node18.v8cache', rewrite({ node: 'v18.20.4' })), /^code cache made for Node v18\.20\.4 \([^)]+\), this is .*: compiled from source$/);
    expectSameAsWithout(cacheOf('arm.v8cache', rewrite({ arch: 'arm64-other' })), /^code cache made for Node .*: compiled from source$/);
    expectSameAsWithout(cacheOf('other-bundle.v8cache', rewrite({ bundle: `${readFileSync(loader.BUNDLE).length}:00000000` })), /^code cache made for another bundle: compiled from source$/);
    expectSameAsWithout(cacheOf('format1.v8cache', rewrite({ format: 1 })), /^code cache without a valid header: compiled from source$/);
  });

  it('with a valid header but not a cache of this bundle: V8 refuses it, compiled from source', () => {
    // The header is right for this Node and bundle; the bytes are V8's cache of another script.
    const other = spawnSync(process.execPath, ['-e', "process.stdout.write(new (require('node:vm').Script)('(function () { return 1 + 1; })').createCachedData().toString('base64'))"], { encoding: 'utf8' });
    const foreign = loader.cacheFile(readFileSync(loader.BUNDLE), Buffer.from(other.stdout, 'base64'));
    expectSameAsWithout(cacheOf('foreign.v8cache', foreign), /^code cache rejected by V8: compiled from source$/);
  });

  it('beside a bundle edited in place to the same length: refused, and the edited bundle is what runs', () => {
    // V8 itself checks only the source's length: without the loader's CRC-32 of the bundle, the cached code of the old
    // text would run (and print the old description).
    const copy = join(dir, 'edited-package');
    for (const part of ['bin', join('dist', 'bundle'), 'requirements', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    const file = join(copy, 'dist', 'bundle', 'cli.cjs');
    const text = readFileSync(file, 'latin1');
    const old = 'Preflight, fix and install for Clickker Exact Synergy API on Windows Server';
    expect(text.split(old)).toHaveLength(2);
    writeFileSync(file, text.replace(old, old.toUpperCase()), 'latin1');
    const r = spawnSync(process.execPath, [join(copy, 'bin', 'clickker.js'), '--help'], { env: { ...process.env, NODE_DEBUG: 'clickker-cli' }, encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toMatch(/code cache made for another bundle: compiled from source/);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(old.toUpperCase());
  });

  it('names its frames the same wherever the package lies, never the folder it was built in', () => {
    // V8 keeps the script name a code cache was made with (bin/load-cli.cjs, SCRIPT_NAME): a copy of the package in
    // another folder, its cache accepted, must not print this build's folder in a stack trace.
    const copy = join(dir, 'moved-package');
    for (const part of ['bin', join('dist', 'bundle'), 'requirements', 'package.json']) cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    const script = `require(${JSON.stringify(join(copy, 'bin', 'load-cli.cjs'))}).loadCli().main(null).catch((e) => process.stdout.write(e.stack));`;
    const r = spawnSync(process.execPath, ['-e', script], { env: { ...process.env, NODE_DEBUG: 'clickker-cli' }, encoding: 'utf8', timeout: 20_000 });
    expect(r.stderr).toMatch(/code cache accepted/);
    const frames = r.stdout.split('\n').filter((l) => l.includes('cli.cjs'));
    expect(frames.length).toBeGreaterThan(0);
    for (const f of frames) expect(f).toContain('clickker/dist/bundle/cli.cjs:');
    expect(r.stdout).not.toContain(ROOT);
  });

  it('missing or unreadable: compiled from source', () => {
    expectSameAsWithout(join(dir, 'no-such.v8cache'), /^no code cache \(ENOENT\): compiled from source$/);
    expectSameAsWithout(dir, /^no code cache \(EISDIR\): compiled from source$/);
  });
});
