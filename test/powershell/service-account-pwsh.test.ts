// Issue 13: serviceAccount.ps1 run by the real pwsh 7.6 (no Windows principal APIs here, so every lookup fails with
// PlatformNotSupportedException: exactly a "could not look it up", which must not read as "does not exist").
// Quotes: powershell.exe -File run from cmd.exe passes 'CORP\svc' with its single quotes (about_PowerShell_exe).
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { probeScriptPath } from '../../src/probes/powershell/probes.js';
import { serviceAccountSchema } from '../../src/facts/service-account.js';
import { realPwsh } from './support/pwsh.js';

function run(account: string) {
  const r = spawnSync(realPwsh(), ['-NoProfile', '-NonInteractive', '-File', probeScriptPath('serviceAccount.ps1'), '-Account', account], { encoding: 'utf8', timeout: 60_000 });
  return serviceAccountSchema.parse(JSON.parse(r.stdout));
}

describe('serviceAccount.ps1 under the real pwsh', () => {
  it.each([["'CORP\\svc-clickker'"], ['"CORP\\svc-clickker"'], ['  CORP\\svc-clickker ']])('strips surrounding quotes and blanks from %s', (given) => {
    expect(run(given).Account).toBe('CORP\\svc-clickker');
  });

  it('a lookup that could not be made is NotFound false with the error, never "does not exist"', () => {
    const a = run('.\\svc-local');
    expect(a).toMatchObject({ Account: '.\\svc-local', Resolved: false, NotFound: false });
    expect(a.LookupError).toMatch(/^System\.PlatformNotSupportedException: /);
  });
});
