import { manualWhenFailed } from '../src/core/fix.js';
// Two functions, not the whole package: `import semver from 'semver'` pulls 157 kB into every start (issue 17).
import coerce from 'semver/functions/coerce.js';
import gte from 'semver/functions/gte.js';
import type { Check } from '../src/core/types.js';
import { fail, pass, unknown } from '../src/core/verdict.js';
import { powershellFact } from '../src/facts/powershell.js';

export const check: Check = {
  id: 'powershell.version',
  title: 'Windows PowerShell 5.1',
  category: 'Frameworks',
  severity: 'blocking',
  needs: ['powershell'],
  profiles: ['synergy'],
  // Only a person (or a download) can fix a failure: say who and what, never "not safe to automate" (issue 16).
  fix: manualWhenFailed('Windows Management Framework 5.1 is a Microsoft download (KB3191564), installed by an administrator and followed by a restart', 'always'),
  rationale:
    'Clickker and its installer use Windows PowerShell 5.1 (powershell.exe, the Desktop edition), which is in the box from '
    + 'Windows Server 2016. PowerShell 7 (pwsh) does not replace it: the IIS and ServerManager modules are native to 5.1.',
  // Windows Management Framework 5.1 is KB3191564 (Server 2012 R2: Win8.1AndW2K12R2-KB3191564-x64.msu); Windows Server
  // 2016 and later have Windows PowerShell 5.1 built in, so a lower version there means a damaged installation.
  remediation: {
    text: 'Download "Windows Management Framework 5.1" (KB3191564) from https://www.microsoft.com/download/details.aspx?id=54616, '
      + 'install the package for this Windows version as an administrator, then restart the server. '
      + 'On Windows Server 2016 and later Windows PowerShell 5.1 is built in: run clickker with powershell.exe, not pwsh.',
    commands: [
      { shell: 'powershell', runAs: 'administrator', script: "wusa.exe '.\\Win8.1AndW2K12R2-KB3191564-x64.msu' /quiet /norestart\nRestart-Computer" },
      { shell: 'powershell', runAs: 'user', purpose: 'look', script: '$PSVersionTable.PSVersion; $PSVersionTable.PSEdition' },
    ],
  },
  evaluate({ fact, requirements }) {
    const ps = fact(powershellFact);
    const req = requirements.powershell;
    const edition = ps.PSEdition ?? 'Desktop'; // 4.0 and older have no PSEdition: they are Desktop
    const evidence = { expected: `${req.edition} edition, version >= ${req.minVersion}`, found: { PSVersion: ps.PSVersion, PSEdition: ps.PSEdition ?? null }, source: '$PSVersionTable' };
    if (edition !== req.edition) {
      return unknown(`the facts were collected with PowerShell ${ps.PSVersion} (${edition} edition), which says nothing about Windows PowerShell ${req.minVersion}; collect again with powershell.exe`,
        'Collect the facts with Windows PowerShell: clickker collect --powershell powershell (or run the standalone script in powershell.exe).', evidence);
    }
    const found = coerce(ps.PSVersion);
    const min = coerce(req.minVersion);
    if (!found || !min) return unknown(`cannot compare version ${ps.PSVersion}`, 'Check $PSVersionTable.PSVersion on the server by hand.', evidence);
    if (gte(found, min)) return pass(`Windows PowerShell ${ps.PSVersion}`, evidence);
    return fail(`Windows PowerShell ${ps.PSVersion} is older than ${req.minVersion}`, evidence);
  },
};
