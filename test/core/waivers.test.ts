import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/core/errors.js';
import { findWaiver, isExpired, loadWaivers, waiverSchema } from '../../src/core/waivers.js';
import { scratch } from '../support/tmp.js';

const tmp = scratch('waivers');

describe('waivers', () => {
  it('loads YAML, with host defaulting to every host', async () => {
    const file = tmp.write('waivers.yaml', [
      'waivers:',
      '  - check: network.endpoints',
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
    ['no reason', { check: 'x', approvedBy: 'a', expires: '2027-01-01' }, 'at waivers[0].reason: '],
    ['a date in another format', { check: 'x', reason: 'r', approvedBy: 'a', expires: '31-12-2026' }, 'at waivers[0].expires: expected a date YYYY-MM-DD'],
    ['a date that does not exist', { check: 'x', reason: 'r', approvedBy: 'a', expires: '2026-13-45' }, 'at waivers[0].expires: not a real date'],
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
    const w = waiverSchema.parse({ check: 'x', reason: 'r', approvedBy: 'a', expires: '2026-11-22' });
    expect(isExpired(w, new Date('2026-11-22T23:59:59.999Z'))).toBe(false);
    expect(isExpired(w, new Date('2026-11-23T00:00:00.000Z'))).toBe(true);
  });

  it('findWaiver prefers the host over *', () => {
    const ws = [
      waiverSchema.parse({ check: 'x', reason: 'all', approvedBy: 'a', expires: '2027-01-01' }),
      waiverSchema.parse({ check: 'x', host: 'Exact01', reason: 'one', approvedBy: 'a', expires: '2027-01-01' }),
    ];
    expect(findWaiver(ws, 'x', 'EXACT01')?.reason).toBe('one');
    expect(findWaiver(ws, 'x', 'EXACT02')?.reason).toBe('all');
    expect(findWaiver(ws, 'y', 'EXACT01')).toBeUndefined();
  });
});
