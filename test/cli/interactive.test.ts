// Manual confirmations asked on a real terminal: `script` (util-linux) gives the CLI a pseudo-terminal,
// and the test types the answers. Without a terminal, or with CI set, nothing is ever asked.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT, runCli } from '../support/cli.js';

const READY = join(ROOT, 'fixtures', 'hosts', 'ws2019-ready.json');

function onTerminal(args: string[], answers: string[]): Promise<{ code: number | null; out: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CI' && !k.startsWith('CLICKKER_')));
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...env, TERM: 'xterm', NO_COLOR: '1' } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  // Answer each question once it is on the screen; give up (and fail) after 15 s.
  let asked = 0;
  const timer = setInterval(() => {
    const questions = out.split('(y/N)').length - 1;
    if (asked < answers.length && questions > asked) {
      child.stdin.write(answers[asked]!);
      asked += 1;
    }
  }, 100);
  const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) => child.on('close', (code) => {
    clearInterval(timer);
    clearTimeout(kill);
    resolve({ code, out });
  }));
}

describe('interactive confirmations', () => {
  it('asks each unconfirmed item on a terminal and judges with the answers', async () => {
    const { code, out } = await onTerminal(['preflight', '--snapshot', READY, '--ascii'], ['y\r', 'n\r', 'y\r', 'y\r']);
    expect(out).toMatch(/Has the customer completed, signed and returned the Clickker permissions form\?/);
    expect(out).toMatch(/\[ OK \] confirm\.permissions-form/);
    expect(out).toMatch(/\[ \?\? \] confirm\.synergy-user/);
    expect(out).toMatch(/INCOMPLETE/);
    expect(code).toBe(3);
  });
  it('shows the facts first, remembers the answers per host (who, when), and asks only what is still open next time', async () => {
    const state = mkdtempSync(join(tmpdir(), 'clickker-answers-'));
    const first = await onTerminal(['preflight', '--snapshot', READY, '--ascii', '--state-dir', state, '--no-save-report'], ['y\r', 'n\r', 'y\r', 'y\r']);
    expect(first.out.indexOf('os.version')).toBeGreaterThan(-1);
    expect(first.out.indexOf('os.version')).toBeLessThan(first.out.indexOf('(y/N)'));
    const remembered = readFileSync(join(state, 'confirmations', 'SYNERGY01.yaml'), 'utf8');
    expect(remembered).toMatch(/id: confirm\.permissions-form\n {4}confirmedBy: ".+"\n {4}date: "\d{4}-/);
    expect(remembered).not.toMatch(/confirm\.synergy-user/);
    const second = await onTerminal(['preflight', '--snapshot', READY, '--ascii', '--state-dir', state, '--no-save-report'], ['y\r']);
    expect(second.out).not.toMatch(/permissions form\?/);
    expect(second.out).toMatch(/Is the service account a Synergy user/);
    expect(second.code).toBe(0);
  }, 40_000);
  it('never asks without a terminal (CI): the items stay unknown', () => {
    const r = runCli(['preflight', '--snapshot', READY]);
    expect(r.stdout).not.toMatch(/\(y\/N\)/);
    expect(r.code).toBe(3);
  });
  it('never asks with --no-interactive, even on a terminal', async () => {
    const { code, out } = await onTerminal(['preflight', '--snapshot', READY, '--no-interactive'], []);
    expect(out).not.toMatch(/\(y\/N\)/);
    expect(code).toBe(3);
  });
});
