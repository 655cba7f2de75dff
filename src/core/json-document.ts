// Parsing external JSON documents with errors that name the file and the JSON path, never a stack trace. Every
// message is in English and Dutch (an InputError carries both; the run's language picks one).
import type * as z from 'zod';
import { InputError } from './errors.js';
import { issueText } from './issue-text.js';
import { msg } from '../report/i18n/catalogue.js';
import { compose, inputError, whatMsg, type What } from './input-error.js';
import { verbatim, type Msg } from './text.js';

export type { What } from './input-error.js';

/** "<what>: <why>" in both languages. */
export function line(what: What, why: Msg): Msg {
  const w = whatMsg(what);
  return { en: `${w.en}: ${why.en}`, nl: `${w.nl}: ${why.nl}` };
}

/** JSON.parse with a one-line error naming the document and, where Node says, the line and column. */
export function parseJsonDocument(text: string, what: What): unknown {
  const w = whatMsg(what);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // Windows PowerShell 5.1 writes a UTF-8 BOM
  if (body.trim() === '') throw inputError(w, 'in.json.empty');
  try {
    return JSON.parse(body);
  } catch (err) {
    throw inputError(w, 'in.json.invalid', { why: describeJsonError((err as Error).message, body) });
  }
}

/**
 * Node's JSON.parse messages quote the document's text ('Unexpected token x, "...file text..." is not valid JSON'),
 * and that text may hold a secret: only the kind of error and its line and column are kept. The kinds V8 reports
 * most (v8/src/common/message-template.h: JsonParse*) are said in the run's language; any other is quoted.
 */
export function describeJsonError(message: string, body: string): Msg {
  const at = /at position (\d+)/.exec(message);
  const pos = at ? lineColumn(body, Number(at[1])) : undefined;
  const where = pos ? msg('in.json.at', pos) : verbatim('');
  const say = (id: Parameters<typeof msg>[0], vars: Record<string, string> = {}) => compose(id, { ...vars, where });
  if (/^Unexpected end of JSON input/i.test(message)) return msg('in.json.ends-early');
  const token = /^Unexpected token '(.)'/u.exec(message);
  if (token) {
    const c = token[1]!;
    const shown = /^[\x21-\x7e]$/.test(c) ? `'${c}'` : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return say('in.json.unexpected', { char: shown });
  }
  if (/^Expected (double-quoted )?property name/i.test(message)) return say('in.json.expected-name');
  if (/^Expected ',' or/i.test(message)) return say('in.json.expected-comma');
  if (/^Expected ':'/i.test(message)) return say('in.json.expected-colon');
  if (/^Unexpected non-whitespace character after JSON/i.test(message)) return say('in.json.after-end');
  if (/^(Unterminated string|Bad control character)/i.test(message)) return say('in.json.string');
  const kind = message.replace(/ in JSON at position \d+.*$/s, '').replace(/ at position \d+.*$/s, '').replace(/,? ".*$/s, '').replace(/[^\x20-\x7e]/g, '?').replace(/"/g, "'").slice(0, 80);
  return say('in.json.other', { kind: `${kind.charAt(0).toLowerCase()}${kind.slice(1)}` });
}

/** The 1-based line and column of a character offset. */
export function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < pos; i = text.indexOf('\n', i + 1)) { line++; last = i; }
  return { line, column: pos - last };
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

/** "at <path>: <what zod found>", in both languages (zod's own English is never printed). */
export function issueAt(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): Msg {
  const path = jsonPath([...prefix, ...issue.path]);
  const shown = path === '(top level)' ? msg('in.top-level') : verbatim(path);
  return compose('in.at-path', { path: shown, why: issueText(issue) });
}

/** "<what>: at <path>: <why>": the one-line error for a document that does not match its schema. */
export function issueError(what: What, issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): InputError {
  return new InputError(line(what, issueAt(issue, prefix)));
}
