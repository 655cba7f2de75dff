// A value's JSON report text written in one pass, redacted as it is written (issue 17): the same text as
// escapeJsonControls(JSON.stringify(redactForText(value), null, 2)) at a given indentation, without the redacted copy
// of a host's results and the re-walk JSON.stringify makes of it (together a fifth of a 1,000-host fleet's time).
// Only plain data is written here (what JSON.parse and the checks make: plain objects and arrays, strings, numbers,
// booleans, null); anything else (a Set, a Date, a class instance, a toJSON, an own "__proto__", a cycle, a BigInt,
// a value nested deeper than MAX_INDENT) makes it give up with NOT_PLAIN, and the caller takes the general path, so
// such values read exactly as before.
import { escapeJsonControls } from './controls.js';
import { isPlain, isSecretKey, MASK, masksValue, redactedTextMemo, redactText } from './redact.js';

/** Thrown when a value is not plain JSON data: one error made once (no stack trace to build at each throw). */
export const NOT_PLAIN = new Error('not plain JSON data');

/** DEL and C1, which JSON.stringify writes raw and escapeJsonControls escapes. */
const C1 = /[\u007F-\u009F]/;

/**
 * One string value as the report writes it: redacted (structure and registered values), quoted, controls escaped.
 * Memoized (redactedTextMemo): a fleet's hosts repeat the same titles, summaries and evidence values. (Measured in
 * issue 17's sixth session: a scan that writes a string holding no secret and nothing to escape as it is, without
 * the memo, was no faster: the memo's hash of a string costs about what the scan costs, and a hit allocates nothing.)
 */
export const stringText = redactedTextMemo((value) => {
  const text = JSON.stringify(redactText(value));
  return C1.test(text) ? escapeJsonControls(text) : text;
}, 8192, 512);

/**
 * An object key as the report writes it, with its separator (keys are never redacted, only the values below them),
 * and whether it names a secret (isSecretKey): one lookup for both (issue 17).
 */
function keyOf(key: string): { text: string; secret: boolean } {
  let known = keys.get(key);
  if (known === undefined) {
    let text = JSON.stringify(key);
    if (C1.test(text)) text = escapeJsonControls(text);
    known = { text: `${text}: `, secret: isSecretKey(key) };
    if (keys.size < KEY_MEMO_MAX && key.length <= KEY_MEMO_CHARS) keys.set(key, known);
  }
  return known;
}
const keys = new Map<string, { text: string; secret: boolean }>();
const KEY_MEMO_MAX = 4096;
const KEY_MEMO_CHARS = 512;
const MASKED = JSON.stringify(MASK);

/**
 * Deeper than this (the indentation's length: two spaces a level) a value is left to the general path: a cycle ends
 * there (JSON.stringify throws on it, and so does that path), without a list of the objects being written to keep
 * and search at every object (issue 17). Reports are a few levels deep; a deeper value reads the same either way.
 */
const MAX_INDENT = 200;

/**
 * `value`'s text at indentation `indent` (its first line unindented, as after a key), or undefined where
 * JSON.stringify leaves a field out (undefined, a function, a symbol). Throws NOT_PLAIN for anything but plain data.
 */
export function valueText(value: unknown, indent: string): string | undefined {
  switch (typeof value) {
    case 'string': return stringText(value);
    case 'number': return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean': return value ? 'true' : 'false';
    case 'undefined': case 'function': case 'symbol': return undefined;
    case 'object': return value === null ? 'null' : objectText(value, indent);
    default: throw NOT_PLAIN; // a BigInt: JSON.stringify throws, and so does the general path
  }
}

/** An object's or array's text; `skip` names a key left out (the evidence's `said`, as withoutSaid() does). */
export function objectText(value: object, indent: string, skip?: string): string {
  if (!isPlain(value) || Object.hasOwn(value, '__proto__') || typeof (value as { toJSON?: unknown }).toJSON === 'function' || indent.length > MAX_INDENT) throw NOT_PLAIN;
  const inner = `${indent}  `;
  let text = '';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    for (let i = 0; i < value.length; i += 1) {
      text += `${i === 0 ? '[\n' : ',\n'}${inner}${valueText(value[i], inner) ?? 'null'}`;
    }
    return `${text}\n${indent}]`;
  }
  for (const k of Object.keys(value)) {
    if (k === skip) continue;
    const v = (value as Record<string, unknown>)[k];
    const key = keyOf(k);
    // As redactForText: a secret's name over a scalar masks it whole.
    const shown = masksValue(k, v, key.secret) ? MASKED : valueText(v, inner);
    if (shown !== undefined) text += `${text === '' ? '{\n' : ',\n'}${inner}${key.text}${shown}`;
  }
  return text === '' ? '{}' : `${text}\n${indent}}`;
}
