// Issue 17: a fleet of snapshot files judged as a stream gives the very report the whole-evaluation path gives; a bad
// file still stops the run with its one-line error; SIGINT and SIGTERM end it with 130 and 143 and leave no temp file
// (issue 15 finding 4). Runs the built CLI (npm run build).
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, defaultOptions } from '../../src/core/evaluate.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { allChecks } from '../../checks/index.js';
import { renderJson } from '../../src/report/json.js';
import { renderConsole } from '../../src/report/console.js';
import { tallyLine } from '../../src/report/common.js';
import { detectStyle } from '../../src/report/style.js';
import { automaticFixes, todoList, warningList, type TodoItem } from '../../src/report/todo.js';
import { BIN, ROOT, runCli } from '../support/cli.js';
import { workerCount, WORKER_MIN_FILES } from '../../src/cli/fleet.js';
import { scratch } from '../support/tmp.js';

const tmp = scratch('fleet');
const FIXTURES = join(ROOT, 'fixtures', 'hosts');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).sort();

/** n snapshot files, the fixtures cycled, each a distinct host. */
function fleet(n: number, sub: string): string[] {
  return Array.from({ length: n }, (_, i) => {
    const text = readFileSync(join(FIXTURES, fixtures[i % fixtures.length]!), 'utf8').replace(/"host":\s*"([^"]+)"/, `"host": "$1-${i}"`);
    return tmp.write(`${sub}-${i}.json`, text);
  });
}

/** The fleet judged whole, in memory, as the streamed run must report it. */
function judgedWhole(list: readonly string[]) {
  const requirements = loadRequirements();
  return evaluate({
    checks: allChecks(requirements.requirements),
    hosts: list.map((f) => { const { snapshot, facts } = loadSnapshot(f); return { facts, file: f, collectedAt: snapshot.collectedAt, collector: snapshot.collector }; }),
    requirements, options: defaultOptions({ confirmations: new Set(['all']) }),
  });
}

/** Reports compared without what differs from run to run: the time they were made and the checks' own timings. */
const stable = (text: string) => text.replace(/"generatedAt": "[^"]+"/, '').replace(/"ms": [0-9.]+/g, '"ms": 0');

