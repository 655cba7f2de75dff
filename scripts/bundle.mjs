#!/usr/bin/env node
// Bundles the CLI into dist/bundle (ES modules, code-split so each command's code loads only when it runs).
// One bundle instead of ~60 module files roughly halves start-up; see `npm run bench`.
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * Node's built-in modules through require(), not import (issue 17: start-up time).
 * - An ES module import of a built-in builds its ES module facade, which reads every export once: importing node:fs
 *   that way loads all of Node's streams (fs.ReadStream is a lazy getter). require() returns the module as it is.
 * - commander requires node:child_process when it loads, only to start external subcommands (clickker has none):
 *   it gets the module on first use instead.
 * The `require` these use is the one the banner below defines in every chunk.
 */
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      // A dynamic import() stays one: it needs the module's named exports, and it runs only when needed anyway.
      if (!BUILTINS.has(args.path) || args.path === 'node:module' || args.kind === 'dynamic-import') return undefined;
      // The require() inside the stand-ins below is Node's own.
      if (args.namespace === 'builtin' || args.namespace === 'builtin-lazy') return { path: args.path, external: true };
      const id = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
      const lazy = id === 'node:child_process' && /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer);
      return { path: id, namespace: lazy ? 'builtin-lazy' : 'builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    b.onLoad({ filter: /.*/, namespace: 'builtin-lazy' }, (args) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require(${JSON.stringify(args.path)}))[key] });`,
      loader: 'js',
    }));
  },
};

// A clean folder: chunk names change with their content, and the package ships whatever is here.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
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
  // Some CommonJS dependencies call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __clickkerRequire } from 'node:module'; const require = __clickkerRequire(import.meta.url);" },
  legalComments: 'none',
  plugins: [builtinsByRequire],
  logLevel: 'warning',
});
