import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { sqlName } from '../src/core/quote.js';
import { fail, listed, pass, remedy, say, unknown, warn } from '../src/core/verdict.js';

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
  fix: manualWhenFailed(say('server roles on SQL Server are the DBA\'s decision', 'serverrollen op SQL Server zijn de beslissing van de DBA')),
  nl: {
    title: 'Serviceaccount is sysadmin op SQL Server tijdens de installatie',
    rationale:
      'Het installatieprogramma maakt de Clickker-database aan en kent rechten toe, dus het serviceaccount heeft tijdens de installatie '
      + 'de rol sysadmin nodig. Daarna zijn leesrechten op de Exact-databases en lees-/schrijfrechten op de Clickker-database genoeg. '
      + 'Lidmaatschap via een AD-groep is alleen vast te stellen met een verbinding als het account zelf, dus een "nee" voor een andere '
      + 'Windows-aanmelding is een waarschuwing, met hoe u het bevestigt. Zonder een genoemd serviceaccount (--service-account) is de '
      + 'controle onbekend: de verbonden aanmelding zegt niets over het serviceaccount.',
  },
  rationale:
    'The installer creates the Clickker database and grants rights, so the service account needs the sysadmin role while '
    + 'installing. Afterwards read rights on the Exact databases and read/write on the Clickker database are enough. '
    + 'Membership through an AD group can only be resolved while connected as the account itself, so a "no" for another '
    + 'Windows login is a warning with how to confirm it. Without a named service account (--service-account) the check '
    + 'is unknown: the connected login is not evidence about the service account.',
  remediation: remedy(say(
    'Add the service account to the sysadmin server role for the installation (it may be removed again afterwards).',
    'Voeg het serviceaccount voor de installatie toe aan de serverrol sysadmin (daarna mag het er weer uit).',
  ), [{ shell: 'tsql', script: 'ALTER SERVER ROLE [sysadmin] ADD MEMBER [DOMAIN\\svc-clickker];' }]),
  evaluate({ fact, requirements, options }) {
    const p = fact(sqlPermissionsFact);
    const role = requirements.sql.installServerRole;
    const unreadable = p.exactDatabases.filter((d) => d.canRead === false).map((d) => d.name);
    const undetermined = p.undeterminedDatabases ?? [];
    const offline = p.exactDatabases.filter((d) => d.state !== undefined && d.state !== 'ONLINE');
    const evidence = {
      expected: `the named service account is a member of ${role} (during installation)`,
      said: { expected: say(`the named service account is a member of ${role} (during installation)`, `het genoemde serviceaccount is lid van ${role} (tijdens de installatie)`) },
      found: { login: p.login, isSysadmin: p.isSysadmin, connectedAsServiceAccount: p.connectedAsServiceAccount, serviceAccountNamed: p.serviceAccountNamed ?? null, exactDatabases: p.exactDatabases, undeterminedDatabases: undetermined, clickkerDatabase: p.clickkerDatabase },
    };
    // Databases that could not be looked into, or are not ONLINE, are named in every verdict (never dropped silently).
    const notesIn = (lang: 'en' | 'nl') => [
      ...offline.map((d) => (lang === 'en' ? `${d.name} is ${d.state}` : `${d.name} is ${d.state}`)),
      ...undetermined.map((d) => (lang === 'en' ? `${d.name}: kind unknown, ${d.reason}` : `${d.name}: soort onbekend, ${d.reason}`)),
    ];
    const noted = notesIn('en').length ? say(` (${notesIn('en').join('; ')})`, ` (${notesIn('nl').join('; ')})`) : say('', '');

    // Standing rule 3: a pass needs evidence for the named service account, never for the connected login. Older
    // snapshots lack serviceAccountNamed; connectedAsServiceAccount false implies an account was named.
    const named = p.serviceAccountNamed ?? (p.connectedAsServiceAccount ? undefined : true);
    const stated = options.serviceAccount?.trim();
    if (named !== true && !(named === undefined && stated !== undefined && sameLogin(stated, p.login))) {
      return unknown(named === false
        ? say(
          `no service account was named, so the rights of the connected login ${p.login} say nothing about it: name the service account with --service-account`,
          `er is geen serviceaccount opgegeven, dus de rechten van de verbonden aanmelding ${p.login} zeggen er niets over: geef het serviceaccount op met --service-account`,
        )
        : say(
          `this snapshot does not say whether ${p.login} is the service account (collected before clickker recorded it): name the service account with --service-account`,
          `deze snapshot zegt niet of ${p.login} het serviceaccount is (verzameld voordat clickker dat vastlegde): geef het serviceaccount op met --service-account`,
        ),
      say(
        'Run the preflight with --service-account DOMAIN\\svc-clickker (the account the Clickker service will run as).',
        'Voer de controle uit met --service-account DOMEIN\\svc-clickker (het account waaronder de Clickker-service gaat draaien).',
      ), evidence);
    }
    if (p.isSysadmin === true) return pass(say(`${p.login} is ${role}${noted.en}`, `${p.login} is ${role}${noted.nl}`), evidence);
    if (p.isSysadmin === null) {
      return unknown(p.connectedAsServiceAccount
        ? say(`SQL Server could not say whether ${p.login} is ${role}`, `SQL Server kon niet zeggen of ${p.login} ${role} is`)
        : say(
          `SQL Server cannot tell from another login whether ${p.login} is ${role} (for example through an AD group); connect as the service account to check`,
          `SQL Server kan vanuit een andere aanmelding niet zien of ${p.login} ${role} is (bijvoorbeeld via een AD-groep); maak verbinding als het serviceaccount om het te controleren`,
        ),
      say(
        `Run the preflight connected as the service account itself (--sql-user ${p.login} with --sql-domain for a domain account), or ask the DBA to confirm the role.`,
        `Voer de controle uit met een verbinding als het serviceaccount zelf (--sql-user ${p.login} met --sql-domain voor een domeinaccount), of vraag de DBA de rol te bevestigen.`,
      ), evidence);
    }
    const cannot = listed(unreadable);
    const also = unreadable.length ? say(`; it cannot read ${cannot.en} either`, `; het kan ook ${cannot.nl} niet lezen`) : say('', '');
    const addCommands = [{ shell: 'tsql' as const, script: `ALTER SERVER ROLE ${sqlName(role)} ADD MEMBER ${sqlName(p.login)};` }];
    const add = remedy(say(
      `Add ${p.login} to the ${role} server role for the installation.`,
      `Voeg ${p.login} voor de installatie toe aan de serverrol ${role}.`,
    ), addCommands);
    if (!p.connectedAsServiceAccount && p.login.includes('\\')) {
      // IS_SRVROLEMEMBER for a Windows login other than the connected one "might return incorrect or incomplete data"
      // (membership through AD groups, an unavailable domain controller: IS_SRVROLEMEMBER docs): 0 is not proof.
      const xp = `EXEC xp_logininfo N'${p.login.replace(/'/g, "''")}', 'all';`;
      return warn(say(
        `SQL Server says ${p.login} is not ${role}, but for a Windows login other than the connected one that is not proof (membership through an AD group is not seen)${also.en}${noted.en}`,
        `SQL Server zegt dat ${p.login} geen ${role} is, maar voor een andere Windows-aanmelding dan de verbonden aanmelding is dat geen bewijs (lidmaatschap via een AD-groep is niet zichtbaar)${also.nl}${noted.nl}`,
      ), evidence, remedy(say(
        `Confirm it: run the preflight connected as ${p.login} (--sql-user ${p.login} --sql-domain ...), or ask SQL Server which groups give it access: ${xp} (privilege "admin" = sysadmin). If it is not, add it.`,
        `Bevestig het: voer de controle uit met een verbinding als ${p.login} (--sql-user ${p.login} --sql-domain ...), of vraag SQL Server via welke groepen het toegang heeft: ${xp} (privilege "admin" = sysadmin). Is het geen sysadmin, voeg het dan toe.`,
      ), [{ shell: 'tsql', script: xp }, ...addCommands]));
    }
    return fail(say(
      `${p.login} is not ${role}, which the installation needs${also.en}${noted.en}`,
      `${p.login} is geen ${role}, wat de installatie wel nodig heeft${also.nl}${noted.nl}`,
    ), evidence, add);
  },
};
