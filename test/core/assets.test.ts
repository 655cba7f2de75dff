// The asset layer outside the single executable: shipped files come from the package on disk, under the same
// package-relative keys the executable embeds them by (test/exe/ checks the executable's side).
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAsset, readAssetText, runningAsExecutable } from '../../src/core/assets.js';
import { ROOT } from '../support/cli.js';

describe('assets', () => {
  it('is not the executable under Node', () => {
    expect(runningAsExecutable()).toBe(false);
  });

  it('reads package files by their package-relative key', () => {
    expect(readAsset('requirements/synergy-api.json')).toEqual(readFileSync(join(ROOT, 'requirements', 'synergy-api.json')));
    expect(readAssetText('src/probes/powershell/identity.ps1')).toBe(readFileSync(join(ROOT, 'src', 'probes', 'powershell', 'identity.ps1'), 'utf8'));
    expect(JSON.parse(readAssetText('package.json'))).toMatchObject({ name: 'clickker' });
  });

  it('a missing file fails as reading it would', () => {
    expect(() => readAsset('requirements/no-such.json')).toThrow(/ENOENT/);
  });
});
