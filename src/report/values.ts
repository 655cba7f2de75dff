// Evidence values as a person reads them: "Release 394802, Version 4.6.01586", never raw JSON.

import type { Lang } from '../core/text.js';
import type { Evidence } from '../core/types.js';

// The few words a value needs of its own, per report language (values themselves stay as recorded).
const WORDS = { en: { none: 'none', item: 'item', items: 'items', fields: 'fields' }, nl: { none: 'geen', item: 'item', items: 'items', fields: 'velden' } } as const;

function scalar(v: unknown, lang: Lang = 'en'): string {
  const w = WORDS[lang];
  if (v === null || v === undefined || v === '') return w.none;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // An empty list is a finding ("no pending-restart signals"), never a blank after "found:".
  if (Array.isArray(v) && v.length === 0) return w.none;
  if (Array.isArray(v)) return v.every((x) => typeof x !== 'object' || x === null) ? v.map((x) => scalar(x, lang)).join(', ') : `${v.length} ${v.length === 1 ? w.item : w.items}`;
  return Object.keys(v).length === 0 ? w.none : `${Object.keys(v).length} ${w.fields}`;
}

/** One line: scalars as they are, objects as "key value, key value" one level deep, lists of records counted. */
export function plainValue(value: unknown, max = 240, ellipsis = '…', lang: Lang = 'en'): string {
  let s: string;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    s = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => `${k} ${scalar(v, lang)}`).join(', ') || WORDS[lang].none;
  } else {
    s = scalar(value, lang);
  }
  return s.length > max ? `${s.slice(0, max - ellipsis.length)}${ellipsis}` : s;
}

/** Role services and the like as "Web-ASP (ASP)": the Windows name to type and the name Server Manager shows. */
export function namedItems(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const items = value.filter((v): v is { name: string; label?: string } => Boolean(v) && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string');
  if (items.length !== value.length) return undefined;
  return items.map((i) => (i.label ? `${i.name} (${i.label.split(' / ').pop()})` : i.name)).join(', ');
}

/**
 * The expected or found value of a finding as its reader sees it: the check's own sentence in the report's language
 * where it gave one (`evidence.said`, e.g. "no https binding; Default Web Site has http *:80:"), else the recorded
 * value said plainly. Never empty: an empty value reads "none".
 */
export function evidenceText(evidence: Evidence, key: 'expected' | 'found', max = 240, ellipsis = '…', lang: Lang = 'en'): string {
  const said = evidence.said?.[key];
  return plainValue(said ? said[lang] : evidence[key], max, ellipsis, lang);
}
