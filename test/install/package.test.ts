// The release package: checksum first, then the zip (every name checked for zip slip), then the manifest and
// everything it points at. The committed sample package is exactly what its source folder builds.
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSamplePackage } from '../../scripts/make-sample-package.mjs';
import { zipEntries, type ZipInput } from '../../scripts/zip-writer.mjs';
import { secretDescription } from '../../src/install/manifest.js';
import { openPackage } from '../../src/install/package.js';
import { SAMPLE_ZIP, tempDirs } from './support/host.js';

const tmp = tempDirs('pkg');
const sampleSha = createHash('sha256').update(readFileSync(SAMPLE_ZIP)).digest('hex');
const sampleFiles = (): ZipInput[] => {
  const dir = join(SAMPLE_ZIP, '..', 'sample');
  const names = ['clickker-package.json', 'app/bin/Clickker.Sync.exe', 'app/web/bin/Clickker.Api.dll', 'app/web/health', 'app/web/index.html',
    'sql/001-schema.sql', 'sql/002-settings.sql', 'templates/Web.config.template', 'templates/clickker-sync.json.template'];
  return names.map((name) => ({ name, data: readFileSync(join(dir, ...name.split('/'))) }));
};
const writeZip = (entries: ZipInput[]) => {
  const file = join(tmp(), 'clickker-test.zip');
  writeFileSync(file, zipEntries(entries));
  return file;
};
const manifestWith = (change: (m: Record<string, unknown>) => void): ZipInput[] => sampleFiles().map((e) => {
  if (e.name !== 'clickker-package.json') return e;
  const m = JSON.parse(String(e.data)) as Record<string, unknown>;
  change(m);
  return { name: e.name, data: JSON.stringify(m) };
});

describe('the sample package', () => {
  it('is exactly what fixtures/packages/sample/ builds (npm run gen:package)', () => {
    expect(buildSamplePackage().equals(readFileSync(SAMPLE_ZIP))).toBe(true);
    expect(readFileSync(`${SAMPLE_ZIP}.sha256`, 'utf8')).toBe(`${sampleSha}  clickker-1.0.0.zip\n`);
  });
  it('opens: manifest, placed files, scripts and templates', () => {
    const pkg = openPackage(SAMPLE_ZIP);
    expect(pkg.manifest.product).toBe('Clickker Exact Synergy API');
    expect(pkg.manifest.version).toBe('1.0.0');
    expect(pkg.placed.map((p) => p.target)).toEqual(['bin/Clickker.Sync.exe', 'web/bin/Clickker.Api.dll', 'web/health', 'web/index.html']);
    expect(pkg.text('sql/001-schema.sql')).toMatch(/CREATE TABLE dbo\.Settings/);
    // The checksum file beside the zip is used when nothing else is given.
    expect(pkg.checksum).toEqual({ sha256: sampleSha, verifiedAgainst: `${SAMPLE_ZIP}.sha256` });
  });
});

describe('checksums', () => {
  it('--sha256 that matches is recorded as the source of trust (any case)', () => {
    expect(openPackage(SAMPLE_ZIP, { sha256: sampleSha.toUpperCase() }).checksum).toEqual({ sha256: sampleSha, verifiedAgainst: '--sha256' });
  });
  it('a wrong --sha256 refuses the package and says both hashes', () => {
    const wrong = sampleSha.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect(() => openPackage(SAMPLE_ZIP, { sha256: wrong })).toThrow(new RegExp(`SHA-256 mismatch: --sha256 expects ${wrong}, the file has ${sampleSha}.*nothing was changed`));
  });
  it('--sha256 must be 64 hex digits', () => {
    expect(() => openPackage(SAMPLE_ZIP, { sha256: 'abc' })).toThrow('--sha256: expected 64 hexadecimal digits');
  });
  it('a checksum file in sha256sum format: the line for this file counts', () => {
    const dir = tmp();
    const file = join(dir, 'SHA256SUMS');
    writeFileSync(file, `${'0'.repeat(64)}  other.zip\n${sampleSha} *clickker-1.0.0.zip\n`);
    expect(openPackage(SAMPLE_ZIP, { checksumFile: file }).checksum.verifiedAgainst).toBe(file);
    writeFileSync(file, `${'0'.repeat(64)}  clickker-1.0.0.zip\n`);
    expect(() => openPackage(SAMPLE_ZIP, { checksumFile: file })).toThrow(/SHA-256 mismatch/);
    writeFileSync(file, `${'0'.repeat(64)}  other.zip\n`);
    expect(() => openPackage(SAMPLE_ZIP, { checksumFile: file })).toThrow(/no line for clickker-1.0.0.zip/);
    writeFileSync(file, 'not a checksum\n');
    expect(() => openPackage(SAMPLE_ZIP, { checksumFile: file })).toThrow(/expected lines of/);
  });
  it('without any checksum the package opens unverified, and says so', () => {
    expect(openPackage(writeZip(sampleFiles())).checksum.verifiedAgainst).toBeNull();
  });
});

