// sql.synergy-user on data: the service account in humres (columns usr_id, res_id, blocked, ldatuitdienst; source in
// src/probes/sql/queries.ts, synergyUserQuery). A verdict of "not a user" needs a successful look (standing rule 2),
// a pass needs the named account itself, not its bare name (rule 3).
import { describe, expect, it } from '@jest/globals';
import { check } from '../../checks/sql-synergy-user.js';
import { synergyUserLook, synergyUserTargets } from '../../src/probes/sql/gather.js';
import { judge } from '../support/checks.js';
import { ok } from '../support/snapshot.js';

const ACCOUNT = 'CONTOSO\\svc-clickker';
const PERMS = {
  login: ACCOUNT, connectedAsServiceAccount: false, serviceAccountNamed: true, isSysadmin: true,
  exactDatabases: [{ name: '100_unicode', kind: 'synergy', canRead: true, state: 'ONLINE', tables: ['cicmpy', 'humres'] }],
  clickkerDatabase: { name: 'Clickker', exists: false, canRead: null, canWrite: null },
};
const row = (over: Record<string, unknown> = {}) => ({ resId: 284983, usrId: ACCOUNT, exact: true, blocked: false, hasLeft: false, ...over });
const look = (rows: unknown[], over: Record<string, unknown> = {}) => ({ name: '100_unicode', looked: true, rows, ...over });
const run = (databases: unknown[] | undefined, over: Record<string, unknown> = {}) =>
  judge(check.id, { 'sql.permissions': ok({ ...PERMS, ...(databases ? { synergyUser: { account: ACCOUNT, databases } } : {}), ...over }) });

describe('sql.synergy-user', () => {
  it('passes for an active row with usr_id = the service account', () => {
    const r = run([look([row()])]);
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('CONTOSO\\svc-clickker is an active Synergy user in 100_unicode (res_id 284983)');
  });

  it('a blocked row, or one whose leave date has passed, is a failure (shown as a warning: the check is not blocking)', () => {
    const blocked = run([look([row({ blocked: true })])]);
    expect(blocked.status).toBe('warn');
    expect(blocked.summary).toBe('CONTOSO\\svc-clickker is a Synergy user in 100_unicode (res_id 284983) but blocked');
    expect(run([look([row({ hasLeft: true })])]).summary).toMatch(/has left \(leave date passed\)$/);
  });

  it('no row after a successful look: not a Synergy user', () => {
    const r = run([look([])]);
    expect(r.status).toBe('warn');
    expect(r.summary).toBe('CONTOSO\\svc-clickker is not a Synergy user: no humres row has usr_id CONTOSO\\svc-clickker in 100_unicode');
  });

  it('a database that could not be read is unknown with its reason, never "not a user"', () => {
    const r = run([look([], { looked: false, reason: "The SELECT permission was denied on the object 'humres'" })]);
    expect(r.status).toBe('unknown');
    expect(r.reason).toContain("100_unicode: The SELECT permission was denied on the object 'humres'");
  });

  it('a row found only by the bare user name is no pass (rule 3) and no failure: unknown naming it', () => {
    const r = run([look([row({ usrId: 'svc-clickker', exact: false })])]);
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/only svc-clickker \(100_unicode\)/);
  });

  it('a NULL blocked column is unknown (SQL NULL is not "not blocked")', () => {
    expect(run([look([row({ blocked: null })])]).status).toBe('unknown');
  });

  it('an older snapshot without the look is unknown and does not block readiness (severity warning)', () => {
    const r = run(undefined);
    expect(r.status).toBe('unknown');
    expect(r.severity).toBe('warning');
    // Said plainly in both languages (it said "holds no look at the Synergy users", "bevat geen blik op").
    expect(r.reason).toBe('this snapshot does not include the Synergy users (collected before clickker read humres)');
    expect(r.nl?.reason).toBe('deze snapshot bevat de Synergy-gebruikers niet (verzameld voordat clickker humres las)');
    expect(run(undefined, { serviceAccountNamed: false }).reason).toMatch(/--service-account/);
  });

  it('no Synergy database with humres: unknown', () => {
    expect(run([]).status).toBe('unknown');
  });
});

describe('the humres look (gather)', () => {
  it('compares usr_id case-insensitively with the account, keeps NULL flags as null', () => {
    const l = synergyUserLook('100_unicode', ACCOUNT, [
      { resId: 7, usrId: 'contoso\\SVC-Clickker', blocked: 0, hasLeft: 0 },
      { resId: 8, usrId: 'svc-clickker', blocked: null, hasLeft: 0 },
    ]);
    expect(l.rows).toEqual([
      { resId: 7, usrId: 'contoso\\SVC-Clickker', exact: true, blocked: false, hasLeft: false },
      { resId: 8, usrId: 'svc-clickker', exact: false, blocked: null, hasLeft: false },
    ]);
  });

  it('looks into Synergy and unnamed Exact databases with humres; offline or unseen ones are recorded, Globe ones skipped', () => {
    const t = synergyUserTargets({
      ...PERMS,
      exactDatabases: [
        { name: '100', kind: 'globe', canRead: true, state: 'ONLINE', tables: ['humres'] },
        { name: '100_unicode', kind: 'synergy', canRead: true, state: 'ONLINE', tables: ['humres'] },
        { name: '200_unicode', kind: 'synergy', canRead: null, state: 'OFFLINE', tables: null },
        { name: '300_unicode', kind: 'synergy', canRead: null, state: 'ONLINE', tables: null },
        { name: 'Synergy', kind: 'exact', canRead: true, state: 'ONLINE', tables: ['cicmpy', 'BacoSettings'] },
      ],
    } as Parameters<typeof synergyUserTargets>[0]);
    expect(t).toEqual([
      { name: '100_unicode' },
      { name: '200_unicode', skip: 'the database is OFFLINE' },
      { name: '300_unicode', skip: 'its tables could not be looked into' },
    ]);
  });
});
