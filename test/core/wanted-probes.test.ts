// Which probes a live run starts: only what a selected, not skipped, in-profile check needs.
import { describe, expect, it } from '@jest/globals';
import { wantedProbes } from '../../src/core/runner.js';
import { allChecks } from '../../checks/index.js';
import { loadRequirements } from '../../src/core/requirements.js';

const checks = allChecks(loadRequirements().requirements);

describe('wantedProbes', () => {
  it('starts every probe a full synergy run needs', () => {
    const all = wantedProbes(checks, {}, 'synergy');
    for (const p of ['os', 'dotnet', 'windowsFeatures', 'optionalFeatures', 'sql.baco', 'network.endpoints']) expect(all).toContain(p);
  });
  it('--only starts just the probes of those checks and their prerequisites', () => {
    expect(wantedProbes(checks, { only: ['dotnet.framework'] }, 'synergy')).toEqual(['dotnet']);
    // iis.https-binding depends on synergy.website, whose probes come along.
    expect(new Set(wantedProbes(checks, { only: ['iis.https-binding'] }, 'synergy'))).toEqual(new Set(['iisSites', 'synergy']));
  });
  it('--skip leaves out what only the skipped checks need', () => {
    // dotnet.tls12 also reads network.endpoints (the .NET view's process default), so that probe stays while it runs.
    expect(wantedProbes(checks, { skip: ['network.endpoints'] }, 'synergy')).toContain('network.endpoints');
    const without = wantedProbes(checks, { skip: ['network.endpoints', 'dotnet.tls12'] }, 'synergy');
    expect(without).not.toContain('network.endpoints');
    expect(without).not.toContain('dotnetTls');
    expect(without).toContain('os');
  });
  it('the online profile starts only the network probes (confirmations need no probe)', () => {
    expect(new Set(wantedProbes(checks, {}, 'online'))).toEqual(new Set(['network.endpoints', 'winhttpProxy']));
  });
});
