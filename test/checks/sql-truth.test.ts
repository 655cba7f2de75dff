// Issue 13, SQL checks: verdicts rebuilt from what SQL Server documents (LOGINPROPERTY, IS_SRVROLEMEMBER,
// HAS_DBACCESS, OBJECT_ID docs; summarised in shared/reference/windows-behaviour.md "SQL Server").
import { describe, expect, it } from '@jest/globals';
import { check as baco } from '../../checks/sql-baco-login.js';
import { check as serviceAccount } from '../../checks/sql-service-account.js';
import { permissionsFacts } from '../../src/probes/sql/gather.js';
import { fingerprintOf } from '../../src/probes/sql/exact-databases.js';
import { judge } from '../support/checks.js';
import { ok } from '../support/snapshot.js';

const BACO = { login: 'BACO', canSeeLogins: true, exists: true, type: 'S', isDisabled: false, isLocked: false, isExpired: false, isMustChange: false, isPolicyChecked: true, isExpirationChecked: true, daysUntilExpiration: 30 };
const PERMS = {
  login: 'CONTOSO\\svc-clickker', connectedAsServiceAccount: true, serviceAccountNamed: true, isSysadmin: true,
  exactDatabases: [{ name: '100', kind: 'globe', canRead: true }],
  clickkerDatabase: { name: 'Clickker', exists: false, canRead: null, canWrite: null },
};
const perms = (over: Record<string, unknown>, options = {}) => judge(serviceAccount.id, { 'sql.permissions': ok({ ...PERMS, ...over }) }, { options });

describe('sql.baco-login: DaysUntilExpiration sentinels (LOGINPROPERTY docs)', () => {
  it('-1 means the Windows policy never expires the password: pass, never "expires in -1 days"', () => {
    const r = judge(baco.id, { 'sql.baco': ok({ ...BACO, daysUntilExpiration: -1 }) });
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('SQL login BACO present, enabled, not locked (its password never expires under the Windows policy)');
  });

  it('NULL (no expiration checking) passes; 0..14 days warns', () => {
    expect(judge(baco.id, { 'sql.baco': ok({ ...BACO, daysUntilExpiration: null, isExpirationChecked: false }) }).status).toBe('pass');
    expect(judge(baco.id, { 'sql.baco': ok({ ...BACO, daysUntilExpiration: 0 }) }).summary).toBe('The password of BACO expires in 0 days');
  });
});

describe('sql.service-account: evidence about the named service account only', () => {
  it('no service account named: unknown, whatever the connected login is (sa being sysadmin is no evidence)', () => {
    const r = perms({ login: 'sa', serviceAccountNamed: false, isSysadmin: true });
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/^no service account was named, so the rights of the connected login sa say nothing about it/);
  });

  it('an older snapshot (no serviceAccountNamed) connected as the login: unknown, unless --service-account names that login', () => {
    const old = { serviceAccountNamed: undefined };
    expect(perms(old).status).toBe('unknown');
    expect(perms(old, { serviceAccount: 'contoso\\SVC-clickker' }).status).toBe('pass');
    expect(perms(old, { serviceAccount: 'CONTOSO\\other' }).status).toBe('unknown');
    // connectedAsServiceAccount false implies an account was named: judged as before.
    expect(perms({ serviceAccountNamed: undefined, connectedAsServiceAccount: false }).status).toBe('pass');
  });

  it('IS_SRVROLEMEMBER 0 for another Windows login is a warning that says how to confirm, not a blocking fail', () => {
    const r = perms({ connectedAsServiceAccount: false, isSysadmin: false });
    expect(r.status).toBe('warn');
    expect(r.summary).toMatch(/for a Windows login other than the connected one that is not proof/);
    expect(r.remediation?.commands?.[0]?.script).toBe("EXEC xp_logininfo N'CONTOSO\\svc-clickker', 'all';");
    expect(r.remediation?.text).toMatch(/--sql-user CONTOSO\\svc-clickker/);
  });

  it('0 for the connected login itself (groups resolved) or for another SQL login stays a fail', () => {
    expect(perms({ isSysadmin: false }).status).toBe('fail');
    expect(perms({ login: 'clickker_sql', connectedAsServiceAccount: false, isSysadmin: false }).status).toBe('fail');
  });

  it('names offline and undetermined databases instead of dropping them', () => {
    const r = perms({
      exactDatabases: [{ name: '100', kind: 'globe', canRead: null, state: 'OFFLINE', tables: null, kindDetermined: false }],
      undeterminedDatabases: [{ name: 'Archief', state: 'RESTORING', reason: 'the database is RESTORING: its tables cannot be read until it is ONLINE' }],
    });
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('CONTOSO\\svc-clickker is sysadmin (100 is OFFLINE; Archief: kind unknown, the database is RESTORING: its tables cannot be read until it is ONLINE)');
  });
});

