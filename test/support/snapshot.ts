// Builds snapshots in tests: a host with a few probe records, everything else absent.
import type { ProbeRecord } from '../../src/core/facts.js';
import { parseSnapshot, SNAPSHOT_SCHEMA, type LoadedSnapshot } from '../../src/facts/snapshot.js';

export const ok = (data: unknown, ms = 5): ProbeRecord => ({ ok: true, data, ms });
export const failed = (kind: string, message: string, ms = 5): ProbeRecord => ({ ok: false, error: { kind, message }, ms });

export function snapshotDoc(probes: Record<string, ProbeRecord>, host = 'TESTHOST') {
  return {
    schema: SNAPSHOT_SCHEMA,
    collectedAt: '2026-11-20T10:00:00.000Z',
    host,
    collector: { name: 'test', version: '0' },
    probes,
  };
}

export function makeSnapshot(probes: Record<string, ProbeRecord>, host = 'TESTHOST'): LoadedSnapshot {
  return parseSnapshot(snapshotDoc(probes, host), `${host}.json`);
}
