import { describe, expect, it } from '@jest/globals';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { EXIT } from '../../src/core/exit-codes.js';
import { countStatuses, decide, unjudgedBlocking, type FailOn } from '../../src/core/outcome.js';
import { loadRequirements } from '../../src/core/requirements.js';
import type { Result, Severity, Status } from '../../src/core/types.js';
import { NOW } from '../support/checks.js';
import { makeSnapshot, ok } from '../support/snapshot.js';
import { ROOT } from '../support/cli.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks } from '../../checks/index.js';

const res = (id: string, status: Status, severity: Severity = 'blocking'): Result => ({
  host: 'H', id, title: id, category: 'Operating system', severity, status, summary: status, evidence: {}, docs: '', ms: 0,
});

describe('exit codes', () => {
  it('are the documented numbers', () => {
    expect(EXIT).toEqual({ READY: 0, NOT_READY: 1, USAGE: 2, INCOMPLETE: 3, INTERNAL: 4, INSTALL_FAILED: 5, RESTART_NEEDED: 6, INTERRUPTED: 130, TERMINATED: 143 });
  });
  it('each has a row in the README exit-code table', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const code of Object.values(EXIT)) expect(readme).toMatch(new RegExp(`^\\| ${code} \\| \\S`, 'm'));
  });
});

describe('decide', () => {
  it.each([
    ['everything passed', [res('a', 'pass'), res('b', 'not-applicable'), res('c', 'skipped')], [], 'ready', 0, []],
    ['warnings only', [res('a', 'pass'), res('b', 'warn', 'warning'), res('c', 'warn')], [], 'ready', 0, []],
    ['a waived failure', [res('a', 'waived')], [], 'ready', 0, []],
    ['a blocking failure', [res('a', 'pass'), res('b', 'fail')], [], 'not-ready', 1, ['b']],
    ['a blocking unknown', [res('a', 'pass'), res('b', 'unknown')], [], 'incomplete', 3, ['b']],
    ['an unknown warning check', [res('a', 'unknown', 'warning'), res('b', 'unknown', 'info')], [], 'ready', 0, []],
    ['a failure and an unknown', [res('a', 'unknown'), res('b', 'fail')], [], 'not-ready', 1, ['b']],
    ['--fail-on warning with a warning', [res('a', 'warn', 'warning')], ['warning'], 'not-ready', 1, ['a']],
    ['--fail-on warning without one', [res('a', 'pass')], ['warning'], 'ready', 0, []],
    ['--fail-on unknown with a blocking unknown', [res('a', 'unknown')], ['unknown'], 'not-ready', 1, ['a']],
    ['--fail-on unknown with a warning-check unknown', [res('a', 'unknown', 'warning')], ['unknown'], 'not-ready', 1, ['a']],
    ['--fail-on unknown with a warning only', [res('a', 'warn')], ['unknown'], 'ready', 0, []],
    ['--fail-on both', [res('a', 'warn'), res('b', 'unknown', 'info'), res('c', 'pass')], ['warning', 'unknown'], 'not-ready', 1, ['a', 'b']],
  ])('%s: %s (%i)', (_what, results, failOn, verdict, exitCode, deciding) => {
    const o = decide([...results], [...failOn] as FailOn[]);
    expect(o.verdict).toBe(verdict);
    expect(o.exitCode).toBe(exitCode);
    expect(o.deciding.map((r) => r.id)).toEqual(deciding);
  });

  it('counts every status', () => {
    const statuses: Status[] = ['pass', 'pass', 'warn', 'fail', 'unknown', 'not-applicable', 'skipped', 'waived'];
    expect(countStatuses(statuses.map((s, i) => res(String(i), s)))).toEqual({ pass: 2, warn: 1, fail: 1, unknown: 1, 'not-applicable': 1, skipped: 1, waived: 1 });
  });

  it('no results at all is ready', () => {
    expect(decide([])).toMatchObject({ verdict: 'ready', exitCode: 0, notChecked: [] });
  });

  it('unjudged blocking checks make a clean run incomplete (3), never ready; a failure still decides (1)', () => {
    expect(decide([res('a', 'pass')], [], ['b'])).toMatchObject({ verdict: 'incomplete', exitCode: 3, deciding: [], notChecked: ['b'] });
    expect(decide([res('a', 'fail')], [], ['b'])).toMatchObject({ verdict: 'not-ready', exitCode: 1, notChecked: ['b'] });
    expect(decide([res('a', 'unknown')], [], ['b']).deciding.map((r) => r.id)).toEqual(['a']);
  });

  it('unjudgedBlocking: blocking, in the profile, without a judging result (skipped only with a valid waiver counts)', () => {
    const checks = [
      { id: 'a', severity: 'blocking' as const, profiles: ['synergy' as const] },
      { id: 'b', severity: 'blocking' as const, profiles: ['synergy' as const] },
      { id: 'c', severity: 'warning' as const, profiles: ['synergy' as const] },
      { id: 'd', severity: 'blocking' as const, profiles: ['online' as const] },
      { id: 'e', severity: 'blocking' as const, profiles: ['synergy' as const] },
      { id: 'f', severity: 'blocking' as const, profiles: ['synergy' as const] },
    ];
    const waiver = (expired: boolean) => ({ reason: 'r', approvedBy: 'p', expires: '2099-01-01', expired, status: 'skipped' as const });
    const results = [res('a', 'not-applicable'), res('b', 'skipped'), { ...res('e', 'skipped'), waiver: waiver(false) }, { ...res('f', 'skipped'), waiver: waiver(true) }];
    expect(unjudgedBlocking(checks, results, 'synergy')).toEqual(['b', 'f']);
    expect(unjudgedBlocking(checks, [], 'online')).toEqual(['d']);
  });
});

