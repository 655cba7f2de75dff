#!/usr/bin/env node
// Bundles the CLI into dist/bundle (ES modules, code-split so each command's code loads only when it runs).
// One bundle instead of ~60 module files roughly halves start-up; see `npm run bench`.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

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
  logLevel: 'warning',
});
