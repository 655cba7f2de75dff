import { describe, expect, it } from '@jest/globals';
import { check, dotnetVersionOf } from '../../checks/dotnet-framework.js';
import { cloneRequirements, judge, REQ } from '../support/checks.js';
import { failed, ok } from '../support/snapshot.js';

const run = (data: unknown, requirements = REQ) => judge(check.id, { dotnet: ok(data) }, { requirements });

describe('dotnet.framework', () => {
  it.each([
    [460797, 'fail', /^\.NET Framework 4\.6\.2 \(Release 460797\) is older than 4\.7 \(Release 460798\)$/],
    [460798, 'pass', /^\.NET Framework 4\.7 \(Release 460798\)$/],
    [460805, 'pass', /^\.NET Framework 4\.7 \(Release 460805\)$/],
    [461814, 'pass', /^\.NET Framework 4\.7\.2 /],
    [394802, 'fail', /^\.NET Framework 4\.6\.2 \(Release 394802\) is older/],
    [378675, 'fail', /^\.NET Framework 4\.5\.1 /],
    [528049, 'pass', /^\.NET Framework 4\.8 \(Release 528049\)$/],
    [528449, 'pass', /^\.NET Framework 4\.8 /],
    [533320, 'pass', /^\.NET Framework 4\.8\.1 /],
    [300000, 'fail', /^\.NET Framework older than 4\.5 \(Release 300000\)/],
  ])('Release %i: %s', (release, status, summary) => {
    const r = run({ Release: release, Version: '4.x' });
    expect(r.status).toBe(status);
    expect(r.summary).toMatch(summary);
    expect(r.evidence).toMatchObject({ expected: 'Release >= 460798 (.NET Framework 4.7)', found: { Release: release } });
  });

  it('fails when the NDP\\v4\\Full key is missing (the probe printed nothing: null)', () => {
    const r = run(null);
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/4\.5 or later is not installed \(registry key NDP\\v4\\Full is missing\)/);
    expect(r.evidence.found).toBe('key missing');
  });

  it.each([
    ['Release null', { Release: null, Version: '4.0.30319' }],
    ['Release absent', { Version: '4.0.30319' }],
  ])('fails when the Release value is missing (%s)', (_what, data) => {
    const r = run(data);
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/has no Release value/);
  });

  it('reads a Release printed as a string', () => {
    expect(run({ Release: '528040' }).status).toBe('pass');
  });

  it('is unknown with the reason when the probe failed', () => {
    const r = judge(check.id, { dotnet: failed('access-denied', 'Requested registry access is not allowed.') });
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('probe dotnet failed (access-denied): Requested registry access is not allowed.');
  });

  it('takes the minimum from the requirements data', () => {
    const req = cloneRequirements();
    req.dotnet.minRelease = 528040;
    req.dotnet.minVersion = '4.8';
    const r = run({ Release: 461814 }, req);
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/4\.7\.2 \(Release 461814\) is older than 4\.8 \(Release 528040\)/);
  });

  it('dotnetVersionOf names the highest version whose minimum is reached, whatever the list order', () => {
    const shuffled = [...REQ.dotnet.releases].reverse();
    expect(dotnetVersionOf(528372, shuffled)).toBe('4.8');
    expect(dotnetVersionOf(461807, shuffled)).toBe('4.7.1');
    expect(dotnetVersionOf(378388, shuffled)).toBe('older than 4.5');
  });
});
