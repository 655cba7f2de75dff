import { describe, expect, it } from '@jest/globals';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { EXIT } from '../../src/core/exit-codes.js';
import { countStatuses, decide, type FailOn } from '../../src/core/outcome.js';
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
    expect(decide([])).toMatchObject({ verdict: 'ready', exitCode: 0 });
  });
});

describe('evaluate (a fleet)', () => {
  const requirements = loadRequirements();
  const host = (name: string, release: number) => ({ facts: makeSnapshot({ dotnet: ok({ Release: release }) }, name).facts });

  it('judges each host and decides the whole from all results', () => {
    const e = evaluate({ hosts: [host('A', 528049), host('B', 394802)], requirements, checks: allChecks(requirements.requirements), options: defaultOptions(), selection: { only: ['dotnet.framework'] }, now: NOW });
    expect(e.hosts.map((h) => [h.host, h.outcome.verdict])).toEqual([['A', 'ready'], ['B', 'not-ready']]);
    expect(e.outcome).toMatchObject({ verdict: 'not-ready', exitCode: 1 });
    expect(e.results.map((r) => r.host)).toEqual(['A', 'B']);
    expect(e.evaluatedAt).toBe(NOW.toISOString());
    expect(e.selection).toEqual({ only: ['dotnet.framework'] });
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
