// Fix tests start where `clickker fix` starts: a host's facts judged by the real checks. The facts are a fixture
// snapshot (Windows PowerShell 5.1 shapes, fixtures/hosts/README.md), optionally with a probe's data edited the way a
// different server would report it; the evidence a fix reads is always what its check wrote, never built by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks } from '../../checks/index.js';
import { fixActions, type FixAction, type FixContext } from '../../src/core/fix.js';
import { defaultOptions } from '../../src/core/evaluate.js';
import { runChecks } from '../../src/core/runner.js';
import type { Result } from '../../src/core/types.js';
import { parseSnapshot } from '../../src/facts/snapshot.js';
import { NOW, REQ } from './checks.js';

type Probes = Record<string, { ok: boolean; data?: unknown }>;

export interface FixCase {
  /** Only these checks (and their prerequisites) are judged. */
  only: readonly string[];
  /** Edits the fixture's probe data in place before it is judged. */
  edit?: (data: Record<string, unknown>) => void;
  ctx?: FixContext;
}

/** The results of the real checks on fixtures/hosts/<fixture>.json, and the fixes the checks offer for them. */
export function fixesFor(fixture: string, c: FixCase): { results: Result[]; actions: FixAction[] } {
  const doc = JSON.parse(readFileSync(join('fixtures', 'hosts', `${fixture}.json`), 'utf8')) as { probes: Probes };
  const data = Object.fromEntries(Object.entries(doc.probes).map(([k, v]) => [k, v.data]));
  c.edit?.(data);
  for (const [k, v] of Object.entries(doc.probes)) if (v.ok) v.data = data[k];
  const { facts } = parseSnapshot(doc, `${fixture}.json`);
  const checks = allChecks(REQ);
  const results = runChecks({ checks, facts, requirements: REQ, options: defaultOptions(), selection: { only: c.only }, now: NOW });
  return { results, actions: fixActions(results, checks, c.ctx) };
}
