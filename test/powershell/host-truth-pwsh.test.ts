// Issue 13, host probes run by the real pwsh 7.6 over the registry/CIM/feature mocks (test/powershell/mocks: shapes
// from captures 16, 44 and the Microsoft docs each mock cites). Signals from windows-behaviour.md ("Windows features,
// restarts"): PendingFileRenameOperations2, CBS PackagesPending / RebootInProgress, Netlogon JoinDomain / AvoidSpnSet.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readProbeScript } from '../../src/probes/powershell/probes.js';
import { pendingRebootSchema } from '../../src/facts/pending-reboot.js';
import { pwshHost } from './support/pwsh.js';

const ps = pwshHost();
afterAll(() => ps.close());
const CBS = 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing';

describe('pendingReboot.ps1: the further restart signals', () => {
  it('names PendingFileRenameOperations2, CBS PackagesPending and RebootInProgress, Netlogon JoinDomain and AvoidSpnSet', async () => {
    const r = await ps.run(readProbeScript('pendingReboot.ps1'), {
      registry: {
        'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager': { PendingFileRenameOperations2: { type: 'MultiString', value: ['\\??\\C:\\x.tmp', ''] } },
        [`${CBS}\\PackagesPending`]: {},
        [`${CBS}\\RebootInProgress`]: {},
        'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Netlogon': { JoinDomain: '', AvoidSpnSet: '' },
      },
    });
    expect(r.error).toBeNull();
    const facts = pendingRebootSchema.parse(JSON.parse(r.output.join('\n')));
    expect(facts.Reasons).toEqual(['Session.PendingFileRenameOperations2', 'CBS.PackagesPending', 'CBS.RebootInProgress', 'Netlogon.JoinDomain', 'Netlogon.AvoidSpnSet']);
  });

  it('a quiet registry: no reasons', async () => {
    const r = await ps.run(readProbeScript('pendingReboot.ps1'), { registry: { 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Netlogon': { Start: { type: 'DWord', value: 2 } } } });
    expect(pendingRebootSchema.parse(JSON.parse(r.output.join('\n'))).Reasons).toEqual([]);
  });
});

describe('optionalFeatures.ps1 is not run on servers that have ServerManager', () => {
  it('a server (ProductType 3) with Get-WindowsFeature: unsupported at once, DISM never asked', async () => {
    const r = await ps.run(readProbeScript('optionalFeatures.ps1'), { cim: { Win32_OperatingSystem: { ProductType: 3 } }, optionalFeatures: [{ FeatureName: 'IIS-WebServerRole', State: 2 }] });
    expect(r.error?.types[0]).toBe('System.PlatformNotSupportedException');
  });

  it('a client (ProductType 1), or a server without ServerManager, still reads DISM', async () => {
    const client = await ps.run(readProbeScript('optionalFeatures.ps1'), { cim: { Win32_OperatingSystem: { ProductType: 1 } }, optionalFeatures: [{ FeatureName: 'IIS-WebServerRole', State: 2 }] });
    expect(client.error).toBeNull();
    expect(JSON.parse(client.output.join('\n'))).toEqual([{ FeatureName: 'IIS-WebServerRole', State: 2 }]);
    const bare = await ps.run(readProbeScript('optionalFeatures.ps1'), { cim: { Win32_OperatingSystem: { ProductType: 3 } }, missing: ['Get-WindowsFeature'], optionalFeatures: [] });
    expect(bare.error).toBeNull();
  });
});
