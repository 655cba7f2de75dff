import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { sqlName } from '../src/core/quote.js';
import { fail, listing, pass, unknown, warn } from '../src/core/verdict.js';

/** Login names compare case-insensitively, as on the usual case-insensitive server collations. */
const sameLogin = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
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
    + 'Membership through an AD group can only be resolved while connected as the account itself, so a "no" for another '
    + 'Windows login is a warning with how to confirm it. Without a named service account (--service-account) the check '
    + 'is unknown: the connected login is not evidence about the service account.',
  remediation: {
    text: 'Add the service account to the sysadmin server role for the installation (it may be removed again afterwards).',
    commands: [{ shell: 'tsql', script: 'ALTER SERVER ROLE [sysadmin] ADD MEMBER [DOMAIN\\svc-clickker];' }],
  },
  evaluate({ fact, requirements, options }) {
    const p = fact(sqlPermissionsFact);
    const role = requirements.sql.installServerRole;
    const unreadable = p.exactDatabases.filter((d) => d.canRead === false).map((d) => d.name);
    const undetermined = p.undeterminedDatabases ?? [];
    const offline = p.exactDatabases.filter((d) => d.state !== undefined && d.state !== 'ONLINE');
    const evidence = {
      expected: `the named service account is a member of ${role} (during installation)`,
      found: { login: p.login, isSysadmin: p.isSysadmin, connectedAsServiceAccount: p.connectedAsServiceAccount, serviceAccountNamed: p.serviceAccountNamed ?? null, exactDatabases: p.exactDatabases, undeterminedDatabases: undetermined, clickkerDatabase: p.clickkerDatabase },
    };
    // Databases that could not be looked into, or are not ONLINE, are named in every verdict (never dropped silently).
    const notes = [
      ...offline.map((d) => `${d.name} is ${d.state}`),
      ...undetermined.map((d) => `${d.name}: kind unknown, ${d.reason}`),
    ];
    const noted = notes.length ? ` (${notes.join('; ')})` : '';

    // Standing rule 3: a pass needs evidence for the named service account, never for the connected login. Older
    // snapshots lack serviceAccountNamed; connectedAsServiceAccount false implies an account was named.
    const named = p.serviceAccountNamed ?? (p.connectedAsServiceAccount ? undefined : true);
    const stated = options.serviceAccount?.trim();
    if (named !== true && !(named === undefined && stated !== undefined && sameLogin(stated, p.login))) {
      return unknown(named === false
        ? `no service account was named, so the rights of the connected login ${p.login} say nothing about it: name the service account with --service-account`
        : `this snapshot does not say whether ${p.login} is the service account (collected before clickker recorded it): name the service account with --service-account`,
      'Run the preflight with --service-account DOMAIN\\svc-clickker (the account the Clickker service will run as).', evidence);
    }
    if (p.isSysadmin === true) return pass(`${p.login} is ${role}${noted}`, evidence);
    if (p.isSysadmin === null) {
      return unknown(p.connectedAsServiceAccount
        ? `SQL Server could not say whether ${p.login} is ${role}`
        : `SQL Server cannot tell from another login whether ${p.login} is ${role} (for example through an AD group); connect as the service account to check`,
      `Run the preflight connected as the service account itself (--sql-user ${p.login} with --sql-domain for a domain account), or ask the DBA to confirm the role.`, evidence);
    }
    const also = unreadable.length ? `; it cannot read ${listing(unreadable)} either` : '';
    const add = {
      text: `Add ${p.login} to the ${role} server role for the installation.`,
      commands: [{ shell: 'tsql' as const, script: `ALTER SERVER ROLE ${sqlName(role)} ADD MEMBER ${sqlName(p.login)};` }],
    };
    if (!p.connectedAsServiceAccount && p.login.includes('\\')) {
      // IS_SRVROLEMEMBER for a Windows login other than the connected one "might return incorrect or incomplete data"
      // (membership through AD groups, an unavailable domain controller: IS_SRVROLEMEMBER docs): 0 is not proof.
      return warn(`SQL Server says ${p.login} is not ${role}, but for a Windows login other than the connected one that is not proof (membership through an AD group is not seen)${also}${noted}`, evidence, {
        text: `Confirm it: run the preflight connected as ${p.login} (--sql-user ${p.login} --sql-domain ...), or ask SQL Server which groups give it access: EXEC xp_logininfo N'${p.login.replace(/'/g, "''")}', 'all'; (privilege "admin" = sysadmin). If it is not, add it.`,
        commands: [{ shell: 'tsql', script: `EXEC xp_logininfo N'${p.login.replace(/'/g, "''")}', 'all';` }, ...add.commands],
      });
    }
    return fail(`${p.login} is not ${role}, which the installation needs${also}${noted}`, evidence, add);
  },
};
