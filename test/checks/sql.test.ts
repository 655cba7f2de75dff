// sql.auth-mode, sql.baco-login, sql.service-account
import { describe, expect, it } from '@jest/globals';
import { check as authMode } from '../../checks/sql-auth-mode.js';
import { check as baco } from '../../checks/sql-baco-login.js';
import { check as serviceAccount } from '../../checks/sql-service-account.js';
import { cloneRequirements, judge, script } from '../support/checks.js';
import { failed, ok } from '../support/snapshot.js';

const SERVER = { server: 'SQL01\\EXACT', connectedAs: 'CONTOSO\\svc-clickker', productVersion: '15.0.4236.7', productMajorVersion: 15, edition: 'Standard Edition (64-bit)', isIntegratedSecurityOnly: false };
const HEALTHY = {
  login: 'BACO', canSeeLogins: true, exists: true, type: 'S', isDisabled: false, isLocked: false, isExpired: false, isMustChange: false,
  isPolicyChecked: false, isExpirationChecked: false, daysUntilExpiration: null,
};
const NOTHING = { ...HEALTHY, exists: false, type: null, isDisabled: null, isLocked: null, isExpired: null, isMustChange: null, isPolicyChecked: null, isExpirationChecked: null };
const PERMS = {
  login: 'CONTOSO\\svc-clickker', connectedAsServiceAccount: true, serviceAccountNamed: true, isSysadmin: true,
  exactDatabases: [{ name: '100', kind: 'globe', canRead: true }, { name: '100_unicode', kind: 'synergy', canRead: true }],
  clickkerDatabase: { name: 'Clickker', exists: false, canRead: null, canWrite: null },
};

describe('sql.auth-mode', () => {
  const run = (over: Record<string, unknown>) => judge(authMode.id, { 'sql.server': ok({ ...SERVER, ...over }) });

  it('passes in mixed mode', () => {
    const r = run({});
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('SQL01\\EXACT accepts SQL logins (mixed mode)');
  });

  it('fails in Windows-authentication-only mode, with the LoginMode fix', () => {
    const r = run({ isIntegratedSecurityOnly: true });
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('SQL01\\EXACT accepts Windows authentication only: SQL logins such as BACO cannot log in');
    expect(r.remediation?.commands?.[0]).toMatchObject({ shell: 'tsql', script: expect.stringContaining("N'LoginMode', REG_DWORD, 2") });
  });

  it('is unknown when SQL Server does not say', () => {
    const r = run({ isIntegratedSecurityOnly: null });
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('SQL Server did not report its authentication mode');
  });

  it.each([
    ['not-configured', 'no SQL Server was given: pass --sql-server HOST[\\INSTANCE]', 'no SQL Server was given: pass --sql-server HOST[\\INSTANCE]'],
    ['error', "Login failed for user 'CONTOSO\\jdoe'.", "probe sql.server failed (error): Login failed for user 'CONTOSO\\jdoe'."],
  ])('is unknown when the connection failed (%s)', (kind, message, reason) => {
    const r = judge(authMode.id, { 'sql.server': failed(kind, message) });
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe(reason);
  });
});

