// The JSON report: a documented, versioned schema (docs/report.md, docs/report.schema.json).
import type { Evaluation, HostReport } from '../core/evaluate.js';
import type { Outcome } from '../core/outcome.js';
import type { Remediation, Result } from '../core/types.js';
import { docsLink, type ReportMeta } from './common.js';
import { escapeJsonControls } from './controls.js';
import { redact, redactForText, secretsGeneration } from './redact.js';
import { NOT_PLAIN, objectText, valueText } from './redacted-json.js';

export const REPORT_SCHEMA = 'clickker.report/v1';

/** What the report's header reads of a run: a fleet judged as a stream has no deciding results to give (src/cli/fleet.ts). */
type HeadOf = Pick<Evaluation, 'requirements' | 'options' | 'selection' | 'failOn'> & { outcome: Pick<Outcome, 'verdict' | 'exitCode' | 'counts' | 'notChecked'> };

function header(e: HeadOf & Pick<Evaluation, 'hosts'>, meta: ReportMeta) {
  return {
    schema: REPORT_SCHEMA,
    tool: meta.tool,
    generatedAt: meta.generatedAt,
    requirements: { version: e.requirements.requirements.version, sha256: e.requirements.sha256, source: e.requirements.source },
    profile: e.options.profile,
    selection: { only: [...(e.selection.only ?? [])], skip: [...(e.selection.skip ?? [])] },
    failOn: [...e.failOn],
    confirmations: [...e.options.confirmations].sort(),
    verdict: e.outcome.verdict,
    exitCode: e.outcome.exitCode,
    // A run that did not judge every blocking check (--only/--skip) is partial: never ready (issue 16).
    partial: e.outcome.notChecked.length > 0,
    notChecked: [...e.outcome.notChecked],
    counts: e.outcome.counts,
    // Last: a fleet judged as a stream writes the hosts from a spool in its place (jsonReportHeadAround).
    hosts: e.hosts.map(hostRecord),
  };
}

function hostRecord(h: HostReport) {
  return {
    host: h.host,
    file: h.file ?? null,
    collectedAt: h.collectedAt ?? null,
    collector: h.collector ?? null,
    verdict: h.outcome.verdict,
    exitCode: h.outcome.exitCode,
    partial: h.outcome.notChecked.length > 0,
    notChecked: [...h.outcome.notChecked],
    counts: h.outcome.counts,
  };
}

/**
 * Values as they stand two levels deep in the report (the items of "hosts" or "results"), joined by ",\n": one
 * JSON.stringify of [[...values]] writes each at exactly that indentation, so no line is re-indented afterwards (a
 * regular expression over every line of every result was 6 % of a fleet's time, issue 17). The text between the
 * outer brackets is cut out; [[a, b]] gives "[\n  [\n    a,\n    b\n  ]\n]".
 */
function nestedText(values: readonly unknown[]): string {
  if (values.length === 0) return '';
  const text = JSON.stringify([values], null, 2);
  return escapeJsonControls(text.slice(OPEN.length, text.length - CLOSE.length));
}
const OPEN = '[\n  [\n';
const CLOSE = '\n  ]\n]';

/** One host as it stands in the report's hosts array (indented, no separator); redact() treats array items alike. */
export function jsonHostText(h: HostReport): string {
  const record = hostRecord(h);
  try {
    return `${ITEM}${objectText(record, ITEM)}`;
  } catch (err) {
    if (err !== NOT_PLAIN) throw err;
    return nestedText([redactForText(record)]);
  }
}

/** The indentation of an item of the report's "hosts" or "results" array, and of its fields. */
const ITEM = '    ';
const FIELD = '      ';

function withoutSaid(evidence: Result['evidence']): Result['evidence'] {
  if (evidence.said === undefined) return evidence;
  const { said: _said, ...values } = evidence;
  return values;
}

function resultRecord(r: Result, docsBase: string | undefined) {
  return {
    host: r.host,
    id: r.id,
    title: r.title,
    category: r.category,
    severity: r.severity,
    status: r.status,
    summary: r.summary,
    reason: r.reason ?? null,
    // The sentences beside the values (`said`, both languages) are for the console, Markdown and HTML; tools read
    // the values themselves.
    evidence: withoutSaid(r.evidence),
    // The JSON report is English: the Dutch beside the text (Remediation.nl) is for the console, Markdown and HTML.
    remediation: r.remediation ? englishRemediation(r.remediation) : null,
    waiver: r.waiver ?? null,
    docs: docsLink(r, docsBase),
    ms: r.ms,
  };
}