describe('zip slip and damaged zips are refused before anything is written', () => {
  it.each([
    ['../evil.dll', /"\.\." segment/],
    ['app/../../evil.dll', /"\.\." segment/],
    ['/etc/evil', /absolute path/],
    ['C:/Windows/System32/evil.dll', /drive letter/],
    ['app\\..\\..\\evil.dll', /backslash/],
    ['app/web/CON', /device name/],
    ['app/web/evil.dll:stream', /forbids/],
    ['app/web/evil. ', /ending in a dot or space/],
    ['app//evil', /empty or "\." segment/],
  ])('entry %j', (name, why) => {
    const file = writeZip([...sampleFiles(), { name, data: 'x' }]);
    expect(() => openPackage(file)).toThrow(why);
    expect(() => openPackage(file)).toThrow(/zip slip/);
    const nl = dutch(() => openPackage(file));
    expect(nl).toMatch(/^pakket \S+: /);
    expect(nl).toContain(`: bestand ${JSON.stringify(name)} geweigerd: de naam bevat `);
    expect(nl).toMatch(/ \(zip slip\)$/);
  });
  it('a symbolic link', () => {
    expect(() => openPackage(writeZip([...sampleFiles(), { name: 'app/web/link', data: '/etc/passwd', symlink: true }]))).toThrow(/symbolic link/);
  });
  it('two entries whose names differ only in case (one file on Windows)', () => {
    expect(() => openPackage(writeZip([...sampleFiles(), { name: 'APP/WEB/index.html', data: 'x' }]))).toThrow(/appears twice/);
  });
  it('a damaged entry (CRC-32 mismatch) is found when it is read', () => {
    const entries = sampleFiles().map((e) => (e.name === 'sql/001-schema.sql' ? { ...e, crc: 1234 } : e));
    expect(() => openPackage(writeZip(entries)).text('sql/001-schema.sql')).toThrow(/CRC-32 mismatch/);
  });
  it('a file that is not a zip', () => {
    const file = join(tmp(), 'not.zip');
    writeFileSync(file, 'PK but not really a zip file at all, just text');
    expect(() => openPackage(file)).toThrow(/not a zip file/);
  });
  it('no manifest', () => {
    expect(() => openPackage(writeZip(sampleFiles().filter((e) => e.name !== 'clickker-package.json')))).toThrow(/no clickker-package.json/);
  });
});

/** The Dutch of the one-line error `run` throws (an --lang nl run prints it); it must differ from the English. */
function dutch(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    const e = err as Error & { nl?: string };
    expect(e.nl).toBeDefined();
    expect(e.nl).not.toBe(e.message);
    return e.nl!;
  }
  throw new Error('expected an error');
}

describe('refusals of a package in Dutch (--lang nl): the reason is Dutch, names and paths are as they are', () => {
  it.each([
    ['a symbolic link', () => writeZip([...sampleFiles(), { name: 'app/web/link', data: '/etc/passwd', symlink: true }]), /: bestand "app\/web\/link" geweigerd: het is een symbolische koppeling$/],
    ['a name twice', () => writeZip([...sampleFiles(), { name: 'APP/WEB/index.html', data: 'x' }]), /: bestand "APP\/WEB\/index.html" komt twee keer voor \(namen zijn op Windows niet hoofdlettergevoelig\)$/],
    ['no manifest', () => writeZip(sampleFiles().filter((e) => e.name !== 'clickker-package.json')), /: geen clickker-package.json in de hoofdmap van de zip$/],
    ['not a zip', () => { const f = join(tmp(), 'not.zip'); writeFileSync(f, 'PK but not really a zip file at all, just text'); return f; }, /^pakket \S+not\.zip: geen zipbestand \(geen einde van de centrale map\)$/],
    ['a duplicate task', () => writeZip(manifestWith((m) => { const t = m.scheduledTasks as unknown[]; t.push(t[0]); })), /clickker-package.json: geplande taak "Clickker Nightly Cleanup" is twee keer gedeclareerd$/],
    ['a missing script', () => writeZip(manifestWith((m) => { (m.database as { scripts: string[] }).scripts.push('sql/003-missing.sql'); })), /: SQL-script "sql\/003-missing.sql" zit niet in het pakket$/],
    ['an undeclared secret', () => writeZip(manifestWith((m) => { (m.secrets as unknown[]).length = 0; })), /: sjabloon templates\/\S+: \{\{secret.cloudApiKey\}\} noemt een geheim dat het manifest niet declareert$/],
  ])('%s', (_what, make, why) => {
    const file = make();
    expect(dutch(() => openPackage(file))).toMatch(why);
  });
  it('a damaged entry, found when it is read', () => {
    const entries = sampleFiles().map((e) => (e.name === 'sql/001-schema.sql' ? { ...e, crc: 1234 } : e));
    const pkg = openPackage(writeZip(entries));
    expect(dutch(() => pkg.text('sql/001-schema.sql'))).toMatch(/: bestand "sql\/001-schema.sql" is beschadigd \(CRC-32 klopt niet\)$/);
  });
});

