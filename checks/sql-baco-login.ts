import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { sqlName } from '../src/core/quote.js';
import { fail, pass, unknown, warn } from '../src/core/verdict.js';
import { sqlBacoFact } from '../src/facts/sql.js';
import { synergyFact } from '../src/facts/synergy.js';

const EXPIRY_WARN_DAYS = 14;

export const check: Check = {
  id: 'sql.baco-login',
  title: 'SQL login BACO present, enabled and not locked',
  category: 'SQL Server',
  severity: 'blocking',
  // synergy is optional evidence (read with `has`): the entity service's "Failed to login to Globe" answer.
  needs: ['sql.baco', 'synergy'],
  profiles: ['synergy'],
  fix: manualWhenFailed('the BACO login belongs to Exact Synergy: its DBA decides'),
  rationale:
    'Exact uses the SQL login BACO on the database server; Clickker needs it present, enabled, not locked and not expired. '
    + 'A login without ALTER ANY LOGIN (or VIEW DEFINITION on BACO) sees no other logins at all, so zero rows then mean '
    + '"cannot determine", never "missing".',
  remediation: {
    text: 'Create or repair the BACO login as the Clickker article "Error message: Failed to login to Globe" describes.',
    commands: [
      { shell: 'tsql', script: "CREATE LOGIN [BACO] WITH PASSWORD = N'<password Exact expects>', CHECK_POLICY = OFF;" },
      { shell: 'tsql', purpose: 'look', script: "SELECT name, type, is_disabled FROM sys.server_principals WHERE name = N'BACO';\nSELECT LOGINPROPERTY(N'BACO', 'IsLocked') AS IsLocked, LOGINPROPERTY(N'BACO', 'IsExpired') AS IsExpired;" },
    ],
  },
  evaluate({ fact, has, requirements }) {
    const b = fact(sqlBacoFact);
    const login = requirements.sql.bacoLogin;
    const q = sqlName(login);
    const evidence = { expected: `SQL login ${login}: type S, enabled, not locked, not expired`, found: b, source: 'sys.server_principals, sys.sql_logins, LOGINPROPERTY' };
    if (!b.exists && !b.canSeeLogins) {
      return unknown(`cannot determine: the connected login may not see other logins (it needs ALTER ANY LOGIN or VIEW DEFINITION on ${q}); connect as a sysadmin to check ${login}`,
        `Run the preflight with a SQL login that may see all logins (a sysadmin, or one with ALTER ANY LOGIN): --sql-user <login>.`, evidence);
    }
    if (!b.exists) {
      return fail(`There is no login ${login} on the SQL Server`, evidence, {
        text: `Create the SQL login ${login} as the Clickker article "Error message: Failed to login to Globe" describes (with the password Exact expects).`,
        commands: [{ shell: 'tsql', script: `CREATE LOGIN ${q} WITH PASSWORD = N'<password Exact expects>', CHECK_POLICY = OFF;` }],
      });
    }
    if (b.type !== 'S') return fail(`${login} exists but is not a SQL login (type ${b.type ?? 'unknown'}); Exact logs in with a SQL login`, evidence, {
      text: `Ask your Exact partner how ${login} was set up: Exact expects a SQL login named ${login}. A Windows principal of that name must be renamed or dropped before the SQL login can be created (CREATE LOGIN ${q} WITH PASSWORD = N'<password Exact expects>').`,
    });
    if (b.isDisabled) return fail(`The login ${login} is disabled`, evidence, { text: `Enable the login ${login}.`, commands: [{ shell: 'tsql', script: `ALTER LOGIN ${q} ENABLE;` }] });
    if (b.isLocked) {
      return fail(`The login ${login} is locked out`, evidence, {
        text: `Unlock ${login} (this needs its password), and find what locked it: usually a wrong password stored somewhere.`,
        commands: [{ shell: 'tsql', script: `ALTER LOGIN ${q} WITH PASSWORD = N'<current password>' UNLOCK;` }],
      });
    }
    if (b.isExpired || b.isMustChange) {
      return fail(`The password of ${login} ${b.isExpired ? 'has expired' : 'must be changed at next login'}`, evidence, {
        text: `Set the password of ${login} again (Exact stores it, so keep it the same) and consider CHECK_EXPIRATION = OFF.`,
        commands: [{ shell: 'tsql', script: `ALTER LOGIN ${q} WITH PASSWORD = N'<password Exact expects>';\nALTER LOGIN ${q} WITH CHECK_EXPIRATION = OFF;` }],
      });
    }
    // LOGINPROPERTY DaysUntilExpiration: -1 when the Windows policy never expires the password, NULL when the login is
    // not subject to expiration (LOGINPROPERTY docs): neither is "expires in N days".
    if (b.daysUntilExpiration !== null && b.daysUntilExpiration >= 0 && b.daysUntilExpiration <= EXPIRY_WARN_DAYS) {
      return warn(`The password of ${login} expires in ${b.daysUntilExpiration} days`, evidence, {
        text: `Renew the password of ${login} before it expires, or switch expiration off for this service login.`,
        commands: [{ shell: 'tsql', script: `ALTER LOGIN ${q} WITH CHECK_EXPIRATION = OFF;` }],
      });
    }
    if (b.isLocked === null && b.isPolicyChecked) return warn(`${login} exists and is enabled, but its lock state could not be read`, evidence);
    // Synergy itself saying it cannot log in to Globe outweighs a login that looks fine from SQL Server's side.
    const entity = has(synergyFact) ? fact(synergyFact).EntityService : undefined;
    if (entity?.GlobeLoginFailed) {
      return fail(`${login} looks fine on the SQL Server, but the Synergy entity service answers "Failed to login to Globe", the BACO symptom`, { ...evidence, entityService: entity }, {
        text: `Check the password Exact stores for ${login} against the login (the Clickker article "Error message: Failed to login to Globe").`,
      });
    }
    const never = b.daysUntilExpiration === -1 ? ' (its password never expires under the Windows policy)' : '';
    return pass(`SQL login ${login} present, enabled, not locked${never}`, evidence);
  },
};
