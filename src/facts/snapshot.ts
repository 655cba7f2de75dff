// The public snapshot contract (docs/snapshot.md): facts collected on a server, judged anywhere.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { HostFacts } from '../core/facts.js';
import { formatIssue, parseJsonDocument } from '../core/json-document.js';
import { FACTS_BY_PROBE } from './index.js';

export const SNAPSHOT_SCHEMA = 'clickker.snapshot/v1';

const probeRecordSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown(), ms: z.number().nonnegative() }),
  z.object({
    ok: z.literal(false),
    error: z.object({ kind: z.string().min(1), message: z.string() }),
    ms: z.number().nonnegative(),
  }),
], { error: 'expected { "ok": true, "data", "ms" } or { "ok": false, "error": { "kind", "message" }, "ms" }' });

export const snapshotSchema = z.object({
  schema: z.string(),
  collectedAt: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO-8601 date'),
  host: z.string().min(1),
  collector: z.object({ name: z.string(), version: z.string() }),
  probes: z.record(z.string(), probeRecordSchema),
});

export type Snapshot = z.infer<typeof snapshotSchema>;

export interface LoadedSnapshot {
  file: string;
  snapshot: Snapshot;
  facts: HostFacts;
}

/** Validates a snapshot document, including the data of every probe whose shape clickker knows. */
export function parseSnapshot(doc: unknown, file: string): LoadedSnapshot {
  const what = `snapshot ${file}`;
  if (doc && typeof doc === 'object' && 'schema' in doc && doc.schema !== SNAPSHOT_SCHEMA) {
    throw new InputError(`${what}: schema is ${JSON.stringify(doc.schema)}, expected "${SNAPSHOT_SCHEMA}"`);
  }
  const env = snapshotSchema.safeParse(doc);
  if (!env.success) throw new InputError(`${what}: ${formatIssue(env.error.issues[0]!)}`);
  const snapshot = env.data;
  const facts = new HostFacts(snapshot.host, snapshot.probes);
  for (const [probe, rec] of Object.entries(snapshot.probes)) {
    const def = FACTS_BY_PROBE.get(probe);
    if (!def || !rec.ok) continue;
    const data = def.schema.safeParse(rec.data);
    if (!data.success) throw new InputError(`${what}: malformed probe data ${formatIssue(data.error.issues[0]!, ['probes', probe, 'data'])}`);
    facts.seed(probe, data.data);
  }
  return { file, snapshot, facts };
}

export function loadSnapshot(file: string): LoadedSnapshot {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`snapshot ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseSnapshot(parseJsonDocument(text, `snapshot ${file}`), file);
}
