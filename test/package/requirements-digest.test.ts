// The requirements' SHA-256 in the built npm bundle (src/core/requirements-digest.ts): the bundle knows the shipped
// file's digest from its build and gives it only to bytes equal to the shipped file's; every other file is hashed.
// Each run goes through the built CLI and compares the report's digest with one computed here.
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, tempDir } from '../support/cli.js';

const SHIPPED = join(ROOT, 'requirements', 'synergy-api.json');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The requirements digest a JSON report names, and the source it names. */
function reported(extra: readonly string[]): { sha256: string; source: string } {
  const r = runCli(['preflight', '--snapshot', join(ROOT, 'fixtures', 'hosts', 'ws2019-ready.json'), '--confirm', 'all', '--format', 'json', ...extra]);
  expect(r.stderr).toBe('');
  return (JSON.parse(r.stdout) as { requirements: { sha256: string; source: string } }).requirements;
}

describe('the requirements digest in a report (built bundle)', () => {
  it('the shipped file: its own SHA-256', () => {
    expect(reported([])).toMatchObject({ sha256: sha256(readFileSync(SHIPPED)), source: 'requirements/synergy-api.json' });
  });

  it('a one-snapshot preflight with the shipped file never loads node:crypto (issue 17: ~35 modules at start)', () => {
    // The launcher as bin/clickker.js runs it; the list of Node's modules loaded is taken when the process ends.
    const script = `require(${JSON.stringify(join(ROOT, 'bin', 'load-cli.cjs'))}).loadCli().main(${JSON.stringify(['preflight', '--snapshot', join(ROOT, 'fixtures', 'hosts', 'ws2019-ready.json'), '--confirm', 'all'])})`
      + `.then((code) => { process.exitCode = code; process.on('exit', () => process.stderr.write(JSON.stringify(process.moduleLoadList))); });`;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, CI: 'true' }, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    const loaded = JSON.parse(r.stderr) as string[];
    expect(loaded).toContain('NativeModule vm'); // the list is the real one
    expect(loaded.filter((m) => /crypto/.test(m))).toEqual([]);
  });

  it('a byte-identical copy elsewhere: the same SHA-256 (the digest is of the bytes, not of the path)', () => {
    const copy = join(tempDir(), 'copy.json');
    writeFileSync(copy, readFileSync(SHIPPED));
    expect(reported(['--requirements', copy]).sha256).toBe(sha256(readFileSync(SHIPPED)));
  });

  it('a copy edited to the same length: its own SHA-256, never the shipped one', () => {
    const bytes = readFileSync(SHIPPED);
    const text = bytes.toString('utf8');
    const edited = Buffer.from(text.replace('"product": "Clickker Exact Synergy API"', '"product": "Clickker Exact Synergy APX"'), 'utf8');
    expect(edited.length).toBe(bytes.length);
    expect(edited.equals(bytes)).toBe(false);
    const file = join(tempDir(), 'edited.json');
    writeFileSync(file, edited);
    const got = reported(['--requirements', file]).sha256;
    expect(got).toBe(sha256(edited));
    expect(got).not.toBe(sha256(bytes));
  });

  it('the shipped file differing in its last byte only: its own SHA-256', () => {
    const bytes = Buffer.from(readFileSync(SHIPPED));
    expect(bytes[bytes.length - 1]).toBe(0x0a); // a newline: a space there keeps the JSON valid
    bytes[bytes.length - 1] = 0x20;
    const file = join(tempDir(), 'last-byte.json');
    writeFileSync(file, bytes);
    expect(reported(['--requirements', file]).sha256).toBe(sha256(bytes));
  });
});
