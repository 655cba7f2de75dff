// Runs the built CLI (dist/, made by `npm test` before jest starts) as a child process, as an administrator would.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'clickker.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): CliRun {
  // A clean environment: no CLICKKER_* or colour settings leak in from the developer's shell.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLICKKER_') && !['NO_COLOR', 'FORCE_COLOR'].includes(k)));
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...base, CI: 'true', ...opts.env },
    encoding: 'utf8',
    input: '',
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'clickker-test-'));
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}
