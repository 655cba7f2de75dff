import { buildJsonReport } from '../../src/report/json.js';
import { describe, expect, it } from '@jest/globals';
import { decide } from '../../src/core/outcome.js';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { describeProbeError, HostFacts, type ProbeRecord } from '../../src/core/facts.js';
import { allChecks } from '../../checks/index.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { runChecks, selectChecks, type Selection } from '../../src/core/runner.js';
import type { Check, EvaluationOptions, Result, Severity, Verdict } from '../../src/core/types.js';
import * as V from '../../src/core/verdict.js';
import type { Evidence } from '../../src/core/types.js';

// The checks here are fakes: their prose is the same in both languages (the real checks' Dutch is tested in i18n tests).
const both = (s: string) => V.say(s, s);
const pass = (s: string, e: Evidence) => V.pass(both(s), e);
const warn = (s: string, e: Evidence) => V.warn(both(s), e);
const fail = (s: string, e: Evidence) => V.fail(both(s), e);
const unknown = (r: string, f: string) => V.unknown(both(r), both(f));
import { waiverSchema, type Waiver } from '../../src/core/waivers.js';
import { parseSnapshot } from '../../src/facts/snapshot.js';
import { osFact } from '../../src/facts/os.js';
import { cloneRequirements, NOW, REQ } from '../support/checks.js';
import { fixtureProbes, osData } from '../support/ps-data.js';
import { failed, makeSnapshot, ok, snapshotDoc } from '../support/snapshot.js';

function fake(id: string, evaluate: () => Verdict, over: Partial<Check> = {}): Check {
  return {
    id, title: `Fake ${id}`, category: 'Operating system', severity: 'blocking', needs: [], profiles: ['synergy'],
    rationale: 'for tests', remediation: { text: `fix ${id}`, nl: `herstel ${id}` }, nl: { title: `Nep ${id}`, rationale: 'voor tests' }, evaluate, ...over,
  };
}

interface RunOver {
  probes?: Record<string, ProbeRecord>;
  facts?: HostFacts;
  selection?: Selection;
  waivers?: Waiver[];
  options?: Partial<EvaluationOptions>;
  now?: Date;
  host?: string;
  requirements?: typeof REQ;
}
function run(checks: readonly Check[], o: RunOver = {}): Result[] {
  const facts = o.facts ?? makeSnapshot(o.probes ?? {}, o.host).facts;
  return runChecks({ checks, facts, requirements: o.requirements ?? REQ, options: defaultOptions(o.options), selection: o.selection, waivers: o.waivers, now: o.now ?? NOW });
}
const statusOf = (rs: Result[]) => Object.fromEntries(rs.map((r) => [r.id, r.status]));
const ALL = allChecks(REQ);
const byId = (id: string) => ALL.find((c) => c.id === id)!;

describe('runner: crash isolation', () => {
  it('a check that throws is unknown with a reason starting "check crashed", and the run goes on', () => {
    const rs = run([
      fake('a', () => pass('fine', {})),
      fake('b', () => { throw new TypeError("Cannot read properties of undefined (reading 'Release')"); }),
      fake('c', () => fail('broken', {})),
    ]);
    expect(statusOf(rs)).toEqual({ a: 'pass', b: 'unknown', c: 'fail' });
    const b = rs[1]!;
    expect(b.reason).toBe("check crashed: Cannot read properties of undefined (reading 'Release')");
    expect(b.summary).toBe(`Could not evaluate: ${b.reason}`);
    // A crash is clickker's bug, not the server's: the check's own fix would mislead.
    expect(b.remediation?.text).toMatch(/bug in clickker/);
    expect(b.stack).toMatch(/TypeError/);
    const report = buildJsonReport({
      requirements: loadRequirements(), options: defaultOptions(), selection: {}, failOn: [], evaluatedAt: '2026-11-22T00:00:00.000Z',
      hosts: [], results: [b], outcome: decide([b]), checks: [],
    }, { tool: { name: 'clickker', version: 't' }, generatedAt: '2026-11-22T00:00:00.000Z' });
    expect(JSON.stringify(report)).not.toContain('TypeError');
  });

  it('also when something that is not an Error is thrown, or appliesTo throws', () => {
    const rs = run([
      fake('s', () => { throw 'boom'; }),
      fake('t', () => pass('never', {}), { appliesTo: () => { throw new Error('appliesTo broke'); } }),
    ]);
    expect(rs.map((r) => r.reason)).toEqual(['check crashed: boom', 'check crashed: appliesTo broke']);
  });
});

