import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { psArray, psDate, psEnum, psInt, psVersion } from '../../src/facts/ps.js';
import { windowsFeaturesSchema } from '../../src/facts/windows-features.js';

describe('psArray', () => {
  const list = psArray(z.object({ Name: z.string() }));

  it.each([
    ['an array', [{ Name: 'a' }, { Name: 'b' }], [{ Name: 'a' }, { Name: 'b' }]],
    ['a bare object (one pipeline item)', { Name: 'a' }, [{ Name: 'a' }]],
    ['null (no output)', null, []],
    ['undefined (property absent)', undefined, []],
    ['an empty string', '', []],
    ['an empty array', [], []],
  ])('%s', (_what, input, expected) => {
    expect(list.parse(input)).toEqual(expected);
  });

  it('a bare string becomes a list of one string', () => {
    expect(psArray(z.string()).parse('CBS.RebootPending')).toEqual(['CBS.RebootPending']);
  });

  it('reports the index of a bad item', () => {
    const r = list.safeParse([{ Name: 'a' }, { Name: 3 }]);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual([1, 'Name']);
  });
});

describe('psDate', () => {
  it.each([
    ['"\\/Date(ms)\\/" as PS 5.1 prints it, after JSON.parse', JSON.parse('"\\/Date(1574369978000)\\/"'), '2019-11-21T20:59:38.000Z'],
    ['"/Date(ms)/" as stored by Node', '/Date(1574369978000)/', '2019-11-21T20:59:38.000Z'],
    ['with a time-zone suffix', '/Date(1574369978000+0100)/', '2019-11-21T20:59:38.000Z'],
    ['DateTime.MinValue', '/Date(-62135596800000)/', '0001-01-01T00:00:00.000Z'],
    ['an ISO string', '2026-11-22T10:00:00+01:00', '2026-11-22T09:00:00.000Z'],
    ['the object form with note properties', { value: '/Date(1574369978000)/', DisplayHint: 2, DateTime: 'Thursday, 21 November 2019 21:59:38' }, '2019-11-21T20:59:38.000Z'],
    ['null', null, null],
    ['an empty string', '', null],
  ])('%s', (_what, input, expected) => {
    expect(psDate.parse(input)).toBe(expected);
  });

  it('rejects what is not a date', () => {
    expect(psDate.safeParse('yesterday').error?.issues[0]?.message).toBe('expected a date ("\\/Date(ms)\\/" or ISO-8601)');
    expect(psDate.safeParse(1574369978000).success).toBe(false);
  });
});

describe('psVersion', () => {
  it.each([
    ['a full [System.Version] object', { Major: 5, Minor: 1, Build: 14393, Revision: 5582, MajorRevision: 0, MinorRevision: 5582 }, '5.1.14393.5582'],
    ['unset parts (-1) dropped', { Major: 4, Minor: 0, Build: -1, Revision: -1, MajorRevision: -1, MinorRevision: -1 }, '4.0'],
    ['a build without revision', { Major: 0, Minor: 0, Build: 4, Revision: -1 }, '0.0.4'],
    ['a string', '5.1.17763.592', '5.1.17763.592'],
    ['a PowerShell 7 semantic version', '7.5.0-preview.3', '7.5.0-preview.3'],
    ['the { value } form', { value: '7.4.6' }, '7.4.6'],
  ])('%s', (_what, input, expected) => {
    expect(psVersion.parse(input)).toBe(expected);
  });

  it('rejects what is not a version', () => {
    expect(psVersion.safeParse('five').error?.issues[0]?.message).toBe('expected a version such as 5.1.14393.5582');
    expect(psVersion.safeParse(5.1).success).toBe(false);
  });
});

describe('psEnum', () => {
  const state = psEnum({ 0: 'Available', 1: 'Installed', 3: 'InstallPending' }, ['Available', 'Installed', 'InstallPending'] as const);

  it('turns the integer PS 5.1 prints into the name, and keeps a name', () => {
    expect(state.parse(1)).toBe('Installed');
    expect(state.parse(3)).toBe('InstallPending');
    expect(state.parse('Available')).toBe('Available');
  });

  it('rejects unknown numbers and names (InstallState 4 is unassigned)', () => {
    expect(state.safeParse(4).success).toBe(false);
    expect(state.safeParse('Installing').success).toBe(false);
    expect(windowsFeaturesSchema.safeParse([{ Name: 'Web-CGI', Installed: false, InstallState: 4 }]).success).toBe(false);
  });

  it('reads the real InstallState values 0, 1, 2, 3 and 5', () => {
    const parsed = windowsFeaturesSchema.parse([0, 1, 2, 3, 5].map((n) => ({ Name: `f${n}`, Installed: n === 1, InstallState: n })));
    expect(parsed.map((f) => f.InstallState)).toEqual(['Available', 'Installed', 'UninstallPending', 'InstallPending', 'Removed']);
  });
});

describe('psInt', () => {
  it.each([[17763, 17763], ['17763', 17763], [' 42 ', 42], ['-1', -1], [0, 0]])('%j -> %j', (input, expected) => {
    expect(psInt.parse(input)).toBe(expected);
  });

  it.each([['17763a'], [1.5], [''], [null]])('rejects %j', (input) => {
    expect(psInt.safeParse(input).success).toBe(false);
  });
});
