'use strict';
// The main script of clickker.exe (the Node SEA's "main", scripts/build-exe.mjs). It is small on purpose: the program
// itself, the esbuild bundle of src/cli/exe-entry.ts, travels as the SEA asset `clickker.cjs`, and beside it as
// `clickker.cjs.v8cache` a V8 code cache of that bundle made by the very node.exe inside the exe (under Wine, at build
// time). With the cache V8 neither parses the 6 MB bundle nor compiles the functions a start needs: it deserializes
// them. Node's own SEA code cache ("useCodeCache") holds only what compiling the main script compiles (its top level);
// this one is taken after training runs (--help, checks, two snapshot preflights), so it holds the functions those ran.
//
// Why this cannot change what the program does:
// - the bundle runs as the SEA main ran it: the asset is the bundle inside a CommonJS function wrapper (added by the
//   build, so no 12 MB string is joined at start), called with this script's own wrapper arguments (require, module,
//   __filename, ...); the wrapper's head has no line break (line numbers in a stack trace stay the bundle's own), and
//   the script's name stays clickker.cjs;
// - V8 checks a cache against its own version, its flags and the source's length, and ignores a cache that does not
//   fit (vm.Script's cachedDataRejected): the bundle is then compiled from source, as before, only slower.
//   NODE_DEBUG=clickker-exe says which happened.
//
// Outside the exe (process not a SEA) this file is the build's training harness: scripts/build-exe.mjs runs it with
// node.exe under Wine (and with the Linux node for the Linux build) to make the cache; see train() below.
//
// The Windows display language (issue 17). When the run may need it (src/cli/ui-culture.ts: neither --lang nor
// CLICKKER_LANG decides, and it is not only --help or --version), this script starts the one `reg.exe query` that reads
// it in its very first lines, before the 6 MB bundle is even compiled: under Wine a reg.exe costs about 0.2 s, and
// started here it runs beside the compile, the settings and the judging instead of after them. The bundle takes it over
// (ui-culture.ts, EARLY_REG_QUERY) and starts its own only when this one was not started. Until taken, the process and
// its timer do not hold the program open, so a run that never asks (a usage error) does not wait for it.
const EARLY_REG_QUERY = Symbol.for('clickker.ui-culture.reg-query');
// Exactly ui-culture.ts's REG_QUERY_ARGS and uiCultureWanted (test/exe/early-ui-culture.test.ts holds them equal).
const REG_QUERY_ARGS = ['query', 'HKCU\\Control Panel\\Desktop', '/s'];

function uiCultureWanted(argv, env) {
  if (env.CLICKKER_LANG) return false;
  if (argv.length === 0) return false;
  return !argv.some((a) => a === '--lang' || a.startsWith('--lang=') || a === '-h' || a === '--help' || a === '-V' || a === '--version')
    && argv[0] !== 'help';
}

/** Starts reg.exe, unreferenced; returns the hand-over: a function that references it again and gives its output. */
function startRegQuery() {
  const { execFile } = require('node:child_process');
  const { setTimeout, clearTimeout } = require('node:timers');
  let resolveOut;
  const output = new Promise((resolve) => { resolveOut = resolve; });
  let child;
  try {
    // Arguments only, never a shell; nothing user-given is in them.
    child = execFile('reg.exe', REG_QUERY_ARGS, { windowsHide: true }, (err, stdout) => {
      debug(`reg.exe ${err ? `failed (${err.code ?? err.message})` : 'answered'} at ${performance.now().toFixed(1)} ms`);
      resolveOut(err ? undefined : String(stdout));
    });
  } catch {
    resolveOut(undefined);
    return () => output;
  }
  child.on('error', () => resolveOut(undefined));
  // The same 3 s bound as ui-culture.ts's own reg.exe, on a timer of our own so that it can be unreferenced too.
  const timer = setTimeout(() => { child.kill(); resolveOut(undefined); }, 3000);
  output.then(() => clearTimeout(timer));
  const handles = [child, child.stdout, child.stderr, timer].filter((h) => h && typeof h.unref === 'function');
  handles.forEach((h) => h.unref());
  return () => {
    handles.forEach((h) => h.ref());
    return output;
  };
}

