// Child process of test/core/zod-jitless.test.ts: parses every fixture snapshot and its mutations and prints each
// outcome (accepted with the parsed facts, or the one-line error), one line per case: the fixture's file name, the
// case's number within it and the outcome as JSON, separated by tabs. Then the same for the shipped requirements file
// and its mutations (accepted with the parsed requirements, or the one-line error).
// argv[2] "jit": zod's JIT is kept on, by making the setting src/core/zod-setup.ts writes ignore the write.
// argv[2] "zod-only": the snapshot loader's fast path (src/core/zod-fast-path.ts) is turned off: zod judges every probe.
// The first line says the mode and how many probes' data the fast path proved valid and how many zod judged.
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

if (process.argv[2] === 'jit') {
  const config = {};
  Object.defineProperty(config, 'jitless', { get: () => false, set() { /* ignored */ }, enumerable: true });
  globalThis.__zod_globalConfig = config;
}
const { parseSnapshot, useFastPaths, fastPathStats } = await import(pathToFileURL('dist/src/facts/snapshot.js').href);
if (process.argv[2] === 'zod-only') useFastPaths(false);
const { parseRequirements } = await import(pathToFileURL('dist/src/core/requirements.js').href);
const z = await import('zod');

const VALUES = [null, 0, -1, 1.5, '', 'x', '17763', true, [], [1], {}, { value: '/Date(0)/' }, { Major: 5, Minor: 1, Build: -1, Revision: -1 }];
function* paths(v, p = []) {
  yield p;
  if (v && typeof v === 'object') for (const k of Object.keys(v)) yield* paths(v[k], [...p, k]);
}
function changed(doc, p, value, remove) {
  if (p.length === 0) return value;
  const d = globalThis.structuredClone(doc);
  let o = d;
  for (const k of p.slice(0, -1)) o = o[k];
  const last = p[p.length - 1];
  if (!remove) o[last] = value;
  else if (Array.isArray(o)) o.splice(Number(last), 1);
  else delete o[last];
  return d;
}
/** The document and ~25 spread-out places in it, each removed or replaced by every value of VALUES. */
function mutations(doc, per = 25) {
  const all = [...paths(doc)];
  const step = Math.max(1, Math.floor(all.length / per));
  const cases = [doc];
  for (let i = 0; i < all.length; i += step) {
    cases.push(changed(doc, all[i], undefined, true));
    for (const v of VALUES) cases.push(changed(doc, all[i], v, false));
  }
  return cases;
}
/**
 * Cases for how objects are copied (not recorded from classic zod; compared with and without the fast path): at ~25
 * spread-out objects, an unknown key added (z.object drops it, z.looseObject keeps it), an own "__proto__" key (never
 * copied), the first key present with the value undefined, and a number field set to NaN or -Infinity. Their outcomes
 * show undefined (JSON.stringify drops it).
 */
function shapeCases(doc, per = 25) {
  const objects = [...paths(doc)].filter((p) => { let o = doc; for (const k of p) o = o[k]; return o && typeof o === 'object' && !Array.isArray(o); });
  const step = Math.max(1, Math.floor(objects.length / per));
  const cases = [];
  const at = (d, p) => { let o = d; for (const k of p) o = o[k]; return o; };
  for (let i = 0; i < objects.length; i += step) {
    const extra = globalThis.structuredClone(doc);
    at(extra, objects[i]).extraKey = 'kept or dropped';
    const proto = globalThis.structuredClone(doc);
    Object.defineProperty(at(proto, objects[i]), '__proto__', { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
    const undef = globalThis.structuredClone(doc);
    const first = Object.keys(at(undef, objects[i]))[0];
    if (first !== undefined) at(undef, objects[i])[first] = undefined;
    cases.push(extra, proto, undef);
    // A number field given NaN or Infinity (not from a JSON file, but parseSnapshot takes any value): z.number() refuses both.
    const num = Object.entries(at(doc, objects[i])).find(([, v]) => typeof v === 'number');
    if (num) for (const bad of [NaN, -Infinity]) { const d = globalThis.structuredClone(doc); at(d, objects[i])[num[0]] = bad; cases.push(d); }
  }
  return cases;
}
const showUndefined = (_k, v) => (v === undefined ? '<undefined>' : v);
function outcomeOf(parse, replacer) {
  try {
    return JSON.stringify({ ok: true, ...parse() }, replacer);
  } catch (e) {
    return JSON.stringify({ ok: false, name: e.name, message: e.message });
  }
}
const out = [`jitless=${z.config().jitless}`];
for (const f of readdirSync('fixtures/hosts').filter((x) => x.endsWith('.json')).sort()) {
  const cases = mutations(JSON.parse(readFileSync(`fixtures/hosts/${f}`, 'utf8')));
  cases.forEach((c, i) => {
    const outcome = outcomeOf(() => {
      const { snapshot, facts } = parseSnapshot(c, f);
      return { snapshot, facts: Object.keys(snapshot.probes).map((p) => [p, facts.parsed.get(p)]) };
    });
    out.push(`${f}\t${i}\t${outcome}`);
  });
  shapeCases(JSON.parse(readFileSync(`fixtures/hosts/${f}`, 'utf8'))).forEach((c, i) => {
    const outcome = outcomeOf(() => {
      const { snapshot, facts } = parseSnapshot(c, f);
      return { snapshot, facts: Object.keys(snapshot.probes).map((p) => [p, facts.parsed.get(p)]) };
    }, showUndefined);
    out.push(`${f}+shape\t${i}\t${outcome}`);
  });
}
const REQUIREMENTS = 'requirements/synergy-api.json';
mutations(JSON.parse(readFileSync(REQUIREMENTS, 'utf8')), 60).forEach((c, i) => {
  const text = c === undefined ? 'null' : JSON.stringify(c);
  out.push(`${REQUIREMENTS}\t${i}\t${outcomeOf(() => ({ requirements: parseRequirements(Buffer.from(text), REQUIREMENTS).requirements }))}`);
});
out[0] += ` fast=${fastPathStats.fast} zod=${fastPathStats.zod}`;
process.stdout.write(`${out.join('\n')}\n`);
