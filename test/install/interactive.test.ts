// On a real terminal (a pseudo-terminal from `script`, util-linux), install asks for what is missing with
// @inquirer prompts, and shows an ora spinner per step. Without a terminal it never asks (test/install/cli.test.ts).
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT } from '../support/cli.js';
import { API_KEY, SAMPLE_ZIP, SERVICE_PASSWORD, tempDirs } from './support/host.js';

const tmp = tempDirs('tty');

/** Runs clickker on a pseudo-terminal 100 columns wide; types each answer once its prompt is on the screen. */
function onTerminal(args: string[], answers: [RegExp, string][], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'CI' && !k.startsWith('CLICKKER_')));
  const cmd = ['stty cols 100 rows 40;', ...[process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`)].join(' ');
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...base, ...env, TERM: 'xterm', NO_COLOR: '1' } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  let next = 0;
  const timer = setInterval(() => {
    const a = answers[next];
    if (a && a[0].test(out)) {
      child.stdin.write(a[1]);
      next += 1;
    }
  }, 50);
  const kill = setTimeout(() => child.kill('SIGKILL'), 25_000);
  return new Promise((resolve) => child.on('close', (code) => {
    clearInterval(timer);
    clearTimeout(kill);
    resolve({ code, out });
  }));
}

describe('install on a terminal', () => {
  it('asks for the service account, the website (from the sites IIS has), the secrets (hidden) and the go-ahead', async () => {
    const dir = tmp();
    const host = join(dir, 'host.json');
    writeFileSync(host, JSON.stringify({ schema: 'clickker.simulated-host/v1', computerName: 'SRV-TTY', snapshot: join(ROOT, 'fixtures', 'hosts', 'ws2019-ready.json') }));
    const { code, out } = await onTerminal(
      ['install', '--package', SAMPLE_ZIP, '--simulate', host, '--state-dir', join(dir, 'state'), '--install-dir', join(dir, 'Clickker'), '--sql-server', 'SQL01\\EXACT', '--confirm', 'all'],
      [
        [/Service account \(DOMAIN\\user, \.\\user or DOMAIN\\gmsa\$\)/, 'VDBERG\\svc-clickker\r'],
        [/the Clickker cloud API key/, `${API_KEY}\r`],
        [/Password of the service account VDBERG\\svc-clickker/, `${SERVICE_PASSWORD}\r`],
        [/The Exact Synergy website to install Clickker under/, '\r'],
        [/Apply these 14 changes to simulated host SRV-TTY/, 'y\r'],
        [/Reduce its rights now\?/, 'n\r'],
      ],
    );
    expect(out).toMatch(/Default Web Site/);
    // hidden prompts: what was typed is never echoed
    expect(out).not.toContain(API_KEY);
    expect(out).not.toContain(SERVICE_PASSWORD);
    // ora's final line per step on a terminal
    expect(out).toMatch(/✔ \[2\/16\] files: done/);
    expect(out).toMatch(/ℹ \[5\/16\] sql\.login: already in place/);
    expect(out).toMatch(/Installed Clickker Exact Synergy API 1\.0\.0 on simulated host SRV-TTY/);
    expect(code).toBe(0);
    expect(existsSync(join(dir, 'Clickker', 'web', 'Web.config'))).toBe(true);
  });

  it('with --yes nothing is asked even on a terminal: a missing value is an input error naming it', async () => {
    const dir = tmp();
    const { code, out } = await onTerminal(['install', '--package', SAMPLE_ZIP, '--state-dir', join(dir, 'state'), '--yes', '--simulate', join(ROOT, 'fixtures', 'packages', 'simulated-host.json')], []);
    expect(out).toMatch(/--service-account: missing/);
    expect(out).not.toMatch(/\?/);
    expect(code).toBe(2);
  });
});