export function buildJsonReport(e: Evaluation, meta: ReportMeta) {
  return redact({ ...header(e, meta), results: e.results.map((r) => resultRecord(r, e.requirements.requirements.docsBaseUrl)) });
}

/**
 * The same document as buildJsonReport, produced piece by piece (one result at a time) so that a report of
 * a large fleet is never held in memory twice. Byte-identical to JSON.stringify(report, null, 2) + newline.
 */
export function* renderJsonChunks(e: Evaluation, meta: ReportMeta): Generator<string> {
  const head = jsonReportHead(e, meta, e.results.length > 0);
  if (e.results.length === 0) {
    yield head;
    return;
  }
  yield head;
  const docsBase = e.requirements.requirements.docsBaseUrl;
  for (const [i, r] of e.results.entries()) yield `${jsonResultText(r, docsBase)}${i < e.results.length - 1 ? ',' : ''}\n`;
  yield JSON_REPORT_TAIL;
}

/**
 * The report up to its results array (closed at once when there are none): a fleet judged as a stream (src/cli/fleet.ts)
 * writes this, then each host's jsonResultsText joined by ",\n", then JSON_REPORT_TAIL.
 */
export function jsonReportHead(e: HeadOf & Pick<Evaluation, 'hosts'>, meta: ReportMeta, hasResults: boolean): string {
  const head = escapeJsonControls(JSON.stringify(redact(header(e, meta)), null, 2));
  return hasResults ? `${head.slice(0, -2)},\n  "results": [\n` : `${head.slice(0, -2)},\n  "results": []\n}\n`;
}

/**
 * The report up to its results array, in two parts around the hosts array's items: a fleet judged as a stream writes
 * `before`, each host's jsonHostText joined by ",\n" (none: nothing), then `after` (issue 17: the hosts are spooled
 * like the results, so a large fleet's header is never built in memory). Together the same text as jsonReportHead.
 */
export function jsonReportHeadAround(e: HeadOf, meta: ReportMeta, hasHosts: boolean, hasResults: boolean): { before: string; after: string } {
  const empty = jsonReportHead({ ...e, hosts: [] }, meta, hasResults);
  // "hosts" is the header's last key, so at the top level it is the one line `  "hosts": [],` of the text.
  const at = empty.indexOf('\n  "hosts": [],\n');
  if (at < 0) throw new Error('report header without its hosts line');
  const open = at + '\n  "hosts": '.length;
  return hasHosts
    ? { before: `${empty.slice(0, open)}[\n`, after: `\n  ]${empty.slice(open + 2)}` }
    : { before: empty.slice(0, open + 2), after: empty.slice(open + 2) };
}

/**
 * Redacted copies of remediations, one per object: a check's own remediation is the same object in every host's
 * result, and redacting its long texts again for each of a fleet's hosts was a third of the JSON report's time
 * (issue 17). A copy is remade when a secret was registered since.
 */
const redactedRemediations = new WeakMap<object, { generation: number; copy: unknown }>();
const englishRemediations = new WeakMap<Remediation, Omit<Remediation, 'nl'>>();

/** The remediation without its Dutch, the same object for the same remediation (so the redaction cache still hits). */
function englishRemediation(remediation: Remediation): Omit<Remediation, 'nl'> {
  let copy = englishRemediations.get(remediation);
  if (!copy) {
    copy = { text: remediation.text, ...(remediation.commands ? { commands: remediation.commands } : {}) };
    englishRemediations.set(remediation, copy);
  }
  return copy;
}

function redactedRemediation(remediation: object): unknown {
  const generation = secretsGeneration();
  const known = redactedRemediations.get(remediation);
  if (known && known.generation === generation) return known.copy;
  const copy = redact(remediation);
  redactedRemediations.set(remediation, { generation, copy });
  return copy;
}

/**
 * A result's record, redacted: the same as redact(record), since redact() walks an object field by field and
 * "remediation" is no secret's name. Parts that hold no secret are not copied (the record is only serialized).
 */
