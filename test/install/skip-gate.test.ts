// install --skip <blocking check> needs a waiver for it (reason, approver, expiry), like any accepted risk.
import { describe, expect, it } from '@jest/globals';
import { skippedBlockingWaivers } from '../../src/cli/install/gate.js';
import type { Preflight } from '../../src/cli/target.js';
import type { Result } from '../../src/core/types.js';

const skipped = { host: 'SRV1', id: 'dotnet.framework', severity: 'blocking', status: 'skipped' } as Result;
const pf = (results: Result[]) => ({ evaluation: { results }, blocking: [], waived: [] }) as unknown as Preflight;
const waiver = { check: 'dotnet.framework', host: '*', reason: '4.8 comes with the maintenance window', approvedBy: 'J. de Vries', expires: '2099-01-01' };

describe('install --skip of a blocking check', () => {
  it('is refused without a waiver, naming the check', () => {
    expect(() => skippedBlockingWaivers(pf([skipped]), [])).toThrow(/--skip dotnet\.framework: a blocking check is skipped .* only with a waiver/);
  });
  it('is refused with an expired waiver', () => {
    expect(() => skippedBlockingWaivers(pf([skipped]), [{ ...waiver, expires: '2020-01-01' }])).toThrow(/expired on 2020-01-01/);
  });
  it('is allowed with a waiver, which is returned to be recorded', () => {
    expect(skippedBlockingWaivers(pf([skipped]), [waiver])).toEqual([waiver]);
  });
  it('a skipped warning check needs none', () => {
    expect(skippedBlockingWaivers(pf([{ ...skipped, severity: 'warning' }]), [])).toEqual([]);
  });
});
