// The fleet's memory cap (src/cli/fleet-memory.ts, issue 17) in a Node of its own (it changes V8 flags): with it, the
// young generation stops at 2 x SEMI_SPACE_CAP_MB and the old space is collected past its cap; without it, the same
// allocation grows the young generation past that (so the test shows the cap, not V8's defaults).
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { SEMI_SPACE_CAP_MB } from '../../src/cli/fleet-memory.js';

interface Figures { newSpace: number; oldSpace: number; youngCapped?: boolean; collections?: number }
const run = (hosts: number, cap: boolean): Figures =>
  JSON.parse(execFileSync(process.execPath, ['test/support/fleet-memory-child.mjs', String(hosts), cap ? 'cap' : 'none'], { encoding: 'utf8' })) as Figures;

describe('the fleet memory cap', () => {
  it('holds the new space at its cap, where V8 alone lets it grow, and collects the old space now and then', () => {
    const without = run(3000, false);
    const withCap = run(3000, true);
    expect(without.newSpace).toBeGreaterThan(2 * SEMI_SPACE_CAP_MB);
    expect(withCap.youngCapped).toBe(true);
    expect(withCap.newSpace).toBeLessThanOrEqual(2 * SEMI_SPACE_CAP_MB);
    // The child keeps ~25 MB alive, over OLD_SPACE_CAP_MB: collected when the cap is passed, then at 1.5 times what
    // the last collection kept, so a large live heap is not collected after every host (without that rule, every one
    // of the ~1,500 hosts after the cap). With the 8 MiB new space (session 5) more of each host is promoted: ~20
    // here; a real 10,000-host fleet has 3 (--trace-gc).
    expect(withCap.collections).toBeGreaterThanOrEqual(1);
    expect(withCap.collections).toBeLessThanOrEqual(30);
  }, 120_000);
});
