// Readers for the shapes Windows PowerShell 5.1's ConvertTo-Json really produces (see shared captures 36, 49, 02).
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import { zodText } from '../core/issue-text.js';

/** A pipeline of one item prints an object, not a one-element array; nothing at all prints no output (null). */
export function psArray<T extends z.ZodMiniType>(item: T) {
  return z.pipe(z.transform((v) => (v === null || v === undefined || v === '' ? [] : Array.isArray(v) ? (v as unknown[]) : [v])), z.array(item));
}

const MS_DATE = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/;

/**
 * A [DateTime]: "\/Date(ms)\/" (JSON.parse turns "\/" into "/"), an ISO string, or the object form
 * { value: "\/Date(ms)\/", DisplayHint, DateTime } that a DateTime with extra note properties becomes.
 * Output: ISO-8601 string, or null when absent.
 */
export const psDate = z.pipe(z.transform((v) => {
  if (v && typeof v === 'object' && 'value' in v) v = v.value;
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string') {
    const m = MS_DATE.exec(v);
    const d = m ? new Date(Number(m[1])) : new Date(v);
    return Number.isNaN(d.getTime()) ? v : d.toISOString();
  }
  return v;
}), z.nullable(z.string().check(z.regex(/^\d{4}-\d\d-\d\dT/, zodText('in.z.ps-date')))));

/**
 * A [System.Version]: PS 5.1 prints an object {Major, Minor, Build, Revision, ...} (unset parts are -1);
 * PowerShell 7's SemanticVersion prints {Major, Minor, Patch, PreReleaseLabel, BuildLabel} (seen from the real
 * pwsh 7.6.10) or, through ToString(), a string. Output: "5.1.14393.5582", "7.6.10".
 */
export const psVersion = z.pipe(z.transform((v) => {
  if (v && typeof v === 'object' && 'Major' in v) {
    const o = v as Record<string, unknown>;
    if ('Patch' in o && !('Build' in o)) {
      const label = typeof o.PreReleaseLabel === 'string' && o.PreReleaseLabel ? `-${o.PreReleaseLabel}` : '';
      return `${['Major', 'Minor', 'Patch'].map((k) => o[k]).join('.')}${label}`;
    }
    return ['Major', 'Minor', 'Build', 'Revision']
      .map((k) => o[k])
      .filter((n) => typeof n === 'number' && n >= 0)
      .join('.');
  }
  if (v && typeof v === 'object' && 'value' in v) return v.value;
  return v;
}), z.string().check(z.regex(/^\d+(\.\d+){0,3}([-+].*)?$/, zodText('in.z.version'))));

/** An enum that PS 5.1 prints as its integer, or (from PowerShell 7 or a ToString()) its name. Output: the name. */
export function psEnum<const N extends readonly string[]>(names: Record<number, N[number]>, all: N) {
  return z.pipe(z.pipe(z.transform((v) => (typeof v === 'number' && v in names ? names[v] : v)), z.enum(all as unknown as [string, ...string[]])), z.transform((v) => v as N[number]));
}

/** A number that PowerShell sometimes prints as a string (e.g. BuildNumber "17763"). */
export const psInt = z.pipe(z.transform((v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v)), z.number().check(z.int()));
