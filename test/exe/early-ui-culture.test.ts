// The Windows display language in clickker.exe (issue 17): one reg.exe for both lists, started by the exe's main
// script before the bundle is compiled and taken over by src/cli/ui-culture.ts. Under Wine the reg.exe is Wine's own
// (it prints the format Windows' does: key lines, then `    name    TYPE    data`, REG_MULTI_SZ entries joined by \0;
// learn.microsoft.com/windows-server/administration/windows-commands/reg-query and reg-add); the values are set with
// `reg add` in a prefix reporting Windows Server 2016. A real Windows' registry is not exercised here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { EARLY_REG_QUERY, REG_QUERY_ARGS, uiCultureWanted, windowsUiCulture } from '../../src/cli/ui-culture.js';
import { ROOT } from '../support/cli.js';
import { Wine, type WineRun } from './support/wine.js';

type EarlyRule = { uiCultureWanted: typeof uiCultureWanted; REG_QUERY_ARGS: readonly string[]; EARLY_REG_QUERY: symbol };
const exeMain = createRequire(import.meta.url)(join(ROOT, 'scripts', 'exe-main.cjs')) as EarlyRule;

describe('the exe main script\'s early lookup', () => {
  it('decides as ui-culture.ts does, runs the same query, hands over under the same symbol', () => {
    expect(exeMain.REG_QUERY_ARGS).toEqual(REG_QUERY_ARGS);
    expect(exeMain.EARLY_REG_QUERY).toBe(EARLY_REG_QUERY);
    const argvs = [[], ['preflight'], ['preflight', '--snapshot', 'a.json', '--confirm', 'all'], ['preflight', '--lang', 'nl'],
      ['preflight', '--lang=en'], ['preflight', '--lang'], ['--help'], ['-h'], ['--version'], ['-V'], ['help'], ['help', 'preflight'],
      ['install', '--plan'], ['collect', '--help'], ['checks'], ['explain', 'os.version'], ['preflight', '--bogus']];
    const envs = [{}, { CLICKKER_LANG: 'nl' }, { CLICKKER_LANG: '' }];
    for (const argv of argvs) {
      for (const env of envs) expect([argv, env, exeMain.uiCultureWanted(argv, env)]).toEqual([argv, env, uiCultureWanted(argv, env)]);
    }
  });

  it('a started lookup is taken over once: its output is the answer, and no second query runs', async () => {
    let taken = 0;
    const holder = globalThis as { [EARLY_REG_QUERY]?: () => Promise<string | undefined> };
    holder[EARLY_REG_QUERY] = async () => {
      taken += 1;
      return '\r\nHKEY_CURRENT_USER\\Control Panel\\Desktop\\MuiCached\r\n    MachinePreferredUILanguages    REG_MULTI_SZ    nl-NL\r\n';
    };
    // The default reader: with the hand-over present it starts no reg.exe (there is none here to start).
    expect(await windowsUiCulture('win32')).toBe('nl-NL');
    expect(taken).toBe(1);
    expect(holder[EARLY_REG_QUERY]).toBeUndefined();
    // Taken once: the next reader has to ask reg.exe itself, which does not exist here, so no language.
    expect(await windowsUiCulture('win32')).toBeUndefined();
    expect(taken).toBe(1);
  });
});

describe('clickker.exe under Wine reads the display language with one early reg.exe', () => {
  let wine: Wine;
  beforeAll(() => {
    wine = Wine.start();
    mkdirSync(wine.windowsPath('C:\\clickker'), { recursive: true });
    copyFileSync(join(ROOT, 'fixtures', 'hosts', 'ws2019-ready.json'), wine.windowsPath('C:\\clickker\\ws2019-ready.json'));
  }, 180_000);
  afterAll(() => wine?.stop());

  const DESKTOP = 'HKCU\\Control Panel\\Desktop';
  const MUI = 'HKCU\\Control Panel\\Desktop\\MuiCached';
  const regAdd = (key: string, value: string, data: string) => {
    const r = wine.run(['add', key, '/v', value, '/t', 'REG_MULTI_SZ', '/d', data, '/f'], { program: 'reg' });
    expect(r.code).toBe(0);
  };
  const regDelete = (key: string, value: string) => wine.run(['delete', key, '/v', value, '/f'], { program: 'reg' });
  const preflight = (extra: string[] = [], env: NodeJS.ProcessEnv = {}): WineRun => wine.run(
    ['preflight', '--snapshot', 'C:\\clickker\\ws2019-ready.json', '--confirm', 'all', ...extra],
    { env: { NODE_DEBUG: 'clickker-exe', ...env } },
  );
  const DUTCH = /Afsluitcode 0\. Klaar om te installeren\./;
  const ENGLISH = /Exit code 0\. Ready to install\./;

  it('with no display language set (a fresh prefix): English, and the lookup was started first', () => {
    regDelete(DESKTOP, 'PreferredUILanguages');
    regDelete(MUI, 'MachinePreferredUILanguages');
    const r = preflight();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(ENGLISH);
    expect(r.stderr).toMatch(/timings: main script at [\d.]+ ms \(reg\.exe started by [\d.]+\)/);
  });

  it('the user\'s list (nl-NL first) makes it Dutch; the machine list alone does too; the user\'s wins over the machine\'s', () => {
    regAdd(DESKTOP, 'PreferredUILanguages', 'nl-NL\\0en-US');
    let r = preflight();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(DUTCH);
    regDelete(DESKTOP, 'PreferredUILanguages');
    regAdd(MUI, 'MachinePreferredUILanguages', 'nl-NL');
    r = preflight();
    expect(r.stdout).toMatch(DUTCH);
    regAdd(DESKTOP, 'PreferredUILanguages', 'en-US\\0nl-NL');
    r = preflight();
    expect(r.stdout).toMatch(ENGLISH);
  });

  it('an error before anything was said (a missing snapshot) is said in the display language too', () => {
    // preflight awaits the language of a snapshot run only when it first speaks (src/cli/preflight.ts); an error before
    // then is said by main.ts, which takes the same lookup.
    regAdd(DESKTOP, 'PreferredUILanguages', 'nl-NL');
    const r = wine.run(['preflight', '--snapshot', 'C:\\clickker\\missing.json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('clickker: snapshot C:\\clickker\\missing.json: kan het niet lezen (ENOENT)');
  });

  it('--lang and CLICKKER_LANG decide without starting reg.exe; --version starts none either', () => {
    regAdd(DESKTOP, 'PreferredUILanguages', 'nl-NL');
    for (const r of [preflight(['--lang', 'en']), preflight([], { CLICKKER_LANG: 'en' })]) {
      expect(r.stdout).toMatch(ENGLISH);
      expect(r.stderr).toMatch(/timings: main script at [\d.]+ ms, assets read/);
    }
    const v = wine.run(['--version'], { env: { NODE_DEBUG: 'clickker-exe' } });
    expect(v.code).toBe(0);
    expect(v.stderr).not.toMatch(/reg\.exe started/);
    expect(v.stderr).toMatch(/timings: main script at/);
  });

  it('a usage error after the lookup started still ends at once with its one line', () => {
    const r = wine.run(['preflight', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(["clickker: unknown option '--bogus'"]);
  });
});