function redactedResult(r: Result, docsBase: string | undefined): Record<string, unknown> {
  const record = resultRecord(r, docsBase);
  const redacted: Record<string, unknown> = redactForText({ ...record, remediation: null });
  // redactForText gave back the fresh top-level object or a copy of it: either is this function's own to change.
  if (record.remediation !== null) redacted.remediation = redactedRemediation(record.remediation);
  return redacted;
}

/** One result as it stands in the report's results array (indented, no separator). */
export function jsonResultText(r: Result, docsBase: string | undefined): string {
  return jsonResultsText([r], docsBase);
}

/** A host's results as they stand in the report's results array, joined by ",\n" ('' for none): one text per host. */
export function jsonResultsText(results: readonly Result[], docsBase: string | undefined): string {
  try {
    let text = '';
    for (let i = 0; i < results.length; i += 1) text += `${i === 0 ? ITEM : `,\n${ITEM}`}${resultText(results[i]!, docsBase)}`;
    return text;
  } catch (err) {
    // Not plain data somewhere (never from a snapshot): the general path, whose text the one-pass writer equals.
    if (err !== NOT_PLAIN) throw err;
    return nestedText(results.map((r) => redactedResult(r, docsBase)));
  }
}

/**
 * resultRecord(r) as nestedText(redactedResult(r)) writes it, in one pass: none of the record's own keys names a secret,
 * so each field is its value's redacted text (redacted-json.ts), and a check's remediation is written once per run.
 */
function resultText(r: Result, docsBase: string | undefined): string {
  const evidence: unknown = r.evidence;
  const host = valueText(r.host, FIELD);
  const id = valueText(r.id, FIELD);
  const title = valueText(r.title, FIELD);
  const category = valueText(r.category, FIELD);
  const severity = valueText(r.severity, FIELD);
  const status = valueText(r.status, FIELD);
  const summary = valueText(r.summary, FIELD);
  const reason = valueText(r.reason ?? null, FIELD);
  // withoutSaid(): the sentences beside the values are left out.
  const values = evidence !== null && typeof evidence === 'object' ? objectText(evidence, FIELD, 'said') : valueText(evidence, FIELD);
  const remediation = r.remediation ? remediationText(r.remediation) : 'null';
  const waiver = valueText(r.waiver ?? null, FIELD);
  const docs = valueText(docsLink(r, docsBase), FIELD);
  const ms = valueText(r.ms, FIELD);
  if (host === undefined || id === undefined || title === undefined || category === undefined || severity === undefined || status === undefined
    || summary === undefined || values === undefined || ms === undefined) {
    // A field JSON.stringify leaves out (never from the runner): the general path writes the record without it.
    throw NOT_PLAIN;
  }
  return `{\n${FIELD}"host": ${host},\n${FIELD}"id": ${id},\n${FIELD}"title": ${title},\n${FIELD}"category": ${category},\n${FIELD}"severity": ${severity},\n${FIELD}"status": ${status},\n${FIELD}"summary": ${summary},\n${FIELD}"reason": ${reason},\n${FIELD}"evidence": ${values},\n${FIELD}"remediation": ${remediation},\n${FIELD}"waiver": ${waiver},\n${FIELD}"docs": ${docs},\n${FIELD}"ms": ${ms}\n${ITEM}}`;
}

/**
 * englishRemediation(remediation) as the report writes it (the text, the commands when there are any, never the Dutch),
 * without the copy. No per-object cache: most checks build their remediation for the host, naming what they found.
 */
function remediationText(remediation: Remediation): string {
  const inner = `${FIELD}  `;
  const text = valueText(remediation.text, inner);
  const commands = remediation.commands ? valueText(remediation.commands, inner) : undefined;
  if (text === undefined) return commands === undefined ? '{}' : `{\n${inner}"commands": ${commands}\n${FIELD}}`;
  return commands === undefined ? `{\n${inner}"text": ${text}\n${FIELD}}` : `{\n${inner}"text": ${text},\n${inner}"commands": ${commands}\n${FIELD}}`;
}

export const JSON_REPORT_TAIL = '  ]\n}\n';

export function renderJson(e: Evaluation, meta: ReportMeta): string {
  return [...renderJsonChunks(e, meta)].join('');
}
