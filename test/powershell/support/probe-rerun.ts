// What the real-pwsh probe tests (probes-real, iis-probes-real) share: one probe script run as the bridge runs it, the
// fact the checks would see from its data, and every check's verdict on a snapshot, so a rerun through the real
// scripts can be compared with the fixture it was made from.
import { expect } from '@jest/globals';
import { allChecks } from '../../../checks/index.js';
import { defaultOptions, evaluate } from '../../../src/core/evaluate.js';
import type { ProbeRecord } from '../../../src/core/facts.js';
import { loadRequirements } from '../../../src/core/requirements.js';
import { FACTS_BY_PROBE } from '../../../src/facts/index.js';
import { parseSnapshot } from '../../../src/facts/snapshot.js';
import { buildInvocation, newNonce, parseProbeOutput, readEnvelope } from '../../../src/probes/powershell/envelope.js';
import { classifyPsError, PROBES_BY_ID, readProbeScript } from '../../../src/probes/powershell/probes.js';
import type { PwshHost, Scenario } from './pwsh.js';

/** The fixtures' reference time: what "now" is when their verdicts are judged. */
export const NOW = new Date('2026-11-22T12:00:00Z');
const requirements = loadRequirements();

/** Runs one probe script as the bridge does (its envelope, its error classification), over `scenario`. */
export async function runProbe(ps: PwshHost, probe: string, scenario: Scenario, elevated: boolean | null = true, params: Record<string, string> = {}): Promise<ProbeRecord> {
  const nonce = newNonce();
  const r = await ps.run(buildInvocation(readProbeScript(PROBES_BY_ID.get(probe)!.file), params, nonce), scenario);
  expect(r.error).toBeNull(); // the envelope catches everything the script throws
  const read = readEnvelope(r.stdout, nonce);
  if (read.kind === 'garbled') throw new Error(read.reason);
  const env = read.envelope;
  if (!env.ok) return { ok: false, error: { kind: classifyPsError(env.error, elevated), message: env.error.message ?? '' }, ms: 0 };
  const parsed = parseProbeOutput(env.data);
  if (!parsed.ok) return { ok: false, error: { kind: 'bad-output', message: parsed.message }, ms: 0 };
  return { ok: true, data: parsed.data, ms: 0 };
}

/** A fact as the checks see it: the probe's data through its zod schema. */
export function fact<T = unknown>(probe: string, data: unknown): T {
  const parsed = FACTS_BY_PROBE.get(probe)!.schema.safeParse(data);
  if (!parsed.success) throw new Error(`${probe}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data as T;
}

/** Every check's status and summary on one snapshot document, all confirmations given. */
export function statuses(doc: unknown, file: string): Record<string, string> {
  const loaded = parseSnapshot(doc, file);
  const evaluation = evaluate({
    hosts: [{ facts: loaded.facts, collectedAt: loaded.snapshot.collectedAt, collector: loaded.snapshot.collector, file }],
    requirements, checks: allChecks(requirements.requirements), options: defaultOptions({ confirmations: new Set(['all']) }), now: NOW,
  });
  return Object.fromEntries(evaluation.results.map((r) => [r.id, `${r.status}: ${r.summary}`]));
}