describe('a fleet judged as a stream', () => {
  const files = fleet(30, 'host');

  // A worker thread that dies (CLICKKER_TEST_FLEET_WORKER_DIES_AFTER: it ends after that many answers, as one out of
  // memory would, its spool's last buffer unwritten) leaves its files to the main thread: the files it had not
  // answered are judged there, and those it answered whose text never reached its spool are judged there again.
  it.each([['in this thread', '0', ''], ['by two worker threads', '2', ''], ['by two worker threads that die after 5 hosts', '2', '5']])('writes the same JSON report as judging it whole (%s)', (_how, workers, dies) => {
    const out = join(tmp.dir, `report-${workers}-${dies}.json`);
    // WORKER_MIN_FILES is 200: below it the env asks in vain, so the worker cases use 200 files.
    const list = workers === '0' ? files : fleet(200, 'many');
    const env = { CLICKKER_FLEET_WORKERS: workers, ...(dies ? { CLICKKER_TEST_FLEET_WORKER_DIES_AFTER: dies, NODE_DEBUG: 'clickker-fleet' } : {}) };
    const r = runCli(['preflight', '--snapshot', ...list, '--format', 'json', '--output', out, '--confirm', 'all'], { env });
    // Both workers did die, and the main thread wrote again the text their last buffers had held.
    if (dies) expect(r.stderr.match(/worker thread \d ended early: the text of [1-9]\d* hosts it judged was written again here/g)).toHaveLength(2);
    expect(r.stderr).toContain(`Report written to ${out}`);
    const requirements = loadRequirements();
    const whole = evaluate({
      checks: allChecks(requirements.requirements),
      hosts: list.map((f) => { const { snapshot, facts } = loadSnapshot(f); return { facts, file: f, collectedAt: snapshot.collectedAt, collector: snapshot.collector }; }),
      requirements, options: defaultOptions({ confirmations: new Set(['all']) }),
    });
    const expected = renderJson(whole, { tool: { name: 'clickker', version: '0.1.0' }, generatedAt: whole.evaluatedAt });
    expect(stable(readFileSync(out, 'utf8'))).toBe(stable(expected));
    expect(r.code).toBe(whole.outcome.exitCode);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);

  it('prints one line per host and the fleet verdict on the console', () => {
    const r = runCli(['preflight', '--snapshot', ...files, '--confirm', 'all']);
    expect(r.stdout).toContain('30 hosts');
    for (let i = 0; i < 30; i += 1) expect(r.stdout).toMatch(new RegExp(`-${i}\\b`));
    expect(r.stdout).toMatch(/Exit code [013]\./);
  });

  // Issue 16: the streamed fleet's summary had no to-do list at all (it read the results it no longer keeps) and said
  // "no checks" for its tally and for every ready host. Each host's items are what that host's own to-do list says;
  // the fleet lists each distinct item once, with how many hosts it stands for.
  it('says the whole fleet\'s to-do list, each item with its host count, and the same host list as judging it whole', () => {
    const r = runCli(['preflight', '--snapshot', ...files, '--confirm', 'all']);
    const whole = judgedWhole(files);
    const [screen, summary] = r.stdout.split(/^─+$/m) as [string, string];
    // Header and host list: the very text renderConsole gives the fleet judged whole.
    const expected = renderConsole(whole, { tool: { name: 'clickker', version: '0.1.0' }, generatedAt: whole.evaluatedAt }, { style: detectStyle({ color: false }, { isTTY: false }), verbose: false });
    expect(screen).toBe(expected.split(/^─+$/m)[0]);
    expect(summary).toContain(`NOT READY  ${tallyLine(whole.results).slice(0, 30)}`);
    const flat = summary.replace(/\s+/g, ' ');
    const tallied = (list: (h: typeof whole.hosts[number]) => TodoItem[]) => {
      const by = new Map<string, { ids: string[]; hosts: string[] }>();
      for (const h of whole.hosts) {
        for (const item of list(h)) {
          const key = JSON.stringify([item.kind, item.results.map((x) => x.id), item.text, item.reason, item.command?.script]);
          const seen = by.get(key) ?? { ids: item.results.map((x) => x.id), hosts: [] };
          seen.hosts.push(h.host);
          by.set(key, seen);
        }
      }
      return [...by.values()];
    };
    const todo = tallied((h) => todoList(h.results, []));
    const warnings = tallied((h) => warningList(h.results, []));
    expect(todo.length).toBeGreaterThan(5);
    expect(todo.some((i) => i.hosts.length > 1)).toBe(true);
    expect(flat).toContain(`To do (${todo.length}):`);
    expect(flat).toContain(`Worth doing (${warnings.length}, not blocking):`);
    for (const item of [...todo, ...warnings]) {
      const who = item.hosts.length === 1 ? item.hosts[0]! : `${item.hosts.length} hosts (${item.hosts.slice(0, 3).join(', ')}${item.hosts.length > 3 ? `, +${item.hosts.length - 3} more` : ''})`;
      expect(flat).toContain(`${who} ${item.ids.length > 1 ? `${item.ids.length} checks could not be evaluated (${item.ids.join(', ')})` : `${item.ids[0]}:`}`);
    }
    expect(flat).toContain(`Automatic fixes exist for ${automaticFixes(whole.results, whole.checks).join(', ')}:`);
  });

  // Session 6: the snapshots are no longer each asked about (stat) at the end; the reads' own look at each file tells
  // whether one of them is the report file (src/core/input-file.ts, ReadWatch). By its name, through a link, as a hard
  // link, judged here or by a worker thread (which this thread's reads do not see): refused, the file untouched.
  it.each([['its own name', '0', 30], ['a symbolic link', '0', 30], ['a hard link', '0', 30], ['its own name', '1', 200], ['a symbolic link', '1', 200]])('refuses a report over one of its snapshots named by %s (workers: %s)', (how, workers, n) => {
    const list = n === 30 ? files : fleet(200, 'many');
    const victim = list[n - 4]!;
    const before = readFileSync(victim, 'utf8');
    const out = how === 'its own name' ? victim : join(tmp.dir, `victim-${how.replace(/ /g, '-')}-${workers}.json`);
    if (how === 'a symbolic link') symlinkSync(victim, out);
    if (how === 'a hard link') linkSync(victim, out);
    const r = runCli(['preflight', '--snapshot', ...list, '--format', 'json', '--output', out, '--confirm', 'all'], { env: { CLICKKER_FLEET_WORKERS: workers } });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: `clickker: report ${out}: it is also an input of this run (${victim}); refusing to overwrite it\n` });
    expect(readFileSync(victim, 'utf8')).toBe(before);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('writes a report over an old one that is none of its snapshots', () => {
    const out = join(tmp.dir, 'again.json');
    writeFileSync(out, '{"old": true}\n');
    const r = runCli(['preflight', '--snapshot', ...files, '--format', 'json', '--output', out, '--confirm', 'all']);
    expect(r.stderr).toBe(`Report written to ${out}\n`);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { hosts: unknown[] }).hosts).toHaveLength(30);
  });

  // With a worker thread (200 files) the same line: the answer of whoever judged the bad file is taken in file order.
  it.each([['0', 30], ['1', 200]])('stops at a bad snapshot with its one-line input error (exit 2), and leaves no spool behind (workers: %s)', (workers, n) => {
    const bad = tmp.write('bad.json', '{ "schema": "clickker.snapshot/v1", ');
    const list = n === 30 ? files : fleet(200, 'many');
    const out = join(tmp.dir, 'bad-report.json');
    const r = runCli(['preflight', '--snapshot', ...list.slice(0, 100), bad, ...list.slice(100), '--format', 'json', '--output', out], { env: { CLICKKER_FLEET_WORKERS: workers } });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^clickker: snapshot .*bad\.json: /)]);
    expect(readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('worker threads for a fleet', () => {
  // Off unless asked: on a shared 2-core machine a worker cost CPU and memory and finished no sooner, and its memory
  // at 10,000 hosts was not flat (README "Speed"). CLICKKER_FLEET_WORKERS=0 is this thread alone.
  it('are asked for with CLICKKER_FLEET_WORKERS, from WORKER_MIN_FILES files, at most 4', () => {
    expect(workerCount(10_000, {})).toBe(0);
    expect(workerCount(10_000, { CLICKKER_FLEET_WORKERS: '0' })).toBe(0);
    expect(workerCount(WORKER_MIN_FILES, { CLICKKER_FLEET_WORKERS: '1' })).toBe(1);
    expect(workerCount(WORKER_MIN_FILES - 1, { CLICKKER_FLEET_WORKERS: '2' })).toBe(0);
    expect(workerCount(5_000, { CLICKKER_FLEET_WORKERS: '9' })).toBe(4);
    expect(workerCount(5_000, { CLICKKER_FLEET_WORKERS: 'two' })).toBe(0);
  });
});

describe('signals during a fleet', () => {
  const many = fleet(400, 'sig');
  // Judged here alone and with a worker thread (its spool files too must go).
  it.each<['SIGINT' | 'SIGTERM', number, string]>([['SIGINT', 130, '0'], ['SIGTERM', 143, '0'], ['SIGINT', 130, '1'], ['SIGTERM', 143, '1']])('%s ends it with %i and removes its temporary files (workers: %s)', async (signal, code, workers) => {
    const outDir = join(tmp.dir, `sig-${signal}-${workers}`);
    mkdirSync(outDir);
    const child = spawn(process.execPath, [BIN, 'preflight', '--snapshot', ...many, '--format', 'json', '--output', join(outDir, 'r.json'), '--confirm', 'all'], {
      cwd: ROOT, env: { ...process.env, CI: 'true', CLICKKER_FLEET_WORKERS: workers }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    // Wait until the spool exists: the fleet is being judged.
    for (let i = 0; i < 400 && !readdirSync(outDir).some((f) => f.endsWith('.tmp')); i += 1) await new Promise((r) => setTimeout(r, 25));
    expect(readdirSync(outDir).some((f) => f.endsWith('.tmp'))).toBe(true);
    child.kill(signal);
    const exit = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(exit).toBe(code);
    expect(stderr).toContain(signal === 'SIGINT' ? 'interrupted' : 'terminated');
    expect(readdirSync(outDir)).toEqual([]);
  }, 60_000);

  // Markdown and JUnit reports are not streamed: the whole fleet is judged first (src/core/judge.ts), one host at a
  // time with the event loop free between hosts, so the signal ends the run mid-fleet instead of after the last host.
  // 1,500 hosts: judging got cheaper (issue 17, session 4: snapshot validation's fast path), and 400 were all judged
  // and written before the signal came.
  const more = fleet(1500, 'sig-more');
  it.each(['markdown', 'junit'])('SIGINT during a %s fleet ends it with 130, nothing written', async (format) => {
    const out = join(tmp.dir, `sig-${format}.out`);
    // NODE_DEBUG=clickker-judge (src/core/judge.ts) says when each host is judged: the signal comes after the first,
    // so it is mid-fleet however fast or loaded the machine (a fixed delay once raced start-up on a busy CI machine).
    const child = spawn(process.execPath, [BIN, 'preflight', '--snapshot', ...more, '--format', format, '--output', out, '--confirm', 'all'], {
      cwd: ROOT, env: { ...process.env, CI: 'true', NODE_DEBUG: 'clickker-judge' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    // (A run that ends before judging a host ends the wait too, and fails below with its own exit code.)
    await Promise.race([exited, new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('judged host 1\n')) resolve();
    }))]);
    child.kill('SIGINT');
    const exit = await exited;
    expect({ exit, stderr }).toEqual({ exit: 130, stderr: expect.stringContaining('interrupted') as unknown });
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith(`sig-${format}`) || f.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});
