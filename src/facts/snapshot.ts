// The public snapshot contract (docs/snapshot.md): facts collected on a server, judged anywhere.
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import { inputError } from '../core/input-error.js';
import { zodText } from '../core/issue-text.js';
import { msg } from '../report/i18n/catalogue.js';
import { HostFacts, type FactDef } from '../core/facts.js';
import { readInputText, SNAPSHOT_MAX_BYTES } from '../core/input-file.js';
import { issueAt, issueError, parseJsonDocument, type What } from '../core/json-document.js';
import { FACTS_BY_PROBE } from './index.js';
import { compileFastPath, FAIL, type FastPath } from '../core/zod-fast-path.js';
import type { Msg } from '../core/text.js';

export const SNAPSHOT_SCHEMA = 'clickker.snapshot/v1';

const probeRecordSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown(), ms: z.number().check(z.gte(0)) }),
  z.object({
    ok: z.literal(false),
    error: z.object({ kind: z.string().check(z.minLength(1)), message: z.string() }),
    ms: z.number().check(z.gte(0)),
  }),
], { error: zodText('in.z.probe-record') });

export const snapshotSchema = z.object({
  schema: z.string(),
  collectedAt: z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), zodText('in.z.iso-date'))),
  host: z.string().check(z.minLength(1)),
  collector: z.object({ name: z.string(), version: z.string() }),
  probes: z.record(z.string(), probeRecordSchema),
});

export type Snapshot = z.infer<typeof snapshotSchema>;

export interface LoadedSnapshot {
  file: string;
  snapshot: Snapshot;
  facts: HostFacts;
}

/** How many probes' data the fast path proved valid, and how many zod judged: the differential test reads them. */
export const fastPathStats = { fast: 0, zod: 0 };
let fastPaths = true;
/** Turns the fast path off (the differential test compares the outcomes with and without it). */
export function useFastPaths(on: boolean): void {
  fastPaths = on;
}

/** A known probe's fact definition and its fast path (null: zod alone), looked up once per probe id, not per host. */
interface KnownProbe { def: FactDef<unknown>; fast: FastPath | null }
const knownProbes = new Map<string, KnownProbe | null>();
function knownProbe(probe: string): KnownProbe | null {
  let known = knownProbes.get(probe);
  if (known === undefined) {
    const def = FACTS_BY_PROBE.get(probe);
    known = def ? { def, fast: compileFastPath(def.schema) } : null;
    // Only the probe ids clickker knows are kept: a snapshot's own ids (any string) never grow this map.
    if (known) knownProbes.set(probe, known);
  }
  return known;
}
let envelopeFast: FastPath | null | undefined;
const envelopePath = (): FastPath | null => (envelopeFast === undefined ? (envelopeFast = compileFastPath(snapshotSchema)) : envelopeFast);

/** Validates a snapshot document, including the data of every probe whose shape clickker knows. */
export function parseSnapshot(doc: unknown, file: string, what: What = snapshotWhat(file)): LoadedSnapshot {
  if (doc && typeof doc === 'object' && 'schema' in doc && doc.schema !== SNAPSHOT_SCHEMA) {
    throw inputError(what, 'in.snapshot.schema', { value: shortValue(doc.schema), schema: SNAPSHOT_SCHEMA });
  }
  const envelope = fastPaths ? envelopePath() : null;
  const proven = envelope ? (envelope(doc) as Snapshot | typeof FAIL) : FAIL;
  let snapshot: Snapshot;
  if (proven !== FAIL) snapshot = proven;
  else {
    const env = snapshotSchema.safeParse(doc, { reportInput: true }); // the input lets a wrong type be told from a missing key
    if (!env.success) throw issueError(what, env.error.issues[0]!);
    snapshot = env.data;
  }
  const facts = new HostFacts(snapshot.host, snapshot.probes);
  const probes = snapshot.probes;
  for (const probe of Object.keys(probes)) {
    const rec = probes[probe]!;
    const known = knownProbe(probe);
    if (!known || !rec.ok) continue;
    const { def, fast: path } = known;
    // The fast path proves most data valid without zod's cost (issue 17); zod gives the outcome of the rest.
    const fast = fastPaths && path;
    const data = fast ? fast(rec.data) : FAIL;
    if (data !== FAIL) {
      fastPathStats.fast += 1;
      facts.seed(probe, data);
      continue;
    }
    fastPathStats.zod += 1;
    const parsed = def.schema.safeParse(rec.data, { reportInput: true });
    if (!parsed.success) throw inputError(what, 'in.snapshot.probe-data', { why: issueAt(parsed.error.issues[0]!, ['probes', probe, 'data']) });
    facts.seed(probe, parsed.data);
  }
  return { file, snapshot, facts };
}

/**
 * "snapshot <file>" in both languages, made only when an error names it: a fleet of good snapshots never needs it,
 * and filling in the message for each was work for nothing (issue 17). A class, not an object literal with getters:
 * V8 builds such a literal (and its three closures) in the runtime, at ~20 ms a fleet of 1,000 (--cpu-prof).
 */
class SnapshotWhat implements Msg {
  private made: Msg | undefined;
  constructor(private readonly file: string) {}
  get en(): string { return this.said().en; }
  get nl(): string { return this.said().nl; }
  private said(): Msg { return (this.made ??= msg('in.what.snapshot', { file: this.file })); }
}

function snapshotWhat(file: string): Msg {
  return new SnapshotWhat(file);
}

/** A value from the file, quoted in an error at most 60 characters long (a 1 MB schema string is not echoed). */
function shortValue(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 59)}…` : s;
}

/** Reads a snapshot file: a regular file up to SNAPSHOT_MAX_BYTES, UTF-8 (BOM or not) or UTF-16 with its BOM. */
export function loadSnapshot(file: string): LoadedSnapshot {
  const what = snapshotWhat(file);
  return parseSnapshot(parseJsonDocument(readInputText(file, what, SNAPSHOT_MAX_BYTES), what), file);
}
