import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { fail, pass, unknown } from '../src/core/verdict.js';
import { sqlServerFact } from '../src/facts/sql.js';

export const check: Check = {
  id: 'sql.auth-mode',
  title: 'SQL Server allows SQL logins (mixed mode)',
  category: 'SQL Server',
  severity: 'blocking',
  needs: ['sql.server'],
  profiles: ['synergy'],
  fix: manualWhenFailed('changing SQL Server\'s authentication mode needs a SQL Server restart: the DBA\'s decision'),
  rationale:
    'Exact uses the SQL login BACO. When SQL Server accepts Windows authentication only '
    + "(SERVERPROPERTY('IsIntegratedSecurityOnly') = 1), no SQL login can log in at all, whatever its state.",
  remediation: {
    text: 'Switch the instance to SQL Server and Windows Authentication mode, then restart the SQL Server service.',
    commands: [{
      shell: 'tsql',
      runAs: 'sql-sysadmin',
      script: "EXEC xp_instance_regwrite N'HKEY_LOCAL_MACHINE', N'Software\\Microsoft\\MSSQLServer\\MSSQLServer', N'LoginMode', REG_DWORD, 2;\n-- then restart the SQL Server service (Restart-Service for the instance)",
    }],
  },
  evaluate({ fact }) {
    const s = fact(sqlServerFact);
    const evidence = { expected: 'IsIntegratedSecurityOnly = 0 (mixed mode)', found: { server: s.server, isIntegratedSecurityOnly: s.isIntegratedSecurityOnly, version: s.productVersion ?? null, edition: s.edition ?? null }, source: "SERVERPROPERTY('IsIntegratedSecurityOnly')" };
    if (s.isIntegratedSecurityOnly === null) return unknown('SQL Server did not report its authentication mode', "Ask the DBA, or run SELECT SERVERPROPERTY('IsIntegratedSecurityOnly') as sysadmin.", evidence);
    if (s.isIntegratedSecurityOnly) return fail(`${s.server} accepts Windows authentication only: SQL logins such as BACO cannot log in`, evidence);
    return pass(`${s.server} accepts SQL logins (mixed mode)`, evidence);
  },
};
