// The same screens in Dutch (--lang nl): the failing host at 80 and 120 columns, a terminal or not, NO_COLOR and
// --ascii, and the Dutch fix --what-if, explain and checks screens of the built CLI. Snapshots hold the exact screens
// (review them in test/report/__snapshots__); the assertions state what every Dutch screen keeps.
import { describe, expect, it } from '@jest/globals';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { allChecks } from '../../checks/index.js';
import { renderConsole } from '../../src/report/console.js';
import { detectStyle } from '../../src/report/style.js';
import { runCli } from '../support/cli.js';

const requirements = loadRequirements();
const meta = { tool: { name: 'clickker', version: 'test' }, generatedAt: '2026-12-04T00:00:00.000Z', elapsedMs: 2345, lang: 'nl' as const };
const NOW = new Date('2026-12-04T00:00:00Z');
// eslint-disable-next-line no-control-regex
const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
/** Command lines are copied, never wrapped: they are the only lines allowed past the width. */
const tooWide = (text: string, width: number) => strip(text).split('\n').filter((l) => l.length > width && !/^ {6,}\S/.test(l) && !/^ {4}\S.*\s{2,}/.test(l));

const screens = [
  { name: '80 columns, no terminal', width: 80, tty: false, env: {} as NodeJS.ProcessEnv, ascii: false },
  { name: '120 columns, no terminal', width: 120, tty: false, env: {}, ascii: false },
  { name: '80 columns, terminal', width: 80, tty: true, env: { TERM: 'xterm-256color' }, ascii: false },
  { name: '120 columns, terminal, NO_COLOR', width: 120, tty: true, env: { TERM: 'xterm-256color', NO_COLOR: '1' }, ascii: false },
  { name: '80 columns, --ascii', width: 80, tty: false, env: {}, ascii: true },
];

describe('Dutch console screens of a failing host', () => {
  const e = evaluate({ hosts: [{ facts: loadSnapshot('fixtures/hosts/ws2016-dotnet462.json').facts, file: 'fixtures/hosts/ws2016-dotnet462.json' }], requirements, checks: allChecks(requirements.requirements), options: defaultOptions(), now: NOW });
  for (const s of screens) {
    it(s.name, () => {
      const style = detectStyle({ ascii: s.ascii }, { isTTY: s.tty, columns: s.width }, s.env, 'linux');
      const out = strip(renderConsole(e, meta, { style, verbose: false }));
      expect(tooWide(out, s.width)).toEqual([]);
      if (s.ascii) expect(out).toMatch(/^[\x20-\x7E\n]*$/);
      const todo = out.slice(out.indexOf('Te doen ('));
      expect(todo).toMatch(/^1\. \S+ dotnet\.framework:\s+Download\s+"Microsoft\s+\.NET\s+Framework\s+4\.8\s+offline\s+installer\s+for\s+Windows"/m);
      expect(todo).toMatch(/PowerShell, als administrator \("Als administrator uitvoeren"\):/);
      expect(todo).toMatch(/confirm\.permissions-form: Bevestig: Heeft de klant/);
      expect(out).toMatch(/NIET GEREED/);
      // Dutch writes a decimal comma, as its progress lines do (session 4: the summary said "duurde 2.3 s").
      expect(out).toMatch(/duurde 2,3 s/);
      expect(out).toMatchSnapshot();
    });
  }
});

describe('Dutch fix, explain and checks screens (80 columns, no terminal)', () => {
  it('clickker fix --what-if --lang nl for a host with missing role services', () => {
    const r = runCli(['fix', '--what-if', '--snapshot', 'fixtures/hosts/ws2019-iis-partial.json', '--lang', 'nl']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Installeer 4 ontbrekende IIS-rolservices/);
    expect(r.stdout).toMatch(/Er is niets gewijzigd \(--what-if\)\./);
    expect(r.stdout).toMatchSnapshot();
  });

  it('clickker fix --what-if --lang nl for a host whose fixes are by hand', () => {
    const r = runCli(['fix', '--what-if', '--snapshot', 'fixtures/hosts/ws2016-dotnet462.json', '--lang', 'nl']);
    expect(r.stdout).toMatch(/handmatig: \.NET Framework installeren vereist het offline installatieprogramma/);
    expect(r.stdout).toMatchSnapshot();
  });

  it('clickker explain dotnet.framework --lang nl', () => {
    const r = runCli(['explain', 'dotnet.framework', '--lang', 'nl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dotnet\.framework: \.NET Framework 4\.7 of nieuwer/);
    // Only the command lines (indented four, copied whole) may pass 80 columns.
    expect(tooWide(r.stdout, 80).filter((l) => !/^ {4}(Start-Process|\(Get-ItemProperty)/.test(l))).toEqual([]);
    expect(r.stdout).toMatchSnapshot();
  });

  it('clickker checks --lang nl', () => {
    const r = runCli(['checks', '--lang', 'nl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/controles \(eisen /);
    expect(r.stdout).toMatchSnapshot();
  });

  it('CLICKKER_LANG=nl does the same as --lang nl; --lang en wins over it', () => {
    expect(runCli(['explain', 'os.version'], { env: { CLICKKER_LANG: 'nl' } }).stdout).toMatch(/Windows Server 2016 of nieuwer/);
    expect(runCli(['explain', 'os.version', '--lang', 'en'], { env: { CLICKKER_LANG: 'nl' } }).stdout).toMatch(/Windows Server 2016 or later/);
  });
});
