// Files shipped with the tool (requirements, fixtures) are found relative to the package root.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  // Source runs from src/core, the build from dist/src/core: walk up to the folder holding requirements/.
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'requirements', 'synergy-api.json'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

const root = findRoot(dirname(fileURLToPath(import.meta.url)));

export function packagePath(...parts: string[]): string {
  return join(root, ...parts);
}
