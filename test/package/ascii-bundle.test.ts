// The npm bundle is read as Latin-1 by bin/load-cli.cjs, so it must be pure ASCII: a UTF-8 "…" or "→" left in a
// regular expression literal (esbuild's charset 'ascii' escapes strings, not regular expressions) would be three
// other characters there, and the expression would stop matching. Seen once: --ascii then printed "…" and "→"
// as they were, and redaction no longer took "…" for a placeholder (scripts/ascii-source.mjs).
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli, tempDir } from '../support/cli.js';

describe('the npm bundle as the loader reads it', () => {
  it('has no byte above 0x7f', () => {
    const bytes = readFileSync(join(ROOT, 'dist', 'bundle', 'cli.cjs'));
    expect(bytes.findIndex((b) => b > 0x7f)).toBe(-1);
  });

  it('--ascii writes a host name with "…" and "→" in ASCII (src/report/style.ts\'s table, run from the bundle)', () => {
    const snapshot = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'hosts', 'ws2019-ready.json'), 'utf8')) as { host: string };
    snapshot.host = 'SYN…01→B';
    const file = join(tempDir(), 'unicode-host.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const r = runCli(['preflight', '--snapshot', file, '--confirm', 'all', '--ascii', '--no-color']);
    expect(r.stdout).toContain('SYN...01->B');
    expect(Buffer.from(r.stdout, 'utf8').findIndex((b) => b > 0x7f)).toBe(-1);
  });
});
