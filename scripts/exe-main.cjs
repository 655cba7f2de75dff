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
const { Script } = require('node:vm');
const { debuglog } = require('node:util');

const BUNDLE_ASSET = 'clickker.cjs';
const CACHE_ASSET = 'clickker.cjs.v8cache';

const debug = debuglog('clickker-exe');

/** Compiles the wrapped bundle (with the cache when it fits) and runs it with this module's own CommonJS arguments. */
function run(source, cachedData) {
  const script = new Script(source, { filename: BUNDLE_ASSET, cachedData });
  if (cachedData === undefined) debug('no code cache: compiling the bundle from source');
  else debug(script.cachedDataRejected ? 'code cache rejected by V8: compiled from source' : `code cache accepted (${cachedData.length} bytes)`);
  script.runInThisContext()(exports, require, module, __filename, __dirname);
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

const sea = require('node:sea');
if (sea.isSea()) {
  let cache;
  try {
    cache = Buffer.from(sea.getRawAsset(CACHE_ASSET));
  } catch {
    cache = undefined; // an exe built without a cache still runs, compiling from source
  }
  run(sea.getAsset(BUNDLE_ASSET, 'utf8'), cache);
} else if (require.main === module) {
  train();
} else {
  module.exports = { wrap }; // scripts/build-exe.mjs wraps the bundle with it
}
