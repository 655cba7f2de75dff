import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { sqlName } from '../src/core/quote.js';
import { fail, pass, remedy, say, unknown, warn } from '../src/core/verdict.js';
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
  fix: manualWhenFailed(say('the BACO login belongs to Exact Synergy: its DBA decides', 'de aanmelding BACO hoort bij Exact Synergy: de DBA daarvan beslist')),
  nl: {
    title: 'SQL-aanmelding BACO aanwezig, ingeschakeld en niet geblokkeerd',
    rationale:
      'Exact gebruikt de SQL-aanmelding BACO op de databaseserver; Clickker heeft hem nodig: aanwezig, ingeschakeld, niet geblokkeerd en niet verlopen. '
      + 'Een aanmelding zonder ALTER ANY LOGIN (of VIEW DEFINITION op BACO) ziet geen andere aanmeldingen, dus nul rijen betekent dan '
      + '"niet vast te stellen", nooit "ontbreekt".',
  },
  rationale:
    'Exact uses the SQL login BACO on the database server; Clickker needs it present, enabled, not locked and not expired. '
    + 'A login without ALTER ANY LOGIN (or VIEW DEFINITION on BACO) sees no other logins at all, so zero rows then mean '
    + '"cannot determine", never "missing".',
  remediation: remedy(say(
    'Create or repair the BACO login as the Clickker article "Error message: Failed to login to Globe" describes.',
    'Maak of herstel de aanmelding BACO zoals het Clickker-artikel "Error message: Failed to login to Globe" beschrijft.',
  ), [
      { shell: 'tsql', script: "CREATE LOGIN [BACO] WITH PASSWORD = N'<password Exact expects>', CHECK_POLICY = OFF;" },
      { shell: 'tsql', purpose: 'look', script: "SELECT name, type, is_disabled FROM sys.server_principals WHERE name = N'BACO';\nSELECT LOGINPROPERTY(N'BACO', 'IsLocked') AS IsLocked, LOGINPROPERTY(N'BACO', 'IsExpired') AS IsExpired;" },
  ]),
  evaluate({ fact, has, requirements }) {
    const b = fact(sqlBacoFact);
    const login = requirements.sql.bacoLogin;
    const q = sqlName(login);
    const evidence = {
      expected: `SQL login ${login}: type S, enabled, not locked, not expired`,
      said: { expected: say(`SQL login ${login}: type S, enabled, not locked, not expired`, `SQL-aanmelding ${login}: type S, ingeschakeld, niet geblokkeerd, niet verlopen`) },
      found: b, source: 'sys.server_principals, sys.sql_logins, LOGINPROPERTY' };
    if (!b.exists && !b.canSeeLogins) {
      return unknown(say(
        `cannot determine: the connected login may not see other logins (it needs ALTER ANY LOGIN or VIEW DEFINITION on ${q}); connect as a sysadmin to check ${login}`,
        `niet vast te stellen: de verbonden aanmelding mag andere aanmeldingen misschien niet zien (daarvoor is ALTER ANY LOGIN of VIEW DEFINITION op ${q} nodig); maak verbinding als sysadmin om ${login} te controleren`,
      ), say(
        'Run the preflight with a SQL login that may see all logins (a sysadmin, or one with ALTER ANY LOGIN): --sql-user <login>.',
        'Voer de controle uit met een SQL-aanmelding die alle aanmeldingen mag zien (een sysadmin, of een met ALTER ANY LOGIN): --sql-user <aanmelding>.',
      ), evidence);
    }
    if (!b.exists) {
      return fail(say(`There is no login ${login} on the SQL Server`, `Er is geen aanmelding ${login} op de SQL Server`), evidence, remedy(say(
        `Create the SQL login ${login} as the Clickker article "Error message: Failed to login to Globe" describes (with the password Exact expects).`,
        `Maak de SQL-aanmelding ${login} aan zoals het Clickker-artikel "Error message: Failed to login to Globe" beschrijft (met het wachtwoord dat Exact verwacht).`,
      ), [{ shell: 'tsql', script: `CREATE LOGIN ${q} WITH PASSWORD = N'<password Exact expects>', CHECK_POLICY = OFF;` }]));
    }
    if (b.type !== 'S') {
      return fail(say(
        `${login} exists but is not a SQL login (type ${b.type ?? 'unknown'}); Exact logs in with a SQL login`,
        `${login} bestaat, maar is geen SQL-aanmelding (type ${b.type ?? 'onbekend'}); Exact meldt zich aan met een SQL-aanmelding`,
      ), evidence, remedy(say(
        `Ask your Exact partner how ${login} was set up: Exact expects a SQL login named ${login}. A Windows principal of that name must be renamed or dropped before the SQL login can be created (CREATE LOGIN ${q} WITH PASSWORD = N'<password Exact expects>').`,
        `Vraag uw Exact-partner hoe ${login} is ingericht: Exact verwacht een SQL-aanmelding met de naam ${login}. Een Windows-principal met die naam moet worden hernoemd of verwijderd voordat de SQL-aanmelding kan worden aangemaakt (CREATE LOGIN ${q} WITH PASSWORD = N'<password Exact expects>').`,
      )));
    }
    if (b.isDisabled) {
      return fail(say(`The login ${login} is disabled`, `De aanmelding ${login} is uitgeschakeld`), evidence,
        remedy(say(`Enable the login ${login}.`, `Schakel de aanmelding ${login} in.`), [{ shell: 'tsql', script: `ALTER LOGIN ${q} ENABLE;` }]));
    }
    if (b.isLocked) {
      return fail(say(`The login ${login} is locked out`, `De aanmelding ${login} is geblokkeerd`), evidence, remedy(say(
        `Unlock ${login} (this needs its password), and find what locked it: usually a wrong password stored somewhere.`,
        `Deblokkeer ${login} (daarvoor is het wachtwoord nodig) en zoek uit wat hem blokkeerde: meestal een fout wachtwoord dat ergens is opgeslagen.`,
      ), [{ shell: 'tsql', script: `ALTER LOGIN ${q} WITH PASSWORD = N'<current password>' UNLOCK;` }]));
    }
    if (b.isExpired || b.isMustChange) {
      return fail(say(
        `The password of ${login} ${b.isExpired ? 'has expired' : 'must be changed at next login'}`,
        `Het wachtwoord van ${login} ${b.isExpired ? 'is verlopen' : 'moet bij de volgende aanmelding worden gewijzigd'}`,
      ), evidence, remedy(say(
        `Set the password of ${login} again (Exact stores it, so keep it the same) and consider CHECK_EXPIRATION = OFF.`,
        `Stel het wachtwoord van ${login} opnieuw in (Exact slaat het op, dus houd het gelijk) en overweeg CHECK_EXPIRATION = OFF.`,
      ), [{ shell: 'tsql', script: `ALTER LOGIN ${q} WITH PASSWORD = N'<password Exact expects>';\nALTER LOGIN ${q} WITH CHECK_EXPIRATION = OFF;` }]));
    }
    // LOGINPROPERTY DaysUntilExpiration: -1 when the Windows policy never expires the password, NULL when the login is
    // not subject to expiration (LOGINPROPERTY docs): neither is "expires in N days".
    if (b.daysUntilExpiration !== null && b.daysUntilExpiration >= 0 && b.daysUntilExpiration <= EXPIRY_WARN_DAYS) {
      const days = b.daysUntilExpiration;
      return warn(say(`The password of ${login} expires in ${days} days`, `Het wachtwoord van ${login} verloopt over ${days} dagen`), evidence, remedy(say(
        `Renew the password of ${login} before it expires, or switch expiration off for this service login.`,
        `Vernieuw het wachtwoord van ${login} voordat het verloopt, of zet het verlopen uit voor deze serviceaanmelding.`,
      ), [{ shell: 'tsql', script: `ALTER LOGIN ${q} WITH CHECK_EXPIRATION = OFF;` }]));
    }
    if (b.isLocked === null && b.isPolicyChecked) {
      return warn(say(`${login} exists and is enabled, but its lock state could not be read`, `${login} bestaat en is ingeschakeld, maar of hij geblokkeerd is, kon niet worden gelezen`), evidence);
    }
    // Synergy itself saying it cannot log in to Globe outweighs a login that looks fine from SQL Server's side.
    const entity = has(synergyFact) ? fact(synergyFact).EntityService : undefined;
    if (entity?.GlobeLoginFailed) {
      return fail(say(
        `${login} looks fine on the SQL Server, but the Synergy entity service answers "Failed to login to Globe", the BACO symptom`,
        `${login} ziet er op de SQL Server goed uit, maar de Synergy-entityservice antwoordt "Failed to login to Globe", het BACO-symptoom`,
      ), { ...evidence, entityService: entity }, remedy(say(
        `Check the password Exact stores for ${login} against the login (the Clickker article "Error message: Failed to login to Globe").`,
        `Vergelijk het wachtwoord dat Exact voor ${login} opslaat met de aanmelding (het Clickker-artikel "Error message: Failed to login to Globe").`,
      )));
    }
    const never = b.daysUntilExpiration === -1
      ? say(' (its password never expires under the Windows policy)', ' (het wachtwoord verloopt nooit volgens het Windows-beleid)') : say('', '');
    return pass(say(`SQL login ${login} present, enabled, not locked${never.en}`, `SQL-aanmelding ${login} aanwezig, ingeschakeld, niet geblokkeerd${never.nl}`), evidence);
  },
};
