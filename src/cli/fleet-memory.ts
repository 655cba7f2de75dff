// A fleet's memory stays flat however many hosts it has (issue 17). The live heap is flat already (one host at a
// time: --trace-gc shows 9.5-10.3 MB after every mark-compact of a 10,000-host run); what grew from 1,000 to 10,000
// hosts is what V8 reserves around it:
// - the young generation, which V8 doubles whenever much of it survives a scavenge (--semi-space-growth-factor, 2),
//   up to 16 MiB a semi-space on 64-bit Node 20: 16 MiB of new space at 1,000 hosts, 32 MiB at 10,000;
// - the old generation, filling with what scavenges promote (the host being judged) until V8's own mark-compact at
//   two to three times the live heap: 12 MiB at 1,000 hosts, 23-30 MiB at 10,000.
// Both are capped where a 1,000-host run leaves them:
// - once the new space holds 2 x SEMI_SPACE_CAP_MB, its growth factor is set to 1. V8 reads that flag each time it
//   grows the space (--max-semi-space-size is read only at start-up, so it cannot be set from here);
// - when the old space holds more than OLD_SPACE_CAP_MB (or 1.5 times what the last collection kept, if that is more, so
//   a large live heap is not collected over and over), a full collection runs: 10-25 ms for a 10 MB live heap, 8 of
//   them (111 ms) in a 10,000-host run, none at 1,000. `gc` is V8's own, reached the way --expose-gc gives it to a new context.
// Node documents v8.setFlagsFromString after start as unpredictable in general; these two flags are plain values read
// where they are used. The growth factor is put back (V8's default, 2) when the fleet is done.
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A semi-space of this many MiB (the new space is two of them) is where the young generation stops growing. 8 until
 * session 5; when the bundle shrank, a 1,000-host run peaked at 72-74 MB and a 10,000-host one at 92.5 MB (1.25x, not
 * flat); with 4, 73-75 and 84 MB (1.13x). The price: valgrind counted 4.6 % more instructions at 1,000 hosts (5,610
 * M against 5,362 M: more scavenges); at 10,000 hosts --trace-gc shows 768 scavenges and 3 full collections (90 ms).
 */
export const SEMI_SPACE_CAP_MB = 4;
/** The old space's size in use (MiB) past which a full collection runs. */
export const OLD_SPACE_CAP_MB = 13;
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

export function capFleetMemory(semiSpaceMb: number = SEMI_SPACE_CAP_MB): MemoryCap {
  const stats = { youngCapped: false, collections: 0 };
  let oldLimit = OLD_SPACE_CAP_MB * MB;
  return {
    tick() {
      // Looked at after every host (a few microseconds against a host's milliseconds): the new space doubles at once,
      // and between two looks far apart it could double twice.
      const spaces = v8.getHeapSpaceStatistics();
      const size = (name: string, used: boolean) => {
        const s = spaces.find((x) => x.space_name === name);
        return s ? (used ? s.space_used_size : s.space_size) : 0;
      };
      if (!stats.youngCapped && size('new_space', false) >= 2 * semiSpaceMb * MB) {
        v8.setFlagsFromString('--semi-space-growth-factor=1');
        stats.youngCapped = true;
      }
      if (size('old_space', true) >= oldLimit) {
        fullCollection();
        stats.collections += 1;
        const v8Stats = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'old_space');
        oldLimit = Math.max(OLD_SPACE_CAP_MB * MB, 1.5 * (v8Stats?.space_used_size ?? 0));
      }
    },
    release() {
      if (stats.youngCapped) v8.setFlagsFromString(`--semi-space-growth-factor=${DEFAULT_GROWTH_FACTOR}`);
    },
    stats,
  };
}
