// Which probes a live run starts: only what a selected, not skipped, in-profile check needs.
import { describe, expect, it } from '@jest/globals';
import { wantedProbes } from '../../src/cli/live.js';
import { allChecks } from '../../checks/index.js';
import { loadRequirements } from '../../src/core/requirements.js';

const checks = allChecks(loadRequirements().requirements);

describe('wantedProbes', () => {
  it('starts every probe a full synergy run needs', () => {
    const all = wantedProbes(checks, undefined, undefined, 'synergy');
    for (const p of ['os', 'dotnet', 'windowsFeatures', 'optionalFeatures', 'sql.baco', 'network.endpoints']) expect(all).toContain(p);
  });
  it('--only starts just the probes of those checks and their prerequisites', () => {
    expect(wantedProbes(checks, ['dotnet.framework'], undefined, 'synergy')).toEqual(['dotnet']);
    // iis.https-binding depends on synergy.website, whose probes come along.
    expect(new Set(wantedProbes(checks, ['iis.https-binding'], undefined, 'synergy'))).toEqual(new Set(['iisSites', 'synergy']));
  });
  it('--skip leaves out what only the skipped checks need', () => {
    const without = wantedProbes(checks, undefined, ['network.endpoints'], 'synergy');
    expect(without).not.toContain('network.endpoints');
    expect(without).toContain('os');
  });
  it('the online profile starts only the network probes (confirmations need no probe)', () => {
    expect(new Set(wantedProbes(checks, undefined, undefined, 'online'))).toEqual(new Set(['network.endpoints', 'winhttpProxy']));
  });
});
