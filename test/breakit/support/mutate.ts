// Seeded mutations of a snapshot: at the document level (a probe dropped or failed, a leaf replaced by an edge value,
// a secret or a control sequence planted) and at the byte level (truncated, a byte flipped or inserted).
import { CONTROL_STRINGS, EDGE_VALUES, SECRET_FORMS, canary } from './hostile.js';
import type { Rng } from './tally.js';

export interface Mutation {
  name: string;
  bytes: Buffer;
  /** Secrets planted: none may appear in any output. */
  secrets: string[];
  /** A probe whose facts were removed or failed: no check that needs it may pass. */
  removedProbe?: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** Every path to a value inside `v` (objects and arrays included), up to a few thousand. */
function paths(v: Json, at: Path = [], out: Path[] = []): Path[] {
  if (out.length > 4000) return out;
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function setAt(root: Json, path: Path, value: Json | undefined): void {
  let parent = root as Record<string | number, Json>;
  for (const p of path.slice(0, -1)) parent = parent[p] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = value;
}

function getAt(root: Json, path: Path): Json {
  let v = root;
  for (const p of path) v = (v as Record<string | number, Json>)[p]!;
  return v;
}

const OPERATORS = ['drop-probe', 'fail-probe', 'edge-leaf', 'secret-leaf', 'control-leaf', 'delete-leaf', 'wrap-array', 'host', 'header', 'bytes', 'unknown-probe'] as const;

export function mutate(fixture: string, text: string, r: Rng): Mutation {
  const doc = JSON.parse(text) as { [k: string]: Json } & { probes: Record<string, Json> };
  const probes = Object.keys(doc.probes);
  const op = r.pick(OPERATORS);
  const secrets: string[] = [];
  const plantSecret = () => { const c = canary(); secrets.push(c); return r.pick(SECRET_FORMS)(c); };
  const dataPath = (): Path | null => {
    const okProbes = probes.filter((p) => (doc.probes[p] as { ok?: boolean }).ok);
    if (okProbes.length === 0) return null;
    const probe = r.pick(okProbes);
    const all = paths((doc.probes[probe] as { data: Json }).data, ['probes', probe, 'data']);
    return r.pick(all);
  };
  let name: string = op;
  let removedProbe: string | undefined;
  switch (op) {
    case 'drop-probe': {
      removedProbe = r.pick(probes);
      delete doc.probes[removedProbe];
      name = `drop ${removedProbe}`;
      break;
    }
    case 'fail-probe': {
      removedProbe = r.pick(probes);
      const kind = r.pick(['timeout', 'needs-elevation', 'access-denied', 'crashed', 'bad-output', 'x\u001b[31m', '']);
      doc.probes[removedProbe] = { ok: false, error: { kind: kind || 'error', message: `${plantSecret()} ${r.pick(CONTROL_STRINGS)}` }, ms: 3 };
      name = `fail ${removedProbe} (${JSON.stringify(kind)})`;
      break;
    }
    case 'edge-leaf': case 'secret-leaf': case 'control-leaf': case 'delete-leaf': case 'wrap-array': {
      const path = dataPath();
      if (!path) break;
      const old = getAt(doc as Json, path);
      const value: Json | undefined = op === 'edge-leaf' ? structuredClone(r.pick(EDGE_VALUES)) as Json
        : op === 'secret-leaf' ? plantSecret()
          : op === 'control-leaf' ? `${typeof old === 'string' ? old : 'x'}${r.pick(CONTROL_STRINGS)}`
            : op === 'wrap-array' ? [old, old] : undefined;
      if (op === 'delete-leaf' && path.length <= 3) break; // the whole data: covered by drop-probe
      setAt(doc as Json, path, value);
      name = `${op} at ${path.join('.')}`;
      break;
    }
    case 'host': {
      doc.host = r.pick([plantSecret(), r.pick(CONTROL_STRINGS), 'x'.repeat(5000), '', ' ', 'SRV\nREADY']);
      name = `host ${JSON.stringify(String(doc.host).slice(0, 30))}`;
      break;
    }
    case 'header': {
      const field = r.pick(['schema', 'collectedAt', 'collector', 'probes']);
      doc[field] = structuredClone(r.pick([...EDGE_VALUES, 'x'.repeat(100000), '2026-02-30T00:00:00Z', plantSecret()])) as Json;
      name = `header ${field}`;
      break;
    }
    case 'unknown-probe': {
      // Spliced in as text: JSON.stringify itself overflows the stack on 5,000 levels; JSON.parse does not.
      doc.probes[`zz.${r.pick(CONTROL_STRINGS)}`] = { ok: true, data: '@@DEEP@@', ms: 1 };
      const deep = `${'['.repeat(5000)}${JSON.stringify(plantSecret())}${']'.repeat(5000)}`;
      return { name: `${fixture}: unknown probe, deeply nested data`, bytes: Buffer.from(JSON.stringify(doc).replace('"@@DEEP@@"', deep)), secrets };
    }
    case 'bytes': {
      const raw = Buffer.from(JSON.stringify(doc, null, 2));
      const at = r.int(raw.length);
      const how = r.pick(['truncate', 'flip', 'insert', 'nul']);
      const out = how === 'truncate' ? raw.subarray(0, at)
        : how === 'flip' ? Buffer.concat([raw.subarray(0, at), Buffer.from([raw[at]! ^ (1 << r.int(8))]), raw.subarray(at + 1)])
          : Buffer.concat([raw.subarray(0, at), Buffer.from([how === 'nul' ? 0 : r.int(256)]), raw.subarray(at)]);
      return { name: `${fixture}: bytes ${how} at ${at}`, bytes: out, secrets };
    }
  }
  return { name: `${fixture}: ${name}`, bytes: Buffer.from(JSON.stringify(doc, null, 2)), secrets, removedProbe };
}
