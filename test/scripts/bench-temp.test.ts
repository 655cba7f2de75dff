// npm run bench writes 10,000 snapshot files to a scratch folder and removed it only at its very end: an interrupted
// bench left them all behind (session 3, "noticed and left alone"). Now the folder goes however the bench ends, and a
// bench removes at its start the folders of earlier interrupted ones, and only those. Every case runs in a TMPDIR of
// its own, so nothing outside it is looked at or removed.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// @ts-expect-error: a plain .mjs script without types, the same file npm run bench runs
import { staleBenchDirs, benchTempDir } from '../../scripts/bench-temp.mjs';

const roots: string[] = [];
function root(): string {
  const d = mkdtempSync(join(tmpdir(), 'clickker-benchtemp-'));
  roots.push(d);
  return d;
}
afterAll(() => roots.forEach((d) => rmSync(d, { recursive: true, force: true })));

const benchDirs = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('clickker-bench-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (what()) return true;
  return what();
}
const exited = (p: ReturnType<typeof spawn>) => new Promise<NodeJS.Signals | number | null>((r) => p.on('exit', (code, signal) => r(signal ?? code)));

/** A process id that ran and is gone. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('the bench scratch folder', () => {
  it('is gone after Ctrl+C during the real bench (npm run bench: scripts/bench.mjs)', async () => {
    const tmp = root();
    // Its own process group, so that the SIGINT goes to the bench and its running child alike, as Ctrl+C does.
    const bench = spawn(process.execPath, ['scripts/bench.mjs'], { env: { ...process.env, TMPDIR: tmp, BENCH_RUNS: '1' }, detached: true, stdio: 'ignore' });
    const done = exited(bench);
    // Interrupt once the snapshot files are being written (the folder holds some).
    const writing = await until(() => benchDirs(tmp).some((n) => readdirSync(join(tmp, n)).length > 100), 60_000);
    expect(writing).toBe(true);
    process.kill(-bench.pid!, 'SIGINT');
    expect(await done).toBe('SIGINT');
    expect(await until(() => benchDirs(tmp).length === 0, 5_000)).toBe(true);
  }, 90_000);

  it.each(['SIGTERM', 'SIGKILL'] as const)('is gone after %s while the bench is busy (synchronous, as the bench is)', async (signal) => {
    const tmp = root();
    const code = `import { benchTempDir } from ${JSON.stringify(resolve('scripts/bench-temp.mjs'))};
      import { writeFileSync } from 'node:fs';
      const { dir } = benchTempDir();
      for (let i = 0; i < 50; i += 1) writeFileSync(dir + '/host-' + i + '.json', '{}');
      process.stdout.write('ready\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);`;
    const p = spawn(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'inherit'] });
    const done = exited(p);
    await new Promise<void>((r) => p.stdout!.once('data', () => r()));
    expect(benchDirs(tmp)).toHaveLength(1);
    p.kill(signal);
    expect(await done).toBe(signal);
    expect(await until(() => benchDirs(tmp).length === 0, 5_000)).toBe(true);
  }, 30_000);

  it('is gone at once after an uncaught error', () => {
    const tmp = root();
    const code = `import { benchTempDir } from ${JSON.stringify(resolve('scripts/bench-temp.mjs'))};
      benchTempDir(); throw new Error('bench broke');`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(benchDirs(tmp)).toEqual([]);
  });

  it('removes at start only the folders of benches that no longer run, owned by this user', () => {
    const tmp = root();
    const made = (name: string) => { mkdirSync(join(tmp, name)); writeFileSync(join(tmp, name, 'host-0.json'), '{}'); return name; };
    const dead = made(`clickker-bench-${deadPid()}-aB3dE6`);
    const live = made(`clickker-bench-${process.pid}-Zz9yX8`);
    const oldUnnamed = made('clickker-bench-Qw12Er');
    const hoursAgo = (Date.now() - 7 * 3600_000) / 1000;
    utimesSync(join(tmp, oldUnnamed), hoursAgo, hoursAgo);
    const freshUnnamed = made('clickker-bench-Ty34Ui'); // perhaps bench-network.mjs, running now
    const otherTool = made('clickker-bench-out-Op56As'); // bench-exe.mjs's, not ours
    const outside = mkdtempSync(join(tmpdir(), 'clickker-benchtemp-target-'));
    roots.push(outside);
    symlinkSync(outside, join(tmp, `clickker-bench-${deadPid()}-Lk78Jh`)); // a link is never followed or removed
    writeFileSync(join(tmp, `clickker-bench-${deadPid()}-Mn90Bv`), 'a file, not a folder');
    const names = [dead, live, oldUnnamed, freshUnnamed, otherTool];
    let foreign: string | undefined;
    if (process.getuid?.() === 0) {
      foreign = made(`clickker-bench-${deadPid()}-Fo12Re`);
      chownSync(join(tmp, foreign), 65534, 65534); // nobody's: another user's folder is left alone
    }
    expect((staleBenchDirs(tmp) as string[]).sort()).toEqual([dead, oldUnnamed].map((n) => join(tmp, n)).sort());
    const logged: string[] = [];
    const { dir, remove } = benchTempDir(tmp, (l: string) => logged.push(l)) as { dir: string; remove: () => void };
    expect(logged.sort()).toEqual([dead, oldUnnamed].map((n) => `removed ${join(tmp, n)}, left by an interrupted bench`).sort());
    for (const n of names.filter((x) => x !== dead && x !== oldUnnamed)) expect(existsSync(join(tmp, n, 'host-0.json'))).toBe(true);
    if (foreign) expect(existsSync(join(tmp, foreign))).toBe(true);
    expect(existsSync(outside)).toBe(true);
    // The new folder names this process, so the next bench can tell whether it still runs.
    expect(dir).toMatch(new RegExp(`clickker-bench-${process.pid}-[A-Za-z0-9]{6}$`));
    remove();
    expect(existsSync(dir)).toBe(false);
  });
});