describe('runner: facts that are missing or failed', () => {
  it('a missing probe makes the check unknown, naming the probe', () => {
    const r = run([byId('os.version')])[0]!;
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe("no 'os' facts were collected");
    expect(r.evidence).toEqual({ probe: 'os' });
  });

  it.each([
    ['needs-elevation', 'needs an elevated prompt (probe os: Access is denied.)'],
    ['timeout', 'probe os timed out: Access is denied.'],
    ['not-configured', 'Access is denied.'],
    ['unsupported', 'probe os cannot run here: Access is denied.'],
    ['access-denied', 'probe os failed (access-denied): Access is denied.'],
    ['not-found', 'probe os failed (not-found): Access is denied.'],
    ['bad-output', 'probe os failed (bad-output): Access is denied.'],
    ['crashed', 'probe os failed (crashed): Access is denied.'],
    ['error', 'probe os failed (error): Access is denied.'],
    ['something-new', 'probe os failed (something-new): Access is denied.'],
  ])('probe error kind %s reads: %s', (kind, reason) => {
    const r = run([byId('os.version')], { probes: { os: failed(kind, 'Access is denied.') } })[0]!;
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe(reason);
    expect(describeProbeError('os', { kind, message: 'Access is denied.' }).en).toBe(reason);
  });

  it('data of an unexpected shape (not validated by the loader) is unknown with the path', () => {
    const facts = new HostFacts('H', { os: ok({ ...osData(17763, 3), ProductType: 'server' }) });
    const r = run([byId('os.version')], { facts })[0]!;
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/^probe os returned data of an unexpected shape at ProductType: /);
  });

  it('has() tells whether a fact is present and well-formed, for optional evidence', () => {
    expect(new HostFacts('H', { os: ok(osData(17763, 3)) }).has(osFact)).toBe(true);
    expect(new HostFacts('H', {}).has(osFact)).toBe(false);
    expect(new HostFacts('H', { os: failed('timeout', 'no answer') }).has(osFact)).toBe(false);
    expect(new HostFacts('H', { os: ok({ Version: '10.0.17763' }) }).has(osFact)).toBe(false);
  });
});

