import { describe, expect, it } from '@jest/globals';
import { check } from '../../checks/powershell-version.js';
import { judge } from '../support/checks.js';
import { psVersionObject } from '../support/ps-data.js';
import { ok } from '../support/snapshot.js';

const run = (data: unknown) => judge(check.id, { powershell: ok(data) });

describe('powershell.version', () => {
  it.each([
    ['object form from PS 5.1 (capture 36)', psVersionObject(5, 1, 17763, 2268), 'Desktop', 'pass', 'Windows PowerShell 5.1.17763.2268'],
    ['object form on Server 2016', psVersionObject(5, 1, 14393, 5582), 'Desktop', 'pass', 'Windows PowerShell 5.1.14393.5582'],
    ['string form', '5.1.22621.4391', 'Desktop', 'pass', 'Windows PowerShell 5.1.22621.4391'],
    ['WMF 5.1 on Windows 7 (capture 17)', '5.1.14409.1005', 'Desktop', 'pass', 'Windows PowerShell 5.1.14409.1005'],
    ['5.0', psVersionObject(5, 0, 10586, 117), 'Desktop', 'fail', 'Windows PowerShell 5.0.10586.117 is older than 5.1'],
    ['4.0 without PSEdition', psVersionObject(4, 0), null, 'fail', 'Windows PowerShell 4.0 is older than 5.1'],
    ['2.0', '2.0', undefined, 'fail', 'Windows PowerShell 2.0 is older than 5.1'],
  ])('%s: %s', (_what, PSVersion, PSEdition, status, summary) => {
    const r = run(PSEdition === undefined ? { PSVersion } : { PSVersion, PSEdition });
    expect(r.status).toBe(status);
    expect(r.summary).toBe(summary);
  });

  it('is unknown for the Core edition: PowerShell 7 says nothing about Windows PowerShell 5.1', () => {
    const r = run({ PSVersion: '7.4.6', PSEdition: 'Core' });
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/collected with PowerShell 7\.4\.6 \(Core edition\).*collect again with powershell\.exe/);
    expect(r.evidence.found).toEqual({ PSVersion: '7.4.6', PSEdition: 'Core' });
  });

  it('a missing PSEdition counts as Desktop, shown as null in the evidence', () => {
    const r = run({ PSVersion: psVersionObject(5, 1, 14393, 0) });
    expect(r.status).toBe('pass');
    expect(r.evidence.found).toEqual({ PSVersion: '5.1.14393.0', PSEdition: null });
  });
});
