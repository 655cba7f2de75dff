// Opening a release package: checksum first (before a byte of it is trusted), then the zip's directory with every
// name checked (zip slip), then the manifest, then everything the manifest points at must be inside the zip.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../core/errors.js';
import { say, type Msg } from '../core/text.js';
import { MANIFEST_NAME, parseManifest, type Manifest } from './manifest.js';
import { placeholderProblem, placeholders } from './template.js';
import { readZip, type ZipEntry } from './zip.js';

export interface ChecksumInput {
  /** --sha256 HEX */
  sha256?: string;
  /** --checksum-file FILE (sha256sum format, or just the hash) */
  checksumFile?: string;
}

export interface Checksum {
  sha256: string;
  /** Where the expected hash came from; null when nothing was given (the package is then unverified). */
  verifiedAgainst: string | null;
}

/** A file of the package and where it goes, relative to the install folder. */
export interface PlacedFile {
  entry: ZipEntry;
  target: string;
}

export interface OpenedPackage {
  file: string;
  manifest: Manifest;
  checksum: Checksum;
  /** The files the `files` mappings place, in a stable order. */
  placed: PlacedFile[];
  /** Reads a file of the package by its name in the zip (scripts, templates). */
  text(name: string): string;
}

const HEX64 = /^[0-9a-fA-F]{64}$/;

function expectedFromFile(file: string, pkg: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(say(`checksum file ${file}: cannot read it (${code})`, `checksumbestand ${file}: kan het niet lezen (${code})`));
  }
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const parsed = lines.map((l) => /^([0-9a-fA-F]{64})(?:\s+\*?(.+))?$/.exec(l));
  if (parsed.some((m) => m === null) || parsed.length === 0) throw new InputError(say(`checksum file ${file}: expected lines of "<64 hex digits>  <file name>"`, `checksumbestand ${file}: verwacht regels als "<64 hexadecimale tekens>  <bestandsnaam>"`));
  const named = parsed.filter((m) => m![2] !== undefined && basename(m![2]) === basename(pkg));
  if (named.length === 1) return named[0]![1]!.toLowerCase();
  if (parsed.length === 1 && parsed[0]![2] === undefined) return parsed[0]![1]!.toLowerCase();
  throw new InputError(say(`checksum file ${file}: no line for ${basename(pkg)}`, `checksumbestand ${file}: geen regel voor ${basename(pkg)}`));
}

export function verifyChecksum(bytes: Buffer, file: string, input: ChecksumInput): Checksum {
  const actual = createHash('sha256').update(bytes).digest('hex');
  let expected: string | undefined;
  let source: string | null = null;
  if (input.sha256 !== undefined) {
    if (!HEX64.test(input.sha256)) throw new InputError(say('--sha256: expected 64 hexadecimal digits', '--sha256: verwacht 64 hexadecimale tekens'));
    expected = input.sha256.toLowerCase();
    source = '--sha256';
  } else {
    const beside = `${file}.sha256`;
    const chosen = input.checksumFile ?? (existsSync(beside) ? beside : undefined);
    if (chosen) {
      expected = expectedFromFile(chosen, file);
      source = chosen;
    }
  }
  if (expected !== undefined && expected !== actual) {
    throw new InputError(say(
      `package ${file}: SHA-256 mismatch: ${source} expects ${expected}, the file has ${actual}. The download is damaged or not the release you meant; nothing was changed`,
      `pakket ${file}: SHA-256 komt niet overeen: ${source} verwacht ${expected}, het bestand heeft ${actual}. De download is beschadigd of niet de bedoelde release; er is niets gewijzigd`,
    ));
  }
  return { sha256: actual, verifiedAgainst: source };
}

