// The fleet's memory cap (src/cli/fleet-memory.ts, issue 17) in a Node of its own (it changes V8 flags): with it, the
// young generation stops at 2 x SEMI_SPACE_CAP_MB and the old space is collected past its cap; without it, the same
// allocation grows the young generation past that (so the test shows the cap, not V8's defaults).
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { nextOldLimit, OLD_SPACE_CAP_MB, OLD_SPACE_HEADROOM_MB, SEMI_SPACE_CAP_MB } from '../../src/cli/fleet-memory.js';

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
    // The child keeps ~25 MB alive, over OLD_SPACE_CAP_MB: collected when the cap is passed, then when the old space
    // holds a quarter more than the last collection kept, so a large live heap is not collected after every host
    // (without that rule, every one of the ~1,500 hosts after the cap). The child promotes much more per host than a
    // fleet (each scavenge finds its last 4 hosts alive): 36 here; a real 10,000-host fleet has 9 (NODE_DEBUG=clickker-fleet).
    expect(withCap.collections).toBeGreaterThanOrEqual(1);
    expect(withCap.collections).toBeLessThanOrEqual(60);
  }, 120_000);

  it('collects again after OLD_SPACE_HEADROOM_MB more than a collection kept, or a quarter more for a large heap', () => {
    // A small live heap: the cap itself.
    expect(nextOldLimit(4 * MB)).toBe(OLD_SPACE_CAP_MB * MB);
    // A fleet's (~8.7 MB kept): about 2 MB more, not the 1.5 times (13 MB) of session 5, which let a 10,000-host run's
    // old space grow to 14 MiB against 10 at 1,000 hosts.
    expect(nextOldLimit(8.7 * MB)).toBeGreaterThanOrEqual((8.7 + OLD_SPACE_HEADROOM_MB) * MB);
    expect(nextOldLimit(8.7 * MB)).toBeLessThan(11 * MB);
    // A large one (huge snapshots): a quarter more, so it is not collected after every host.
    expect(nextOldLimit(40 * MB)).toBe(50 * MB);
  });
});
