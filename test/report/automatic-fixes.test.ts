// Issue 17: a fleet asks every host which failures `clickker fix` can fix by itself (automaticFixes). It no longer
// builds every failing check's whole fix action to read one flag (src/core/fix.ts automaticFixIds); the answer must be
// what fixActions' automatic actions say, for every fixture and for results no check or fix expects.
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks } from '../../checks/index.js';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { fixActions } from '../../src/core/fix.js';
import { loadRequirements } from '../../src/core/requirements.js';
import type { Check, Result } from '../../src/core/types.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { automaticFixes } from '../../src/report/todo.js';
import { ROOT } from '../support/cli.js';

const requirements = loadRequirements();
const checks = allChecks(requirements.requirements);
const FIXTURES = readdirSync(join(ROOT, 'fixtures', 'hosts')).filter((f) => f.endsWith('.json')).sort();

/** The way it was done before: every fix action built, the automatic ones' check ids, each once. */
const reference = (results: readonly Result[], list: readonly Check[]): string[] =>
  [...new Set(fixActions(results, list).filter((a) => a.automatic).map((a) => a.checkId))];

describe('automaticFixes', () => {
  it('names what fixActions makes automatic, for every fixture and profile', () => {
    let found = 0;
    for (const fixture of FIXTURES) {
      const { snapshot, facts } = loadSnapshot(join(ROOT, 'fixtures', 'hosts', fixture));
      for (const profile of ['synergy', 'online'] as const) {
        const { results } = evaluate({ checks, hosts: [{ facts, collectedAt: snapshot.collectedAt }], requirements, options: defaultOptions({ profile }) });
        const mine = automaticFixes(results, checks);
        expect(mine).toEqual(reference(results, checks));
        found += mine.length;
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it('for results of unknown checks, repeated ids, every status, and a list of checks that changed since', () => {
    const { snapshot, facts } = loadSnapshot(join(ROOT, 'fixtures', 'hosts', 'ws2019-iis-partial.json'));
    const { results } = evaluate({ checks, hosts: [{ facts, collectedAt: snapshot.collectedAt }], requirements, options: defaultOptions() });
    const automatic = results.filter((r) => reference([r], checks).length > 0);
    expect(automatic.length).toBeGreaterThan(0);
    const odd: Result[] = [
      ...results, ...automatic, { ...results[0]!, id: 'no.such-check', status: 'fail' },
      ...results.map((r) => ({ ...r, status: 'warn' as const })), ...results.map((r) => ({ ...r, status: 'unknown' as const })),
    ];
    expect(automaticFixes(odd, checks)).toEqual(reference(odd, checks));
    // The same list of checks, grown and shrunk: the checks by id are made again.
    const list = [...checks];
    expect(automaticFixes(results, list)).toEqual(reference(results, list));
    const fixer = list.find((c) => c.id === automatic[0]!.id)!;
    list.splice(list.indexOf(fixer), 1);
    expect(automaticFixes(results, list)).toEqual(reference(results, list));
    expect(automaticFixes(results, list)).not.toContain(fixer.id);
    list.push(fixer);
    expect(automaticFixes(results, list)).toContain(fixer.id);
  });
});