function checkReferences(m: Manifest, byName: Map<string, ZipEntry>, placed: PlacedFile[], where: Msg, text: (n: string) => string): void {
  const bad = (en: string, nl: string) => new InputError(say(`${where.en}: ${en}`, `${where.nl}: ${nl}`));
  const need = (name: string, what: Msg) => {
    const e = byName.get(name);
    if (!e || e.isDirectory) throw bad(`${what.en} ${JSON.stringify(name)} is not in the package`, `${what.nl} ${JSON.stringify(name)} zit niet in het pakket`);
  };
  for (const f of m.files) {
    if (!placed.some((p) => p.entry.name.startsWith(f.from))) {
      throw bad(`files: nothing in the package under ${JSON.stringify(f.from || '(root)')}`, `files: niets in het pakket onder ${JSON.stringify(f.from || '(hoofdmap)')}`);
    }
  }
  for (const s of m.database?.scripts ?? []) need(s, say('SQL script', 'SQL-script'));
  for (const [script, undo] of Object.entries(m.database?.undoScripts ?? {})) {
    if (!(m.database?.scripts ?? []).includes(script)) {
      throw bad(`database.undoScripts: ${JSON.stringify(script)} is not one of database.scripts`, `database.undoScripts: ${JSON.stringify(script)} is geen van de database.scripts`);
    }
    need(undo, say('SQL undo script', 'SQL-script om ongedaan te maken'));
  }
  const targets = new Set(placed.map((p) => p.target.toLowerCase()));
  for (const s of [...m.services, ...m.scheduledTasks]) {
    if (!targets.has(s.executable.toLowerCase())) {
      const [name, exe] = [JSON.stringify(s.name), JSON.stringify(s.executable)];
      throw bad(`${name}: executable ${exe} is not among the files placed`, `${name}: programma ${exe} is niet een van de geplaatste bestanden`);
    }
  }
  if (m.iis) {
    const dir = m.iis.application.physicalPath;
    if (dir !== '' && !placed.some((p) => p.target.toLowerCase().startsWith(`${dir.toLowerCase()}/`))) {
      throw bad(`iis.application.physicalPath ${JSON.stringify(dir)} holds none of the files placed`, `iis.application.physicalPath ${JSON.stringify(dir)} bevat geen van de geplaatste bestanden`);
    }
  }
  const secrets = m.secrets.map((s) => s.name);
  for (const c of m.configFiles) {
    need(c.template, say('template', 'sjabloon'));
    if (targets.has(c.target.toLowerCase())) {
      throw bad(`config file ${JSON.stringify(c.target)} is also placed as a plain file`, `configuratiebestand ${JSON.stringify(c.target)} wordt ook als gewoon bestand geplaatst`);
    }
    for (const p of placeholders(text(c.template))) {
      const problem = placeholderProblem(p, secrets);
      if (problem) throw bad(`template ${c.template}: ${problem.en}`, `sjabloon ${c.template}: ${problem.nl}`);
    }
  }
  for (const v of m.verify) {
    for (const p of placeholders(v.url)) {
      if (p.startsWith('secret.')) throw bad(`verify ${v.name}: a URL may not hold a secret`, `verify ${v.name}: een URL mag geen geheim bevatten`);
      const problem = placeholderProblem(p, []);
      if (problem) throw bad(`verify ${v.name}: ${problem.en}`, `verify ${v.name}: ${problem.nl}`);
    }
  }
}

/** Opens and checks a package; nothing on the machine is touched. */
export function openPackage(file: string, checksum: ChecksumInput = {}): OpenedPackage {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(say(`package ${file}: cannot read it (${code})`, `pakket ${file}: kan het niet lezen (${code})`));
  }
  const sum = verifyChecksum(bytes, file, checksum);
  const where = say(`package ${file}`, `pakket ${file}`);
  const entries = readZip(bytes, where);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const manifestEntry = byName.get(MANIFEST_NAME);
  if (!manifestEntry) throw new InputError(say(`${where.en}: no ${MANIFEST_NAME} at the top of the zip`, `${where.nl}: geen ${MANIFEST_NAME} in de hoofdmap van de zip`));
  const manifest = parseManifest(manifestEntry.read().toString('utf8'), say(`${where.en}: ${MANIFEST_NAME}`, `${where.nl}: ${MANIFEST_NAME}`));
  const cache = new Map<string, string>();
  const text = (name: string): string => {
    if (!cache.has(name)) {
      const e = byName.get(name);
      if (!e) throw new InputError(say(`${where.en}: ${JSON.stringify(name)} is not in the package`, `${where.nl}: ${JSON.stringify(name)} zit niet in het pakket`));
      cache.set(name, e.read().toString('utf8').replace(/^\uFEFF/, ''));
    }
    return cache.get(name)!;
  };

  const placed: PlacedFile[] = [];
  const seen = new Map<string, string>();
  for (const f of manifest.files) {
    for (const e of entries) {
      if (e.isDirectory || !e.name.startsWith(f.from) || e.name === MANIFEST_NAME) continue;
      const rest = e.name.slice(f.from.length);
      const target = f.to === '' ? rest : `${f.to.replace(/\/$/, '')}/${rest}`;
      const key = target.toLowerCase();
      if (seen.has(key)) throw new InputError(say(`${where.en}: ${e.name} and ${seen.get(key)} would both be placed at ${target}`, `${where.nl}: ${e.name} en ${seen.get(key)} zouden allebei op ${target} worden geplaatst`));
      seen.set(key, e.name);
      placed.push({ entry: e, target });
    }
  }
  placed.sort((a, b) => (a.target < b.target ? -1 : a.target > b.target ? 1 : 0));
  checkReferences(manifest, byName, placed, where, text);
  return { file, manifest, checksum: sum, placed, text };
}
