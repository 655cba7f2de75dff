// The fleet's memory cap (src/cli/fleet-memory.ts, issue 17) in a Node of its own (it changes V8 flags): with it, the
// young generation stops at 2 x SEMI_SPACE_CAP_MB and the old space is collected past its cap; without it, the same
// allocation grows the young generation past that (so the test shows the cap, not V8's defaults).
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { nextOldLimit, OLD_SPACE_CAP_MB, SEMI_SPACE_CAP_MB } from '../../src/cli/fleet-memory.js';

interface Figures { newSpace: number; oldSpace: number; youngCapped?: boolean; collections?: number }
const run = (hosts: number, cap: boolean): Figures =>
  JSON.parse(execFileSync(process.execPath, ['test/support/fleet-memory-child.mjs', String(hosts), cap ? 'cap' : 'none'], { encoding: 'utf8' })) as Figures;
const MB = 1024 * 1024;

describe('the fleet memory cap', () => {
  it('holds the new space at its cap, where V8 alone lets it grow, and collects the old space now and then', () => {
    const without = run(3000, false);
    const withCap = run(3000, true);
    expect(without.newSpace).toBeGreaterThan(2 * SEMI_SPACE_CAP_MB);
    expect(withCap.youngCapped).toBe(true);
    expect(withCap.newSpace).toBeLessThanOrEqual(2 * SEMI_SPACE_CAP_MB);
    // The child keeps ~25 MB alive, over OLD_SPACE_CAP_MB: collected when the cap is passed, then at the cap again or a
    // quarter past what the last collection kept, so a large live heap is not collected after every host
    // (without that rule, every one of the ~1,500 hosts after the cap). The child promotes much more per host than a
    // fleet (each scavenge finds its last 4 hosts alive): 36 here; a real 10,000-host fleet has none (NODE_DEBUG=clickker-fleet).
    expect(withCap.collections).toBeGreaterThanOrEqual(1);
    expect(withCap.collections).toBeLessThanOrEqual(60);
  }, 120_000);

  it('collects again at the cap, or a quarter past what a collection kept for a large heap', () => {
    // A small live heap, or a fleet's (~8.7 MB kept): the cap itself.
    expect(nextOldLimit(4 * MB)).toBe(OLD_SPACE_CAP_MB * MB);
    expect(nextOldLimit(8.7 * MB)).toBe(OLD_SPACE_CAP_MB * MB);
    // Past the cap, a quarter more, not the half of session 5 (18 MB for 12 kept): less room left to fill.
    expect(nextOldLimit(12 * MB)).toBe(15 * MB);
    // A large one (huge snapshots): still room for many hosts between two collections.
    expect(nextOldLimit(40 * MB)).toBe(50 * MB);
  });
});
