import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { packagePath } from '../../src/core/paths.js';
import { loadSnapshot, parseSnapshot, SNAPSHOT_SCHEMA } from '../../src/facts/snapshot.js';
import { osFact } from '../../src/facts/os.js';
import { windowsFeaturesFact } from '../../src/facts/windows-features.js';
import { serverFeatures } from '../support/ps-data.js';
import { failed, ok, snapshotDoc } from '../support/snapshot.js';
import { scratch } from '../support/tmp.js';

const tmp = scratch('snapshot');
const READY = readFileSync(packagePath('fixtures', 'hosts', 'ws2019-ready.json'), 'utf8');

/** The InputError a load throws, checked to be one line. */
function loadError(file: string): string {
  try {
    loadSnapshot(file);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error(`${file} loaded without an error`);
}
const withDoc = (name: string, doc: unknown) => tmp.write(name, JSON.stringify(doc));

describe('loadSnapshot', () => {
  it('loads a snapshot and seeds the parsed facts', () => {
    const s = loadSnapshot(tmp.write('ok.json', READY));
    expect(s.snapshot.schema).toBe(SNAPSHOT_SCHEMA);
    expect(s.facts.host).toBe('SYNERGY01');
    expect(s.facts.read(osFact)).toMatchObject({ BuildNumber: 17763, ProductType: 3, LastBootUpTime: '2026-11-09T04:12:37.000Z' });
    expect(s.file).toMatch(/ok\.json$/);
  });

  it('accepts a UTF-8 byte order mark (Windows PowerShell 5.1 writes one)', () => {
    const file = tmp.write('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(READY)]));
    expect(loadSnapshot(file).snapshot.host).toBe('SYNERGY01');
  });

  it('a file that does not exist', () => {
    const file = `${tmp.dir}/nope.json`;
    expect(loadError(file)).toBe(`snapshot ${file}: cannot read it (ENOENT)`);
  });

  it.each([['empty.json', ''], ['blank.json', ' \r\n\t ']])('an empty file (%s)', (name, content) => {
    const file = tmp.write(name, content);
    expect(loadError(file)).toBe(`snapshot ${file}: the file is empty`);
  });

  it('invalid JSON names the file', () => {
    const file = tmp.write('broken.json', '{ "schema": "clickker.snapshot/v1", }');
    expect(loadError(file)).toMatch(new RegExp(`^snapshot ${file.replace(/[.\\/]/g, '\\$&')}: not valid JSON \\(`));
  });

  it('a truncated file (collector killed half-way)', () => {
    const file = tmp.write('truncated.json', READY.slice(0, 500));
    expect(loadError(file)).toMatch(/: not valid JSON \(/);
  });

  it('the wrong schema id', () => {
    const file = withDoc('v2.json', { ...JSON.parse(READY), schema: 'clickker.snapshot/v2' });
    expect(loadError(file)).toBe(`snapshot ${file}: schema is "clickker.snapshot/v2", expected "clickker.snapshot/v1"`);
  });

  it('another kind of document altogether', () => {
    const file = tmp.write('req.json', readFileSync(packagePath('requirements', 'synergy-api.json')));
    expect(loadError(file)).toBe(`snapshot ${file}: schema is "clickker.requirements/v1", expected "clickker.snapshot/v1"`);
  });

  it.each([
    ['no schema at all', (d: Record<string, unknown>) => { delete d.schema; }, 'at schema: '],
    ['a date that is not one', (d: Record<string, unknown>) => { d.collectedAt = 'last Tuesday'; }, 'at collectedAt: expected an ISO-8601 date'],
    ['an empty host name', (d: Record<string, unknown>) => { d.host = ''; }, 'at host: '],
    ['a probe record without ok', (d: Record<string, unknown>) => { (d.probes as Record<string, unknown>).os = { data: {}, ms: 3 }; }, 'at probes.os: expected { "ok": true, "data", "ms" } or { "ok": false, "error": { "kind", "message" }, "ms" }'],
    ['a negative duration', (d: Record<string, unknown>) => { (d.probes as Record<string, { ms: number }>).os!.ms = -1; }, 'at probes.os'],
  ])('an envelope with %s', (_what, change, message) => {
    const doc = JSON.parse(READY) as Record<string, unknown>;
    change(doc);
    const file = withDoc('envelope.json', doc);
    expect(loadError(file)).toContain(`snapshot ${file}: ${message}`);
  });

  it('a top-level array or null', () => {
    expect(loadError(tmp.write('array.json', '[]'))).toMatch(/: at \(top level\): /);
    expect(loadError(tmp.write('null.json', 'null'))).toMatch(/: at \(top level\): /);
  });

  describe('malformed probe data names the file and the JSON path', () => {
    it('probes.windowsFeatures.data[3].InstallState', () => {
      const doc = JSON.parse(READY);
      doc.probes.windowsFeatures.data[3].InstallState = 4;
      const file = withDoc('features.json', doc);
      expect(loadError(file)).toMatch(new RegExp(`^snapshot .*features\\.json: malformed probe data at probes\\.windowsFeatures\\.data\\[3\\]\\.InstallState: `));
    });

    it('a probe id with a dot is quoted: probes["network.endpoints"].data.endpoints[1].url', () => {
      const doc = JSON.parse(READY);
      doc.probes['network.endpoints'].data.endpoints[1].url = 42;
      expect(loadError(withDoc('net.json', doc))).toMatch(/malformed probe data at probes\["network\.endpoints"\]\.data\.endpoints\[1\]\.url: /);
    });

    it('a [System.Version] that is not one', () => {
      const doc = JSON.parse(READY);
      doc.probes.powershell.data.PSVersion = 'five point one';
      expect(loadError(withDoc('ps.json', doc))).toMatch(/at probes\.powershell\.data\.PSVersion: expected a version such as 5\.1\.14393\.5582$/);
    });

    it('a ProductType out of range', () => {
      const doc = JSON.parse(READY);
      doc.probes.os.data.ProductType = 4;
      expect(loadError(withDoc('os.json', doc))).toMatch(/at probes\.os\.data\.ProductType: /);
    });

    it('a certificate date that is not a date', () => {
      const doc = JSON.parse(READY);
      doc.probes.iisSites.data[0].Bindings[1].Certificate.NotAfter = 'soon';
      expect(loadError(withDoc('cert.json', doc))).toMatch(/at probes\.iisSites\.data\[0\]\.Bindings\[1\]\.Certificate\.NotAfter: expected a date/);
    });
  });
});

describe('parseSnapshot', () => {
  it('does not validate the data of failed probes or of probe ids it does not know', () => {
    const s = parseSnapshot(snapshotDoc({ windowsFeatures: failed('not-found', 'not recognized'), 'future.probe': ok({ anything: [1, 2] }) }), 'x.json');
    expect(Object.keys(s.snapshot.probes)).toEqual(['windowsFeatures', 'future.probe']);
  });

  it('normalises PS 5.1 shapes once, at load', () => {
    const s = parseSnapshot(snapshotDoc({ windowsFeatures: ok(serverFeatures()[0]) }), 'x.json');
    expect(s.facts.read(windowsFeaturesFact)).toEqual([{ Name: 'Web-Server', DisplayName: 'Server', Installed: true, InstallState: 'Installed' }]);
  });

  it('names the file in every error', () => {
    expect(() => parseSnapshot({ schema: 'x' }, 'C:\\snapshots\\EXACT01.json')).toThrow('snapshot C:\\snapshots\\EXACT01.json: schema is "x"');
  });
});
