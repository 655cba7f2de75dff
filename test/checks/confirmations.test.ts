import { describe, expect, it } from '@jest/globals';
import { confirmationCheck } from '../../src/core/confirmation-check.js';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { EXIT } from '../../src/core/exit-codes.js';
import { allChecks } from '../../checks/index.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { runChecks } from '../../src/core/runner.js';
import type { Profile } from '../../src/core/types.js';
import { cloneRequirements, NOW, REQ } from '../support/checks.js';
import { makeSnapshot } from '../support/snapshot.js';

const SYNERGY = REQ.confirmations.filter((c) => c.profiles.includes('synergy')).map((c) => c.id);
const ONLINE = REQ.confirmations.filter((c) => c.profiles.includes('online')).map((c) => c.id);

function confirmations(confirmed: string[], profile: Profile = 'synergy', requirements = REQ) {
  const checks = allChecks(requirements).filter((c) => c.category === 'Confirmations');
  return runChecks({ checks, facts: makeSnapshot({}).facts, requirements, options: defaultOptions({ profile, confirmations: new Set(confirmed) }), now: NOW });
}

describe('confirmations', () => {
  it('the requirements declare four for synergy and two for online', () => {
    expect(SYNERGY).toEqual(['confirm.permissions-form', 'confirm.synergy-user', 'confirm.connectivity-client', 'confirm.remote-access']);
    expect(ONLINE).toEqual(['confirm.clickker-account', 'confirm.exact-online-user']);
  });

  it('are unknown until confirmed, with the question as the reason and the flag as the fix', () => {
    for (const r of confirmations([]).filter((x) => SYNERGY.includes(x.id))) {
      const c = REQ.confirmations.find((x) => x.id === r.id)!;
      expect(r.status).toBe('unknown');
      expect(r.reason).toBe(`needs confirmation: ${c.question}`);
      expect(r.summary).toBe(`Not confirmed: ${c.question}`);
      expect(r.evidence).toEqual({
        expected: 'confirmed by a person', question: c.question, found: 'not confirmed',
        said: { expected: { en: 'confirmed by a person', nl: 'bevestigd door een persoon' }, found: { en: 'not confirmed', nl: 'niet bevestigd' } },
      });
      expect(r.remediation?.text).toContain(`clickker preflight --confirm ${r.id}`);
    }
  });

  it('one confirmation passes that one only', () => {
    const rs = confirmations(['confirm.synergy-user']);
    expect(rs.filter((r) => r.status === 'pass').map((r) => r.id)).toEqual(['confirm.synergy-user']);
    expect(rs.find((r) => r.id === 'confirm.synergy-user')?.summary).toBe('Confirmed: Service account is an Exact Synergy user with the right roles');
  });

  it('"all" confirms every one of the profile', () => {
    expect(confirmations(['all']).filter((r) => SYNERGY.includes(r.id)).every((r) => r.status === 'pass')).toBe(true);
  });

  it('the online ones are not part of the synergy profile, and the other way round', () => {
    expect(confirmations(['all']).filter((r) => ONLINE.includes(r.id)).map((r) => r.status)).toEqual(['not-applicable', 'not-applicable']);
    const online = confirmations([], 'online');
    expect(online.filter((r) => SYNERGY.includes(r.id)).every((r) => r.status === 'not-applicable')).toBe(true);
    expect(online.filter((r) => ONLINE.includes(r.id)).every((r) => r.status === 'unknown')).toBe(true);
  });

  it('a missing blocking confirmation makes the run incomplete; a missing warning one does not', () => {
    const requirements = loadRequirements();
    const run = (confirmed: string[]) => evaluate({
      // Only the confirmations are checks of this run, so it is not partial (an --only run would be: issue 16).
      hosts: [{ facts: makeSnapshot({}).facts }], requirements, checks: allChecks(requirements.requirements).filter((c) => SYNERGY.includes(c.id)),
      options: defaultOptions({ confirmations: new Set(confirmed) }), now: NOW,
    }).outcome;
    expect(run([])).toMatchObject({ verdict: 'incomplete', exitCode: EXIT.INCOMPLETE });
    expect(run(['confirm.permissions-form', 'confirm.synergy-user'])).toMatchObject({ verdict: 'ready', exitCode: EXIT.READY });
    expect(run(['confirm.permissions-form', 'confirm.synergy-user']).counts.unknown).toBe(2);
  });

  it('a new confirmation is an edit to the requirements data', () => {
    const req = cloneRequirements();
    req.confirmations.push({
      id: 'confirm.backup', title: 'Recent backup of the Exact databases', severity: 'blocking', profiles: ['synergy'],
      question: 'Is there a backup of the Exact databases from today?', rationale: 'The installer creates a database.', remediation: 'Make a backup.',
    });
    const r = confirmations([], 'synergy', req).find((x) => x.id === 'confirm.backup');
    expect(r).toMatchObject({ status: 'unknown', severity: 'blocking', category: 'Confirmations' });
    expect(confirmations(['confirm.backup'], 'synergy', req).find((x) => x.id === 'confirm.backup')?.status).toBe('pass');
  });

  it('confirmationCheck needs no facts', () => {
    const c = confirmationCheck(REQ.confirmations[0]!);
    expect(c.needs).toEqual([]);
    expect(c.rationale).toMatch(/Nothing on the server can show this/);
  });
});