const { performance } = require('node:perf_hooks');
const { debuglog } = require('node:util');

const debug = debuglog('clickker-exe');
const started = performance.now();
const sea = require('node:sea');
const earlyLookup = sea.isSea() && process.platform === 'win32' && uiCultureWanted(process.argv.slice(2), process.env);
if (earlyLookup) globalThis[EARLY_REG_QUERY] = startRegQuery();
const regStarted = performance.now();

const { Script } = require('node:vm');

const BUNDLE_ASSET = 'clickker.cjs';
const CACHE_ASSET = 'clickker.cjs.v8cache';

/** Compiles the wrapped bundle (with the cache when it fits) and runs it with this module's own CommonJS arguments. */
function run(source, cachedData) {
  const compiling = performance.now();
  const script = new Script(source, { filename: BUNDLE_ASSET, cachedData });
  const compiled = performance.now();
  if (cachedData === undefined) debug('no code cache: compiling the bundle from source');
  else debug(script.cachedDataRejected ? 'code cache rejected by V8: compiled from source' : `code cache accepted (${cachedData.length} bytes)`);
  script.runInThisContext()(exports, require, module, __filename, __dirname);
  // Where a start's time goes, in ms since the process began (performance.now()): for measuring, never for behaviour.
  debug(`timings: main script at ${started.toFixed(1)} ms${earlyLookup ? ` (reg.exe started by ${regStarted.toFixed(1)})` : ''}, assets read by ${compiling.toFixed(1)}, `
    + `compiled by ${compiled.toFixed(1)}, bundle's top level done by ${performance.now().toFixed(1)}`);
  return script;
}

/** The bundle as the exe carries it: inside a CommonJS function wrapper whose head adds no line (the build calls this). */
function wrap(bundle) {
  return `(function (exports, require, module, __filename, __dirname) { ${bundle}\n})`;
}

/**
 * Build time only (never inside the exe): runs the wrapped bundle at CLICKKER_TRAIN_BUNDLE once with the command line given,
 * starting from the cache at CLICKKER_TRAIN_CACHE_IN if set, and when the process exits writes the code cache of
 * everything compiled so far to CLICKKER_TRAIN_CACHE_OUT. Run one after another, the runs add up their functions.
 */
function train() {
  const fs = require('node:fs');
  const bundle = process.env.CLICKKER_TRAIN_BUNDLE;
  const out = process.env.CLICKKER_TRAIN_CACHE_OUT;
  if (!bundle || !out) {
    process.stderr.write('exe-main.cjs: this is the main script of clickker.exe; outside it, it only makes the code cache (scripts/build-exe.mjs)\n');
    process.exitCode = 2;
    return;
  }
  const cacheIn = process.env.CLICKKER_TRAIN_CACHE_IN;
  const script = run(fs.readFileSync(bundle, 'utf8'), cacheIn ? fs.readFileSync(cacheIn) : undefined);
  process.on('exit', () => fs.writeFileSync(out, script.createCachedData()));
}

if (sea.isSea()) {
  let cache;
  try {
    cache = Buffer.from(sea.getRawAsset(CACHE_ASSET));
  } catch {
    cache = undefined; // an exe built without a cache still runs, compiling from source
  }
  // The bundle is ASCII only (the build escapes every other character and checks it): read as Latin-1 it becomes a
  // one-byte string with the same text as UTF-8 would give, at about half the cost (measured under Wine: 30-47 ms
  // against 72-90 ms for the 6 MB asset) and half the memory.
  const source = Buffer.from(sea.getRawAsset(BUNDLE_ASSET)).toString('latin1');
  run(source, cache);
} else if (require.main === module) {
  train();
} else {
  // scripts/build-exe.mjs wraps the bundle with wrap; the tests compare the early lookup's rule with ui-culture.ts's.
  module.exports = { wrap, uiCultureWanted, REG_QUERY_ARGS, EARLY_REG_QUERY };
}
