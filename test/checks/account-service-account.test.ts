import { describe, expect, it } from '@jest/globals';
import { check } from '../../checks/account-service-account.js';
import { judge, script } from '../support/checks.js';
import { failed, ok } from '../support/snapshot.js';

const GOOD = {
  Account: 'CONTOSO\\svc-clickker', Sid: 'S-1-5-21-2874601739-1130471152-3391012846-2613', Resolved: true, IsLocalAdmin: true,
  AdminVia: 'BUILTIN\\Administrators',
  Rights: { SeBatchLogonRight: true, SeServiceLogonRight: true, SeDenyBatchLogonRight: false, SeDenyServiceLogonRight: false },
};
const run = (over: Record<string, unknown> = {}, rights: Record<string, unknown> = {}) =>
  judge(check.id, { serviceAccount: ok({ ...GOOD, ...over, Rights: { ...GOOD.Rights, ...rights } }) });

describe('account.service-account', () => {
  it('passes for a local administrator with both logon rights and no deny right', () => {
    const r = run();
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('CONTOSO\\svc-clickker is a local administrator with batch and service logon rights');
    expect(r.evidence.found).toMatchObject({ adminVia: ['BUILTIN\\Administrators'] });
  });

  it('fails only when the lookup worked and the account does not exist (IdentityNotMappedException); otherwise unknown', () => {
    const gone = run({ Resolved: false, Sid: null, IsLocalAdmin: null, NotFound: true, LookupError: 'System.Security.Principal.IdentityNotMappedException: Some or all identity references could not be translated.' });
    expect(gone.status).toBe('fail');
    expect(gone.summary).toBe('The account CONTOSO\\svc-clickker does not exist (the name was looked up and is not known)');
    const dcDown = run({ Resolved: false, Sid: null, IsLocalAdmin: null, NotFound: false, LookupError: 'System.SystemException: The trust relationship between this workstation and the primary domain failed.' });
    expect(dcDown.status).toBe('unknown');
    expect(dcDown.reason).toMatch(/could not be looked up \(System\.SystemException: The trust relationship/);
    // An older snapshot cannot tell the two apart: unknown, never "does not exist".
    expect(run({ Resolved: false, Sid: null, IsLocalAdmin: null }).status).toBe('unknown');
  });

  it('rights not resolvable through LDAP tokenGroups are unknown, and the S4U failure reason is kept', () => {
    const r = run({ GroupSource: 'ldap', S4uError: 'System.Security.SecurityException: The user name or password is incorrect.' }, { SeBatchLogonRight: null, SeDenyBatchLogonRight: null, SeDenyServiceLogonRight: null });
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/groups came from Active Directory \(tokenGroups\), which holds no local or well-known groups \(no S4U token: System\.Security\.SecurityException/);
  });

  it('fails when not a local administrator, adding it by SID', () => {
    const r = run({ IsLocalAdmin: false, AdminVia: null });
    expect(r.summary).toBe('CONTOSO\\svc-clickker not a local administrator');
    expect(script(r)).toBe("Add-LocalGroupMember -SID 'S-1-5-32-544' -Member 'CONTOSO\\svc-clickker'");
  });

  it('quotes an account name with an apostrophe in the command', () => {
    expect(script(run({ Account: "CONTOSO\\o'brien", IsLocalAdmin: false }))).toBe("Add-LocalGroupMember -SID 'S-1-5-32-544' -Member 'CONTOSO\\o''brien'");
  });

  it.each([
    [{ SeBatchLogonRight: false }, 'lacks "Log on as a batch job"'],
    [{ SeServiceLogonRight: false }, 'lacks "Log on as a service"'],
    [{ SeDenyBatchLogonRight: true }, 'is denied "Log on as a batch job"'],
    [{ SeDenyServiceLogonRight: true }, 'is denied "Log on as a service"'],
  ])('fails for rights %j', (rights, words) => {
    const r = run({}, rights);
    expect(r.status).toBe('fail');
    expect(r.summary).toBe(`CONTOSO\\svc-clickker ${words}`);
    expect(r.remediation?.commands).toBeUndefined();
  });

  it('lists every problem at once', () => {
    const r = run({ IsLocalAdmin: false }, { SeBatchLogonRight: false, SeDenyServiceLogonRight: true });
    expect(r.summary).toBe('CONTOSO\\svc-clickker not a local administrator, lacks "Log on as a batch job" and is denied "Log on as a service"');
  });

  it('is unknown when membership or rights could not be read', () => {
    const r = run({ IsLocalAdmin: null }, { SeServiceLogonRight: null, SeDenyBatchLogonRight: null });
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('could not read local Administrators membership, "Log on as a service" and "Deny log on as a batch job" for CONTOSO\\svc-clickker');
  });

  it('a definite problem wins over what could not be read', () => {
    expect(run({ IsLocalAdmin: null }, { SeBatchLogonRight: false }).status).toBe('fail');
  });

  it('is unknown with the elevation wording when the probe needed elevation', () => {
    const r = judge(check.id, { serviceAccount: failed('needs-elevation', 'secedit /export needs an elevated prompt') });
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('needs an elevated prompt (probe serviceAccount: secedit /export needs an elevated prompt)');
  });
});
