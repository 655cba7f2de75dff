// Reading a file the user named (a snapshot, the config, waivers, requirements): only a regular file, only up to a
// size limit, and in the encodings Windows writes. A FIFO would block forever, /dev/zero would fill the memory, and a
// 200 MB document of millions of small objects takes half a minute and gigabytes to parse: each is refused with a
// one-line error naming the file and the limit.
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { inputError, type What } from './input-error.js';
import { msg } from '../report/i18n/catalogue.js';
import type { Msg } from './text.js';

/**
 * A real snapshot is well under 1 MiB (docs/snapshot.md). At 8 MiB the worst shape (millions of empty objects) still
 * parses in seconds, within a few hundred MB (measured: README "Size limits").
 */
export const SNAPSHOT_MAX_BYTES = 8 * 1024 * 1024;
/** Config, waivers and requirements files are written by hand: 4 MiB is far more than any of them needs. */
export const DOCUMENT_MAX_BYTES = 4 * 1024 * 1024;

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MiB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KiB` : `${n} bytes`;
}

function kindOf(st: import('node:fs').Stats): Msg {
  if (st.isDirectory()) return msg('in.kind.folder');
  if (st.isFIFO()) return msg('in.kind.fifo');
  if (st.isCharacterDevice() || st.isBlockDevice()) return msg('in.kind.device');
  if (st.isSocket()) return msg('in.kind.socket');
  return msg('in.kind.other');
}

/** The bytes of `file`, refused unless it is a regular file of at most `maxBytes`. `what` names it in errors. */
export function readInputBytes(file: string, what: What, maxBytes: number): Buffer {
  return readChecked(file, what, maxBytes, false);
}

// readInputText decodes the bytes into a string at once, so it reads into one buffer kept for the next file: a fleet
// reads thousands of snapshots, and a new buffer for each (outside V8's heap, freed by its collector) was a tenth of
// reading them (issue 17, --cpu-prof). Its own memory (allocUnsafeSlow: never a slice of Node's shared pool, which
// other buffers use); one needed for a file larger than SCRATCH_KEEP is used once and not kept.
const SCRATCH_KEEP = 1024 * 1024;
let scratch: Buffer | null = null;

function scratchOf(size: number): Buffer {
  if (scratch !== null && scratch.length >= size) return scratch.subarray(0, size);
  const made = Buffer.allocUnsafeSlow(Math.max(size, 64 * 1024));
  if (made.length <= SCRATCH_KEEP) scratch = made;
  return made.subarray(0, size);
}

/**
 * Reads `file` after the checks. `scratchOk`: into the kept buffer (the bytes returned are then valid only until the
 * next such read), else into a buffer of their own.
 */
function readChecked(file: string, what: What, maxBytes: number, scratchOk: boolean): Buffer {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer before we can see what it is.
    fd = openSync(file, process.platform === 'win32' ? 'r' : constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw code === 'EISDIR' ? inputError(what, 'in.read.folder') : inputError(what, 'in.read.cannot', { code });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw inputError(what, 'in.read.not-file', { kind: kindOf(st) });
    for (const w of watches) w.saw(st);
    // Worded only for an error (formatting it for each of a fleet's files showed in its profile).
    const limit = () => formatBytes(maxBytes);
    if (st.size > maxBytes) throw inputError(what, 'in.read.too-big', { size: formatBytes(st.size), limit: limit() });
    // Read at most one byte past the limit: a file that grows while being read (or reports size 0, as /proc does)
    // is still caught. The buffer starts at the file's size plus that byte: a fleet reads thousands of small files,
    // and a fresh 1 MiB buffer for each cost more than the reading (issue 17: 2 s of 1,000 snapshots).
    const first = Math.min(st.size > 0 ? st.size + 1 : 64 * 1024, maxBytes + 1);
    let buf = scratchOk ? scratchOf(first) : Buffer.allocUnsafe(first);
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      }
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw inputError(what, 'in.read.grew', { limit: limit() });
      // All the bytes fstat reported, and the read stopped short of the byte asked for past them: a regular file is at
      // its end, and asking again only to be told so was a fifth of the system calls of a fleet (issue 17). A file
      // that grew fills that byte and is read on; a size of 0 (/proc) or a read cut short before it reads on too.
      if (total === st.size && total < buf.length) break;
    }
    return buf.subarray(0, total);
  } catch (err) {
    if ((err as Error).name === 'InputError') throw err;
    throw inputError(what, 'in.read.cannot', { code: (err as NodeJS.ErrnoException).code ?? 'error' });
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether one file (a report about to be written, src/cli/write-file.ts) is among the files read while it is watched,
 * told by the identity (device and inode) each read looks at anyway: a fleet's report is never written over one of its
 * thousands of snapshots, and asking the system about each of them again at the end was ~1 % of a 1,000-host run
 * (issue 17, session 6). Only reads in this thread are seen (a worker thread has its own).
 */
export class ReadWatch {
  private matched = false;
  private constructor(private readonly dev: number, private readonly ino: number) {}

  /** Watches reads from now on for the file `file` names now (links followed); null when there is none. */
  static of(file: string): ReadWatch | null {
    let st;
    try {
      st = statSync(file);
    } catch {
      return null;
    }
    const w = new ReadWatch(st.dev, st.ino);
    watches.add(w);
    return w;
  }

  saw(st: { dev: number; ino: number }): void {
    if (st.ino === this.ino && st.dev === this.dev) this.matched = true;
  }

  /** Reads are no longer watched. */
  stop(): void {
    watches.delete(this);
  }

  /** Whether `st` is the watched file and none of the reads so far was it. */
  unreadAs(st: { dev: number; ino: number }): boolean {
    return !this.matched && st.ino === this.ino && st.dev === this.dev;
  }
}
const watches = new Set<ReadWatch>();

/**
 * Text in the encodings Windows writes: UTF-8 with or without a byte-order mark (PowerShell 5.1's
 * `Out-File -Encoding UTF8` writes one), and UTF-16 little- or big-endian with its mark (`Out-File` and `>` in
 * Windows PowerShell 5.1 default to UTF-16LE, "Unicode"). UTF-16 without a mark is recognised by its zero bytes and
 * refused with a message saying so, rather than parsed as garbage.
 */
export function decodeText(bytes: Buffer, what: What): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.length >= 2 && (bytes[0] === 0 || bytes[1] === 0)) {
    throw inputError(what, 'in.read.utf16');
  }
  return bytes.toString('utf8');
}

/** readInputBytes + decodeText, reading into the kept buffer (the string is a copy: nothing holds on to the bytes). */
export function readInputText(file: string, what: What, maxBytes: number): string {
  return decodeText(readChecked(file, what, maxBytes, true), what);
}
