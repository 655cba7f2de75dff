import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { sqlName } from '../src/core/quote.js';
import { fail, listing, pass, unknown } from '../src/core/verdict.js';
import { sqlPermissionsFact } from '../src/facts/sql.js';

export const check: Check = {
  id: 'sql.service-account',
  title: 'Service account is sysadmin on SQL Server during installation',
  category: 'SQL Server',
  severity: 'blocking',
  needs: ['sql.permissions'],
  profiles: ['synergy'],
  fix: manualWhenFailed('server roles on SQL Server are the DBA\'s decision'),
  rationale:
    'The installer creates the Clickker database and grants rights, so the service account needs the sysadmin role while '
    + 'installing. Afterwards read rights on the Exact databases and read/write on the Clickker database are enough. '
    + 'Membership through an AD group can only be resolved while connected as the account itself.',
  remediation: {
    text: 'Add the service account to the sysadmin server role for the installation (it may be removed again afterwards).',
    commands: [{ shell: 'tsql', script: 'ALTER SERVER ROLE [sysadmin] ADD MEMBER [DOMAIN\\svc-clickker];' }],
  },
  evaluate({ fact, requirements }) {
    const p = fact(sqlPermissionsFact);
    const role = requirements.sql.installServerRole;
    const unreadable = p.exactDatabases.filter((d) => d.canRead === false).map((d) => d.name);
    const evidence = { expected: `member of ${role} (during installation)`, found: { login: p.login, isSysadmin: p.isSysadmin, connectedAsServiceAccount: p.connectedAsServiceAccount, exactDatabases: p.exactDatabases, clickkerDatabase: p.clickkerDatabase } };
    if (p.isSysadmin === true) return pass(`${p.login} is ${role}`, evidence);
    if (p.isSysadmin === null) {
      return unknown(p.connectedAsServiceAccount
        ? `SQL Server could not say whether ${p.login} is ${role}`
        : `SQL Server cannot tell from another login whether ${p.login} is ${role} (for example through an AD group); connect as the service account to check`,
      `Run the preflight connected as the service account itself (--sql-user ${p.login} with --sql-domain for a domain account), or ask the DBA to confirm the role.`, evidence);
    }
    const also = unreadable.length ? `; it cannot read ${listing(unreadable)} either` : '';
    return fail(`${p.login} is not ${role}, which the installation needs${also}`, evidence, {
      text: `Add ${p.login} to the ${role} server role for the installation.`,
      commands: [{ shell: 'tsql', script: `ALTER SERVER ROLE ${sqlName(role)} ADD MEMBER ${sqlName(p.login)};` }],
    });
  },
};
