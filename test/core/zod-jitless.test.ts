// The snapshot and requirements validators must accept, reject and return exactly what they always did: snapshots are
// a public contract. Every fixture snapshot, the shipped requirements file and ~300 mutations of each (a field removed,
// or replaced by null, numbers, strings, arrays, objects, a PowerShell date or version object) are parsed by a child
// Node (test/support/zod-differential.mjs, on the build) and every outcome (the parsed facts or requirements, or the
// error line) is compared:
// - with zod's JIT on and off (src/core/zod-setup.ts turns it off, issue 17);
// - with what the classic-zod build gave before issue 17 moved these schemas to zod/mini (recorded outcomes in
//   snapshot-outcomes.classic-zod.txt: zod/mini shares classic zod's parsing core, and this proves the schemas built
//   with it are the same ones).
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const run = (mode: string) => execFileSync(process.execPath, ['test/support/zod-differential.mjs', mode], { encoding: 'utf8', maxBuffer: 1 << 30 }).split('\n');
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The recorded outcomes: file name -> { the file's sha256 then, the outcome hash of each case by number }. */
function recorded(): Map<string, { sha256: string; cases: Map<string, string> }> {
  const files = new Map<string, { sha256: string; cases: Map<string, string> }>();
  let current: { sha256: string; cases: Map<string, string> } | undefined;
  for (const line of readFileSync('test/core/snapshot-outcomes.classic-zod.txt', 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [a, b, c] = line.split(' ');
    if (a === 'file') files.set(b!, (current = { sha256: c!, cases: new Map() }));
    else current!.cases.set(a!, b!);
  }
  return files;
}

describe('snapshot and requirements validation', () => {
  const jitless = run('jitless');
  const cases = jitless.slice(1).filter(Boolean).map((l) => l.split('\t') as [string, string, string]);

  it('gives the same outcome with and without zod\'s JIT for every fixture and mutation', () => {
    const jit = run('jit');
    expect(jit[0]).toMatch(/^jitless=false /);
    expect(jitless[0]).toMatch(/^jitless=true /);
    const outcomes = jit.slice(1).filter(Boolean);
    expect(outcomes.length).toBeGreaterThan(5000);
    expect(outcomes.filter((o) => o.split('\t')[2]!.startsWith('{"ok":true')).length).toBeGreaterThan(500);
    expect(outcomes.filter((o) => o.split('\t')[2]!.startsWith('{"ok":false')).length).toBeGreaterThan(500);
    const differ = outcomes.map((o, i) => (o === jitless[i + 1] ? null : i)).filter((i) => i !== null);
    expect(differ).toEqual([]);
  }, 300_000);

  it('gives the same outcome with the snapshot fast path as with zod alone, and the fast path proves most data valid', () => {
    const zodOnly = run('zod-only');
    const [, fast, zod] = /fast=(\d+) zod=(\d+)/.exec(jitless[0]!)!.map(Number);
    const [, fastOff] = /fast=(\d+)/.exec(zodOnly[0]!)!.map(Number);
    expect(fastOff).toBe(0);
    // Every probe of every accepted case, and of most rejected ones up to the broken probe, goes the fast way.
    expect(fast).toBeGreaterThan(50_000);
    expect(zod).toBeGreaterThan(500); // the mutations zod must reject, and those it alone can judge
    const outcomes = zodOnly.slice(1).filter(Boolean);
    expect(outcomes.length).toBe(cases.length);
    const differ = outcomes.map((o, i) => (o === jitless[i + 1] ? null : `${o.slice(0, 200)}\n  fast path: ${jitless[i + 1]!.slice(0, 200)}`)).filter((d) => d !== null);
    expect(differ).toEqual([]);
  }, 300_000);

  it('gives the outcome the classic-zod build gave, for every recorded fixture, the requirements and their mutations', () => {
    const files = recorded();
    expect(files.size).toBeGreaterThan(20);
    expect(files.has('requirements/synergy-api.json')).toBe(true);
    let compared = 0;
    const differ: string[] = [];
    for (const [file, { sha256: then, cases: expected }] of files) {
      // A recorded file that has changed since makes other mutations: its recorded outcomes no longer apply.
      expect(`${file} ${sha256(readFileSync(file.includes('/') ? file : `fixtures/hosts/${file}`))}`).toBe(`${file} ${then}`);
      const now = cases.filter(([f]) => f === file);
      expect(now.length).toBe(expected.size);
      for (const [, n, outcome] of now) {
        compared += 1;
        if (sha256(outcome).slice(0, 16) !== expected.get(n)) differ.push(`${file} case ${n}: now ${outcome.slice(0, 300)}`);
      }
    }
    expect(compared).toBeGreaterThan(8000);
    expect(differ).toEqual([]);
  }, 300_000);
});
