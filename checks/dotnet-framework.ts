import { manualWhenFailed } from '../src/core/fix.js';
import type { Check, Remediation } from '../src/core/types.js';
import { fail, pass, remedy, say } from '../src/core/verdict.js';
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
export const DOTNET_REMEDIATION: Remediation = remedy(say(
  'Download "Microsoft .NET Framework 4.8 offline installer for Windows" (KB4503548; file ndp48-x86-x64-allos-enu.exe) '
    + 'from https://support.microsoft.com/kb/4503548 (on Windows Server 2016 also in the Microsoft Update Catalog as KB4486129), '
    + 'run it on this server as an administrator, then restart the server.',
  // Microsoft's download keeps its English name on the Dutch site too: it is what the administrator searches for.
  'Download "Microsoft .NET Framework 4.8 offline installer for Windows" (KB4503548; bestand ndp48-x86-x64-allos-enu.exe) '
    + 'van https://support.microsoft.com/kb/4503548 (voor Windows Server 2016 ook in de Microsoft Update Catalog als KB4486129), '
    + 'voer het op deze server uit met "Als administrator uitvoeren" en herstart daarna de server.',
), [
    { shell: 'powershell', runAs: 'administrator', script: "Start-Process -Wait -FilePath '.\\ndp48-x86-x64-allos-enu.exe' -ArgumentList '/q','/norestart'\nRestart-Computer" },
    { shell: 'powershell', runAs: 'user', purpose: 'look', script: "(Get-ItemProperty -LiteralPath 'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full' -Name Release).Release   # 528040 or more is 4.8" },
]);

export const check: Check = {
  id: 'dotnet.framework',
  title: '.NET Framework 4.7 or later',
  category: 'Frameworks',
  severity: 'blocking',
  needs: ['dotnet'],
  profiles: ['synergy'],
  fix: manualWhenFailed(say('installing .NET Framework needs the offline installer and a restart', '.NET Framework installeren vereist het offline installatieprogramma en een herstart')),
  nl: {
    title: '.NET Framework 4.7 of nieuwer',
    rationale:
      'Clickker draait op .NET Framework 4.7 of nieuwer. De geïnstalleerde versie wordt gelezen uit de waarde Release onder '
      + 'HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full en vergeleken met >= 460798, zoals Microsoft documenteert. '
      + 'Windows Server 2016 levert 4.6.2, dus daar is altijd een update nodig.',
  },
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
    if (d === null) {
      return fail(say(
        '.NET Framework 4.5 or later is not installed (registry key NDP\\v4\\Full is missing)',
        '.NET Framework 4.5 of nieuwer is niet geïnstalleerd (registersleutel NDP\\v4\\Full ontbreekt)',
      ), { expected, found: 'key missing', source, said: { found: say('key missing', 'sleutel ontbreekt') } });
    }
    if (d.Release === null || d.Release === undefined) {
      return fail(say(
        'The NDP\\v4\\Full key has no Release value: .NET Framework 4.5 or later is not (fully) installed',
        'De sleutel NDP\\v4\\Full heeft geen waarde Release: .NET Framework 4.5 of nieuwer is niet (volledig) geïnstalleerd',
      ), { expected, found: d, source });
    }
    const version = dotnetVersionOf(d.Release, req.releases);
    const evidence = { expected, found: { Release: d.Release, Version: d.Version ?? null, means: `.NET Framework ${version}` }, source };
    const shown = version === 'older than 4.5' ? say(version, 'ouder dan 4.5') : say(version, version);
    if (d.Release >= req.minRelease) return pass(say(`.NET Framework ${shown.en} (Release ${d.Release})`, `.NET Framework ${shown.nl} (Release ${d.Release})`), evidence);
    return fail(say(
      `.NET Framework ${shown.en} (Release ${d.Release}) is older than ${req.minVersion} (Release ${req.minRelease})`,
      `.NET Framework ${shown.nl} (Release ${d.Release}) is ouder dan ${req.minVersion} (Release ${req.minRelease})`,
    ), evidence);
  },
};
