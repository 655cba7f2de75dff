import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { fail, pass } from '../src/core/verdict.js';
import { dotnetFact } from '../src/facts/dotnet.js';
import type { Requirements } from '../src/core/requirements-schema.js';

/** The highest .NET version whose minimum Release value is at most `release`. */
export function dotnetVersionOf(release: number, releases: Requirements['dotnet']['releases']): string {
  let best: string | undefined;
  for (const r of [...releases].sort((a, b) => a.release - b.release)) if (release >= r.release) best = r.version;
  return best ?? 'older than 4.5';
}

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
  remediation: {
    text: 'Install .NET Framework 4.8 (or 4.7.2 at least) with the offline installer from Microsoft, then restart the server.',
    commands: [{
      shell: 'powershell',
      script: "(Get-ItemProperty -LiteralPath 'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full' -Name Release).Release -ge 460798",
    }],
  },
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
