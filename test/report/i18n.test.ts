// Every message exists in English and Dutch with the same placeholders; every check, fact and confirmation carries its
// Dutch beside its English; the language comes from --lang, CLICKKER_LANG, the Windows display language, then English;
// --lang nl renders Dutch while ids stay English. (test/report/i18n-leak.test.ts renders every fixture in Dutch.)
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { allChecks } from '../../checks/index.js';
import { LANGS, MESSAGES, resolveLang } from '../../src/report/i18n/catalogue.js';
import { FACTS_BY_PROBE } from '../../src/facts/index.js';
import { parseDesktopQuery, REG_QUERY_ARGS, uiCultureWanted, windowsUiCulture, type RegistryQuery } from '../../src/cli/ui-culture.js';
import { buildJsonReport } from '../../src/report/json.js';
import { renderConsole } from '../../src/report/console.js';
import { renderHtml } from '../../src/report/html.js';
import { detectStyle } from '../../src/report/style.js';

const requirements = loadRequirements();
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages in both languages', () => {
  it('has every message in every language, non-empty, with the same placeholders', () => {
    for (const [id, m] of Object.entries(MESSAGES) as [string, Record<string, string>][]) {
      for (const lang of LANGS) expect({ id, lang, text: (m[lang] ?? '').trim() !== '' }).toEqual({ id, lang, text: true });
      expect({ id, nl: placeholders(m.nl!) }).toEqual({ id, nl: placeholders(m.en!) });
    }
  });

  it('has a Dutch title, rationale and fix beside the English of every check, different from the English', () => {
    for (const c of allChecks(requirements.requirements)) {
      const nl = { title: c.nl.title.trim() !== '' && c.nl.title !== c.title || /^[A-Z][\w .-]*\d[\d.]*$/.test(c.title), rationale: c.nl.rationale.trim() !== '' && c.nl.rationale !== c.rationale, fix: c.remediation.nl.trim() !== '' && c.remediation.nl !== c.remediation.text };
      expect({ id: c.id, ...nl }).toEqual({ id: c.id, title: true, rationale: true, fix: true });
    }
  });

  it('has the Dutch of every confirmation in the shipped requirements file, and of every fact description', () => {
    for (const c of requirements.requirements.confirmations) {
      expect({ id: c.id, nl: Boolean(c.nl && c.nl.question !== c.question && c.nl.title !== c.title && c.nl.remediation !== c.remediation) }).toEqual({ id: c.id, nl: true });
    }
    for (const [probe, f] of FACTS_BY_PROBE) expect({ probe, nl: f.describeNl.trim() !== '' && f.describeNl !== f.describe }).toEqual({ probe, nl: true });
  });

  it('keeps the JSON report English: no Dutch and no "nl" key in it', () => {
    const { facts } = loadSnapshot('fixtures/hosts/ws2016-dotnet462.json');
    const e = evaluate({ hosts: [{ facts }], requirements, checks: allChecks(requirements.requirements), options: defaultOptions() });
    const json = JSON.stringify(buildJsonReport(e, { tool: { name: 'clickker', version: 'test' }, generatedAt: e.evaluatedAt, lang: 'nl' }));
    expect(json).not.toMatch(/"nl":/);
    expect(json).not.toMatch(/ouder dan|Niet bevestigd|Bevestig het daarna/);
    expect(json).toMatch(/is older than 4\.7/);
  });

  it('picks the language from --lang, CLICKKER_LANG, then the Windows UI culture, then English', () => {
    expect(resolveLang('nl', {})).toBe('nl');
    expect(resolveLang(undefined, { CLICKKER_LANG: 'nl-NL' })).toBe('nl');
    expect(resolveLang('en', { CLICKKER_LANG: 'nl' })).toBe('en');
    expect(resolveLang(undefined, { CLICKKER_LANG: 'en' }, 'nl-NL')).toBe('en');
    expect(resolveLang(undefined, {}, 'nl-BE')).toBe('nl');
    expect(resolveLang(undefined, {}, 'en-US')).toBe('en');
    // Not Node's locale: without a Windows display language it is English, whatever LANG or ICU say.
    expect(resolveLang(undefined, { LANG: 'nl_NL.UTF-8' }, undefined)).toBe('en');
  });
});

