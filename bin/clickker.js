#!/usr/bin/env node
// Thin launcher. The CLI is bundled into dist/bundle by `npm run build`; load-cli.cjs loads it with its code cache.
// CommonJS (bin/package.json): an ES module launcher would load Node's ES module loader at every start (~4 % of a
// snapshot preflight, measured), and nothing here needs it.
'use strict';
const { loadCli } = require('./load-cli.cjs');

loadCli().main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
