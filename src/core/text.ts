// Prose in both languages. Every sentence clickker writes for a person is a Msg: English and Dutch side by side, in
// the file that builds it (a check's diagnosis and fix in its own module). Ids, commands and values stay as they are;
// JSON keys and JUnit use the English. The types make a missing language a compile error, and
// test/report/i18n-leak.test.ts renders every fixture in Dutch and fails when an English sentence gets through.
export type Lang = 'en' | 'nl';
export const LANGS: readonly Lang[] = ['en', 'nl'];

export interface Msg {
  readonly en: string;
  readonly nl: string;
}

/** One sentence in English and Dutch (build both from the same values). */
export const say = (en: string, nl: string): Msg => ({ en, nl });

/** The same value in both languages: ids, commands and raw values that are not prose. */
export const verbatim = (value: string): Msg => ({ en: value, nl: value });

/** 'a', 'a and b', 'a, b and c' in English; 'a, b en c' in Dutch. */
export function listIn(lang: Lang, items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'nl' ? 'en' : 'and'} ${items[items.length - 1]}`;
}

export const listed = (items: readonly string[]): Msg => ({ en: listIn('en', items), nl: listIn('nl', items) });

/** Builds a Msg language by language. */
export const both = (f: (lang: Lang) => string): Msg => ({ en: f('en'), nl: f('nl') });

/** Joins messages (or plain values) with `sep` in each language. */
export function join(parts: readonly (Msg | string)[], sep = ' '): Msg {
  return both((lang) => parts.map((p) => (typeof p === 'string' ? p : p[lang])).join(sep));
}
