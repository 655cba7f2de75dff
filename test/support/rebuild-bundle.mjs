// jest globalSetup: CLI tests spawn bin/clickker.js, which runs dist/bundle. When a source is newer than the bundle,
// rebuild it first (esbuild only, a few seconds), so that running one CLI test never tests a stale dist/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// The code cache is written last (scripts/npm-code-cache.mjs): a build that stopped before it is stale too.
const BUNDLE = join(ROOT, 'dist', 'bundle', 'cli.v8cache');
// What the bundle is made of: the CLI's sources and checks, the bundler script and the dependency set.
const INPUTS = ['src', 'checks', 'scripts/bundle.mjs', 'scripts/npm-code-cache.mjs', 'scripts/npm-code-cache-train.cjs', 'bin', 'package.json', 'package-lock.json'];

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const e of readdirSync(path)) max = Math.max(max, newest(join(path, e)));
  return max;
}

export function staleReason() {
  if (!existsSync(BUNDLE)) return 'no bundle yet';
  const built = statSync(BUNDLE).mtimeMs;
  const changed = INPUTS.map((p) => join(ROOT, p)).filter((p) => existsSync(p) && newest(p) > built);
  return changed.length > 0 ? `${changed.map((p) => p.slice(ROOT.length)).join(', ')} changed since the last build` : null;
}

export default function rebuildBundle() {
  const why = staleReason();
  if (!why) return;
  process.stderr.write(`\nRebuilding dist/bundle (${why}) ...\n`);
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/bundle.mjs failed (exit ${r.status}): the CLI tests would run a stale bundle`);
}
