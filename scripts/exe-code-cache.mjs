// The V8 code cache that clickker.exe starts from (scripts/exe-main.cjs explains how the exe uses it).
//
// A V8 code cache is valid only for the V8 build and flags that made it: Node's docs ("Single executable applications",
// V8 code cache support, and the note on cross-platform SEAs) say a cache made on another platform cannot be used, and
// here a cache made by the Linux node of the same version is refused by node.exe ("Code cache data rejected"). So the
// Windows cache is made by the very node.exe that goes into clickker.exe, run under Wine; the Linux build gets its own
// from the Linux node. Each is taken after a few training runs of the bundle, one after another, each starting from the
// previous cache: the cache then holds every function those commands compiled, not only the bundle's top level.
//
// --random-seed=1 makes the cache the same on every build (without it V8's random hash seed reorders it); V8 leaves
// that flag out of the flag hash it checks, so the exe, started without it, accepts the cache.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';

/** The commands run to make the cache, and the exit code each must end with (a failure stops the build). */
export function trainingRuns(fixture) {
  return [
    { args: ['--version'], code: 0 },
    { args: ['--help'], code: 0 },
    { args: ['checks'], code: 0 },
    // console output, and on Windows the saved HTML and JSON reports (%ProgramData%\Clickker\reports)
    { args: ['preflight', '--snapshot', fixture('ws2019-ready'), '--confirm', 'all'], code: 0 },
    { args: ['preflight', '--snapshot', fixture('ws2016-dotnet462'), '--confirm', 'all', '--format', 'json'], code: 1 },
  ];
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Runs one program to the end with stdin empty and stdout/stderr in files (Wine cannot hand a pipe to node.exe). */
function runToFiles(cmd, args, env, dir, n) {
  const outFile = join(dir, `run-${n}.out`);
  const errFile = join(dir, `run-${n}.err`);
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  const child = spawn(cmd, args, { env, stdio: ['ignore', out, err] });
  return new Promise((resolve) => {
    child.on('error', (e) => resolve({ code: null, output: String(e.message) }));
    child.on('close', (code) => {
      closeSync(out);
      closeSync(err);
      resolve({ code, output: `${readFileSync(outFile, 'utf8')}${readFileSync(errFile, 'utf8')}` });
    });
  });
}

/**
 * Makes (or reuses, when nothing it depends on changed) the code cache of `bundle` for one runtime.
 * target.kind is 'linux' (run `target.node` here) or 'windows' (run `target.node`, a node.exe, under Wine in
 * `target.prefix`). Returns the cache's path.
 */
export async function makeCodeCache({ target, bundle, mainScript, root, work, log }) {
  const name = `${target.kind}.v8cache`;
  const out = join(work, name);
  const stampFile = join(work, `${name}.stamp`);
  const fixturePath = (f) => join(root, 'fixtures', 'hosts', `${f}.json`);
  const windows = target.kind === 'windows';
  // Wine sees the Unix root as drive Z:.
  const asSeen = (p) => (windows ? `Z:${p.split(sep).join('\\')}` : p);
  const runs = trainingRuns((f) => asSeen(fixturePath(f)));

  const inputs = sha256(JSON.stringify({
    node: sha256(readFileSync(target.node)),
    bundle: sha256(readFileSync(bundle)),
    main: sha256(readFileSync(mainScript)),
    runs,
    fixtures: ['ws2019-ready', 'ws2016-dotnet462'].map((f) => sha256(readFileSync(fixturePath(f)))),
    me: sha256(readFileSync(new URL(import.meta.url))),
  }));
  if (existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === inputs) {
    log(`${name}: up to date`);
    return out;
  }
  rmSync(stampFile, { force: true });

  const scratch = join(work, `train-${target.kind}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  // A fixed environment: what the runs compile must not depend on the builder's shell (colours, CLICKKER_*, NODE_OPTIONS).
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', TZ: 'UTC' };
  if (windows) Object.assign(env, target.wineEnv);

  const started = Date.now();
  try {
    if (windows) {
      // The training prefix is reused between builds; its Clickker state (remembered answers, saved reports) is not.
      rmSync(join(target.prefix, 'drive_c', 'ProgramData', 'Clickker'), { recursive: true, force: true });
      // One wineserver for all the runs (otherwise each run waits for a new one).
      spawnSync('wineserver', ['-p'], { env, stdio: 'ignore' });
    }
    let previous;
    for (const [i, run] of runs.entries()) {
      const cache = join(scratch, `cache-${i}.bin`);
      const runEnv = {
        ...env,
        CLICKKER_TRAIN_BUNDLE: asSeen(bundle),
        CLICKKER_TRAIN_CACHE_OUT: asSeen(cache),
        ...(previous ? { CLICKKER_TRAIN_CACHE_IN: asSeen(previous) } : {}),
      };
      const argv = ['--random-seed=1', asSeen(mainScript), ...run.args];
      const r = windows
        ? await runToFiles('wine', [target.node, ...argv], runEnv, scratch, i)
        : await runToFiles(target.node, argv, runEnv, scratch, i);
      if (r.code !== run.code || !existsSync(cache)) {
        throw new Error(`code cache (${target.kind}): \`clickker ${run.args.join(' ')}\` ended with ${r.code}, expected ${run.code}${existsSync(cache) ? '' : ', and wrote no cache'}:\n${r.output.slice(-2000)}`);
      }
      previous = cache;
    }
    writeFileSync(out, readFileSync(previous));
  } finally {
    if (windows) spawnSync('wineserver', ['-k'], { env, stdio: 'ignore' });
  }
  writeFileSync(stampFile, inputs);
  rmSync(scratch, { recursive: true, force: true });
  log(`${name}: ${(readFileSync(out).length / 1024).toFixed(0)} KiB from ${runs.length} training runs (${relative(root, target.node)}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return out;
}

/**
 * Windows Server 2016's version keys (as test/exe/support/wine.ts sets them): a new Wine 8 prefix reports Windows 7,
 * on which node.exe 22 refuses to start ("Node.js is only supported on Windows 8.1, Windows Server 2012 R2, or higher").
 */
const SERVER_2016_REG = [
  'REGEDIT4', '',
  '[HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion]',
  '"CurrentVersion"="10.0"', '"CurrentMajorVersionNumber"=dword:0000000a', '"CurrentMinorVersionNumber"=dword:00000000',
  '"CurrentBuild"="14393"', '"CurrentBuildNumber"="14393"', '"CSDVersion"=""', '',
  '[HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Control\\ProductOptions]', '"ProductType"="ServerNT"', '',
].join('\r\n');

/** A Wine prefix for the training runs that reports Windows Server 2016, made once and kept in the build cache. */
export function trainingPrefix(cacheDir) {
  const prefix = join(cacheDir, 'wine-prefix');
  const ready = join(cacheDir, 'wine-prefix.ready');
  const wineEnv = { WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  if (!existsSync(ready)) {
    rmSync(prefix, { recursive: true, force: true });
    mkdirSync(prefix, { recursive: true });
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...wineEnv };
    try {
      spawnSync('wineserver', ['-p'], { env, stdio: 'ignore' });
      // Not through pipes: wineboot starts Wine's services, which keep inherited pipes open for as long as they live.
      const boot = spawnSync('wineboot', ['-i'], { env, stdio: 'ignore', timeout: 180_000 });
      if (boot.status !== 0 || !existsSync(join(prefix, 'drive_c'))) {
        throw new Error(`wineboot failed (exit ${boot.status ?? boot.signal}) making the training prefix ${prefix}`);
      }
      const reg = join(cacheDir, 'server2016.reg');
      writeFileSync(reg, SERVER_2016_REG);
      const imported = spawnSync('wine', ['regedit', '/S', reg], { env, stdio: 'ignore', timeout: 60_000 });
      if (imported.status !== 0) throw new Error(`regedit failed (exit ${imported.status ?? imported.signal}) in the training prefix ${prefix}`);
    } finally {
      spawnSync('wineserver', ['-k'], { env, stdio: 'ignore' });
    }
    writeFileSync(ready, 'Windows Server 2016\n');
  }
  return { prefix, wineEnv };
}
