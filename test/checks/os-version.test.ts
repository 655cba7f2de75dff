import { describe, expect, it } from '@jest/globals';
import { check, osName } from '../../checks/os-version.js';
import { cloneRequirements, judge, REQ } from '../support/checks.js';
import { osData } from '../support/ps-data.js';
import { failed, ok } from '../support/snapshot.js';

const run = (data: unknown, requirements = REQ) => judge(check.id, { os: ok(data) }, { requirements });

describe('os.version', () => {
  it.each([
    // build, ProductType, status, summary
    [14392, 3, 'fail', /build 14392\) is older than build 14393 \(Windows Server 2016\)/],
    [14393, 3, 'pass', /^Windows Server 2016, server$/],
    [17763, 3, 'pass', /^Windows Server 2019, server$/],
    [20348, 3, 'pass', /^Windows Server 2022, server$/],
    [26100, 3, 'pass', /^Windows Server 2025, server$/],
    [30123, 3, 'pass', /^Windows Server \(build 30123\), server$/],
    [9600, 3, 'fail', /^Windows Server 2012 R2 is older than build 14393/],
    [7601, 3, 'fail', /^Windows Server 2008 R2 is older/],
    [17763, 2, 'warn', /Windows Server 2019 is a domain controller: supported, but .*discouraged/],
    [14393, 2, 'warn', /domain controller/],
    [9600, 2, 'fail', /older than build 14393/],
    [14393, 1, 'fail', /^Windows 10 \(build 14393\) is a client edition \(ProductType 1\); Clickker needs Windows Server 2016 or later/],
    [19045, 1, 'fail', /^Windows 10 \(build 19045\) is a client edition/],
    [7601, 1, 'fail', /^Windows client \(build 7601\) is a client edition/],
  ])('build %i, ProductType %i: %s', (build, productType, status, summary) => {
    const r = run(osData(build, productType));
    expect(r.status).toBe(status);
    expect(r.summary).toMatch(summary);
    expect(r.evidence).toMatchObject({ found: { BuildNumber: build, ProductType: productType }, source: 'Win32_OperatingSystem' });
  });

  it.each([22000, 22621, 22631, 26100])('Windows 11 build %i still says version 10.0 and is refused by ProductType 1', (build) => {
    const r = run(osData(build, 1, { Version: `10.0.${build}`, Caption: 'Microsoft Windows 11 Pro' }));
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(new RegExp(`^Windows 11 \\(build ${build}\\) is a client edition`));
  });

  it('build 21999 on a client is still called Windows 10', () => {
    expect(run(osData(21999, 1)).summary).toMatch(/^Windows 10 \(build 21999\)/);
  });

  describe('never reads the Caption', () => {
    it.each([
      ['a Dutch caption on a server', 'Microsoft Windows Server 2019 Standaard', 17763, 3, 'pass'],
      ['a caption that claims a server on a workstation', 'Microsoft Windows Server 2022 Datacenter', 19045, 1, 'fail'],
      ['a caption that claims Windows 11 on Server 2016', 'Microsoft Windows 11 Pro voor Werkstations', 14393, 3, 'pass'],
      ['a caption with trailing spaces from an old WMI', 'Microsoft Windows Server 2012 R2 Standard   ', 9600, 3, 'fail'],
      ['no caption at all', null, 17763, 3, 'pass'],
    ])('%s', (_what, caption, build, productType, status) => {
      const r = run(osData(build, productType, { Caption: caption }));
      expect(r.status).toBe(status);
      if (caption) expect(r.summary).not.toContain(caption.trim());
      expect((r.evidence.found as { Caption: unknown }).Caption).toBe(caption);
    });
  });

  it('reads BuildNumber printed as a number as well as a string', () => {
    expect(run(osData(17763, 3, { BuildNumber: 17763 })).status).toBe('pass');
    expect(run(osData(17763, 3, { BuildNumber: ' 17763 ' })).status).toBe('pass');
  });

  it('names the product type that decided', () => {
    expect(run(osData(17763, 3)).summary).toContain('server');
    expect(run(osData(17763, 2)).summary).toContain('domain controller');
  });

  it('is unknown when the os probe printed nothing (null)', () => {
    const r = run(null);
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('the os probe printed nothing');
  });

  it('is unknown with the probe error when the probe failed', () => {
    const r = judge(check.id, { os: failed('timeout', 'Get-CimInstance did not answer within 30 s') });
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('probe os timed out: Get-CimInstance did not answer within 30 s');
  });

  it('takes its thresholds from the requirements data', () => {
    const req = cloneRequirements();
    req.os.minBuild = 17763;
    expect(run(osData(14393, 3), req).status).toBe('fail');
    expect(run(osData(14393, 3), req).summary).toMatch(/older than build 17763 \(Windows Server 2019\)/);
    const dcAllowed = cloneRequirements();
    dcAllowed.os.allowedProductTypes = [2, 3];
    dcAllowed.os.warnProductTypes = [];
    expect(run(osData(17763, 2), dcAllowed).status).toBe('pass');
    const dcRefused = cloneRequirements();
    dcRefused.os.warnProductTypes = [];
    expect(run(osData(17763, 2), dcRefused).summary).toMatch(/ProductType 2, which is not a supported server type/);
  });

  it('osName uses build and ProductType only', () => {
    const base = { Version: '10.0.17763', Caption: 'whatever' };
    expect(osName({ ...base, BuildNumber: 17763, ProductType: 3 }, REQ.os.releaseNames)).toBe('Windows Server 2019');
    expect(osName({ ...base, BuildNumber: 17763, ProductType: 1 }, REQ.os.releaseNames)).toBe('Windows 10 (build 17763)');
    expect(osName({ ...base, BuildNumber: 22000, ProductType: 1 }, REQ.os.releaseNames)).toBe('Windows 11 (build 22000)');
  });
});
