// The real third-party peers. A missing one fails the suite loudly, naming the Debian package; it never skips.
import { execFileSync } from 'node:child_process';

export const PEER_PACKAGES: Record<string, string> = { openssl: 'openssl', tinyproxy: 'tinyproxy', mitmdump: 'mitmproxy' };

export function binaryPath(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8', timeout: 5000 }).trim() || null;
  } catch {
    return null;
  }
}

export function requireBinary(name: string): string {
  const found = binaryPath(name);
  if (!found) {
    throw new Error(`The test peer '${name}' is not installed. Install the Debian package '${PEER_PACKAGES[name] ?? name}' `
      + '(it is listed in .ci/apt-packages.txt, which .ci/run installs). The network tests do not skip without it.');
  }
  return found;
}