describe('runner: selection', () => {
  it('--skip reports the check as skipped, without remediation', () => {
    const rs = run(ALL, { probes: { dotnet: ok({ Release: 394802 }) }, selection: { skip: ['dotnet.framework'] } });
    const r = rs.find((x) => x.id === 'dotnet.framework')!;
    expect(r).toMatchObject({ status: 'skipped', summary: 'Skipped (--skip)', reason: "skipped at the user's request" });
    expect(r.remediation).toBeUndefined();
    expect(rs).toHaveLength(ALL.length);
  });

  it('a check whose prerequisite is skipped is unknown', () => {
    const rs = run(ALL, { selection: { skip: ['synergy.website'] } });
    expect(rs.find((x) => x.id === 'iis.https-binding')?.reason).toBe('needs synergy.website to pass first (it was skipped)');
  });

  it('--only runs just that check, and pulls in what it depends on', () => {
    expect(run(ALL, { selection: { only: ['dotnet.framework'] } }).map((r) => r.id)).toEqual(['dotnet.framework']);
    expect(selectChecks(ALL, { only: ['iis.https-binding'] }).map((c) => c.id)).toEqual(['iis.https-binding', 'synergy.website']);
    const probes = fixtureProbes('ws2019-ready');
    expect(statusOf(run(ALL, { probes, selection: { only: ['iis.https-binding'] } }))).toEqual({ 'iis.https-binding': 'pass', 'synergy.website': 'pass' });
  });

  it('--only follows dependencies transitively and keeps registry order', () => {
    const checks = [fake('c', () => pass('c', {})), fake('b', () => pass('b', {}), { dependsOn: [{ check: 'c' }] }), fake('a', () => pass('a', {}), { dependsOn: [{ check: 'b' }] }), fake('z', () => pass('z', {}))];
    expect(run(checks, { selection: { only: ['a'] } }).map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });

  it('no --only means every check; an empty --only too', () => {
    expect(selectChecks(ALL)).toHaveLength(ALL.length);
    expect(selectChecks(ALL, { only: [] })).toHaveLength(ALL.length);
  });
});

describe('runner: dependencies', () => {
  it('a prerequisite that warns or is waived lets the check run; others make it unknown', () => {
    const dependent = fake('d', () => pass('ran', {}), { dependsOn: [{ check: 'p' }] });
    const p = (v: Verdict) => fake('p', () => v);
    expect(statusOf(run([p(warn('w', {})), dependent]))).toEqual({ p: 'warn', d: 'pass' });
    expect(statusOf(run([p(fail('f', {})), dependent]))).toEqual({ p: 'fail', d: 'unknown' });
    expect(statusOf(run([p(unknown('u', 'fix u')), dependent]))).toEqual({ p: 'unknown', d: 'unknown' });
    const waived = run([p(fail('f', {})), dependent], { waivers: [waiverSchema.parse({ check: 'p', host: '*', reason: 'known', approvedBy: 'ICT', expires: '2027-01-31' })] });
    expect(statusOf(waived)).toEqual({ p: 'waived', d: 'pass' });
  });

  it('a dependency may name the statuses it needs', () => {
    const onlyAfterFail = fake('d', () => pass('ran', {}), { dependsOn: [{ check: 'p', statuses: ['fail'] }] });
    expect(statusOf(run([fake('p', () => fail('f', {})), onlyAfterFail]))).toEqual({ p: 'fail', d: 'pass' });
    expect(run([fake('p', () => pass('ok', {})), onlyAfterFail])[1]!.reason).toBe('needs p to be fail first (it passed)');
  });

  it('a prerequisite that does not exist is "not run"', () => {
    expect(run([fake('d', () => pass('x', {}), { dependsOn: [{ check: 'ghost' }] })])[0]!.reason).toBe('needs ghost to pass first (it did not run)');
  });

  it('a dependency cycle is a programming error', () => {
    expect(() => run([fake('a', () => pass('a', {}), { dependsOn: [{ check: 'b' }] }), fake('b', () => pass('b', {}), { dependsOn: [{ check: 'a' }] })]))
      .toThrow(/check dependency cycle through a/);
  });
});

describe('runner: applicability and profiles', () => {
  it('appliesTo returning a reason makes the check not-applicable', () => {
    const r = run([fake('x', () => fail('never', {}), { appliesTo: () => both('SQL Server is not installed on this host') })])[0]!;
    expect(r).toMatchObject({ status: 'not-applicable', summary: 'Not applicable: SQL Server is not installed on this host', reason: 'SQL Server is not installed on this host' });
  });

  it('profile online: synergy-only checks are not-applicable, the shared and online ones run', () => {
    const rs = run(ALL, { probes: fixtureProbes('ws2019-ready'), options: { profile: 'online', confirmations: new Set(['all']) } });
    const na = rs.filter((r) => r.status === 'not-applicable');
    expect(na.map((r) => r.id)).toEqual(ALL.filter((c) => !c.profiles.includes('online')).map((c) => c.id));
    for (const r of na) expect(r).toMatchObject({ summary: 'Not part of the online profile', reason: 'profile online' });
    expect(statusOf(rs.filter((r) => r.status !== 'not-applicable'))).toEqual({
      // The fixture probed the synergy endpoints only.
      'network.endpoints': 'unknown', 'confirm.clickker-account': 'pass', 'confirm.exact-online-user': 'pass',
    });
  });
});

describe('runner: severity', () => {
  it.each([
    ['blocking', 'fail'],
    ['warning', 'warn'],
    ['info', 'warn'],
  ])('a %s check that returns fail shows %s', (severity: string, status) => {
    const r = run([fake('x', () => V.fail(both('bad'), {}, { text: 'specific fix', nl: 'specifieke oplossing' }), { severity: severity as Severity })])[0]!;
    expect(r.status).toBe(status);
    expect(r.severity).toBe(severity);
    expect(r.remediation).toEqual({ text: 'specific fix', nl: 'specifieke oplossing' });
  });

  it('a warning check that cannot evaluate stays unknown', () => {
    expect(run([fake('x', () => unknown('no idea', 'find out'), { severity: 'warning' })])[0]!.status).toBe('unknown');
  });

  it('the requirements "checks" section overrides a severity', () => {
    const req = cloneRequirements();
    req.checks['dotnet.framework'] = { severity: 'warning' };
    req.checks['os.pending-reboot'] = { severity: 'blocking' };
    const checks = allChecks(req);
    const probes = { dotnet: ok({ Release: 394802 }), pendingReboot: ok({ Reasons: [] }) };
    const rs = run(checks, { probes, requirements: req, selection: { only: ['dotnet.framework', 'os.pending-reboot'] } });
    expect(rs.map((r) => [r.id, r.severity, r.status])).toEqual([['os.pending-reboot', 'blocking', 'pass'], ['dotnet.framework', 'warning', 'warn']]);
    expect(checks.find((c) => c.id === 'dotnet.framework')!.severity).toBe('warning');
    expect(ALL.find((c) => c.id === 'dotnet.framework')!.severity).toBe('blocking');
  });

  it('a severity override works for confirmations too', () => {
    const req = cloneRequirements();
    req.checks['confirm.remote-access'] = { severity: 'blocking' };
    const requirements = { ...loadRequirements(), requirements: req };
    const e = evaluate({ hosts: [{ facts: makeSnapshot({}).facts }], requirements, checks: allChecks(requirements.requirements), options: defaultOptions(), selection: { only: ['confirm.remote-access'] }, now: NOW });
    expect(e.outcome.verdict).toBe('incomplete');
  });
});

describe('runner: results', () => {
  it('carry host, docs anchor and timing; remediation only when there is something to do', () => {
    const rs = run([fake('os.version', () => pass('ok', {})), fake('b.c', () => warn('hmm', {}))], { host: 'SYNERGY01' });
    expect(rs[0]).toMatchObject({ host: 'SYNERGY01', docs: 'docs/checks.md#os-version', title: 'Fake os.version', category: 'Operating system' });
    expect(rs[0]!.remediation).toBeUndefined();
    expect(rs[1]!.remediation).toEqual({ text: 'fix b.c', nl: 'herstel b.c' });
    expect(rs.every((r) => r.ms >= 0)).toBe(true);
  });
});

describe('runner: waivers', () => {
  const w = (o: Record<string, unknown>) => waiverSchema.parse({ check: 'x', host: '*', reason: 'accepted by the customer', approvedBy: 'J. de Vries (ICT)', expires: '2026-12-31', ...o });
  const one = (v: Verdict, waivers: Waiver[], o: RunOver = {}) => run([fake('x', () => v)], { waivers, host: 'SYNERGY01', ...o })[0]!;

  it('a valid waiver turns a finding into waived, keeping what the check found', () => {
    const r = one(fail('port 443 blocked', {}), [w({})]);
    expect(r.status).toBe('waived');
    expect(r.summary).toBe('Waived (fail): port 443 blocked');
    expect(r.waiver).toEqual({ reason: 'accepted by the customer', approvedBy: 'J. de Vries (ICT)', expires: '2026-12-31', expired: false, status: 'fail' });
  });

  it.each([[warn('w', {})], [unknown('u', 'fix u')]])('waives warnings and unknowns as well (%#)', (v) => {
    const r = one(v, [w({})]);
    expect(r.status).toBe('waived');
    expect(r.waiver?.status).toBe(v.status);
  });

  it('an expired waiver makes it a finding again', () => {
    const r = one(fail('port 443 blocked', {}), [w({ expires: '2026-11-21' })]);
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('port 443 blocked (waiver expired 2026-11-21)');
    expect(r.waiver).toMatchObject({ expired: true, status: 'fail' });
  });

  it('is valid through the whole of its expiry day (UTC)', () => {
    expect(one(fail('f', {}), [w({ expires: '2026-11-22' })], { now: new Date('2026-11-22T23:59:59Z') }).status).toBe('waived');
    expect(one(fail('f', {}), [w({ expires: '2026-11-22' })], { now: new Date('2026-11-23T00:00:00Z') }).status).toBe('fail');
  });

  it('a waiver for this host beats one for every host (*), whatever the case of the name', () => {
    const r = one(fail('f', {}), [w({ reason: 'fleet-wide' }), w({ host: 'synergy01', reason: 'this server only' })]);
    expect(r.waiver?.reason).toBe('this server only');
    expect(one(fail('f', {}), [w({ host: 'OTHER-HOST' })]).status).toBe('fail');
    expect(one(fail('f', {}), [w({ host: 'OTHER-HOST' }), w({ host: '*' })]).status).toBe('waived');
  });

  it('a waiver for another check does nothing', () => {
    expect(one(fail('f', {}), [w({ check: 'y' })]).waiver).toBeUndefined();
  });

  it('a pass is never waived, nor a not-applicable or skipped check', () => {
    const r = one(pass('fine', {}), [w({})]);
    expect(r.status).toBe('pass');
    expect(r.waiver).toBeUndefined();
    expect(run([fake('x', () => fail('f', {}), { appliesTo: () => both('no') })], { waivers: [w({})] })[0]).toMatchObject({ status: 'not-applicable' });
    // A skipped check stays skipped; the waiver is attached, recording who accepted not judging it.
    expect(run([fake('x', () => fail('f', {}))], { waivers: [w({})], selection: { skip: ['x'] } })[0]).toMatchObject({ status: 'skipped', waiver: { expired: false } });
  });

  it('waived findings make a ready outcome, expired ones do not', () => {
    const requirements = loadRequirements();
    const facts = parseSnapshot(snapshotDoc({ dotnet: ok({ Release: 394802 }) }, 'SRV-EXACT'), 'x.json').facts;
    const at = (expires: string) => evaluate({
      hosts: [{ facts }], requirements, checks: allChecks(requirements.requirements).filter((c) => c.id === 'dotnet.framework'), options: defaultOptions(),
      waivers: [waiverSchema.parse({ check: 'dotnet.framework', host: 'SRV-EXACT', reason: 'upgrade planned', approvedBy: 'ICT', expires })], now: NOW,
    }).outcome;
    expect(at('2026-12-01')).toMatchObject({ verdict: 'ready', exitCode: 0 });
    expect(at('2026-11-01')).toMatchObject({ verdict: 'not-ready', exitCode: 1 });
  });
});
