// A faster way to the same answer for valid documents (issue 17): zod's snapshot validation was the largest single cost
// of a fleet (~27 %), most of it the payload objects, issue arrays and closures zod makes for every field of every
// feature of every host. compileFastPath() reads a zod schema once and gives a plain function that walks a value the
// way zod 4.x's parse does (node_modules/zod/v4/core/schemas.js: $ZodObject with handlePropertyResult and
// handleCatchall, $ZodArray, $ZodRecord with string keys, $ZodUnion, $ZodPipe, $ZodTransform, $ZodOptional,
// $ZodNullable, the scalar types) and
// returns the value zod would return, or FAIL. FAIL is never an error message: the caller then runs zod itself, which
// gives its outcome (its issue, or its own answer should the two ever disagree). So this path can only be used to
// prove a value valid; what it cannot follow exactly (a kind of schema it does not know, a default, coercion, a
// record with keys other than plain strings, a strict object, async) makes compileFastPath return null and zod does all
// of that schema.
// Checks (z.minLength, z.regex, z.int, z.refine, ...) are zod's own check objects, run as zod runs them.
// Held to zod's outcomes by test/core/zod-jitless.test.ts (every fixture snapshot, ~8,600 mutations and ~2,600 cases of how
// objects are copied, with the path and without it, and against the recorded classic-zod outcomes).

/** The answer when the value is not proven valid: run zod for the outcome. */
export const FAIL: unique symbol = Symbol('not proven valid');
export type FastPath = (value: unknown) => unknown;

/** The parts of a zod 4 schema this file reads (zod's internals, `schema._zod`). */
interface Internals {
  def: Def;
  traits: Set<string>;
  optin?: 'optional' | 'defaulted';
  optout?: 'optional';
  values?: Set<unknown>;
}
interface Def {
  type: string;
  checks?: Schema[];
  coerce?: boolean;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  element?: Schema;
  keyType?: Schema;
  valueType?: Schema;
  mode?: string;
  options?: Schema[];
  in?: Schema;
  out?: Schema;
  innerType?: Schema;
  transform?: (value: unknown, payload: Payload) => unknown;
  when?: (payload: Payload) => boolean;
}
interface Schema { _zod: Internals & { check?: (payload: Payload) => unknown } }
interface Payload { value: unknown; issues: unknown[] }

class Unsupported extends Error {}

const compiled = new WeakMap<object, FastPath | null>();

/** The fast path of `schema`, or null when it holds something this file does not follow exactly. Made once per schema. */
export function compileFastPath(schema: object): FastPath | null {
  const known = compiled.get(schema);
  if (known !== undefined) return known;
  let path: FastPath | null;
  try {
    const run = compile(schema as Schema);
    // A transform or check that throws makes zod throw too: zod is run, and throws as it always did.
    path = (value) => { try { return run(value); } catch { return FAIL; } };
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    path = null;
  }
  compiled.set(schema, path);
  return path;
}

type Run = (value: unknown) => unknown;

/**
 * A scalar schema, possibly inside z.optional/z.nullable, with no checks: it returns its input or fails, so an object,
 * array or record tests it in place (leafAccepts) instead of calling a chain of closures for it. Most fields of a
 * snapshot are such leaves (issue 17: a fleet's validation was mostly closure calls, much of it before V8 optimised
 * them). Bits: the scalar type, and what the wrappers let through.
 */
const STRING = 1;
const NUMBER = 2;
const BOOLEAN = 3;
const NULL = 4;
const ANY = 5;
const TYPE = 7;
const OR_UNDEFINED = 8;
const OR_NULL = 16;

