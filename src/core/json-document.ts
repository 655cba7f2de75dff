// Parsing external JSON documents with errors that name the file and the JSON path, never a stack trace.
import type * as z from 'zod';
import { InputError } from './errors.js';

/** JSON.parse with a one-line error naming the document and, where Node says, the line and column. */
export function parseJsonDocument(text: string, what: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // Windows PowerShell 5.1 writes a UTF-8 BOM
  if (body.trim() === '') throw new InputError(`${what}: the file is empty`);
  try {
    return JSON.parse(body);
  } catch (err) {
    throw new InputError(`${what}: not valid JSON (${describeJsonError((err as Error).message, body)})`);
  }
}

/**
 * Node's JSON.parse messages quote the document's text ('Unexpected token x, "...file text..." is not valid JSON'),
 * and that text may hold a secret: only the kind of error and its line and column are kept.
 */
export function describeJsonError(message: string, body: string): string {
  const at = /at position (\d+)/.exec(message);
  const where = at ? ` at ${lineColumn(body, Number(at[1]))}` : '';
  if (/^Unexpected end of JSON input/i.test(message)) return 'the document ends too early';
  const token = /^Unexpected token '(.)'/u.exec(message);
  if (token) {
    const c = token[1]!;
    const shown = /^[\x21-\x7e]$/.test(c) ? `'${c}'` : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return `unexpected character ${shown}${where}`;
  }
  const kind = message.replace(/ in JSON at position \d+.*$/s, '').replace(/ at position \d+.*$/s, '').replace(/,? ".*$/s, '').replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
  return `${kind.charAt(0).toLowerCase()}${kind.slice(1)}${where}`;
}

function lineColumn(text: string, pos: number): string {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) { line++; last = i; }
  return `line ${line} column ${pos - last}`;
}

/** Renders a zod path as a JSON path: probes.windowsFeatures.data[3].InstallState */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(part))) out += (out ? '.' : '') + String(part);
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || '(top level)';
}

export function formatIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): string {
  return `at ${jsonPath([...prefix, ...issue.path])}: ${issue.message}`;
}
