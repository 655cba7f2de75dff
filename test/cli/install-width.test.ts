// Issue 16, "render to the real width (80 minimum)", for install's own lines: the plan holds paths, a SHA-256 and Dutch
// sentences that pass 80 columns. On a terminal (a pseudo-terminal from `script`, util-linux) each line is fitted to
// the width and continued under its own text; in a pipe lines stay whole. The words are the same either way.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fitLine, outputWidth } from '../../src/cli/install/fit-line.js';
import { BIN, ROOT, runCli, tempDir } from '../support/cli.js';

describe('fitLine', () => {
  it('breaks at spaces, continues under the text after the step number, keeps a long word whole', () => {
    const line = ' 6. sql.database  database [Clickker] maken op SQL01\\EXACT, met sa als eigenaar (van clickker zelf)';
    expect(fitLine(line, 40).split('\n')).toEqual([
      ' 6. sql.database  database [Clickker]',
      '      maken op SQL01\\EXACT, met sa als',
      '      eigenaar (van clickker zelf)',
    ]);
    const sha = `            SHA-256 ${'a'.repeat(64)}, gecontroleerd`;
    expect(fitLine(sha, 60).split('\n')).toEqual(['            SHA-256', `              ${'a'.repeat(64)},`, '              gecontroleerd']);
    expect(fitLine('short', 80)).toBe('short');
    expect(fitLine('x '.repeat(100), 0)).toBe('x '.repeat(100));
  });

  it('fits only on a terminal, to its width and never below 80', () => {
    expect(outputWidth({ isTTY: false, columns: 120 })).toBe(0);
    expect(outputWidth({ isTTY: true, columns: 120 })).toBe(120);
    expect(outputWidth({ isTTY: true, columns: 40 })).toBe(80);
  });
});

describe('install --plan on an 80-column terminal', () => {
  const SECRETS = { CLICKKER_SERVICE_ACCOUNT_PASSWORD: 'Svc-Pa55!w0rd', CLICKKER_SECRET_CLOUD_API_KEY: 'ck_live_9f8e7d6c5b4a3f2e1d0c' };
  const args = (dir: string) => ['install', '--lang', 'nl', '--package', join(ROOT, 'fixtures', 'packages', 'clickker-1.0.0.zip'),
    '--simulate', join(ROOT, 'fixtures', 'packages', 'simulated-host.json'), '--state-dir', join(dir, 'state'),
    '--install-dir', join(dir, 'Clickker'), '--service-account', 'VDBERG\\svc-clickker', '--sql-server', 'SQL01\\EXACT',
    '--site', 'Default Web Site', '--confirm', 'all', '--plan'];

  it('has no line past 80 columns but an unbreakable word, and the same words as in a pipe', () => {
    const piped = runCli(args(tempDir()), { env: SECRETS });
    expect(piped.stdout).toMatch(/^.{81,}$/m); // the plan does pass 80 columns: otherwise this proves nothing
    const dir = tempDir();
    const quoted = [process.execPath, BIN, ...args(dir)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const tty = spawnSync('script', ['-qfec', `stty cols 80 rows 40; ${quoted}`, '/dev/null'], {
      cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...SECRETS, TERM: 'xterm', NO_COLOR: '1', COLUMNS: '80' },
    });
    const lines = tty.stdout.replace(/\r/g, '').split('\n');
    expect(lines.some((l) => /^ 6\. sql\.database/.test(l))).toBe(true);
    expect(lines.filter((l) => l.length > 80 && l.trim().includes(' '))).toEqual([]);
    const words = (text: string) => text.replace(/\r/g, '').replace(/\/tmp\/clickker-[^/\s]+/g, 'TMP').split(/\s+/).filter(Boolean);
    const prose = (text: string) => words(text).filter((w) => !/TMP/.test(w)); // each run has its own temporary folder
    expect(prose(tty.stdout).length).toBeGreaterThan(200);
    expect(prose(tty.stdout)).toEqual(prose(piped.stdout));
  });
});
