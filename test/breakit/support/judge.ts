// The preflight's snapshot path, in process: bytes -> decode -> JSON -> snapshot -> (account) -> evaluate -> every
// report format. The CLI runs exactly these functions (src/cli/preflight.ts) around a file read; judging in process
// lets the suite try hundreds of inputs in seconds. The invariants checked here are the issue-15 contract.
import { XMLValidator } from 'fast-xml-parser';
import { allChecks } from '../../../checks/index.js';
import { defaultOptions, evaluate, type Evaluation } from '../../../src/core/evaluate.js';
import { decodeText } from '../../../src/core/input-file.js';
import { parseJsonDocument } from '../../../src/core/json-document.js';
import { loadRequirements } from '../../../src/core/requirements.js';
import { parseSnapshot } from '../../../src/facts/snapshot.js';
import { factsForAccount } from '../../../src/core/snapshot-account.js';
import type { EvaluationOptions } from '../../../src/core/types.js';
import { errorLine } from '../../../src/cli/error-line.js';
import { renderConsole } from '../../../src/report/console.js';
import { renderJson } from '../../../src/report/json.js';
import { renderJunit } from '../../../src/report/junit.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { detectStyle } from '../../../src/report/style.js';
import { RAW_CONTROL } from './hostile.js';

const REQUIREMENTS = loadRequirements();
const CHECKS = allChecks(REQUIREMENTS.requirements);
const META = { tool: { name: 'clickker', version: 'break-it' }, generatedAt: '2026-12-04T00:00:00.000Z' };
const NOW = new Date('2026-12-04T00:00:00Z');
const PLAIN = detectStyle({ color: false, ascii: false }, { isTTY: false, columns: 100 });

export interface Judged {
  evaluation?: Evaluation;
  /** The error line the CLI would print (exit 2), when the input was refused. */
  error?: string;
  outputs: Record<string, string>;
}

/** Judges snapshot bytes as `preflight --snapshot FILE --format F` would; never throws an InputError. */
export function judgeBytes(bytes: Buffer, file: string, options: Partial<EvaluationOptions> = {}): Judged {
  try {
    const loaded = parseSnapshot(parseJsonDocument(decodeText(bytes, `snapshot ${file}`), `snapshot ${file}`), file);
    const o = defaultOptions({ confirmations: new Set(['all']), ...options });
    const evaluation = evaluate({ hosts: [{ facts: factsForAccount(loaded.facts, o.serviceAccount), file, collectedAt: loaded.snapshot.collectedAt }], requirements: REQUIREMENTS, checks: CHECKS, options: o, now: NOW });
    return { evaluation, outputs: renderAll(evaluation) };
  } catch (err) {
    if ((err as Error).name !== 'InputError') throw err;
    return { error: errorLine((err as Error).message), outputs: {} };
  }
}

export function renderAll(e: Evaluation): Record<string, string> {
  return {
    console: renderConsole(e, META, { style: PLAIN, verbose: true }),
    json: renderJson(e, META),
    junit: renderJunit(e, META),
    markdown: renderMarkdown(e, META),
  };
}

/** What must hold for any input: one clean error line, or reports free of secrets and raw control characters. */
export function contractProblems(j: Judged, secrets: readonly string[]): string[] {
  const problems: string[] = [];
  if (j.error !== undefined) {
    if (j.error.split('\n').length !== 2) problems.push(`error is not one line: ${JSON.stringify(j.error.slice(0, 300))}`);
    if (RAW_CONTROL.test(j.error)) problems.push(`error holds a control character: ${JSON.stringify(j.error.slice(0, 300))}`);
    if (j.error.length > 2000) problems.push(`error is ${j.error.length} characters long`);
  }
  for (const [format, text] of Object.entries({ ...j.outputs, ...(j.error ? { stderr: j.error } : {}) })) {
    for (const s of secrets) if (text.includes(s)) problems.push(`${format} leaks the secret ${s}: …${text.slice(Math.max(0, text.indexOf(s) - 80), text.indexOf(s) + 40)}…`);
    if (format !== 'json' && RAW_CONTROL.test(text)) {
      const at = text.search(RAW_CONTROL);
      problems.push(`${format} holds a raw control character U+${text.charCodeAt(at).toString(16).padStart(4, '0')}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 20))}`);
    }
  }
  if (j.outputs.json !== undefined) {
    if (/[\u007f-\u009f]/.test(j.outputs.json)) problems.push('json holds a raw DEL or C1 character');
    try { JSON.parse(j.outputs.json); } catch (err) { problems.push(`json report does not parse: ${(err as Error).message.slice(0, 100)}`); }
  }
  if (j.outputs.junit !== undefined && XMLValidator.validate(j.outputs.junit) !== true) problems.push('junit report is not well-formed XML');
  for (const r of j.evaluation?.results ?? []) {
    if (r.reason?.startsWith('check crashed')) problems.push(`${r.id} crashed: ${r.reason.slice(0, 200)}`);
  }
  return problems;
}
