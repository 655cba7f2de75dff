// Every message exists in English and Dutch with the same placeholders; every check has a Dutch title; --lang nl
// renders Dutch while ids stay English.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { allChecks } from '../../checks/index.js';
import { LANGS, MESSAGES, resolveLang } from '../../src/report/i18n/catalogue.js';
import { CONFIRMATIONS_NL, TITLES_NL } from '../../src/report/i18n/checks-nl.js';
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

  it('has a Dutch title for every check and a Dutch question for every confirmation', () => {
    for (const c of allChecks(requirements.requirements)) {
      expect({ id: c.id, title: Boolean(TITLES_NL[c.id]) }).toEqual({ id: c.id, title: true });
      if (c.category === 'Confirmations') expect({ id: c.id, q: Boolean(CONFIRMATIONS_NL[c.id]?.question) }).toEqual({ id: c.id, q: true });
    }
  });

  it('picks the language from --lang, CLICKKER_LANG, then the Windows UI culture', () => {
    expect(resolveLang('nl', {})).toBe('nl');
    expect(resolveLang(undefined, { CLICKKER_LANG: 'nl-NL' })).toBe('nl');
    expect(resolveLang('en', { CLICKKER_LANG: 'nl' })).toBe('en');
    expect(resolveLang(undefined, {}, 'nl-BE')).toBe('nl');
    expect(resolveLang(undefined, {}, 'en-US')).toBe('en');
  });

  it('reads the default locale as a DateTimeFormat does, without building one (issue 17: start-up)', () => {
    // resolveLang takes the process' default locale from Intl.PluralRules, not Intl.DateTimeFormat (~45 ms). Both are
    // ICU's default locale; a child Node per locale shows they agree, and resolveLang follows it.
    const script = "const { resolveLang } = await import(process.argv[1]); console.log(JSON.stringify([Intl.DateTimeFormat().resolvedOptions().locale, new Intl.PluralRules().resolvedOptions().locale, resolveLang(undefined, {})]))";
    const seen = ['nl_NL.UTF-8', 'nl_BE.UTF-8', 'en_US.UTF-8', 'de_DE.UTF-8', 'C'].map((locale) => {
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, pathToFileURL('dist/src/report/i18n/catalogue.js').href], { env: { PATH: process.env.PATH, LANG: locale, LC_ALL: locale }, encoding: 'utf8' });
      return JSON.parse(out) as [string, string, string];
    });
    for (const [dateTime, plural] of seen) expect(plural).toBe(dateTime);
    expect(seen.map(([, , lang]) => lang)).toEqual(['nl', 'nl', 'en', 'en', 'en']);
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
  });
});
