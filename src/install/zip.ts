// A small, strict zip reader on Node's zlib: the release package is read whole into memory (it is a few MB), every
// entry's CRC-32 and size are checked, and anything unusual is refused rather than guessed at: ZIP64, encryption,
// compression other than stored/deflate, symbolic links, duplicate names, and names that could escape the target
// folder on Windows or POSIX (zip slip).
import { crc32, inflateRawSync } from 'node:zlib';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../core/errors.js';
import { say, type Msg } from '../core/text.js';

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
export function entryNameProblem(name: string): Msg | null {
  if (name === '') return say('an empty name', 'een lege naam');
  if (name.includes('\\')) return say('a backslash (a path separator on Windows)', 'een backslash (een padscheidingsteken op Windows)');
  if (name.startsWith('/')) return say('an absolute path', 'een absoluut pad');
  if (/^[A-Za-z]:/.test(name)) return say('a drive letter', 'een stationsletter');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f]/.test(name)) return say('a control character', 'een stuurteken');
  if (/[<>:"|?*]/.test(name)) return say('a character Windows forbids in file names (< > : " | ? *)', 'een teken dat Windows in bestandsnamen verbiedt (< > : " | ? *)');
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..')) return say('a ".." segment that climbs out of the target folder', 'een ".."-deel dat uit de doelmap klimt');
  if (segments.some((s) => s === '' || s === '.')) return say('an empty or "." segment', 'een leeg of "."-deel');
  if (segments.some((s) => /[. ]$/.test(s))) return say('a segment ending in a dot or space (Windows would rename it)', 'een deel dat eindigt op een punt of spatie (Windows zou het hernoemen)');
  if (segments.some((s) => WINDOWS_DEVICE.test(s))) return say('a Windows device name (CON, NUL, COM1...)', 'een Windows-apparaatnaam (CON, NUL, COM1...)');
  return null;
}

/** The path of `rel` inside `root`; throws when it would land outside it (defence in depth after entryNameProblem). */
export function safeJoin(root: string, rel: string): string {
  const base = resolve(root);
  const full = resolve(join(base, ...rel.split('/')));
  const back = relative(base, full);
  if (back === '' || back.startsWith('..') || isAbsolute(back) || !full.startsWith(base + sep)) {
    throw new InputError(say(`refusing to write ${JSON.stringify(rel)}: it resolves outside ${base}`, `${JSON.stringify(rel)} wordt niet geschreven: het pad valt buiten ${base}`));
  }
  return full;
}

function findEocd(buf: Buffer): number {
  const min = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= min; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  return -1;
}

/** Reads the central directory of `buf` and checks every name; entries are decompressed on read(). `where` names the zip. */
export function readZip(buf: Buffer, where: Msg): ZipEntry[] {
  const bad = (en: string, nl: string) => new InputError(say(`${where.en}: ${en}`, `${where.nl}: ${nl}`));
  if (buf.length < 22) throw bad('not a zip file (too short)', 'geen zipbestand (te kort)');
  const eocd = findEocd(buf);
  if (eocd < 0) throw bad('not a zip file (no end of central directory)', 'geen zipbestand (geen einde van de centrale map)');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw bad('ZIP64 archives are not supported', 'ZIP64-archieven worden niet ondersteund');
  if (buf.readUInt16LE(eocd + 4) !== 0 || buf.readUInt16LE(eocd + 6) !== 0) throw bad('multi-disk archives are not supported', 'archieven over meerdere schijven worden niet ondersteund');
  if (cdOffset + cdSize > eocd) throw bad('corrupt zip (central directory out of range)', 'beschadigde zip (centrale map buiten het bestand)');

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw bad('corrupt zip (bad central directory entry)', 'beschadigde zip (ongeldige vermelding in de centrale map)');
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
    if (!utf8 && rawName.some((b) => b > 0x7f)) throw bad('an entry name is neither ASCII nor marked UTF-8', 'een naam in de zip is geen ASCII en niet als UTF-8 gemarkeerd');
    const name = rawName.toString('utf8');
    const shown = JSON.stringify(name);
    const problem = entryNameProblem(name);
    if (problem) throw bad(`refusing entry ${shown}: its name has ${problem.en} (zip slip)`, `bestand ${shown} geweigerd: de naam bevat ${problem.nl} (zip slip)`);
    if ((flags & 0x1) !== 0) throw bad(`entry ${shown} is encrypted`, `bestand ${shown} is versleuteld`);
    if (method !== 0 && method !== 8) throw bad(`entry ${shown} uses compression method ${method} (only stored and deflate)`, `bestand ${shown} gebruikt compressiemethode ${method} (alleen stored en deflate)`);
    if (madeBy >> 8 === 3 && ((external >>> 16) & 0o170000) === 0o120000) throw bad(`refusing entry ${shown}: it is a symbolic link`, `bestand ${shown} geweigerd: het is een symbolische koppeling`);
    if (size > MAX_ENTRY_BYTES) throw bad(`entry ${shown} unpacks to ${size} bytes, more than allowed`, `bestand ${shown} wordt uitgepakt tot ${size} bytes, meer dan toegestaan`);
    const key = name.replace(/\/$/, '').toLowerCase();
    if (names.has(key)) throw bad(`entry ${shown} appears twice (names are case-insensitive on Windows)`, `bestand ${shown} komt twee keer voor (namen zijn op Windows niet hoofdlettergevoelig)`);
    names.add(key);

    const isDirectory = name.endsWith('/');
    entries.push({
      name, isDirectory, size,
      read() {
        if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) throw bad(`corrupt zip (bad local header for ${shown})`, `beschadigde zip (ongeldige lokale header van ${shown})`);
        const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
        if (start + compSize > buf.length) throw bad(`corrupt zip (data of ${shown} out of range)`, `beschadigde zip (gegevens van ${shown} buiten het bestand)`);
        const raw = buf.subarray(start, start + compSize);
        let data: Buffer;
        try {
          data = method === 0 ? Buffer.from(raw) : inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
        } catch (err) {
          // zlib's own words ("invalid stored block lengths"...), quoted as they are.
          const why = (err as Error).message;
          throw bad(`entry ${shown} cannot be decompressed (${why})`, `bestand ${shown} kan niet worden uitgepakt (${why})`);
        }
        if (data.length !== size) throw bad(`entry ${shown} unpacks to ${data.length} bytes, the directory says ${size}`, `bestand ${shown} wordt uitgepakt tot ${data.length} bytes, de centrale map zegt ${size}`);
        if (crc32(data) >>> 0 !== crc) throw bad(`entry ${shown} is damaged (CRC-32 mismatch)`, `bestand ${shown} is beschadigd (CRC-32 klopt niet)`);
        return data;
      },
    });
  }
  return entries;
}
