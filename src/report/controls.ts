// Control characters from a snapshot, a probe or a file name never reach a terminal or a report raw: an ESC sequence
// can erase a line and print a forged "READY", OSC 52 writes the clipboard, BEL rings, NUL truncates. Every report
// format and every error line calls this module. C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F, which some terminals
// obey as 8-bit CSI/OSC) are shown as visible escapes such as \x1B; tab, and newline where a field is multi-line, stay.
// So are the Unicode bidirectional controls (U+200E/U+200F marks, U+202A-U+202E embeddings and overrides, U+2066-U+2069
// isolates): they reorder what a terminal or a browser shows, so a host name could display as something it is not
// (the "Trojan Source" class, CVE-2021-42574); they are shown as \u202E.

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS_AND_NEWLINE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const visible = (c: string): string => {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  const code = c.charCodeAt(0);
  if (code > 0xff) return `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
};

/** Escapes control characters; newlines stay when `multiline` (a script, a stack), else they become \n. */
export function escapeControls(text: string, multiline = false): string {
  const re = multiline ? CONTROLS : CONTROLS_AND_NEWLINE;
  re.lastIndex = 0;
  return re.test(text) ? text.replace(re, visible) : text;
}

/** True when a text holds a character this module would escape (newline excepted when `multiline`). */
export function hasControls(text: string, multiline = false): boolean {
  const re = multiline ? CONTROLS : CONTROLS_AND_NEWLINE;
  re.lastIndex = 0;
  return re.test(text);
}

// Fields whose text is several lines by design; everywhere else (host, id, summary, file) a newline could start a
// forged line of its own and is escaped.
const MULTILINE_KEYS = new Set(['script', 'stack', 'text']);

/** Whether sanitizeControls keeps newlines in a string under this key (and in the items of an array under it). */
export function isMultilineKey(key: string): boolean {
  return MULTILINE_KEYS.has(key);
}

/** A deep copy of a report's data with every string's control characters escaped (Sets, arrays, objects kept). */
export function sanitizeControls<T>(value: T): T {
  return walk(value, false, new Map()) as T;
}

/**
 * `copies`: each object already copied in this walk. An object's copy does not depend on where it is met (its own
 * keys decide how its strings are escaped), so an object met twice is copied once (as redact() does, issue 17).
 */
function walk(value: unknown, multiline: boolean, copies: Map<object, unknown>): unknown {
  if (typeof value === 'string') return escapeControls(value, multiline);
  if (Array.isArray(value)) return value.map((v) => walk(v, multiline, copies));
  if (value instanceof Set) return new Set([...value].map((v) => walk(v, multiline, copies)));
  if (value && typeof value === 'object') {
    const seen = copies.get(value);
    if (seen !== undefined) return seen;
    const out: Record<string, unknown> = {};
    copies.set(value, out);
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, MULTILINE_KEYS.has(k), copies);
    return out;
  }
  return value;
}

/** JSON.stringify escapes C0 but writes DEL and C1 raw; this escapes those too, keeping the document equal. */
export function escapeJsonControls(json: string): string {
  return json.replace(/[\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line for stderr: controls escaped (newlines too), so an error is always exactly one line. */
export function oneLine(text: string): string {
  return escapeControls(text.replace(/\r?\n$/, ''), false);
}
