// Part of scripts/bundle.mjs: makes dist/bundle/cli.v8cache, the V8 code cache that bin/load-cli.cjs starts the CLI
// from (it says why the cache lives beside the bundle and how a cache that does not fit is refused).
//
// The cache is taken after training runs, one after another, each starting from the previous run's cache, so it holds
// every function those commands compiled (as the exe's cache does, scripts/exe-code-cache.mjs). It fits only the Node
// that runs this build (V8 checks its version and flags): `npm run build` / prepack make it for the builder's Node.
// --random-seed=1 makes it the same on every build (V8 leaves that flag out of the flag hash it checks).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TRAIN = fileURLToPath(new URL('./npm-code-cache-train.cjs', import.meta.url));
const { BUNDLE, CACHE, cacheFile } = createRequire(import.meta.url)('../bin/load-cli.cjs');

/** The commands run to make the cache, and the exit code each must end with (a failure stops the build). */
export function trainingRuns() {
  const fixture = (f) => join(ROOT, 'fixtures', 'hosts', `${f}.json`);
  return [
    { args: ['--help'], code: 0 },
    { args: ['checks'], code: 0 },
    { args: ['preflight', '--snapshot', fixture('ws2019-ready'), '--confirm', 'all'], code: 0 },
    { args: ['preflight', '--snapshot', fixture('ws2016-dotnet462'), '--confirm', 'all', '--format', 'json'], code: 1 },
  ];
}

/** Runs the training and writes the cache file (header line + V8's cache, bin/load-cli.cjs). */
export async function makeNpmCodeCache({ log }) {
  // Never leave a cache of an earlier bundle beside a new one (bundle.mjs cleared the folder; this says it again).
  rmSync(CACHE, { force: true });
  const scratch = mkdtempSync(join(tmpdir(), 'clickker-cache-'));
  const started = Date.now();
  try {
    // A fixed environment: what the runs compile must not depend on the builder's shell (colours, CLICKKER_*, NODE_OPTIONS).
    // The state folder is a scratch one: training must not write remembered answers or reports anywhere real.
    const env = { PATH: process.env.PATH, HOME: scratch, LANG: 'C.UTF-8', TZ: 'UTC', CI: 'true', CLICKKER_STATE_DIR: join(scratch, 'state') };
    let previous;
    for (const [i, run] of trainingRuns().entries()) {
      const out = join(scratch, `cache-${i}.bin`);
      const r = spawnSync(process.execPath, ['--random-seed=1', TRAIN, ...run.args], {
        cwd: scratch,
        env: { ...env, CLICKKER_TRAIN_CACHE_OUT: out, ...(previous ? { CLICKKER_TRAIN_CACHE_IN: previous } : {}) },
        encoding: 'utf8',
        input: '',
        maxBuffer: 1 << 26,
      });
      const made = existsSync(out);
      if (r.status !== run.code || !made) {
        throw new Error(`code cache: \`clickker ${run.args.join(' ')}\` ended with ${r.status ?? r.signal}, expected ${run.code}${made ? '' : ', and wrote no cache'}:\n${`${r.stdout}${r.stderr}`.slice(-2000)}`);
      }
      previous = out;
    }
    const payload = readFileSync(previous);
    writeFileSync(CACHE, cacheFile(readFileSync(BUNDLE), payload));
    log(`cli.v8cache: ${(payload.length / 1024).toFixed(0)} KiB for Node ${process.version} from ${trainingRuns().length} training runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
