// Child process of test/core/zod-jitless.test.ts: parses every fixture snapshot and its mutations and prints each
// outcome (accepted with the parsed facts, or the one-line error), one line per case: the fixture's file name, the
// case's number within it and the outcome as JSON, separated by tabs. Then the same for the shipped requirements file
// and its mutations (accepted with the parsed requirements, or the one-line error).
// argv[2] "jit": zod's JIT is kept on, by making the setting src/core/zod-setup.ts writes ignore the write.
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

if (process.argv[2] === 'jit') {
  const config = {};
  Object.defineProperty(config, 'jitless', { get: () => false, set() { /* ignored */ }, enumerable: true });
  globalThis.__zod_globalConfig = config;
}
const { parseSnapshot } = await import(pathToFileURL('dist/src/facts/snapshot.js').href);
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
function outcomeOf(parse) {
  try {
    return JSON.stringify({ ok: true, ...parse() });
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
}
const REQUIREMENTS = 'requirements/synergy-api.json';
mutations(JSON.parse(readFileSync(REQUIREMENTS, 'utf8')), 60).forEach((c, i) => {
  const text = c === undefined ? 'null' : JSON.stringify(c);
  out.push(`${REQUIREMENTS}\t${i}\t${outcomeOf(() => ({ requirements: parseRequirements(Buffer.from(text), REQUIREMENTS).requirements }))}`);
});
process.stdout.write(`${out.join('\n')}\n`);