/** The leaf bits of `schema`, or 0 when it is not a leaf (anything else, or a leaf with checks). */
function leafOf(schema: Schema): number {
  const z = schema._zod;
  const def = z.def;
  if (!isBare(z)) return 0;
  switch (def.type) {
    case 'string': return STRING;
    case 'number': return NUMBER;
    case 'boolean': return BOOLEAN;
    case 'null': return NULL;
    case 'unknown':
    case 'any': return ANY;
    case 'optional': {
      if (def.innerType!._zod.optin === 'defaulted') return 0;
      const inner = leafOf(def.innerType!);
      return inner === 0 ? 0 : inner | OR_UNDEFINED;
    }
    case 'nullable': {
      const inner = leafOf(def.innerType!);
      return inner === 0 ? 0 : inner | OR_NULL;
    }
    default: return 0;
  }
}

/** A schema with nothing of its own beyond its type: no coercion, no checks, not a check, no lookalike trait. */
function isBare(z: Schema['_zod']): boolean {
  return !z.def.coerce && (z.def.checks?.length ?? 0) === 0 && !z.traits.has('$ZodCheck') && !LOOKALIKES.some((t) => z.traits.has(t));
}

/** Whether a leaf accepts `v` (it then returns `v` itself, as each of those schemas does). */
function leafAccepts(leaf: number, v: unknown): boolean {
  if (v === undefined) return (leaf & OR_UNDEFINED) !== 0 || (leaf & TYPE) === ANY;
  if (v === null) return (leaf & OR_NULL) !== 0 || (leaf & TYPE) === NULL || (leaf & TYPE) === ANY;
  switch (leaf & TYPE) {
    case STRING: return typeof v === 'string';
    case NUMBER: return typeof v === 'number' && Number.isFinite(v);
    case BOOLEAN: return typeof v === 'boolean';
    case ANY: return true;
    default: return false;
  }
}

/** How a place in an object, array or record is judged: a leaf tested in place, or a compiled schema. */
interface Part { leaf: number; run: Run }

function partOf(schema: Schema): Part {
  const leaf = leafOf(schema);
  return { leaf, run: leaf === 0 ? compile(schema) : (v) => (leafAccepts(leaf, v) ? v : FAIL) };
}

function compile(schema: Schema): Run {
  const z = schema._zod;
  const def = z.def;
  if (def.coerce) throw new Unsupported(def.type);
  // A schema that is itself a check (z.int() used as a type) runs itself first, as $ZodType.init arranges.
  const checks = z.traits.has('$ZodCheck') ? [schema, ...(def.checks ?? [])] : [...(def.checks ?? [])];
  const parse = compileParse(schema);
  if (checks.length === 0) return parse;
  return (value) => {
    const out = parse(value);
    return out === FAIL ? FAIL : runChecks(out, checks);
  };
}

/** $ZodType's runChecks for a value with no issues yet: each check in turn; any issue fails. */
function runChecks(value: unknown, checks: readonly Schema[]): unknown {
  const payload: Payload = { value, issues: [] };
  for (let i = 0; i < checks.length; i += 1) {
    const ch = checks[i]!._zod;
    const when = ch.def.when;
    if (when && !when(payload)) continue;
    const r = ch.check!(payload);
    if (r instanceof Promise) throw new Error('async check'); // zod is run instead, and throws its own async error
    if (payload.issues.length > 0) return FAIL;
  }
  return payload.value;
}

/** Kinds that share a type name with one followed here but parse otherwise. */
const LOOKALIKES = ['$ZodCodec', '$ZodExactOptional'];