describe('sql.baco-login', () => {
  const run = (over: Record<string, unknown>, requirements = cloneRequirements()) => judge(baco.id, { 'sql.baco': ok({ ...HEALTHY, ...over }) }, { requirements });

  it('passes for an enabled, unlocked SQL login', () => {
    const r = run({});
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('SQL login BACO present, enabled, not locked');
  });

  it('is unknown, never "missing", when the connected login cannot see other logins', () => {
    const r = run({ ...NOTHING, canSeeLogins: false });
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/^cannot determine: the connected login may not see other logins \(it needs ALTER ANY LOGIN or VIEW DEFINITION on \[BACO\]\)/);
  });

  it('evaluates when the connected login cannot see all logins but may see BACO', () => {
    expect(run({ canSeeLogins: false }).status).toBe('pass');
  });

  it('fails when BACO is missing, with CREATE LOGIN', () => {
    const r = run(NOTHING);
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('There is no login BACO on the SQL Server');
    expect(script(r)).toMatch(/^CREATE LOGIN \[BACO\] WITH PASSWORD/);
  });

  it.each([['U', 'Windows login'], ['G', 'Windows group']])('fails when BACO is a %s (%s)', (type) => {
    const r = run({ type });
    expect(r.status).toBe('fail');
    expect(r.summary).toBe(`BACO exists but is not a SQL login (type ${type}); Exact logs in with a SQL login`);
  });

  it('fails when BACO is disabled, with ALTER LOGIN ... ENABLE', () => {
    const r = run({ isDisabled: true });
    expect(r.summary).toBe('The login BACO is disabled');
    expect(script(r)).toBe('ALTER LOGIN [BACO] ENABLE;');
  });

  it('fails when BACO is locked out, with UNLOCK', () => {
    const r = run({ isLocked: true, isPolicyChecked: true });
    expect(r.summary).toBe('The login BACO is locked out');
    expect(script(r)).toMatch(/UNLOCK;$/);
  });

  it.each([
    [{ isExpired: true }, 'The password of BACO has expired'],
    [{ isMustChange: true }, 'The password of BACO must be changed at next login'],
  ])('fails for %j', (over, summary) => {
    const r = run({ isPolicyChecked: true, isExpirationChecked: true, daysUntilExpiration: 0, ...over });
    expect(r.status).toBe('fail');
    expect(r.summary).toBe(summary);
    expect(script(r)).toContain('CHECK_EXPIRATION = OFF');
  });

  it.each([[14, 'warn'], [3, 'warn'], [0, 'warn'], [15, 'pass'], [90, 'pass']])('%i days until the password expires: %s', (days, status) => {
    const r = run({ isPolicyChecked: true, isExpirationChecked: true, daysUntilExpiration: days });
    expect(r.status).toBe(status);
    if (status === 'warn') expect(r.summary).toBe(`The password of BACO expires in ${days} days`);
  });

  it('warns when the lock state could not be read although the policy is checked', () => {
    const r = run({ isLocked: null, isPolicyChecked: true });
    expect(r.status).toBe('warn');
    expect(r.summary).toBe('BACO exists and is enabled, but its lock state could not be read');
  });

  it('checks the order: disabled before locked before expired', () => {
    expect(run({ isDisabled: true, isLocked: true, isExpired: true }).summary).toBe('The login BACO is disabled');
    expect(run({ isLocked: true, isExpired: true }).summary).toBe('The login BACO is locked out');
  });

  it('takes the login name from the requirements and quotes it as QUOTENAME does', () => {
    const req = cloneRequirements();
    req.sql.bacoLogin = 'BA]CO';
    const r = run({ login: 'BA]CO', isDisabled: true }, req);
    expect(r.summary).toBe('The login BA]CO is disabled');
    expect(script(r)).toBe('ALTER LOGIN [BA]]CO] ENABLE;');
  });

  it('is unknown when the probe failed', () => {
    const r = judge(baco.id, { 'sql.baco': failed('timeout', 'the query did not finish in 15 s') });
    expect(r.reason).toBe('probe sql.baco timed out: the query did not finish in 15 s');
  });
});

describe('sql.service-account', () => {
  const run = (over: Record<string, unknown>) => judge(serviceAccount.id, { 'sql.permissions': ok({ ...PERMS, ...over }) });

  it('passes when the service account is sysadmin', () => {
    const r = run({});
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('CONTOSO\\svc-clickker is sysadmin');
  });

  it('fails when it is not, with ALTER SERVER ROLE', () => {
    const r = run({ isSysadmin: false });
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('CONTOSO\\svc-clickker is not sysadmin, which the installation needs');
    expect(script(r)).toBe('ALTER SERVER ROLE [sysadmin] ADD MEMBER [CONTOSO\\svc-clickker];');
  });

  it('also names the Exact databases it cannot read', () => {
    const r = run({ isSysadmin: false, exactDatabases: [{ name: '100', kind: 'globe', canRead: false }, { name: '200', kind: 'globe', canRead: false }, { name: 'Synergy', kind: 'synergy', canRead: true }] });
    expect(r.summary).toMatch(/; it cannot read 100 and 200 either$/);
  });

  it('is unknown when SQL Server cannot tell from another login (AD group membership)', () => {
    const r = run({ isSysadmin: null, connectedAsServiceAccount: false });
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/cannot tell from another login whether CONTOSO\\svc-clickker is sysadmin .*connect as the service account to check$/);
  });

  it('is unknown when even the account itself got no answer', () => {
    const r = run({ isSysadmin: null, connectedAsServiceAccount: true });
    expect(r.reason).toBe('SQL Server could not say whether CONTOSO\\svc-clickker is sysadmin');
  });
});
