import { readFileSync } from 'node:fs';
import { packagePath } from '../core/paths.js';

let cached: string | undefined;

/** The tool's version, from package.json (read once, only when asked). */
export function toolVersion(): string {
  cached ??= (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