function compileParse(schema: Schema): Run {
  const def = schema._zod.def;
  for (const trait of LOOKALIKES) if (schema._zod.traits.has(trait)) throw new Unsupported(trait);
  switch (def.type) {
    case 'string': return (v) => (typeof v === 'string' ? v : FAIL);
    case 'number': return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : FAIL);
    case 'boolean': return (v) => (typeof v === 'boolean' ? v : FAIL);
    case 'null': return (v) => (v === null ? v : FAIL);
    case 'unknown':
    case 'any': return (v) => v;
    case 'literal':
    case 'enum': {
      const values = schema._zod.values;
      if (!values) throw new Unsupported(def.type);
      return (v) => (values.has(v) ? v : FAIL);
    }
    case 'optional': {
      const inner = def.innerType!;
      if (inner._zod.optin === 'defaulted') throw new Unsupported('optional default');
      const { leaf, run } = partOf(inner);
      if (leaf !== 0) return (v) => (v === undefined || leafAccepts(leaf, v) ? v : FAIL);
      return (v) => (v === undefined ? v : run(v));
    }
    case 'nullable': {
      const { leaf, run } = partOf(def.innerType!);
      if (leaf !== 0) return (v) => (v === null || leafAccepts(leaf, v) ? v : FAIL);
      return (v) => (v === null ? v : run(v));
    }
    case 'array': return compileArray(def);
    case 'object': return compileObject(def);
    case 'record': return compileRecord(def);
    case 'union': {
      const options = def.options!.map(compile);
      // The first option that accepts, as $ZodUnion returns the first result without issues.
      return (v) => {
        for (let i = 0; i < options.length; i += 1) {
          const out = options[i]!(v);
          if (out !== FAIL) return out;
        }
        return FAIL;
      };
    }
    case 'pipe': {
      // A pipe of pipes (psEnum: a transform, an enum, a transform) is one list of steps, each fed the last's output.
      const steps = pipeSteps(schema).map(compile);
      if (steps.length === 2) {
        const [left, right] = steps as [Run, Run];
        return (v) => {
          const mid = left(v);
          return mid === FAIL ? FAIL : right(mid);
        };
      }
      return (v) => {
        let out = v;
        for (let i = 0; i < steps.length; i += 1) {
          out = steps[i]!(out);
          if (out === FAIL) return FAIL;
        }
        return out;
      };
    }
    case 'transform': {
      const fn = def.transform!;
      return (v) => {
        const payload: Payload = { value: v, issues: [] };
        const out = fn(v, payload);
        if (out instanceof Promise) throw new Error('async transform');
        return payload.issues.length > 0 ? FAIL : out;
      };
    }
    default: throw new Unsupported(def.type);
  }
}

/**
 * The schemas a pipe runs in order. A side that is itself a pipe with no checks of its own (and no lookalike trait:
 * a codec has type "pipe" too, and is refused when compiled) is opened into its steps; zod runs it the same way, its
 * output feeding the next.
 */
function pipeSteps(schema: Schema): Schema[] {
  const def = schema._zod.def;
  const open = (side: Schema): Schema[] => {
    const z = side._zod;
    return z.def.type === 'pipe' && isBare(z) ? pipeSteps(side) : [side];
  };
  return [...open(def.in!), ...open(def.out!)];
}

function compileArray(def: Def): Run {
  const { leaf, run } = partOf(def.element!);
  if (leaf !== 0) {
    return (v) => {
      if (!Array.isArray(v)) return FAIL;
      const out: unknown[] = Array(v.length);
      for (let i = 0; i < v.length; i += 1) {
        const item: unknown = v[i];
        if (!leafAccepts(leaf, item)) return FAIL;
        out[i] = item;
      }
      return out;
    };
  }
  return (v) => {
    if (!Array.isArray(v)) return FAIL;
    const out: unknown[] = Array(v.length);
    for (let i = 0; i < v.length; i += 1) {
      const item = run(v[i]);
      if (item === FAIL) return FAIL;
      out[i] = item;
    }
    return out;
  };
}

/**
 * How handlePropertyResult treats a key, for a result with or without issues: OPTIONAL (optional in and out): an
 * absent key is skipped, a present one must pass; MAYBE (optional in only): must pass, kept when present or when its
 * schema gave a value; REQUIRED: must pass and be present.
 */
const REQUIRED = 0;
const OPTIONAL = 1;
const MAYBE = 2;

