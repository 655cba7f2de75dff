// zod without its JIT (src/core/zod-setup.ts, issue 17) must accept, reject and return exactly what it did with it:
// snapshots are a public contract. Every fixture snapshot and ~300 mutations of each (a field removed, or replaced by
// null, numbers, strings, arrays, objects, a PowerShell date or version object) are parsed by a child Node with the
// JIT on and one with it off; every outcome (the parsed facts, or the error line) must be the same. Uses the build.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';

const run = (mode: string) => execFileSync(process.execPath, ['test/support/zod-differential.mjs', mode], { encoding: 'utf8', maxBuffer: 1 << 30 }).split('\n');

describe('zod with and without its JIT', () => {
  it('gives the same outcome for every fixture and mutation', () => {
    const jit = run('jit');
    const jitless = run('jitless');
    expect(jit[0]).toBe('jitless=false');
    expect(jitless[0]).toBe('jitless=true');
    const outcomes = jit.slice(1).filter(Boolean);
    expect(outcomes.length).toBeGreaterThan(5000);
    expect(outcomes.filter((o) => o.startsWith('{"ok":true')).length).toBeGreaterThan(500);
    expect(outcomes.filter((o) => o.startsWith('{"ok":false')).length).toBeGreaterThan(500);
    const differ = outcomes.map((o, i) => (o === jitless[i + 1] ? null : i)).filter((i) => i !== null);
    expect(differ).toEqual([]);
  }, 300_000);
});
