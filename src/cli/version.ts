import { readAssetText } from '../core/assets.js';

let cached: string | undefined;

/** The tool's version, from package.json (read once, only when asked; inside clickker.exe from its embedded copy). */
export function toolVersion(): string {
  cached ??= (JSON.parse(readAssetText('package.json')) as { version: string }).version;
  return cached;
}
