import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { findWaiver, isCalendarDate, isExpired, loadWaivers, waiverSchema } from '../../src/core/waivers.js';
import { scratch } from '../support/tmp.js';

const tmp = scratch('waivers');

describe('waivers', () => {
  it('loads YAML, with "*" written out for every host', async () => {
    const file = tmp.write('waivers.yaml', [
      'waivers:',
      '  - check: network.endpoints',
      '    host: "*"',
      '    reason: Proxy exception requested (ticket 4711)',
      '    approvedBy: J. de Vries',
      "    expires: '2026-12-31'",
    ].join('\n'));
    await expect(loadWaivers(file)).resolves.toEqual([{ check: 'network.endpoints', host: '*', reason: 'Proxy exception requested (ticket 4711)', approvedBy: 'J. de Vries', expires: '2026-12-31' }]);
  });

  it('loads JSON', async () => {
    const file = tmp.write('waivers.json', JSON.stringify({ waivers: [{ check: 'os.version', host: 'DC01', reason: 'r', approvedBy: 'a', expires: '2027-01-01' }] }));
    expect((await loadWaivers(file))[0]!.host).toBe('DC01');
  });

  it.each([
    ['no reason', { check: 'x', host: '*', approvedBy: 'a', expires: '2027-01-01' }, 'at waivers[0].reason: '],
    ['a date in another format', { check: 'x', host: '*', reason: 'r', approvedBy: 'a', expires: '31-12-2026' }, 'at waivers[0].expires: expected a date YYYY-MM-DD'],
    ['a date that does not exist', { check: 'x', host: '*', reason: 'r', approvedBy: 'a', expires: '2026-13-45' }, 'at waivers[0].expires: not a real date'],
  ])('rejects a waiver with %s in one line', async (_what, waiver, message) => {
    const file = tmp.write('bad.json', JSON.stringify({ waivers: [waiver] }));
    await expect(loadWaivers(file)).rejects.toThrow(InputError);
    await expect(loadWaivers(file)).rejects.toThrow(`waivers file ${file}: ${message}`);
  });

  it('rejects YAML that is not YAML', async () => {
    const file = tmp.write('bad.yaml', 'waivers: [\n  - check: x');
    await expect(loadWaivers(file)).rejects.toThrow(new RegExp(`^waivers file .*bad\\.yaml: not valid YAML \\(`));
  });

  it('isExpired: valid through the expiry day in UTC', () => {
    const w = waiverSchema.parse({ check: 'x', host: '*', reason: 'r', approvedBy: 'a', expires: '2026-11-22' });
    expect(isExpired(w, new Date('2026-11-22T23:59:59.999Z'))).toBe(false);
    expect(isExpired(w, new Date('2026-11-23T00:00:00.000Z'))).toBe(true);
  });

  it('findWaiver prefers the host over *', () => {
    const ws = [
      waiverSchema.parse({ check: 'x', host: '*', reason: 'all', approvedBy: 'a', expires: '2027-01-01' }),
      waiverSchema.parse({ check: 'x', host: 'Exact01', reason: 'one', approvedBy: 'a', expires: '2027-01-01' }),
    ];
    expect(findWaiver(ws, 'x', 'EXACT01')?.reason).toBe('one');
    expect(findWaiver(ws, 'x', 'EXACT02')?.reason).toBe('all');
    expect(findWaiver(ws, 'y', 'EXACT01')).toBeUndefined();
  });

  // Finding 1 of issue 15: a typo must never widen a waiver. Every key but the five is refused, wherever it is.
  const good = { check: 'x', host: 'SRV-EXACT01', reason: 'r', approvedBy: 'a', expires: '2027-01-01' };
  it.each([
    ['a misspelt host key', { ...good, host: undefined, hosts: 'OTHER-SERVER' }, /at waivers\[0\]: unknown key "hosts"/],
    ['any other extra key', { ...good, scope: 'all' }, /unknown key "scope"/],
    ['no host at all', { ...good, host: undefined }, /at waivers\[0\]\.host: missing: name the host this waiver is for, or write host: "\*"/],
    ['an empty host', { ...good, host: '' }, /at waivers\[0\]\.host: /],
    // zod 4 puts an issue's input in it only with reportInput: without it a wrong type read as "missing"
    ['a reason of the wrong type', { ...good, reason: 5 }, /at waivers\[0\]\.reason: expected text, found a number$/],
  ])('refuses %s', async (_what, waiver, message) => {
    const file = tmp.write('typo.json', JSON.stringify({ waivers: [waiver] }));
    await expect(loadWaivers(file)).rejects.toThrow(message);
  });

  it('refuses an unknown key beside "waivers"', async () => {
    const file = tmp.write('extra.yaml', 'waivers: []\nwaiver: []\n');
    await expect(loadWaivers(file)).rejects.toThrow(/unknown key "waiver"/);
  });

  it('refuses every impossible calendar day, accepts every real one (all of 2024 and 2026)', () => {
    for (const year of [2024, 2026]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) {
          const s = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const real = new Date(Date.UTC(year, month, 0)).getUTCDate() >= day;
          expect([s, isCalendarDate(s)]).toEqual([s, real]);
        }
      }
    }
    expect(isCalendarDate('2026-00-10')).toBe(false);
    expect(isCalendarDate('2026-02-30')).toBe(false);
    expect(waiverSchema.safeParse({ ...good, expires: '2026-02-30' }).success).toBe(false);
  });
});
