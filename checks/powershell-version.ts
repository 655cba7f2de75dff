import { manualWhenFailed } from '../src/core/fix.js';
// Two functions, not the whole package: `import semver from 'semver'` pulls 157 kB into every start (issue 17).
import coerce from 'semver/functions/coerce.js';
import gte from 'semver/functions/gte.js';
import type SemVer from 'semver/classes/semver.js';
import { boundedMemo } from '../src/core/bounded-memo.js';
import type { Check } from '../src/core/types.js';
import { fail, pass, remedy, say, unknown } from '../src/core/verdict.js';
import { powershellFact } from '../src/facts/powershell.js';

// A fleet's hosts show a few PowerShell versions, and the minimum is the same for all: each text is coerced once.
// semver's compare only reads a SemVer it is given.
const coerced = boundedMemo(1024, (version): SemVer | null => coerce(version));

export const check: Check = {
  id: 'powershell.version',
  title: 'Windows PowerShell 5.1',
  category: 'Frameworks',
  severity: 'blocking',
  needs: ['powershell'],
  profiles: ['synergy'],
  // Only a person (or a download) can fix a failure: say who and what, never "not safe to automate" (issue 16).
  fix: manualWhenFailed(say(
    'Windows Management Framework 5.1 is a Microsoft download (KB3191564), installed by an administrator and followed by a restart',
    'Windows Management Framework 5.1 is een download van Microsoft (KB3191564), te installeren door een administrator en gevolgd door een herstart',
  ), 'always'),
  nl: {
    title: 'Windows PowerShell 5.1',
    rationale:
      'Clickker en zijn installatieprogramma gebruiken Windows PowerShell 5.1 (powershell.exe, de Desktop-editie), die vanaf '
      + 'Windows Server 2016 standaard aanwezig is. PowerShell 7 (pwsh) vervangt die niet: de modules IIS en ServerManager zijn eigen aan 5.1.',
  },
  rationale:
    'Clickker and its installer use Windows PowerShell 5.1 (powershell.exe, the Desktop edition), which is in the box from '
    + 'Windows Server 2016. PowerShell 7 (pwsh) does not replace it: the IIS and ServerManager modules are native to 5.1.',
  // Windows Management Framework 5.1 is KB3191564 (Server 2012 R2: Win8.1AndW2K12R2-KB3191564-x64.msu); Windows Server
  // 2016 and later have Windows PowerShell 5.1 built in, so a lower version there means a damaged installation.
  remediation: remedy(say(
    'Download "Windows Management Framework 5.1" (KB3191564) from https://www.microsoft.com/download/details.aspx?id=54616, '
      + 'install the package for this Windows version as an administrator, then restart the server. '
      + 'On Windows Server 2016 and later Windows PowerShell 5.1 is built in: run clickker with powershell.exe, not pwsh.',
    'Download "Windows Management Framework 5.1" (KB3191564) van https://www.microsoft.com/download/details.aspx?id=54616, '
      + 'installeer het pakket voor deze Windows-versie als administrator en herstart daarna de server. '
      + 'Op Windows Server 2016 en nieuwer is Windows PowerShell 5.1 ingebouwd: start clickker met powershell.exe, niet met pwsh.',
  ), [
      { shell: 'powershell', runAs: 'administrator', script: "wusa.exe '.\\Win8.1AndW2K12R2-KB3191564-x64.msu' /quiet /norestart\nRestart-Computer" },
      { shell: 'powershell', runAs: 'user', purpose: 'look', script: '$PSVersionTable.PSVersion; $PSVersionTable.PSEdition' },
  ]),
  evaluate({ fact, requirements }) {
    const ps = fact(powershellFact);
    const req = requirements.powershell;
    const edition = ps.PSEdition ?? 'Desktop'; // 4.0 and older have no PSEdition: they are Desktop
    const evidence = {
      expected: `${req.edition} edition, version >= ${req.minVersion}`,
      said: { expected: say(`${req.edition} edition, version >= ${req.minVersion}`, `${req.edition}-editie, versie >= ${req.minVersion}`) },
      found: { PSVersion: ps.PSVersion, PSEdition: ps.PSEdition ?? null }, source: '$PSVersionTable' };
    if (edition !== req.edition) {
      return unknown(say(
        `the facts were collected with PowerShell ${ps.PSVersion} (${edition} edition), which says nothing about Windows PowerShell ${req.minVersion}; collect again with powershell.exe`,
        `de gegevens zijn verzameld met PowerShell ${ps.PSVersion} (${edition}-editie), wat niets zegt over Windows PowerShell ${req.minVersion}; verzamel opnieuw met powershell.exe`,
      ), say(
        'Collect the facts with Windows PowerShell: clickker collect --powershell powershell (or run the standalone script in powershell.exe).',
        'Verzamel de gegevens met Windows PowerShell: clickker collect --powershell powershell (of voer het losse script uit in powershell.exe).',
      ), evidence);
    }
    const found = coerced(ps.PSVersion);
    const min = coerced(req.minVersion);
    if (!found || !min) {
      return unknown(say(`cannot compare version ${ps.PSVersion}`, `versie ${ps.PSVersion} is niet te vergelijken`),
        say('Check $PSVersionTable.PSVersion on the server by hand.', 'Controleer $PSVersionTable.PSVersion zelf op de server.'), evidence);
    }
    if (gte(found, min)) return pass(say(`Windows PowerShell ${ps.PSVersion}`, `Windows PowerShell ${ps.PSVersion}`), evidence);
    return fail(say(`Windows PowerShell ${ps.PSVersion} is older than ${req.minVersion}`, `Windows PowerShell ${ps.PSVersion} is ouder dan ${req.minVersion}`), evidence);
  },
};
