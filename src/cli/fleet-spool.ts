// The spool files of a fleet (issue 17): what each host adds to the reports, written as it is judged and read back in
// file order when the reports are written (their header needs the totals, the host list the widest name).
//
// Each thread that judges hosts (this one and every worker thread) has its own results and hosts files and writes
// them itself: a host's ~20-40 KB of report text never crosses between threads, only where it lies (start and
// length). Writes are batched (one write per SPOOL_BUFFER bytes, not three per host). The files are opened here, by
// the main thread, and a worker thread is given their descriptors (the process's file table is shared), so removing
// them on Ctrl+C never races a worker that is still creating one.
import { closeSync, fstatSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/** Bytes gathered before one write (and read at once when the report is written to stdout). */
export const SPOOL_BUFFER = 1 << 16;
/**
 * Bytes read at once when the report is written to a file (one buffer for the whole copy): a 20 MB copy took 11 ms
 * in 64 KiB reads and writes, 8.5-9.7 ms in 256 KiB ones, and no less in 1 MiB ones (issue 17, session 6).
 */
export const COPY_BUFFER = 1 << 18;
/** Every host's text is written with this in front; the first one in the report drops it. */
export const SEPARATOR = ',\n';
const SEPARATOR_BYTES = 2;

/** One spool file written through a buffer. `size` counts the bytes given so far, written or not yet. */
export class SpoolWriter {
  private readonly buf = Buffer.allocUnsafe(SPOOL_BUFFER);
  private used = 0;
  size = 0;

  constructor(readonly fd: number) {}

  /** Appends `text` as UTF-8; returns where it starts in the file. */
  append(text: string): number {
    const start = this.size;
    let bytes: number;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: when that fits, no byte count is needed first.
    if (text.length * 3 <= SPOOL_BUFFER - this.used) {
      bytes = this.buf.write(text, this.used, 'utf8');
      this.used += bytes;
    } else {
      bytes = Buffer.byteLength(text, 'utf8');
      if (bytes > SPOOL_BUFFER - this.used) this.flush();
      if (bytes <= SPOOL_BUFFER) this.used += this.buf.write(text, this.used, 'utf8');
      else writeAll(this.fd, Buffer.from(text, 'utf8'), bytes);
    }
    this.size += bytes;
    return start;
  }

  /** Writes what is gathered; afterwards the file holds `size` bytes. */
  flush(): void {
    writeAll(this.fd, this.buf, this.used);
    this.used = 0;
  }
}

/** The first `length` bytes of `buf`, however many writes that takes (a write may take fewer bytes than it is given). */
function writeAll(fd: number, buf: Buffer, length: number): void {
  let at = 0;
  while (at < length) at += writeSync(fd, buf, at, length - at);
}

/** The descriptors of one thread's spool files (results and hosts; none when the job renders no JSON). */
export interface SpoolFds { results: number; hosts: number }

/** Where one host's text lies: which thread's files, and start and length in each. */
export interface HostPlace { owner: number; results: number; resultsLength: number; hosts: number; hostsLength: number }

/** A thread's two writers, and what a host adds to them. */
export class HostSpool {
  readonly results: SpoolWriter;
  readonly hosts: SpoolWriter;
  constructor(fds: SpoolFds) {
    this.results = new SpoolWriter(fds.results);
    this.hosts = new SpoolWriter(fds.hosts);
  }

  /** Writes one host's results ('' for none) and its entry of the hosts array; returns where they lie. */
  add(owner: number, results: string, host: string): HostPlace {
    const r = results === '' ? this.results.size : this.results.append(SEPARATOR + results);
    const rl = this.results.size - r;
    const h = this.hosts.append(SEPARATOR + host);
    return { owner, results: r, resultsLength: rl, hosts: h, hostsLength: this.hosts.size - h };
  }

  flush(): void {
    this.results.flush();
    this.hosts.flush();
  }
}

/**
 * Every host's place, in file order, in typed arrays (a few bytes a host, whatever the fleet's size). Hosts next to
 * each other in the same thread's file are read back as one range.
 */
export class HostPlaces {
  private owner = new Uint8Array(1024);
  private at = new Float64Array(4 * 1024);
  count = 0;

  set(index: number, p: HostPlace): void {
    while (index >= this.owner.length) {
      const owner = new Uint8Array(this.owner.length * 2);
      owner.set(this.owner);
      this.owner = owner;
      const at = new Float64Array(this.at.length * 2);
      at.set(this.at);
      this.at = at;
    }
    this.owner[index] = p.owner;
    this.at.set([p.results, p.resultsLength, p.hosts, p.hostsLength], 4 * index);
    this.count = Math.max(this.count, index + 1);
  }

  get(index: number): HostPlace {
    const a = this.at;
    const k = 4 * index;
    return { owner: this.owner[index]!, results: a[k]!, resultsLength: a[k + 1]!, hosts: a[k + 2]!, hostsLength: a[k + 3]! };
  }

  /** The ranges of one kind of text in file order, neighbours in one file joined: [owner, start, length]. */
  *ranges(kind: 'results' | 'hosts'): Generator<[number, number, number]> {
    const off = kind === 'results' ? 0 : 2;
    let cur: [number, number, number] | null = null;
    for (let i = 0; i < this.count; i += 1) {
      const owner = this.owner[i]!;
      const start = this.at[4 * i + off]!;
      const length = this.at[4 * i + off + 1]!;
      if (length === 0) continue;
      if (cur && cur[0] === owner && cur[1] + cur[2] === start) cur[2] += length;
      else {
        if (cur) yield cur;
        cur = [owner, start, length];
      }
    }
    if (cur) yield cur;
  }
}

/** A fleet's spool files: the console rows, and each thread's results and hosts files. */
export interface FleetSpoolFiles {
  rows: string;
  /** Per thread (0 = this one): its results and hosts file names, when the job renders JSON. */
  threads: { results: string; hosts: string }[];
}

/** Spool file names next to the report, unique to this process and run. */
export function spoolNames(dir: string, json: boolean, threads: number): FleetSpoolFiles {
  const stamp = `${process.pid}.${Date.now()}`;
  return {
    rows: join(dir, `.clickker-rows.${stamp}.tmp`),
    threads: json ? Array.from({ length: threads }, (_, k) => ({ results: join(dir, `.clickker-results.${stamp}.${k}.tmp`), hosts: join(dir, `.clickker-hosts.${stamp}.${k}.tmp`) })) : [],
  };
}

/** Every spool file: the rows first, then each thread's results and hosts. */
function allNames(files: FleetSpoolFiles): string[] {
  return [files.rows, ...files.threads.flatMap((t) => [t.results, t.hosts])];
}

/** Opens every spool file, all or none; returns the descriptors (rows first, then each thread's results and hosts). */
export function openSpoolFiles(files: FleetSpoolFiles): { rows: number; threads: SpoolFds[] } {
  const names = allNames(files);
  const fds: number[] = [];
  try {
    for (const name of names) fds.push(openSync(name, 'w+', 0o600));
  } catch (err) {
    for (const fd of fds) closeSync(fd);
    removeSpoolFiles(files);
    throw err;
  }
  const threads = files.threads.map((_, k) => ({ results: fds[1 + 2 * k]!, hosts: fds[2 + 2 * k]! }));
  return { rows: fds[0]!, threads };
}

export function removeSpoolFiles(files: FleetSpoolFiles): void {
  for (const name of allNames(files)) rmSync(name, { force: true });
}

/** Bytes a spool file holds on disk (what a thread that died had written). */
export function spoolSize(fd: number): number {
  return fstatSync(fd).size;
}

/**
 * One kind of text of every host, in file order, as the report's bytes: ranges of the threads' files read as they
 * are (no decoding to a string and back), COPY_BUFFER at a time into one buffer with `reuse` (SPOOL_BUFFER into a new
 * one each time without), the first host's separator left out. With `reuse`
 * every chunk is the same Buffer, for a writer done with a chunk before it asks for the next (a file): new Buffers
 * per chunk are memory outside V8's heap that a garbage collection frees late (~20 MB more peak at 1,000 hosts).
 * Without it each chunk is a new Buffer, for a writer that may keep it (process.stdout to a pipe on Windows).
 */
export function* spoolRanges(places: HostPlaces, kind: 'results' | 'hosts', names: readonly string[], reuse: boolean): Generator<Buffer> {
  const fds = new Map<number, number>();
  const shared = reuse ? copyBuffer() : null;
  const size = shared ? COPY_BUFFER : SPOOL_BUFFER;
  let first = true;
  try {
    for (const [owner, start, length] of places.ranges(kind)) {
      let fd = fds.get(owner);
      if (fd === undefined) {
        fd = openSync(names[owner]!, 'r');
        fds.set(owner, fd);
      }
      let at = start + (first ? SEPARATOR_BYTES : 0);
      const end = start + length;
      first = false;
      while (at < end) {
        const want = Math.min(size, end - at);
        const buf = shared ?? Buffer.allocUnsafe(want);
        const n = readSync(fd, buf, 0, want, at);
        if (n === 0) throw new Error(`spool file ${names[owner]!} ends early`);
        at += n;
        yield n === buf.length ? buf : buf.subarray(0, n);
      }
    }
  } finally {
    for (const fd of fds.values()) closeSync(fd);
  }
}

/** The one COPY_BUFFER of the process (a report's hosts and results are copied one after the other). */
let copy: Buffer | null = null;
function copyBuffer(): Buffer {
  copy ??= Buffer.allocUnsafeSlow(COPY_BUFFER);
  return copy;
}

/** A spool file as text, chunk by chunk (the console rows). The file stays. */
export function* spoolChunks(file: string): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(SPOOL_BUFFER);
    const decoder = new StringDecoder('utf8'); // never splits a character between chunks
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      yield decoder.write(buf.subarray(0, n));
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}
