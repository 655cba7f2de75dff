'use strict';
// Build time only (scripts/npm-code-cache.mjs): runs the CLI once with the command line given, compiled from the
// V8 cache bytes at CLICKKER_TRAIN_CACHE_IN if set (no header: the previous training run's output), and when the
// process exits writes V8's cache of everything compiled so far to CLICKKER_TRAIN_CACHE_OUT. Run one after another,
// the runs add up their functions.
const { readFileSync, writeFileSync } = require('node:fs');
const { BUNDLE, compileBundle, run } = require('../bin/load-cli.cjs');

const out = process.env.CLICKKER_TRAIN_CACHE_OUT;
const cacheIn = process.env.CLICKKER_TRAIN_CACHE_IN;
if (!out) {
  process.stderr.write('npm-code-cache-train.cjs: run by scripts/npm-code-cache.mjs only\n');
  process.exitCode = 2;
} else {
  const script = compileBundle(BUNDLE, readFileSync(BUNDLE), cacheIn ? readFileSync(cacheIn) : undefined);
  if (script.cachedDataRejected) throw new Error('the previous training run\'s cache was rejected: the chain would lose its functions');
  process.on('exit', () => writeFileSync(out, script.createCachedData()));
  run({ script, bundle: BUNDLE }).main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
