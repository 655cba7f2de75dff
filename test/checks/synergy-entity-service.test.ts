// Issue 13: the end-to-end request to Services/Exact.Entity.REST.svc/$metadata. NTLM like Exact's REST clients; a body
// "Failed to login to Globe" is the BACO symptom (windows-behaviour.md, "Exact Synergy"). Standing rule 3: the verdict
// says which account made the request, and only the service account itself gives a pass.
import { describe, expect, it } from '@jest/globals';
import { check } from '../../checks/synergy-entity-service.js';
import { check as baco } from '../../checks/sql-baco-login.js';
import { judge } from '../support/checks.js';
import { synergyData } from '../support/iis-data.js';
import { ok } from '../support/snapshot.js';

const URL = 'http://localhost:80/Synergy/Services/Exact.Entity.REST.svc/$metadata';
const entity = (over: Record<string, unknown>) => ({ Url: URL, Account: 'CONTOSO\\admin', Status: 200, GlobeLoginFailed: false, Error: null, Ms: 180, ...over });
const run = (e: unknown, serviceAccount?: string) => judge(check.id, { synergy: ok({ ...synergyData(), IisRead: true, EntityService: e }), iisSites: ok([]) }, { options: serviceAccount ? { serviceAccount } : {} });

describe('synergy.entity-service', () => {
  it('200 for the service account itself: pass, naming it', () => {
    const r = run(entity({ Account: 'CONTOSO\\svc-clickker' }), 'contoso\\svc-clickker');
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('The entity service answered HTTP 200 to the service account CONTOSO\\svc-clickker');
  });

  it('200 for another account: a warning that says which account decided and that the service account was not tried', () => {
    const r = run(entity({}), 'CONTOSO\\svc-clickker');
    expect(r.status).toBe('warn');
    expect(r.summary).toMatch(/^The entity service answered HTTP 200 to CONTOSO\\admin, the account clickker ran as; the service account CONTOSO\\svc-clickker was not tried/);
  });

  it('"Failed to login to Globe": the BACO symptom, also failing the blocking sql.baco-login', () => {
    const e = entity({ Status: 500, GlobeLoginFailed: true });
    const r = run(e);
    expect(r.status).toBe('warn'); // a warning-severity check: fail is shown as warn; sql.baco-login carries the block
    expect(r.summary).toMatch(/"Failed to login to Globe" \(as CONTOSO\\admin\).*BACO symptom/);
    const b = judge(baco.id, {
      'sql.baco': ok({ login: 'BACO', canSeeLogins: true, exists: true, type: 'S', isDisabled: false, isLocked: false, isExpired: false, isMustChange: false, isPolicyChecked: true, isExpirationChecked: false, daysUntilExpiration: null }),
      synergy: ok({ ...synergyData(), EntityService: e }),
    });
    expect(b.status).toBe('fail');
    expect(b.summary).toMatch(/Failed to login to Globe/);
  });

  it('401 is a warning (that account may not be a Synergy user), 404 a failure, no answer unknown, an old snapshot unknown', () => {
    expect(run(entity({ Status: 401 })).summary).toMatch(/refused CONTOSO\\admin \(HTTP 401\)/);
    expect(run(entity({ Status: 404 })).summary).toMatch(/answered HTTP 404/);
    expect(run(entity({ Status: null, Error: 'Timeout: The operation has timed out' })).status).toBe('unknown');
    expect(judge(check.id, { synergy: ok(synergyData()), iisSites: ok([]) }).reason).toMatch(/collected before clickker requested the entity service/);
  });
});
