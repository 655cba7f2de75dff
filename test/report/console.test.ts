// The console report, rendered in process: verbose-only stacks, symbols, large-fleet layout, wrapping.
import { describe, expect, it } from '@jest/globals';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { loadRequirements } from '../../src/core/requirements.js';
import type { Check } from '../../src/core/types.js';
import { renderConsole } from '../../src/report/console.js';
import { detectStyle, supportsUnicode, wrap } from '../../src/report/style.js';
import { makeSnapshot, ok } from '../support/snapshot.js';
import { runChecks } from '../../src/core/runner.js';
import { allChecks } from '../../checks/index.js';

const requirements = loadRequirements();
const meta = { tool: { name: 'clickker', version: 'test' }, generatedAt: '2026-11-22T00:00:00.000Z' };
const plain = (ascii = true) => detectStyle({ color: false, ascii }, { isTTY: false, columns: 100 }, {}, 'linux');

const crashing: Check = {
  id: 'test.crash', title: 'Crashes', category: 'Operating system', severity: 'blocking', needs: [], profiles: ['synergy'],
  rationale: 'test', remediation: { text: 'none', nl: 'geen' }, nl: { title: 'Loopt vast', rationale: 'test' },
  evaluate() { throw new Error('boom in the check'); },
};

describe('console report', () => {
  const snap = makeSnapshot({ dotnet: ok({ Release: 394802, Version: '4.6.01590' }) });
  const results = runChecks({ checks: [crashing], facts: snap.facts, requirements: requirements.requirements, options: defaultOptions(), now: new Date() });

  it('shows a crashed check as unknown, and its stack only with --verbose', () => {
    const e = { ...evaluate({ hosts: [{ facts: snap.facts }], requirements, checks: allChecks(requirements.requirements), options: defaultOptions(), selection: { only: ['dotnet.framework'] } }) };
    e.hosts[0]!.results.push(...results);
    const quiet = renderConsole(e, meta, { style: plain(), verbose: false });
    const loud = renderConsole(e, meta, { style: plain(), verbose: true });
    expect(quiet).toMatch(/\[ \?\? \] test\.crash\s+Could not evaluate: check crashed: boom in the check/);
    expect(quiet).not.toMatch(/at evaluate|console\.test/);
    expect(loud).toMatch(/console\.test\.ts/);
  });

  it('uses ASCII symbols on Windows conhost and Unicode in Windows Terminal', () => {
    expect(supportsUnicode({}, 'win32')).toBe(false);
    expect(supportsUnicode({ WT_SESSION: '1' }, 'win32')).toBe(true);
    expect(supportsUnicode({ TERM: 'xterm-256color' }, 'linux')).toBe(true);
    expect(supportsUnicode({ TERM: 'linux' }, 'linux')).toBe(false);
  });

  it('lists a large fleet one host per line instead of a matrix', () => {
    const hosts = Array.from({ length: 8 }, (_, i) => ({ facts: makeSnapshot({ dotnet: ok({ Release: i % 2 ? 528040 : 394802 }) }, `HOST${i}`).facts }));
    const e = evaluate({ hosts, requirements, checks: allChecks(requirements.requirements), options: defaultOptions(), selection: { only: ['dotnet.framework'] } });
    const out = renderConsole(e, meta, { style: plain(), verbose: false });
    expect(out).toMatch(/^HOST0\s+NOT READY\s+dotnet\.framework$/m);
    // --only left the blocking checks unjudged: a host with nothing wrong in what was checked is partial, not ready.
    expect(out).toMatch(/^HOST1\s+PARTIAL CHECK/m);
    expect(out).not.toMatch(/^HOST1\s+READY/m);
    expect(out).not.toMatch(/^check\s+HOST0/m);
  });

  it('wraps long text to the width with a hanging indent', () => {
    const text = wrap('one two three four five six seven eight nine ten', 20, 4, 0);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(20);
    expect(text.split('\n')[1]).toMatch(/^ {4}\S/);
  });
});