describe('evaluate (a fleet)', () => {
  const requirements = loadRequirements();
  const host = (name: string, release: number) => ({ facts: makeSnapshot({ dotnet: ok({ Release: release }) }, name).facts });

  it('judges each host and decides the whole from all results', () => {
    const dotnetOnly = allChecks(requirements.requirements).filter((c) => c.id === 'dotnet.framework');
    const e = evaluate({ hosts: [host('A', 528049), host('B', 394802)], requirements, checks: dotnetOnly, options: defaultOptions(), now: NOW });
    expect(e.hosts.map((h) => [h.host, h.outcome.verdict])).toEqual([['A', 'ready'], ['B', 'not-ready']]);
    expect(e.outcome).toMatchObject({ verdict: 'not-ready', exitCode: 1, notChecked: [] });
    expect(e.results.map((r) => r.host)).toEqual(['A', 'B']);
    expect(e.evaluatedAt).toBe(NOW.toISOString());
  });

  it('--only is a partial run: never ready, exit 3, the unjudged blocking checks listed per host and for the fleet', () => {
    const e = evaluate({ hosts: [host('A', 528049), host('B', 394802)], requirements, checks: allChecks(requirements.requirements), options: defaultOptions(), selection: { only: ['dotnet.framework'] }, now: NOW });
    expect(e.selection).toEqual({ only: ['dotnet.framework'] });
    expect(e.hosts.map((h) => [h.host, h.outcome.verdict, h.outcome.exitCode])).toEqual([['A', 'incomplete', 3], ['B', 'not-ready', 1]]);
    expect(e.outcome).toMatchObject({ verdict: 'not-ready', exitCode: 1 }); // a failure still decides
    const blocking = allChecks(requirements.requirements).filter((c) => c.severity === 'blocking' && c.profiles.includes('synergy') && c.id !== 'dotnet.framework').map((c) => c.id);
    expect(e.outcome.notChecked).toEqual(blocking);
    expect(e.outcome.notChecked).toContain('iis.features');
    expect(e.outcome.notChecked).not.toContain('os.pending-reboot'); // a warning check left out does not make a run partial
    expect(e.hosts[0]!.outcome.notChecked).toEqual(blocking);
  });

  it('--skip of a blocking check is partial unless a valid waiver covers it; a skipped warning check is not', () => {
    const at = (skip: string[], waivers: Parameters<typeof evaluate>[0]['waivers'] = []) => evaluate({
      hosts: [{ facts: makeSnapshot({}, 'A').facts }], requirements, checks: allChecks(requirements.requirements).filter((c) => skip.includes(c.id)),
      options: defaultOptions(), selection: { skip }, waivers, now: NOW,
    }).outcome;
    expect(at(['iis.features'])).toMatchObject({ verdict: 'incomplete', exitCode: 3, notChecked: ['iis.features'], deciding: [] });
    expect(at(['os.pending-reboot'])).toMatchObject({ verdict: 'ready', exitCode: 0, notChecked: [] });
    const waiver = (expires: string) => [{ check: 'iis.features', host: '*', reason: 'installed in the window', approvedBy: 'J. de Vries', expires }];
    expect(at(['iis.features'], waiver('2099-01-01'))).toMatchObject({ verdict: 'ready', exitCode: 0, notChecked: [] });
    expect(at(['iis.features'], waiver('2020-01-01'))).toMatchObject({ verdict: 'incomplete', notChecked: ['iis.features'] });
  });

  it('applies --fail-on to hosts and the fleet alike', () => {
    const e = evaluate({ hosts: [host('A', 528049)], requirements, checks: allChecks(requirements.requirements), options: defaultOptions(), selection: { only: ['dotnet.framework', 'confirm.remote-access'] }, failOn: ['unknown'], now: NOW });
    expect(e.hosts[0]!.outcome.exitCode).toBe(EXIT.NOT_READY);
    expect(e.outcome.exitCode).toBe(EXIT.NOT_READY);
  });

  it('defaultOptions: profile synergy, nothing confirmed, no external access', () => {
    const o = defaultOptions();
    expect(o).toMatchObject({ profile: 'synergy', externalAccess: false });
    expect(o.confirmations.size).toBe(0);
    expect(defaultOptions({ externalAccess: true }).externalAccess).toBe(true);
  });
});
