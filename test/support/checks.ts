// Runs one check (and what it depends on) through the real runner on a snapshot built from probe records.
import { defaultOptions } from '../../src/core/evaluate.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import { allChecks } from '../../checks/index.js';
import { loadRequirements } from '../../src/core/requirements.js';
import type { Requirements } from '../../src/core/requirements-schema.js';
import { runChecks } from '../../src/core/runner.js';
import type { EvaluationOptions, Result } from '../../src/core/types.js';
import { makeSnapshot } from './snapshot.js';

/** The fixed moment every test judges at. */
export const NOW = new Date('2026-11-22T12:00:00Z');

/** The shipped requirements, loaded once; clone before changing. */
export const REQ: Requirements = loadRequirements().requirements;

export function cloneRequirements(): Requirements {
  return structuredClone(REQ);
}

export interface JudgeOptions {
  options?: Partial<EvaluationOptions>;
  requirements?: Requirements;
  now?: Date;
  host?: string;
}

/** Every result of a run limited to `id` and its prerequisites. */
export function judgeAll(id: string, probes: Record<string, ProbeRecord>, o: JudgeOptions = {}): Result[] {
  const requirements = o.requirements ?? REQ;
  const { facts } = makeSnapshot(probes, o.host);
  return runChecks({
    checks: allChecks(requirements), facts, requirements, options: defaultOptions(o.options), selection: { only: [id] }, now: o.now ?? NOW,
  });
}

/** The result of check `id` on a host with these probe records. */
export function judge(id: string, probes: Record<string, ProbeRecord>, o: JudgeOptions = {}): Result {
  const r = judgeAll(id, probes, o).find((x) => x.id === id);
  if (!r) throw new Error(`the run produced no result for ${id}`);
  return r;
}

/** The PowerShell script of a result's first remediation command ('' when there is none). */
export function script(r: Result): string {
  return r.remediation?.commands?.[0]?.script ?? '';
}
