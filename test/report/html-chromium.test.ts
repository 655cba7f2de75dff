// The HTML report in a real browser: Debian's chromium, headless, no network features, a fresh profile. It must
// render (the DOM dump holds the banner and the to-do list), log no console errors, print to PDF, load nothing
// external, and hold no secret. Chromium comes with the test tools (.ci/apt-packages.txt, installed by npm test's pretest):
// never skipped, so a machine without it fails here instead of passing silently.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { allChecks } from '../../checks/index.js';
import { renderHtml } from '../../src/report/html.js';
import { registerSecret } from '../../src/report/redact.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--enable-logging=stderr', '--v=0'];

function chromium(args: string[]) {
  const profile = mkdtempSync(join(tmpdir(), 'clickker-chromium-'));
  return spawnSync(CHROMIUM!, [...FLAGS, `--user-data-dir=${profile}`, ...args], { encoding: 'utf8', timeout: 90_000 });
}

describe('HTML report in headless chromium', () => {
  it('chromium is installed (npm test installs it from .ci/apt-packages.txt)', () => {
    expect(CHROMIUM).toBeDefined();
  });

  const secret = 'S3cret-Passw0rd!';
  registerSecret(secret);
  const { facts } = loadSnapshot('fixtures/hosts/ws2019-endpoints-blocked.json');
  const e = evaluate({ hosts: [{ facts, file: `C:\\snap\\with-${secret}.json` }], requirements: loadRequirements(), checks: allChecks(loadRequirements().requirements), options: defaultOptions() });
  const html = renderHtml(e, { tool: { name: 'clickker', version: 'test' }, generatedAt: e.evaluatedAt, lang: 'en', elapsedMs: 1200 });
  const dir = mkdtempSync(join(tmpdir(), 'clickker-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, html);

  it('is self-contained and holds no secret', () => {
    expect(html).not.toMatch(/<script|<link|@import|url\(|src="http|href="http/i);
    expect(html).not.toContain(secret);
  });

  it('renders with the banner, the to-do list and the endpoint table, and logs no console error', () => {
    const r = chromium(['--dump-dom', `file://${file}`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/class="banner not-ready"[^>]*>NOT READY/);
    expect(r.stdout).toMatch(/<h2>What to do<\/h2>\s*<ol>/);
    expect(r.stdout).toMatch(/sense-applications\.visualstudio\.com<\/td><td>DNS/);
    expect(r.stderr).not.toMatch(/CONSOLE\(|Uncaught|Refused to (load|apply)/);
  }, 120_000);

  it('prints to PDF', () => {
    const pdf = join(dir, 'report.pdf');
    const r = chromium([`--print-to-pdf=${pdf}`, '--no-pdf-header-footer', `file://${file}`]);
    expect(r.status).toBe(0);
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(10_000);
  }, 120_000);
});
