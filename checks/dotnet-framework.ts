import { manualWhenFailed } from '../src/core/fix.js';
import type { Check, Remediation } from '../src/core/types.js';
import { fail, pass } from '../src/core/verdict.js';
import { dotnetFact } from '../src/facts/dotnet.js';
import type { Requirements } from '../src/core/requirements-schema.js';

/** The highest .NET version whose minimum Release value is at most `release`. */
export function dotnetVersionOf(release: number, releases: Requirements['dotnet']['releases']): string {
  let best: string | undefined;
  for (const r of [...releases].sort((a, b) => a.release - b.release)) if (release >= r.release) best = r.version;
  return best ?? 'older than 4.5';
}

// What to get and where: only a download fixes this. "Microsoft .NET Framework 4.8 offline installer for Windows" is
// KB4503548 (https://support.microsoft.com/kb/4503548, file ndp48-x86-x64-allos-enu.exe); on Windows Server 2016 the
// same update is KB4486129 in the Microsoft Update Catalog. Verified by the Release value >= 528040 afterwards.
export const DOTNET_REMEDIATION: Remediation = {
  text: 'Download "Microsoft .NET Framework 4.8 offline installer for Windows" (KB4503548; file ndp48-x86-x64-allos-enu.exe) '
    + 'from https://support.microsoft.com/kb/4503548 (on Windows Server 2016 also in the Microsoft Update Catalog as KB4486129), '
    + 'run it on this server as an administrator, then restart the server.',
  commands: [
    { shell: 'powershell', runAs: 'administrator', script: "Start-Process -Wait -FilePath '.\\ndp48-x86-x64-allos-enu.exe' -ArgumentList '/q','/norestart'\nRestart-Computer" },
    { shell: 'powershell', runAs: 'user', purpose: 'look', script: "(Get-ItemProperty -LiteralPath 'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full' -Name Release).Release   # 528040 or more is 4.8" },
  ],
};

export const check: Check = {
  id: 'dotnet.framework',
  title: '.NET Framework 4.7 or later',
  category: 'Frameworks',
  severity: 'blocking',
  needs: ['dotnet'],
  profiles: ['synergy'],
  fix: manualWhenFailed('installing .NET Framework needs the offline installer and a restart'),
  rationale:
    'Clickker runs on .NET Framework 4.7 or later. The installed version is read from the Release value under '
    + 'HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full and compared with >= 460798, as Microsoft documents. '
    + 'Windows Server 2016 ships 4.6.2, so it always needs an update.',
  remediation: DOTNET_REMEDIATION,
  evaluate({ fact, requirements }) {
    const d = fact(dotnetFact);
    const req = requirements.dotnet;
    const expected = `Release >= ${req.minRelease} (.NET Framework ${req.minVersion})`;
    const source = 'HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full';
    if (d === null) return fail('.NET Framework 4.5 or later is not installed (registry key NDP\\v4\\Full is missing)', { expected, found: 'key missing', source });
    if (d.Release === null || d.Release === undefined) return fail('The NDP\\v4\\Full key has no Release value: .NET Framework 4.5 or later is not (fully) installed', { expected, found: d, source });
    const version = dotnetVersionOf(d.Release, req.releases);
    const evidence = { expected, found: { Release: d.Release, Version: d.Version ?? null, means: `.NET Framework ${version}` }, source };
    if (d.Release >= req.minRelease) return pass(`.NET Framework ${version} (Release ${d.Release})`, evidence);
    return fail(`.NET Framework ${version} (Release ${d.Release}) is older than ${req.minVersion} (Release ${req.minRelease})`, evidence);
  },
};