// The Windows display language behind a seam (reg.exe is not here). What `reg query "HKCU\Control Panel\Desktop" /s`
// prints: each key's full name on a line of its own, then its values indented, `name    TYPE    data`; a REG_MULTI_SZ's
// entries joined by a literal \0, the separator reg add documents (learn.microsoft.com/windows-server/administration/
// windows-commands/reg-add, reg-query). The lines below are Wine 8's reg.exe output for that query (cut to the keys that
// matter, CRLF as printed) after `reg add` of the two values; no real Windows output is captured here. The values are
// those GetUserPreferredUILanguages reports (learn.microsoft.com/windows/win32/api/winnls/
// nf-winnls-getuserpreferreduilanguages): the user's list, else the system's.
describe('the Windows display language', () => {
  const desktop = (user: string | null, machine: string | null, extra = '') => [
    '',
    'HKEY_CURRENT_USER\\Control Panel\\Desktop',
    '    ActiveWndTrackTimeout    REG_DWORD    0x0',
    '    BlockSendInputResets    REG_SZ    0',
    ...(user === null ? [] : [`    PreferredUILanguages    REG_MULTI_SZ    ${user}`]),
    '    UserPreferencesMask    REG_BINARY    3000028012000000',
    '    Wallpaper    REG_SZ    ',
    '',
    ...(machine === null ? [] : ['HKEY_CURRENT_USER\\Control Panel\\Desktop\\MuiCached', `    MachinePreferredUILanguages    REG_MULTI_SZ    ${machine}`, '']),
    'HKEY_CURRENT_USER\\Control Panel\\Desktop\\WindowMetrics',
    '    BorderWidth    REG_SZ    1',
    extra,
    '',
  ].join('\r\n');

  it('reads the first of the user preferred UI languages, else the machine\'s, from the one reg.exe query', () => {
    expect(REG_QUERY_ARGS).toEqual(['query', 'HKCU\\Control Panel\\Desktop', '/s']);
    expect(parseDesktopQuery(desktop('nl-NL\\0en-US', 'en-US'))).toBe('nl-NL');
    expect(parseDesktopQuery(desktop(null, 'nl-NL'))).toBe('nl-NL');
    expect(parseDesktopQuery(desktop('en-US', 'nl-NL'))).toBe('en-US');
    expect(parseDesktopQuery(desktop(null, null))).toBeUndefined();
    expect(parseDesktopQuery('')).toBeUndefined();
    // Registry names ignore case; a real NUL separates as well as the printed \0.
    expect(parseDesktopQuery(desktop(null, null).replace('    Wallpaper', '    preferreduilanguages    REG_MULTI_SZ    nl-BE\u0000en-US\r\n    Wallpaper'))).toBe('nl-BE');
  });

  it('takes each value only from the key Windows reads it from', () => {
    // The same names in another subkey are not the display language (and must not win over the machine list).
    const elsewhere = '\r\nHKEY_CURRENT_USER\\Control Panel\\Desktop\\Other\r\n    PreferredUILanguages    REG_MULTI_SZ    nl-NL\r\n    MachinePreferredUILanguages    REG_MULTI_SZ    nl-NL';
    expect(parseDesktopQuery(desktop(null, 'en-US', elsewhere))).toBe('en-US');
    expect(parseDesktopQuery(desktop(null, null, elsewhere))).toBeUndefined();
    // The machine list in the Desktop key itself is not where Windows keeps it.
    expect(parseDesktopQuery(desktop(null, null).replace('    Wallpaper', '    MachinePreferredUILanguages    REG_MULTI_SZ    nl-NL\r\n    Wallpaper'))).toBeUndefined();
    // An empty list is no choice.
    expect(parseDesktopQuery(desktop('', 'nl-NL'))).toBe('nl-NL');
  });

  it('runs one query, only on Windows; a failed query is no language', async () => {
    let asked = 0;
    const answer = (out: string | undefined): RegistryQuery => async () => { asked += 1; return out; };
    expect(await windowsUiCulture('win32', answer(desktop('nl-NL\\0en-US', null)))).toBe('nl-NL');
    expect(await windowsUiCulture('win32', answer(desktop(null, 'nl-NL')))).toBe('nl-NL');
    expect(await windowsUiCulture('win32', answer(undefined))).toBeUndefined();
    expect(asked).toBe(3);
    expect(await windowsUiCulture('linux', answer(desktop('nl-NL', null)))).toBeUndefined();
    expect(asked).toBe(3);
    expect(resolveLang(undefined, {}, await windowsUiCulture('win32', answer(desktop('nl-NL', null))))).toBe('nl');
  });

  it('is wanted unless --lang or CLICKKER_LANG decides, or the run only prints help or the version', () => {
    expect(uiCultureWanted(['preflight', '--snapshot', 'a.json'], {})).toBe(true);
    expect(uiCultureWanted(['install', '--plan'], {})).toBe(true);
    expect(uiCultureWanted(['preflight', '--lang', 'nl'], {})).toBe(false);
    expect(uiCultureWanted(['preflight', '--lang=en'], {})).toBe(false);
    expect(uiCultureWanted(['preflight'], { CLICKKER_LANG: 'nl' })).toBe(false);
    expect(uiCultureWanted(['preflight'], { CLICKKER_LANG: '' })).toBe(true);
    for (const only of [[], ['--help'], ['-h'], ['--version'], ['-V'], ['help'], ['preflight', '--help']]) expect(uiCultureWanted(only, {})).toBe(false);
  });

  it('loads node:child_process only to start reg.exe (issue 17: start-up)', async () => {
    // Off Windows (and with --lang) a one-snapshot preflight starts no process, so the built CLI must not load the
    // module at all; on Windows the real reader imports it when it first runs. Here reg.exe does not exist: the
    // reader's failure reads as "no language chosen", never a throw.
    const probe = 'process.on("exit", () => process.stderr.write("LOADED " + JSON.stringify(process.moduleLoadList.filter((m) => m.endsWith(" child_process")))));';
    const run = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(probe)}`, 'bin/clickker.js', 'preflight', '--snapshot', 'fixtures/hosts/ws2019-ready.json', '--confirm', 'all'], { encoding: 'utf8', env: { ...process.env, CLICKKER_LANG: '' } });
    expect(run.status).toBe(0);
    expect(/LOADED (.*)$/.exec(run.stderr)?.[1]).toBe('[]');
    expect(await windowsUiCulture('win32')).toBeUndefined();
  });

  it('never reads Node\'s locale, and builds no Intl object at all (issue 17: start-up)', () => {
    // Issue 16: the default is the Windows display language, which the CLI passes in (src/cli/ui-culture.ts); ICU's
    // default locale is the *format* locale and is ignored. With every Intl constructor made to throw, resolveLang
    // still answers, whatever LANG says: it costs nothing at start-up.
    const script = 'for (const k of ["DateTimeFormat", "PluralRules", "NumberFormat", "Collator", "Locale"]) Intl[k] = function () { throw new Error(k); };'
      + ' const { resolveLang } = await import(process.argv[1]); console.log(JSON.stringify([resolveLang(undefined, {}), resolveLang(undefined, {}, "nl-NL")]))';
    const seen = ['nl_NL.UTF-8', 'en_US.UTF-8', 'C'].map((locale) => {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, pathToFileURL('dist/src/report/i18n/catalogue.js').href], { env: { PATH: process.env.PATH, LANG: locale, LC_ALL: locale }, encoding: 'utf8' });
      return JSON.parse(out) as [string, string];
    });
    expect(seen).toEqual([['en', 'nl'], ['en', 'nl'], ['en', 'nl']]);
  });

  it('renders the console and HTML in Dutch; ids stay English', () => {
    const { facts } = loadSnapshot('fixtures/hosts/ws2016-dotnet462.json');
    const e = evaluate({ hosts: [{ facts }], requirements, checks: allChecks(loadRequirements().requirements), options: defaultOptions() });
    const meta = { tool: { name: 'clickker', version: 'test' }, generatedAt: e.evaluatedAt, lang: 'nl' as const };
    const out = renderConsole(e, meta, { style: detectStyle({ color: false }, { isTTY: false, columns: 100 }, {}, 'linux'), verbose: false });
    expect(out).toMatch(/NIET GEREED/);
    expect(out).toMatch(/Te doen \(3\):/);
    expect(out).toMatch(/dotnet\.framework/);
    expect(out).toMatch(/is ouder dan 4\.7/);
    expect(out).toMatch(/Bevestig: Heeft de klant het Clickker-machtigingsformulier/);
    expect(out).toMatch(/PowerShell, als administrator/);
    expect(renderHtml(e, meta)).toMatch(/<html lang="nl">[\s\S]*NIET GEREED[\s\S]*Wat te doen/);
    // The time taken with a decimal comma in Dutch, a point in English.
    expect(renderHtml(e, { ...meta, elapsedMs: 2345 })).toMatch(/<th>duurde<\/th><td>2,3 s<\/td>/);
    expect(renderHtml(e, { ...meta, lang: 'en', elapsedMs: 2345 })).toMatch(/<th>took<\/th><td>2\.3 s<\/td>/);
  });
});
