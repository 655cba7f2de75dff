// A fleet judges every host with the same checks, so what depends only on the check list, the selection, the
// requirements or a text is worked out once and kept (the runner's plans, the checks' memos; issue 17). A kept answer
// must never carry over from one host, selection, profile or requirements object to another: every host is judged
// here as it is with nothing kept (first, with a fresh check list and fresh requirements) and after everything else.
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { defaultOptions } from '../../src/core/evaluate.js';
import { allChecks } from '../../checks/index.js';
import type { Requirements } from '../../src/core/requirements-schema.js';
import { runChecks, type Selection } from '../../src/core/runner.js';
import type { Check, EvaluationOptions, Result } from '../../src/core/types.js';
import { cloneRequirements, NOW, REQ } from '../support/checks.js';
import { CLIENT_NAMES, fixtureProbes, serverFeatures, clientFeatures } from '../support/ps-data.js';
import { makeSnapshot, ok } from '../support/snapshot.js';

const FIXTURES = readdirSync('fixtures/hosts').filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort();

interface Variant { options: Partial<EvaluationOptions>; selection?: Selection }
const VARIANTS: Variant[] = [
  { options: { confirmations: new Set(['all']) } },
  { options: {} },
  { options: { profile: 'online', confirmations: new Set(['all']) } },
  { options: { externalAccess: true, serviceAccount: 'CORP\\svc-other' }, selection: { skip: ['iis.features'] } },
  { options: { synergyRelease: 503 }, selection: { only: ['iis.https-binding', 'synergy.release'] } },
  { options: { endpoints: ['https://www.clickker.nl/', 'https://unknown.example'] }, selection: { only: ['network.endpoints'] } },
];

/** A result without its timing (and a crash's stack), the parts that differ between two runs of the same judgement. */
const judged = (rs: Result[]) => rs.map(({ ms: _ms, stack: _stack, ...r }) => r);

function judge(checks: readonly Check[], requirements: Requirements, fixture: string, v: Variant): ReturnType<typeof judged> {
  const { facts } = makeSnapshot(fixtureProbes(fixture), fixture.toUpperCase());
  return judged(runChecks({ checks, facts, requirements, options: defaultOptions(v.options), selection: v.selection, now: NOW }));
}

describe('judging a fleet: kept answers', () => {
  it('judges each host the same with nothing kept and after every other host, selection and profile', () => {
    // First: each fixture and variant with a fresh check list and fresh requirements (no plan or per-list memo yet).
    const cold = new Map<string, ReturnType<typeof judged>>();
    for (const fixture of FIXTURES) {
      for (const [i, v] of VARIANTS.entries()) {
        const requirements = cloneRequirements();
        cold.set(`${fixture} ${i}`, judge(allChecks(requirements), requirements, fixture, v));
      }
    }
    // Then all of them again, in the other order, with one shared check list and requirements (every plan and memo filled).
    const shared = allChecks(REQ);
    let compared = 0;
    for (const fixture of [...FIXTURES].reverse()) {
      for (const [i, v] of [...VARIANTS.entries()].reverse()) {
        expect(judge(shared, REQ, fixture, v)).toEqual(cold.get(`${fixture} ${i}`));
        compared += 1;
      }
    }
    expect(compared).toBe(FIXTURES.length * VARIANTS.length);
    expect(FIXTURES.length).toBeGreaterThan(20);
  });

  it('judges IIS features the same when hosts list many other names (the memo of listed names is bounded)', () => {
    const checks = allChecks(REQ);
    const only = { only: ['iis.features'] };
    const run = (probes: Parameters<typeof makeSnapshot>[0]) => judged(runChecks({
      checks, facts: makeSnapshot(probes).facts, requirements: REQ, options: defaultOptions(), selection: only, now: NOW,
    })).find((r) => r.id === 'iis.features');
    const os = fixtureProbes('ws2019-ready').os!;
    const missing = { [REQ.iis.roleServices[3]!.name]: 0 };
    const plain = run({ os, windowsFeatures: ok(serverFeatures(missing)) });
    const many = Array.from({ length: 6000 }, (_, i) => ({ Name: `Other-Feature-${i}`, DisplayName: null, Installed: i % 2 === 0, InstallState: i % 2 === 0 ? 1 : 0 }));
    expect(plain?.status).toBe('fail');
    expect(run({ os, windowsFeatures: ok([...many, ...serverFeatures(missing)]) })).toEqual(plain);
    expect(run({ os, windowsFeatures: ok([...serverFeatures(missing), ...many]) })).toEqual(plain);
    // A later listing of a wanted name wins, in any case of its letters, as before.
    const renamed = serverFeatures().map((f) => (f.Name === REQ.iis.roleServices[3]!.name ? { ...f, Name: f.Name.toUpperCase() } : f));
    expect(run({ os, windowsFeatures: ok([...renamed, ...serverFeatures(missing)]) })).toEqual(plain);
    // The client's DISM names go through their own memo.
    const client = fixtureProbes('win10-client');
    const clientPlain = run({ ...client, optionalFeatures: ok(clientFeatures({ [CLIENT_NAMES[0]!]: 0 })) });
    expect(clientPlain?.status).toBe('fail');
    expect(run({ ...client, optionalFeatures: ok([...many.map((f) => ({ FeatureName: f.Name, State: 2 })), ...clientFeatures({ [CLIENT_NAMES[0]!]: 0 })]) })).toEqual(clientPlain);
  });
});
