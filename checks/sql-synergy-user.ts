import { manualWhenFailed } from '../src/core/fix.js';
import type { Check } from '../src/core/types.js';
import { fail, pass, unknown } from '../src/core/verdict.js';
import { sqlPermissionsFact } from '../src/facts/sql.js';

const CONFIRM = 'Look at the employee card of the service account in Exact Synergy (HRM): its Windows login, not blocked, no leave date.';

export const check: Check = {
  id: 'sql.synergy-user',
  title: 'Service account is an active Exact Synergy user',
  category: 'SQL Server',
  // Warning, not blocking: older snapshots lack the look (unknown), and a blocking unknown would turn a run that was
  // ready into an incomplete one; the roles stay a manual confirmation (confirm.synergy-user) either way.
  severity: 'warning',
  needs: ['sql.permissions'],
  profiles: ['synergy'],
  fix: manualWhenFailed('Synergy users are maintained in Exact Synergy by its administrator'),
  rationale:
    'The Clickker service calls Exact Synergy as the service account, which must be an Exact Synergy user: an employee '
    + 'in the Synergy database\'s humres table whose usr_id is the Windows account, not blocked and without a passed '
    + 'leave date (ldatuitdienst). Exact does not publish this schema (the columns come from a public troubleshooting '
    + 'query), so a humres the connected login cannot read, or one without these columns, is "could not look".',
  remediation: {
    text: 'In Exact Synergy, give the service account an employee card with its Windows login (DOMAIN\\user), unblock it '
      + 'and clear its leave date; then give it the roles Clickker names (confirm.synergy-user).',
    commands: [],
  },
  evaluate({ fact }) {
    const p = fact(sqlPermissionsFact);
    const u = p.synergyUser;
    const evidence = { expected: 'a humres row with usr_id = the service account, blocked = 0, no passed ldatuitdienst', found: u ?? null, source: 'humres in each Synergy database' };
    if (!u) {
      return unknown(p.serviceAccountNamed === false
        ? 'no service account was named: name it with --service-account to look it up in humres'
        : 'this snapshot holds no look at the Synergy users (collected before clickker read humres)', CONFIRM, evidence);
    }
    const who = u.account;
    if (u.databases.length === 0) return unknown(`no Synergy database with a humres table was found to look for ${who} in`, CONFIRM, evidence);
    const exact = u.databases.flatMap((d) => d.rows.filter((r) => r.exact).map((r) => ({ db: d.name, ...r })));
    const active = exact.find((r) => r.blocked === false && r.hasLeft === false);
    if (active) return pass(`${who} is an active Synergy user in ${active.db} (res_id ${active.resId ?? '?'})`, evidence);
    const notLooked = u.databases.filter((d) => !d.looked);
    const why = notLooked.map((d) => `${d.name}: ${d.reason ?? 'could not be read'}`).join('; ');
    const unclear = exact.filter((r) => r.blocked === null || r.hasLeft === null);
    if (unclear.length) return unknown(`${who} is in humres of ${unclear[0]!.db}, but whether it is blocked or has left could not be read`, CONFIRM, evidence);
    const bare = u.databases.flatMap((d) => d.rows.filter((r) => !r.exact).map((r) => `${r.usrId} in ${d.name}`));
    if (bare.length) {
      // usr_id holding only the bare name (or another domain) is not documented either way: not proof, not absence.
      return unknown(`humres has no usr_id ${who}, only ${bare.join(', ')}: confirm which Windows login that employee card holds`, CONFIRM, evidence);
    }
    if (notLooked.length) return unknown(`${who} was not found where humres could be read, and it could not be read in ${why}`, CONFIRM, evidence);
    if (exact.length) {
      const r = exact[0]!;
      return fail(`${who} is a Synergy user in ${r.db} (res_id ${r.resId ?? '?'}) but ${r.blocked ? 'blocked' : 'has left (leave date passed)'}`, evidence);
    }
    return fail(`${who} is not a Synergy user: no humres row has usr_id ${who} in ${u.databases.map((d) => d.name).join(', ')}`, evidence);
  },
};
