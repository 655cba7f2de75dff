// Parsing external JSON documents with errors that name the file and the JSON path, never a stack trace.
import type { z } from 'zod';
import { InputError } from './errors.js';

/** JSON.parse with a one-line error naming the document and, where Node says, the line and column. */
export function parseJsonDocument(text: string, what: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // Windows PowerShell 5.1 writes a UTF-8 BOM
  if (body.trim() === '') throw new InputError(`${what}: the file is empty`);
  try {
    return JSON.parse(body);
  } catch (err) {
    const msg = (err as Error).message.replace(/^Unexpected token/, 'unexpected character').split('\n')[0];
    throw new InputError(`${what}: not valid JSON (${msg})`);
  }
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
