import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { fail, pass, remedy, say, unknown } from '../src/core/verdict.js';
import { sqlPermissionsFact } from '../src/facts/sql.js';

const CONFIRM = say(
  'Look at the employee card of the service account in Exact Synergy (HRM): its Windows login, not blocked, no leave date.',
  'Bekijk de medewerkerskaart van het serviceaccount in Exact Synergy (HRM): de Windows-login, niet geblokkeerd, geen datum uit dienst.',
);

export const check: Check = {
  id: 'sql.synergy-user',
  title: 'Service account is an active Exact Synergy user',
  category: 'SQL Server',
  // Warning, not blocking: older snapshots lack the look (unknown), and a blocking unknown would turn a run that was
  // ready into an incomplete one; the roles stay a manual confirmation (confirm.synergy-user) either way.
  severity: 'warning',
  needs: ['sql.permissions'],
  profiles: ['synergy'],
  fix: manualWhenFailed(say('Synergy users are maintained in Exact Synergy by its administrator', 'Synergy-gebruikers worden in Exact Synergy beheerd door de beheerder ervan')),
  nl: {
    title: 'Serviceaccount is een actieve Exact Synergy-gebruiker',
    rationale:
      'De Clickker-service roept Exact Synergy aan als het serviceaccount, dat een Exact Synergy-gebruiker moet zijn: een medewerker '
      + 'in de tabel humres van de Synergy-database met als usr_id het Windows-account, niet geblokkeerd en zonder verstreken '
      + 'datum uit dienst (ldatuitdienst). Exact publiceert dit schema niet (de kolommen komen uit een openbare troubleshooting-query), '
      + 'dus een humres die de verbonden aanmelding niet kan lezen, of een zonder deze kolommen, is "kon niet kijken".',
  },
  rationale:
    'The Clickker service calls Exact Synergy as the service account, which must be an Exact Synergy user: an employee '
    + 'in the Synergy database\'s humres table whose usr_id is the Windows account, not blocked and without a passed '
    + 'leave date (ldatuitdienst). Exact does not publish this schema (the columns come from a public troubleshooting '
    + 'query), so a humres the connected login cannot read, or one without these columns, is "could not look".',
  remediation: remedy(say(
    'In Exact Synergy, give the service account an employee card with its Windows login (DOMAIN\\user), unblock it '
      + 'and clear its leave date; then give it the roles Clickker names (confirm.synergy-user).',
    'Geef het serviceaccount in Exact Synergy een medewerkerskaart met zijn Windows-login (DOMEIN\\gebruiker), deblokkeer hem '
      + 'en wis de datum uit dienst; geef hem daarna de rollen die Clickker noemt (confirm.synergy-user).',
  ), []),
  evaluate({ fact }) {
    const p = fact(sqlPermissionsFact);
    const u = p.synergyUser;
    const evidence = {
      expected: 'a humres row with usr_id = the service account, blocked = 0, no passed ldatuitdienst',
      said: { expected: say('a humres row with usr_id = the service account, blocked = 0, no passed ldatuitdienst',
        'een rij in humres met usr_id = het serviceaccount, blocked = 0, geen verstreken ldatuitdienst') },
      found: u ?? null, source: 'humres in each Synergy database' };
    if (!u) {
      return unknown(p.serviceAccountNamed === false
        ? say('no service account was named: name it with --service-account to look it up in humres', 'er is geen serviceaccount opgegeven: geef het op met --service-account om het in humres op te zoeken')
        : say('this snapshot does not include the Synergy users (collected before clickker read humres)', 'deze snapshot bevat de Synergy-gebruikers niet (verzameld voordat clickker humres las)'), CONFIRM, evidence);
    }
    const who = u.account;
    if (u.databases.length === 0) {
      return unknown(say(`no Synergy database with a humres table was found to look for ${who} in`, `er is geen Synergy-database met een tabel humres gevonden om ${who} in te zoeken`), CONFIRM, evidence);
    }
    const exact = u.databases.flatMap((d) => d.rows.filter((r) => r.exact).map((r) => ({ db: d.name, ...r })));
    const active = exact.find((r) => r.blocked === false && r.hasLeft === false);
    if (active) {
      return pass(say(`${who} is an active Synergy user in ${active.db} (res_id ${active.resId ?? '?'})`, `${who} is een actieve Synergy-gebruiker in ${active.db} (res_id ${active.resId ?? '?'})`), evidence);
    }
    const notLooked = u.databases.filter((d) => !d.looked);
    const why = say(notLooked.map((d) => `${d.name}: ${d.reason ?? 'could not be read'}`).join('; '), notLooked.map((d) => `${d.name}: ${d.reason ?? 'niet te lezen'}`).join('; '));
    const unclear = exact.filter((r) => r.blocked === null || r.hasLeft === null);
    if (unclear.length) {
      const db = unclear[0]!.db;
      return unknown(say(
        `${who} is in humres of ${db}, but whether it is blocked or has left could not be read`,
        `${who} staat in humres van ${db}, maar of hij geblokkeerd of uit dienst is, kon niet worden gelezen`,
      ), CONFIRM, evidence);
    }
    const bare = u.databases.flatMap((d) => d.rows.filter((r) => !r.exact).map((r) => `${r.usrId} (${d.name})`));
    if (bare.length) {
      // usr_id holding only the bare name (or another domain) is not documented either way: not proof, not absence.
      return unknown(say(
        `humres has no usr_id ${who}, only ${bare.join(', ')}: confirm which Windows login that employee card holds`,
        `humres heeft geen usr_id ${who}, alleen ${bare.join(', ')}: bevestig welke Windows-login op die medewerkerskaart staat`,
      ), CONFIRM, evidence);
    }
    if (notLooked.length) {
      return unknown(say(
        `${who} was not found where humres could be read, and it could not be read in ${why.en}`,
        `${who} is niet gevonden waar humres te lezen was, en humres kon niet worden gelezen in ${why.nl}`,
      ), CONFIRM, evidence);
    }
    if (exact.length) {
      const r = exact[0]!;
      return fail(say(
        `${who} is a Synergy user in ${r.db} (res_id ${r.resId ?? '?'}) but ${r.blocked ? 'blocked' : 'has left (leave date passed)'}`,
        `${who} is een Synergy-gebruiker in ${r.db} (res_id ${r.resId ?? '?'}), maar ${r.blocked ? 'geblokkeerd' : 'uit dienst (datum uit dienst verstreken)'}`,
      ), evidence);
    }
    const dbs = u.databases.map((d) => d.name).join(', ');
    return fail(say(
      `${who} is not a Synergy user: no humres row has usr_id ${who} in ${dbs}`,
      `${who} is geen Synergy-gebruiker: geen rij in humres heeft usr_id ${who} in ${dbs}`,
    ), evidence);
  },
};
