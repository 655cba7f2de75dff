import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { fail, pass, remedy, say, unknown } from '../src/core/verdict.js';
import { sqlServerFact } from '../src/facts/sql.js';

export const check: Check = {
  id: 'sql.auth-mode',
  title: 'SQL Server allows SQL logins (mixed mode)',
  category: 'SQL Server',
  severity: 'blocking',
  needs: ['sql.server'],
  profiles: ['synergy'],
  fix: manualWhenFailed(say(
    'changing SQL Server\'s authentication mode needs a SQL Server restart: the DBA\'s decision',
    'de verificatiemodus van SQL Server wijzigen vereist een herstart van SQL Server: de beslissing van de DBA',
  )),
  nl: {
    title: 'SQL Server staat SQL-aanmeldingen toe (gemengde modus)',
    rationale:
      'Exact gebruikt de SQL-aanmelding BACO. Als SQL Server alleen Windows-verificatie accepteert '
      + "(SERVERPROPERTY('IsIntegratedSecurityOnly') = 1), kan geen enkele SQL-aanmelding zich aanmelden, in welke staat ook.",
  },
  rationale:
    'Exact uses the SQL login BACO. When SQL Server accepts Windows authentication only '
    + "(SERVERPROPERTY('IsIntegratedSecurityOnly') = 1), no SQL login can log in at all, whatever its state.",
  remediation: remedy(say(
    'Switch the instance to SQL Server and Windows Authentication mode, then restart the SQL Server service.',
    'Zet het exemplaar op SQL Server- en Windows-verificatiemodus en herstart daarna de service SQL Server.',
  ), [{
      shell: 'tsql',
      runAs: 'sql-sysadmin',
      script: "EXEC xp_instance_regwrite N'HKEY_LOCAL_MACHINE', N'Software\\Microsoft\\MSSQLServer\\MSSQLServer', N'LoginMode', REG_DWORD, 2;\n-- then restart the SQL Server service (Restart-Service for the instance)",
  }]),
  evaluate({ fact }) {
    const s = fact(sqlServerFact);
    const evidence = {
      expected: 'IsIntegratedSecurityOnly = 0 (mixed mode)',
      said: { expected: say('IsIntegratedSecurityOnly = 0 (mixed mode)', 'IsIntegratedSecurityOnly = 0 (gemengde modus)') },
      found: { server: s.server, isIntegratedSecurityOnly: s.isIntegratedSecurityOnly, version: s.productVersion ?? null, edition: s.edition ?? null }, source: "SERVERPROPERTY('IsIntegratedSecurityOnly')" };
    if (s.isIntegratedSecurityOnly === null) {
      return unknown(say('SQL Server did not report its authentication mode', 'SQL Server meldde zijn verificatiemodus niet'), say(
        "Ask the DBA, or run SELECT SERVERPROPERTY('IsIntegratedSecurityOnly') as sysadmin.",
        "Vraag het de DBA, of voer SELECT SERVERPROPERTY('IsIntegratedSecurityOnly') uit als sysadmin.",
      ), evidence);
    }
    if (s.isIntegratedSecurityOnly) {
      return fail(say(
        `${s.server} accepts Windows authentication only: SQL logins such as BACO cannot log in`,
        `${s.server} accepteert alleen Windows-verificatie: SQL-aanmeldingen zoals BACO kunnen zich niet aanmelden`,
      ), evidence);
    }
    return pass(say(`${s.server} accepts SQL logins (mixed mode)`, `${s.server} accepteert SQL-aanmeldingen (gemengde modus)`), evidence);
  },
};