function compileObject(def: Def): Run {
  const shape = def.shape!;
  if (Object.getOwnPropertySymbols(shape).length > 0) throw new Unsupported('symbol keys');
  // No catchall: unknown keys are dropped (z.object). z.unknown() as the catchall keeps them as they are (z.looseObject).
  // Anything else (z.strictObject's never, a typed catchall) is zod's.
  const catchall = def.catchall;
  if (catchall && (catchall._zod.def.type !== 'unknown' || (catchall._zod.def.checks?.length ?? 0) > 0)) throw new Unsupported('catchall');
  const all = Object.keys(shape);
  const keySet = new Set(all);
  // Parallel arrays walked by index: no iterator or destructuring per field (most of a fleet's hosts are validated
  // before V8 optimises this function, issue 17).
  const keys = all.filter((k) => k !== '__proto__');
  const modes: number[] = [];
  const leaves: number[] = [];
  const runs: Run[] = [];
  for (const key of keys) {
    const z = shape[key]!._zod;
    if (z.optin === 'defaulted') throw new Unsupported('default');
    const optional = z.optout === 'optional';
    modes.push(z.optin === 'optional' ? (optional ? OPTIONAL : MAYBE) : REQUIRED);
    const part = partOf(shape[key]!);
    leaves.push(part.leaf);
    runs.push(part.run);
  }
  const n = keys.length;
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return FAIL;
    const input = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < n; i += 1) {
      const key = keys[i]!;
      const value = input[key];
      // `key in input` only when the value read is undefined: any other value is there (a getter's too).
      const mode = modes[i]!;
      if (mode === OPTIONAL && value === undefined && !(key in input)) continue;
      const leaf = leaves[i]!;
      let r: unknown;
      if (leaf !== 0) {
        if (!leafAccepts(leaf, value)) return FAIL;
        r = value;
      } else {
        r = runs[i]!(value);
        if (r === FAIL) return FAIL;
      }
      if (mode === MAYBE) {
        if (r !== undefined || value !== undefined || key in input) out[key] = r;
      } else if (mode === REQUIRED && value === undefined && !(key in input)) {
        return FAIL;
      } else {
        out[key] = r;
      }
    }
    if (catchall) {
      // handleCatchall with z.unknown(): every other key (for...in, as zod reads them) kept as it is, __proto__ not copied.
      for (const key in input) {
        if (keySet.has(key) || key === '__proto__') continue;
        out[key] = input[key];
      }
    }
    return out;
  };
}

/** zod's util.isPlainObject: what z.record() takes. */
function isPlainObject(o: unknown): o is Record<string, unknown> {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return false;
  const ctor = (o as { constructor?: unknown }).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const prot = (ctor as { prototype?: unknown }).prototype;
  if (typeof prot !== 'object' || prot === null || Array.isArray(prot)) return false;
  return Object.prototype.hasOwnProperty.call(prot, 'isPrototypeOf');
}

/**
 * z.record(z.string(), value): $ZodRecord's branch for a key type without a list of values. Every own enumerable key
 * but __proto__, in Reflect.ownKeys order; a symbol key fails z.string() (zod reports it); each value as its schema says.
 */
function compileRecord(def: Def): Run {
  const key = def.keyType!._zod;
  if (key.def.type !== 'string' || key.def.coerce || (key.def.checks?.length ?? 0) > 0 || key.traits.has('$ZodCheck') || key.values || def.mode === 'loose') {
    throw new Unsupported('record key');
  }
  const value = compile(def.valueType!);
  return (v) => {
    if (!isPlainObject(v)) return FAIL;
    const out: Record<string, unknown> = {};
    for (const k of Reflect.ownKeys(v)) {
      if (k === '__proto__' || !Object.prototype.propertyIsEnumerable.call(v, k)) continue;
      if (typeof k !== 'string') return FAIL;
      const r = value(v[k]);
      if (r === FAIL) return FAIL;
      out[k] = r;
    }
    return out;
  };
}
