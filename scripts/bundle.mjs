#!/usr/bin/env node
// Bundles the CLI into dist/bundle (ES modules, code-split so each command's code loads only when it runs).
// One bundle instead of ~60 module files roughly halves start-up; see `npm run bench`.
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import { requireBuiltins } from './bundle-builtins.mjs';

// node:sea exists only with its prefix, so builtinModules does not list it.
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'node:sea']);

/**
 * Node's built-in modules through require(), not import (issue 17: start-up time).
 * - An ES module import of a built-in builds its ES module facade, which reads every export once: importing node:fs
 *   that way loads all of Node's streams (fs.ReadStream is a lazy getter). require() returns the module as it is.
 *   So built-ins stay external here, and requireBuiltins() below turns each chunk's static import of one into a
 *   require() call. (A stand-in CommonJS module per built-in, as before, gave every built-in a chunk file of its own
 *   and copied every export of it into a fresh object at each importing module: 12 more files and ~300 KB at start.)
 * - commander requires node:child_process when it loads, only to start external subcommands (clickker has none):
 *   it gets the module on first use instead.
 * The `require` these use is the one the banner below defines in every chunk.
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

// A clean folder: chunk names change with their content, and the package ships whatever is here.
rmSync('dist/bundle', { recursive: true, force: true });

const result = await build({
  // fleet-worker: the worker thread of a large snapshot fleet (src/cli/fleet.ts), started from its own file.
  entryPoints: ['src/cli/main.ts', 'src/cli/fleet-worker.ts'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Live-probe drivers stay real packages: they are loaded lazily, only when facts are gathered on a server.
  external: ['mssql', 'tedious', 'node-powershell', 'undici'],
  // Some CommonJS dependencies call require(), and built-ins are required (above): give the ES module bundle one.
  banner: { js: "import { createRequire as __clickkerRequire } from 'node:module'; const require = __clickkerRequire(import.meta.url);" },
  legalComments: 'none',
  plugins: [builtinsByRequire],
  logLevel: 'warning',
  write: false,
});
for (const file of result.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, requireBuiltins(file.text, file.path, BUILTINS));
}
