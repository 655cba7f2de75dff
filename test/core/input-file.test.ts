// Reading a named file (src/core/input-file.ts): readInputText reads into one kept buffer and stops when the file's
// size is read (issue 17). What it returns must be each file's own bytes, whatever was read before, and no buffer
// handed out may be written over by a later read.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readInputBytes, readInputText, ReadWatch, SNAPSHOT_MAX_BYTES } from '../../src/core/input-file.js';
import { scratch } from '../support/tmp.js';

const tmp = scratch('input-file');
/** A text of `n` characters that differs at every position from one made with another `seed`. */
const textOf = (n: number, seed: string) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((i + seed.charCodeAt(0)) % 26))).join('');

describe('readInputText', () => {
  it('returns each file\'s own text whatever size was read before it', () => {
    // Across the kept buffer's first size (64 KiB), past what it keeps (1 MiB), and back to small: a short file read
    // after a long one must not carry the long one's tail.
    const sizes = [0, 1, 100, 4095, 65535, 65536, 70_000, 3, 1024 * 1024 + 5, 2 * 1024 * 1024, 17, 65536, 0, 250_000, 9];
    sizes.forEach((n, i) => {
      const text = textOf(n, String.fromCharCode(65 + i));
      const file = tmp.write(`f${i}.json`, text);
      expect(readInputText(file, `file ${i}`, SNAPSHOT_MAX_BYTES)).toBe(text);
    });
  });

  it('decodes the encodings Windows writes from the kept buffer as before', () => {
    const text = `{"host":"SRV-ÄÖ-01","x":"${textOf(5000, 'q')}"}`;
    const bom8 = tmp.write('bom8.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
    const le = tmp.write('le.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const plain = tmp.write('plain.json', text);
    for (const f of [le, bom8, plain, le]) expect(readInputText(f, 'doc', SNAPSHOT_MAX_BYTES)).toBe(text);
  });

  it('never writes over bytes handed out before: readInputBytes\'s buffer and Node\'s shared pool', () => {
    const a = tmp.write('a.json', 'A'.repeat(3000));
    const bytes = readInputBytes(a, 'a', SNAPSHOT_MAX_BYTES);
    const pooled = Buffer.from('pooled bytes'); // a slice of Node's shared pool, as small buffers are
    for (let i = 0; i < 3; i += 1) readInputText(tmp.write(`b${i}.json`, 'B'.repeat(2000 + i * 40_000)), 'b', SNAPSHOT_MAX_BYTES);
    expect(bytes.toString()).toBe('A'.repeat(3000));
    expect(pooled.toString()).toBe('pooled bytes');
  });

  it('reads a file that reports size 0 (/proc) to its end', () => {
    const text = readInputText('/proc/self/status', 'status', SNAPSHOT_MAX_BYTES);
    expect(text).toMatch(/^Name:/);
    expect(text).toMatch(/\nVmRSS:[^\n]*\n[\s\S]*\n$/);
  });

  it('reads a regular file with one read: the size fstat gave is its end (the built module, in a child Node)', () => {
    // The child counts readSync calls through node:fs (syncBuiltinESMExports carries the wrapper to ES module imports).
    const file = tmp.write('snap.json', readFileSync('fixtures/hosts/ws2019-ready.json'));
    const script = [
      "import fs from 'node:fs';",
      "import { syncBuiltinESMExports } from 'node:module';",
      'let reads = 0;',
      'const readSync = fs.readSync;',
      'fs.readSync = (...args) => { reads += 1; return readSync(...args); };',
      'syncBuiltinESMExports();',
      "const { readInputText, SNAPSHOT_MAX_BYTES } = await import('./dist/src/core/input-file.js');",
      'const counts = [];',
      `for (const f of [${JSON.stringify(file)}, '/proc/self/status']) { reads = 0; readInputText(f, 'x', SNAPSHOT_MAX_BYTES); counts.push(reads); }`,
      'console.log(JSON.stringify(counts));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const [regular, proc] = JSON.parse(out) as [number, number];
    expect(regular).toBe(1);
    expect(proc).toBeGreaterThan(1); // size 0: read until a read finds nothing
  });
});

describe('ReadWatch', () => {
  // Session 6: a fleet's report is not compared with each of its thousands of snapshots at the end; the reads' own look
  // at each file (device and inode) tells whether one of them was the report file (src/cli/write-file.ts).
  it('tells whether the watched file was read, by any name, while it watched', () => {
    const report = tmp.write('watched-report.json', '{"old": true}');
    const other = tmp.write('watched-other.json', '{"host": "A"}');
    const link = join(tmp.dir, 'watched-link.json');
    symlinkSync(report, link);
    expect(ReadWatch.of(join(tmp.dir, 'no-such-report.json'))).toBeNull();

    const watch = ReadWatch.of(report)!;
    const reportSt = statSync(report);
    readInputText(other, 'other', SNAPSHOT_MAX_BYTES);
    expect(watch.unreadAs(reportSt)).toBe(true);
    // Another file than the one watched: not the same, whatever was read.
    expect(watch.unreadAs(statSync(other))).toBe(false);
    readInputText(link, 'link', SNAPSHOT_MAX_BYTES);
    expect(watch.unreadAs(reportSt)).toBe(false);
    watch.stop();

    // Stopped: reads are no longer seen.
    const later = ReadWatch.of(report)!;
    later.stop();
    readInputText(report, 'report', SNAPSHOT_MAX_BYTES);
    expect(later.unreadAs(reportSt)).toBe(true);
  });
});
