// A fleet's memory stays flat however many hosts it has (issue 17). The live heap is flat already (one host at a
// time: --trace-gc shows 9.5-10.3 MB after every mark-compact of a 10,000-host run); what grew from 1,000 to 10,000
// hosts is what V8 reserves around it:
// - the young generation, which V8 doubles whenever much of it survives a scavenge (--semi-space-growth-factor, 2),
//   up to 16 MiB a semi-space on 64-bit Node 20: 16 MiB of new space at 1,000 hosts, 32 MiB at 10,000;
// - the old generation, filling with what scavenges promote (~1-2 KB a host: texts kept a while in the report
//   writers' memos, then dropped) until V8's own mark-compact at two to three times the live heap. V8 keeps the pages
//   it has filled (the old space's size does not go down after a collection), so the largest old space of a run is
//   memory for the rest of it.
// Both are capped where a 1,000-host run leaves them:
// - once the new space holds 2 x SEMI_SPACE_CAP_MB, its growth factor is set to 1. V8 reads that flag each time it
//   grows the space (--max-semi-space-size is read only at start-up, so it cannot be set from here);
// - when the old space holds more than OLD_SPACE_CAP_MB, a full collection runs, and the next when it holds
//   OLD_SPACE_HEADROOM_MB more than that collection kept (or a quarter more, for a large live heap, so that one is not
//   collected over and over). `gc` is V8's own, reached the way --expose-gc gives it to a new context.
// Node documents v8.setFlagsFromString after start as unpredictable in general; these two flags are plain values read
// where they are used. The growth factor is put back (V8's default, 2) when the fleet is done.
import { debuglog } from 'node:util';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

const debug = debuglog('clickker-fleet');

/**
 * A semi-space of this many MiB (the new space is two of them) is where the young generation stops growing. 8 until
 * session 5; when the bundle shrank, a 1,000-host run peaked at 72-74 MB and a 10,000-host one at 92.5 MB (1.25x, not
 * flat); with 4, 73-75 and 84 MB (1.13x). The price: valgrind counted 4.6 % more instructions at 1,000 hosts (5,610
 * M against 5,362 M: more scavenges); at 10,000 hosts --trace-gc shows 768 scavenges and 3 full collections (90 ms).
 */
export const SEMI_SPACE_CAP_MB = 4;
/**
 * The old space's size in use (MiB) past which a full collection runs. A 1,000-host run ends with 9.2-9.8 MB in use
 * and none; a collection keeps ~8.7 MB. Session 6 (was 13, then 1.5 times what the last collection kept, so 13 MB
 * again): a 10,000-host run's old space grew to 14 MiB against 10 at 1,000 hosts, and its peak memory was 1.20x the
 * 1,000-host one; with 10.5 and OLD_SPACE_HEADROOM_MB 2 its old space stays at 11-11.7 MiB (6-9 collections, ~100 ms
 * of its 7-10 s, instead of 3) and the ratio is 1.10-1.15x. Put back at 13 on main 50dab2f for a try: 87.1-87.4 MB at
 * 10,000 hosts against 81.2-83.7.
 */
export const OLD_SPACE_CAP_MB = 10.5;
/** After a full collection, the next runs when the old space holds this much (MiB) more than that one kept. */
export const OLD_SPACE_HEADROOM_MB = 2;
/** Hosts between two looks at the heap: a look costs a few microseconds, and ~4 hosts allocate less than a semi-space. */
const LOOK_EVERY = 4;
const DEFAULT_GROWTH_FACTOR = 2;
const MB = 1024 * 1024;

export interface MemoryCap {
  /** Called once per host judged. */
  tick(): void;
  /** Puts V8's growth factor back. */
  release(): void;
  /** What the cap did in this run (for the test and the bench). */
  readonly stats: { youngCapped: boolean; collections: number };
}

let collect: (() => void) | undefined;
function fullCollection(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

/** The old space's bytes in use, and the new space's size (what it holds room for). */
function spaces(): { oldUsed: number; newSize: number } {
  let oldUsed = 0;
  let newSize = 0;
  for (const s of v8.getHeapSpaceStatistics()) {
    if (s.space_name === 'old_space') oldUsed = s.space_used_size;
    else if (s.space_name === 'new_space') newSize = s.space_size;
  }
  return { oldUsed, newSize };
}

/** The old space's use at which the next full collection runs, after one that kept `kept` bytes. */
export function nextOldLimit(kept: number): number {
  return Math.max(OLD_SPACE_CAP_MB * MB, kept + OLD_SPACE_HEADROOM_MB * MB, 1.25 * kept);
}

export function capFleetMemory(semiSpaceMb: number = SEMI_SPACE_CAP_MB): MemoryCap {
  const stats = { youngCapped: false, collections: 0 };
  let oldLimit = OLD_SPACE_CAP_MB * MB;
  let ticks = 0;
  return {
    tick() {
      // Looked at every LOOK_EVERY hosts (a host allocates ~0.3 MB, so the new space, which doubles at a scavenge,
      // cannot double twice between two looks) rather than after each: 9 objects made per look.
      ticks += 1;
      if (ticks % LOOK_EVERY !== 0) return;
      const { oldUsed, newSize } = spaces();
      if (!stats.youngCapped && newSize >= 2 * semiSpaceMb * MB) {
        v8.setFlagsFromString('--semi-space-growth-factor=1');
        stats.youngCapped = true;
      }
      if (oldUsed >= oldLimit) {
        fullCollection();
        stats.collections += 1;
        const kept = spaces().oldUsed;
        oldLimit = nextOldLimit(kept);
        debug(`full collection ${stats.collections}: the old space kept ${(kept / MB).toFixed(1)} MB; the next at ${(oldLimit / MB).toFixed(1)} MB`);
      }
    },
    release() {
      if (stats.youngCapped) v8.setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
    },
    stats,
  };
}