describe('a secret\'s description', () => {
  it('may be English and Dutch: the sample package says both', () => {
    expect(openPackage(SAMPLE_ZIP).manifest.secrets[0]!.description).toEqual({
      en: 'the Clickker cloud API key (from cloud.clickker.nl)', nl: 'de API-sleutel van Clickker Cloud (van cloud.clickker.nl)',
    });
  });
  it('may be one text, as manifests before it could be bilingual have it (shown as it is in both languages)', () => {
    const pkg = openPackage(writeZip(manifestWith((m) => { m.secrets = [{ name: 'cloudApiKey', description: 'the API key' }]; })));
    expect(secretDescription(pkg.manifest.secrets[0]!)).toEqual({ en: 'the API key', nl: 'the API key' });
  });
  it.each([
    ['only one language', { en: 'the API key' }, /secrets\[0\]\.description/],
    ['another language', { en: 'the API key', nl: 'de API-sleutel', de: 'der API-Schlüssel' }, /secrets\[0\]\.description/],
    ['an empty Dutch text', { en: 'the API key', nl: '' }, /secrets\[0\]\.description/],
    ['a line break', 'the API key\nsecond line', /secrets\[0\]\.description/],
  ])('is refused with %s', (_what, description, why) => {
    expect(() => openPackage(writeZip(manifestWith((m) => { m.secrets = [{ name: 'cloudApiKey', description }]; })))).toThrow(why);
  });
});

describe('the manifest', () => {
  it.each([
    ['schema', (m: Record<string, unknown>) => { m.schema = 'clickker.package/v2'; }, /schema: expected "clickker.package\/v1"/],
    ['an unknown key', (m: Record<string, unknown>) => { m.postInstall = 'format c:'; }, /postInstall/],
    ['a pool name with a wildcard', (m: Record<string, unknown>) => { (m.iis as { appPool: { name: string } }).appPool.name = 'Click*'; }, /application pool: letters/],
    ['a service name with a quote', (m: Record<string, unknown>) => { (m.services as { name: string }[])[0]!.name = "Clickker'Sync"; }, /service name: letters/],
    ['a script that is not in the zip', (m: Record<string, unknown>) => { (m.database as { scripts: string[] }).scripts.push('sql/003-missing.sql'); }, /SQL script "sql\/003-missing.sql" is not in the package/],
    ['a script path that climbs out', (m: Record<string, unknown>) => { (m.database as { scripts: string[] }).scripts.push('../x.sql'); }, /relative path/],
    ['a service whose executable is not placed', (m: Record<string, unknown>) => { (m.services as { executable: string }[])[0]!.executable = 'bin/missing.exe'; }, /executable "bin\/missing.exe" is not among the files placed/],
    ['a duplicate task', (m: Record<string, unknown>) => { const t = m.scheduledTasks as unknown[]; t.push(t[0]); }, /scheduled task "Clickker Nightly Cleanup" is declared twice/],
    ['a template placeholder that is not known', (m: Record<string, unknown>) => { (m.secrets as unknown[]).length = 0; }, /\{\{secret.cloudApiKey\}\} names a secret the manifest does not declare/],
    ['a secret in a verification URL', (m: Record<string, unknown>) => { (m.verify as { url: string }[])[0]!.url = '{{baseUrl}}/x?k={{secret.cloudApiKey}}'; }, /may not hold a secret/],
    ['a bad version', (m: Record<string, unknown>) => { m.version = 'latest'; }, /version: expected a version/],
  ])('refuses %s, naming where', (_what, change, why) => {
    expect(() => openPackage(writeZip(manifestWith(change)))).toThrow(why);
  });
  it('refuses a config file that is also a placed file', () => {
    expect(() => openPackage(writeZip(manifestWith((m) => { (m.configFiles as { target: string }[])[0]!.target = 'web/index.html'; })))).toThrow(/also placed as a plain file/);
  });
});

describe('interoperability with real zip tools (Info-ZIP zip and unzip, from Debian)', () => {
  it('unzip -t accepts the sample package and a zip from the test writer', () => {
    const r = spawnSync('unzip', ['-t', SAMPLE_ZIP], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/No errors detected in compressed data/);
    expect(r.stdout.match(/^\s+testing: .* OK$/gm)).toHaveLength(9);
  });
  it('a package made by zip -r from the same folder opens with the same files and contents', () => {
    const dir = tmp();
    const file = join(dir, 'from-info-zip.zip');
    const r = spawnSync('zip', ['-r', '-X', '-9', file, '.'], { cwd: join(SAMPLE_ZIP, '..', 'sample'), encoding: 'utf8' });
    expect(r.status).toBe(0);
    const theirs = openPackage(file);
    const ours = openPackage(SAMPLE_ZIP);
    expect(theirs.manifest).toEqual(ours.manifest);
    expect(theirs.placed.map((p) => [p.target, p.entry.read().toString('base64')])).toEqual(ours.placed.map((p) => [p.target, p.entry.read().toString('base64')]));
  });
});
