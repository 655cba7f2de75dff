#!/usr/bin/env node
// Bundles the CLI into dist/bundle and makes its V8 code cache (issue 17: start-up; bin/load-cli.cjs says how both
// are used and why the cache lives there):
// - cli.cjs: the whole CLI as one CommonJS file, so that a code cache can hold it (Node 20 keeps none for ES modules).
//   Each command's code still runs only when the command does (esbuild's lazy module wrappers); the packages loaded
//   lazily stay outside (LAZY_PACKAGES) and come through import().
// - cli.v8cache: V8's code cache of cli.cjs after training runs, made by the Node that builds (scripts/npm-code-cache.mjs).
// A large snapshot fleet's worker thread loads cli.cjs too, with the same cache (src/cli/fleet.ts): no bundle of its own.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { build } from 'esbuild';
import { makeNpmCodeCache } from './npm-code-cache.mjs';
import { asciiSource, firstNonAscii } from './ascii-source.mjs';

const { WRAP_HEAD, WRAP_TAIL } = createRequire(import.meta.url)('../bin/load-cli.cjs');

// node:sea exists only with its prefix, so builtinModules does not list it.
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:sea']);

/**
 * Node's built-in modules through require(), not import (issue 17: start-up time).
 * - An ES module import of a built-in builds its ES module facade, which reads every export once: importing node:fs
 *   that way loads all of Node's streams (fs.ReadStream is a lazy getter). require() returns the module as it is.
 *   So built-ins stay external here, and the CommonJS bundle requires each one in place. (A stand-in CommonJS module
 *   per built-in, as before, gave every built-in a chunk file of its own and copied every export of it into a fresh
 *   object at each importing module: 12 more files and ~300 KB at start.)
 * - commander requires node:child_process when it loads, only to start external subcommands (clickker has none):
 *   it gets the module on first use instead.
 * The `require` these use is the bundle's own (bin/load-cli.cjs passes it in).
 */
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      if (!BUILTINS.has(args.path)) return undefined;
      // The require() inside the stand-in below is Node's own.
      if (args.namespace === 'builtin-lazy') return { path: args.path, external: true };
      const id = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
      if (id === 'node:child_process' && /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)) return { path: id, namespace: 'builtin-lazy' };
      return { path: id, external: true };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin-lazy' }, (args) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require(${JSON.stringify(args.path)}))[key] });`,
      loader: 'js',
    }));
  },
};

/** The defines of src/core/requirements-digest.ts: the shipped requirements file as the package ships it (strings). */
function shippedRequirements() {
  const bytes = readFileSync('requirements/synergy-api.json');
  return {
    __CLICKKER_SHIPPED_REQUIREMENTS_SHA256__: JSON.stringify(createHash('sha256').update(bytes).digest('hex')),
    __CLICKKER_SHIPPED_REQUIREMENTS_BASE64__: JSON.stringify(bytes.toString('base64')),
  };
}

// A clean folder: chunk names change with their content, and the package ships whatever is here.
rmSync('dist/bundle', { recursive: true, force: true });

// Live-probe drivers and the packages only some commands use stay real packages, loaded by import() when needed
// (measured: bundling them made cli.cjs 2.7 MB instead of 1.3 MB, which every start reads; iconv-lite alone, under
// the prompts, was 550 KB).
const LAZY_PACKAGES = ['mssql', 'tedious', 'node-powershell', 'undici', '@inquirer/prompts', 'execa', 'ora', 'yaml'];

// The CLI: one CommonJS file (bin/load-cli.cjs compiles it with vm.Script and the code cache).
const cli = await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/bundle/cli.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: LAZY_PACKAGES,
  // CommonJS has no import.meta: src/core/paths.ts and src/cli/fleet.ts get the bundle's own URL instead.
  // The shipped requirements file's bytes and SHA-256: src/core/requirements-digest.ts says why and how they are used.
  define: { 'import.meta.url': '__clickkerImportMetaUrl', ...shippedRequirements() },
  banner: { js: "var __clickkerImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  // V8 keeps a one-byte string for an ASCII source (half the memory of two-byte, and read as latin1 by the loader;
  // comments and regular expressions are escaped after the build, see below).
  charset: 'ascii',
  // Whitespace goes (issue 17, session 5): every start reads, checksums and keeps the whole text, 1.30 -> 0.99 MB
  // (~200 page faults less a start, each ~10 us on the machines measured). Names stay, so a --verbose stack trace
  // still names its functions; its columns are the bundle's, as its lines were.
  minifyWhitespace: true,
  legalComments: 'none',
  plugins: [builtinsByRequire],
  logLevel: 'warning',
  write: false,
});
// bin/load-cli.cjs reads it as Latin-1: every character above U+007F escaped, and any byte left stops the build. It
// is written inside the loader's function wrapper, V8's source as it is (the loader says why).
const cliText = `${WRAP_HEAD}${asciiSource(importThroughLoader(cli.outputFiles[0].text))}${WRAP_TAIL}`;
const high = firstNonAscii(Buffer.from(cliText, 'utf8'));
if (high >= 0) throw new Error(`dist/bundle/cli.cjs: a non-ASCII byte at offset ${high}; the loader reads the bundle as Latin-1`);
mkdirSync('dist/bundle', { recursive: true });
writeFileSync('dist/bundle/cli.cjs', cliText);

/**
 * Each import() left in the bundle (the lazy packages, two built-ins) calls __clickkerImport instead, the launcher's
 * own import() (bin/load-cli.cjs passes it in). A vm.Script's import() needs importModuleDynamically, and on Node 20
 * that fails with a code cache ("A dynamic import callback was not specified": the functions V8 deserializes lose the
 * callback) and prints an ExperimentalWarning without one. esbuild writes each as import("name"); any other form
 * fails the build, so none slips past.
 */
function importThroughLoader(text) {
  const out = text.replace(/\bimport\("([^"\\]+)"\)/g, (_, id) => `__clickkerImport(${JSON.stringify(id)})`);
  const left = /\bimport\s*\(/.exec(out);
  if (left) throw new Error(`dist/bundle/cli.cjs: an import() the loader cannot take: ${out.slice(left.index, left.index + 80)}`);
  return out;
}

await makeNpmCodeCache({ log: (line) => process.stderr.write(`bundle: ${line}\n`) });
