// The fleet's spool files (src/cli/fleet-spool.ts, issue 17): each thread writes its hosts' report text through a
// buffer into files of its own, and the report reads every host's text back in file order, as bytes. What must hold:
// the bytes read back are exactly the texts joined by ",\n" in file order, whoever wrote which host, for texts of any
// size (longer than the buffer, none at all) and characters of any width, also when a character would straddle a
// buffer's end.
import { describe, expect, it } from '@jest/globals';
import { closeSync, readFileSync } from 'node:fs';
import {
  HostPlaces, HostSpool, openSpoolFiles, removeSpoolFiles, SPOOL_BUFFER, spoolNames, spoolRanges, spoolSize, SpoolWriter,
} from '../../src/cli/fleet-spool.js';
import { scratch } from '../support/tmp.js';

const tmp = scratch('fleet-spool');

/** A deterministic text of `n` UTF-16 units mixing 1-, 2-, 3- and 4-byte UTF-8 characters. */
function text(seed: number, n: number): string {
  const alphabet = ['a', 'é', '€', '😀', '"', '\n', 'Z'];
  let out = '';
  let x = seed;
  while (out.length < n) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += alphabet[x % alphabet.length];
  }
  return out.slice(0, n).replace(/[\uD800-\uDBFF]$/, 'q'); // no half of a surrogate pair at the end
}

/** The chunks joined; `copy` takes each one as it comes (a reused buffer is overwritten by the next). */
function bytesOf(chunks: Iterable<Buffer>, copy: boolean): Buffer {
  const kept: Buffer[] = [];
  for (const c of chunks) kept.push(copy ? Buffer.from(c) : c);
  return Buffer.concat(kept);
}

describe('the fleet spool', () => {
  it('gives back every host\'s text in file order, whichever thread wrote it, as the texts joined by ",\\n"', () => {
    const threads = 3;
    const names = spoolNames(tmp.dir, true, threads);
    const fds = openSpoolFiles(names);
    const spools = fds.threads.map((f) => new HostSpool(f));
    const places = new HostPlaces();
    const results: string[] = [];
    const hosts: string[] = [];
    // Sizes around the buffer's: none, small, just under, at and over it, and several times it.
    const sizes = [0, 1, 17, 3000, SPOOL_BUFFER - 3, SPOOL_BUFFER, SPOOL_BUFFER + 1, 3 * SPOOL_BUFFER + 5, 40_000, 0, 5];
    for (let i = 0; i < 300; i += 1) {
      // Runs of hosts by one thread, then another (as the fleet hands out files), so neighbours join into ranges.
      const owner = Math.floor(i / 7) % threads;
      const r = text(i, sizes[i % sizes.length]!);
      const h = text(i + 99_999, 20 + (i % 50));
      results.push(r);
      hosts.push(h);
      places.set(i, spools[owner]!.add(owner, r, h));
    }
    for (const s of spools) s.flush();
    const resultNames = names.threads.map((t) => t.results);
    const hostNames = names.threads.map((t) => t.hosts);
    const expectedResults = Buffer.from(results.filter((r) => r !== '').join(',\n'), 'utf8');
    const expectedHosts = Buffer.from(hosts.join(',\n'), 'utf8');
    // One reused buffer (the writer copies each chunk here before asking for the next) and new buffers per chunk.
    expect(bytesOf(spoolRanges(places, 'results', resultNames, true), true).equals(expectedResults)).toBe(true);
    expect(bytesOf(spoolRanges(places, 'results', resultNames, false), false).equals(expectedResults)).toBe(true);
    // The reused buffer is one: joined without copies, the chunks would not be the report.
    expect(bytesOf(spoolRanges(places, 'results', resultNames, true), false).equals(expectedResults)).toBe(false);
    expect(bytesOf(spoolRanges(places, 'hosts', hostNames, true), true).equals(expectedHosts)).toBe(true);
    // Neighbours in one thread's file are read as one range: far fewer ranges than hosts.
    const ranges = [...places.ranges('hosts')];
    expect(ranges.length).toBe(Math.ceil(300 / 7));
    for (const f of fds.threads) expect(spoolSize(f.results) + spoolSize(f.hosts)).toBeGreaterThan(0);
    for (const fd of [fds.rows, ...fds.threads.flatMap((t) => [t.results, t.hosts])]) closeSync(fd);
    removeSpoolFiles(names);
  });

  it('writes once per buffer, not once per text, and a file holds every byte given once flushed', () => {
    const names = spoolNames(tmp.dir, false, 1);
    const fds = openSpoolFiles(names);
    const w = new SpoolWriter(fds.rows);
    const given: string[] = [];
    let start = 0;
    for (let i = 0; i < 400; i += 1) {
      const t = text(i, 1 + (i % 300));
      given.push(t);
      expect(w.append(t)).toBe(start);
      start += Buffer.byteLength(t);
    }
    // Before the flush the file holds whole buffers only (each at most SPOOL_BUFFER bytes), never a text's part
    // written alone.
    expect(spoolSize(fds.rows)).toBeLessThan(w.size);
    w.flush();
    expect(spoolSize(fds.rows)).toBe(w.size);
    closeSync(fds.rows);
    expect(readFileSync(names.rows, 'utf8')).toBe(given.join(''));
    removeSpoolFiles(names);
  });

  it('has no results or hosts files when the report is no JSON, and leaves nothing behind when removed', () => {
    const names = spoolNames(tmp.dir, false, 2);
    expect(names.threads).toEqual([]);
    const fds = openSpoolFiles(names);
    closeSync(fds.rows);
    removeSpoolFiles(names);
    expect(readFileSync.bind(null, names.rows)).toThrow();
  });
});
