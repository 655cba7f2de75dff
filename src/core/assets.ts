// Files the tool reads at run time (its package.json, the shipped requirements, the .ps1 probes and the install
// operations' .ps1), by their path in the package. From the npm package or a clone they are read from disk; inside
// the single executable (clickker.exe, a Node SEA) they are SEA assets under the same keys, embedded by
// scripts/build-exe.mjs, so the exe needs no files.
import { readFileSync } from 'node:fs';
import * as sea from 'node:sea';
import { packagePath } from './paths.js';

/** True inside the single executable. */
export function runningAsExecutable(): boolean {
  try {
    return sea.isSea();
  } catch {
    return false; // a Node without node:sea support
  }
}

/** The bytes of a shipped file, by its package-relative path with forward slashes ("requirements/synergy-api.json"). */
export function readAsset(key: string): Buffer {
  if (runningAsExecutable()) {
    try {
      return Buffer.from(sea.getAsset(key));
    } catch (err) {
      throw new Error(`this clickker.exe was built without ${key} (${(err as Error).message}); rebuild it with npm run build:exe`);
    }
  }
  return readFileSync(packagePath(...key.split('/')));
}

/** The text of a shipped file (UTF-8). */
export function readAssetText(key: string): string {
  return readAsset(key).toString('utf8');
}
