// A small, strict zip reader on Node's zlib: the release package is read whole into memory (it is a few MB), every
// entry's CRC-32 and size are checked, and anything unusual is refused rather than guessed at: ZIP64, encryption,
// compression other than stored/deflate, symbolic links, duplicate names, and names that could escape the target
// folder on Windows or POSIX (zip slip).
import { crc32, inflateRawSync } from 'node:zlib';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../core/errors.js';

export interface ZipEntry {
  /** The name as stored, always with forward slashes (checked by entryNameProblem). */
  name: string;
  isDirectory: boolean;
  size: number;
  /** Decompresses and checks the entry (CRC-32 and size). */
  read(): Buffer;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Unpacked size limit per entry: a zip bomb is refused before it fills memory. */
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)(\..*)?$/i;

/**
 * Why a stored name is unsafe to extract, or null. Checked for both Windows and POSIX, whatever this machine is:
 * a package built on one system is extracted on the other.
 */
export function entryNameProblem(name: string): string | null {
  if (name === '') return 'an empty name';
  if (name.includes('\\')) return 'a backslash (a path separator on Windows)';
  if (name.startsWith('/')) return 'an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'a drive letter';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f]/.test(name)) return 'a control character';
  if (/[<>:"|?*]/.test(name)) return 'a character Windows forbids in file names (< > : " | ? *)';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..')) return 'a ".." segment that climbs out of the target folder';
  if (segments.some((s) => s === '' || s === '.')) return 'an empty or "." segment';
  if (segments.some((s) => /[. ]$/.test(s))) return 'a segment ending in a dot or space (Windows would rename it)';
  if (segments.some((s) => WINDOWS_DEVICE.test(s))) return 'a Windows device name (CON, NUL, COM1...)';
  return null;
}

/** The path of `rel` inside `root`; throws when it would land outside it (defence in depth after entryNameProblem). */
export function safeJoin(root: string, rel: string): string {
  const base = resolve(root);
  const full = resolve(join(base, ...rel.split('/')));
  const back = relative(base, full);
  if (back === '' || back.startsWith('..') || isAbsolute(back) || !full.startsWith(base + sep)) {
    throw new InputError(`refusing to write ${JSON.stringify(rel)}: it resolves outside ${base}`);
  }
  return full;
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

/** Reads the central directory of `buf` and checks every name; entries are decompressed on read(). */
export function readZip(buf: Buffer, where: string): ZipEntry[] {
  const bad = (why: string) => new InputError(`${where}: ${why}`);
  if (buf.length < 22) throw bad('not a zip file (too short)');
  const eocd = findEocd(buf);
  if (eocd < 0) throw bad('not a zip file (no end of central directory)');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw bad('ZIP64 archives are not supported');
  if (buf.readUInt16LE(eocd + 4) !== 0 || buf.readUInt16LE(eocd + 6) !== 0) throw bad('multi-disk archives are not supported');
  if (cdOffset + cdSize > eocd) throw bad('corrupt zip (central directory out of range)');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw bad('corrupt zip (bad central directory entry)');
    const madeBy = buf.readUInt16LE(p + 4);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const external = buf.readUInt32LE(p + 38);
    const localOffset = buf.readUInt32LE(p + 42);
    const rawName = buf.subarray(p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;

    const utf8 = (flags & 0x800) !== 0;
    if (!utf8 && rawName.some((b) => b > 0x7f)) throw bad('an entry name is neither ASCII nor marked UTF-8');
    const name = rawName.toString('utf8');
    const shown = JSON.stringify(name);
    const problem = entryNameProblem(name);
    if (problem) throw bad(`refusing entry ${shown}: its name has ${problem} (zip slip)`);
    if ((flags & 0x1) !== 0) throw bad(`entry ${shown} is encrypted`);
    if (method !== 0 && method !== 8) throw bad(`entry ${shown} uses compression method ${method} (only stored and deflate)`);
    if (madeBy >> 8 === 3 && ((external >>> 16) & 0o170000) === 0o120000) throw bad(`refusing entry ${shown}: it is a symbolic link`);
    if (size > MAX_ENTRY_BYTES) throw bad(`entry ${shown} unpacks to ${size} bytes, more than allowed`);
    const key = name.replace(/\/$/, '').toLowerCase();
    if (names.has(key)) throw bad(`entry ${shown} appears twice (names are case-insensitive on Windows)`);
    names.add(key);

    const isDirectory = name.endsWith('/');
    entries.push({
      name, isDirectory, size,
      read() {
        if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) throw bad(`corrupt zip (bad local header for ${shown})`);
        const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
        if (start + compSize > buf.length) throw bad(`corrupt zip (data of ${shown} out of range)`);
        const raw = buf.subarray(start, start + compSize);
        let data: Buffer;
        try {
          data = method === 0 ? Buffer.from(raw) : inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
        } catch (err) {
          throw bad(`entry ${shown} cannot be decompressed (${(err as Error).message})`);
        }
        if (data.length !== size) throw bad(`entry ${shown} unpacks to ${data.length} bytes, the directory says ${size}`);
        if (crc32(data) >>> 0 !== crc) throw bad(`entry ${shown} is damaged (CRC-32 mismatch)`);
        return data;
      },
    });
  }
  return entries;
}