describe('gathering Exact databases (HAS_DBACCESS / OBJECT_ID sentinels)', () => {
  const identity = { connectedAs: 'CONTOSO\\svc-clickker', selfSysadmin: 0, accountSysadmin: null };
  const clickker = { dbExists: 0, viewAnyDatabase: 1 };
  const gather = (databases: Record<string, unknown>[]) => permissionsFacts({ serviceAccount: 'CONTOSO\\svc-clickker', identity, databases, clickkerName: 'Clickker', clickker });
  const unseen = { has_cicmpy: null, has_humres: null, has_BacoSettings: null, has_SDKGroups: null };

  it('an OFFLINE Globe database: HAS_DBACCESS 0 is not "cannot read"; its state is kept and the kind marked as by name only', () => {
    const f = gather([{ name: '100', state: 'OFFLINE', hasAccess: 0, canSelect: null, ...unseen }]);
    expect(f.exactDatabases).toEqual([{ name: '100', kind: 'globe', canRead: null, state: 'OFFLINE', tables: null, kindDetermined: false }]);
  });

  it('a database with an ordinary name that could not be looked into is recorded as undetermined, never dropped', () => {
    const f = gather([
      { name: 'ExactProd', state: 'ONLINE', hasAccess: 1, canSelect: 1, ...unseen },
      { name: 'Archief', state: 'RESTORING', hasAccess: 0, canSelect: null, ...unseen },
      { name: 'Reporting', state: 'ONLINE', hasAccess: 1, canSelect: 1, has_cicmpy: 0, has_humres: 0, has_BacoSettings: 0, has_SDKGroups: 0 },
    ]);
    expect(f.exactDatabases).toEqual([]);
    expect(f.undeterminedDatabases).toEqual([
      { name: 'ExactProd', state: 'ONLINE', reason: 'its tables are not visible to the connected login (OBJECT_ID is NULL without permission on them)' },
      { name: 'Archief', state: 'RESTORING', reason: 'the database is RESTORING: its tables cannot be read until it is ONLINE' },
    ]);
  });

  it('fingerprint: one table seen and the rest not visible is "could not look", two seen is enough', () => {
    expect(fingerprintOf({ has_cicmpy: 1, has_humres: null, has_BacoSettings: null, has_SDKGroups: null })).toBeNull();
    expect(fingerprintOf({ has_cicmpy: 1, has_humres: 1, has_BacoSettings: null, has_SDKGroups: null })).toEqual(['cicmpy', 'humres']);
    expect(fingerprintOf({ has_cicmpy: 0, has_humres: 0, has_BacoSettings: 0, has_SDKGroups: 0 })).toEqual([]);
  });

  it('records that a service account was named', () => {
    expect(gather([]).serviceAccountNamed).toBe(true);
    expect(permissionsFacts({ identity, databases: [], clickkerName: 'Clickker', clickker }).serviceAccountNamed).toBe(false);
  });
});
