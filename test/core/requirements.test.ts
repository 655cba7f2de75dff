import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { packagePath } from '../../src/core/paths.js';
import { DEFAULT_REQUIREMENTS, loadRequirements, parseRequirements } from '../../src/core/requirements.js';
import { scratch } from '../support/tmp.js';

const tmp = scratch('requirements');
/** A requirements document as plain JSON, to break on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
const SHIPPED = readFileSync(packagePath('requirements', 'synergy-api.json'), 'utf8');

function loadError(file: string): string {
  try {
    loadRequirements(file);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    return message;
  }
  throw new Error(`${file} loaded without an error`);
}
function edited(change: (doc: Loose) => void): string {
  const doc = JSON.parse(SHIPPED);
  change(doc);
  return tmp.write('edited.json', JSON.stringify(doc));
}

describe('loadRequirements', () => {
  it('loads the shipped file by default, with its source and fingerprint', () => {
    const r = loadRequirements();
    expect(r.source).toBe(DEFAULT_REQUIREMENTS);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.requirements.schema).toBe('clickker.requirements/v1');
    expect(r.requirements.checks).toEqual({});
  });

  it('loads a given file, shown as given; the same bytes give the same fingerprint', () => {
    const file = tmp.write('copy.json', SHIPPED);
    const r = loadRequirements(file);
    expect(r.source).toBe(file);
    expect(r.sha256).toBe(loadRequirements().sha256);
  });

  it('accepts a UTF-8 byte order mark', () => {
    const file = tmp.write('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SHIPPED)]));
    expect(loadRequirements(file).requirements.synergy.supportedReleases).toEqual([502, 503, 504]);
  });

  describe('a bad file gives one line that names it', () => {
    it('missing', () => {
      expect(loadError(`${tmp.dir}/none.json`)).toBe(`requirements file ${tmp.dir}/none.json: cannot read it (ENOENT)`);
    });

    it('empty', () => {
      const file = tmp.write('empty.json', '');
      expect(loadError(file)).toBe(`requirements file ${file}: the file is empty`);
    });

    it('not JSON', () => {
      const file = tmp.write('bad.json', '{\n  "schema": "clickker.requirements/v1",\n  oops\n}');
      expect(loadError(file)).toMatch(new RegExp(`^requirements file .*bad\\.json: not valid JSON \\(`));
    });

    it.each([
      ['a number as a string', (d: Loose) => { d.os.minBuild = '14393'; }, 'at os.minBuild: '],
      ['a plain-HTTP endpoint', (d: Loose) => { d.endpoints.synergy[0].url = 'http://www.clickker.nl'; }, 'at endpoints.synergy[0].url: '],
      ['a confirmation id of the wrong form', (d: Loose) => { d.confirmations[0].id = 'permissions'; }, 'at confirmations[0].id: a confirmation id looks like confirm.some-thing'],
      ['an IIS name that is not a Web-* name', (d: Loose) => { d.iis.roleServices[2].name = 'IIS-HttpErrors'; }, 'at iis.roleServices[2].name: '],
      ['no supported release', (d: Loose) => { d.synergy.supportedReleases = []; }, 'at synergy.supportedReleases: '],
      ['an unknown severity override', (d: Loose) => { d.checks = { 'os.version': { severity: 'fatal' } }; }, 'at checks["os.version"].severity: '],
      ['another schema', (d: Loose) => { d.schema = 'clickker.requirements/v2'; }, 'at schema: '],
    ])('%s', (_what, change, message) => {
      const file = edited(change);
      expect(loadError(file)).toContain(`requirements file ${file}: ${message}`);
    });
  });

  it('parseRequirements works on bytes, for requirements that do not live in a file', () => {
    expect(() => parseRequirements(Buffer.from('[]'), 'inline')).toThrow(/^requirements file inline: at \(top level\): /);
  });
});
