// The JSON report: a documented, versioned schema (docs/report.md, docs/report.schema.json).
import type { Evaluation } from '../core/evaluate.js';
import type { Result } from '../core/types.js';
import type { ReportMeta } from './common.js';
import { escapeJsonControls } from './controls.js';
import { redact } from './redact.js';

export const REPORT_SCHEMA = 'clickker.report/v1';

function header(e: Evaluation, meta: ReportMeta) {
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
    counts: e.outcome.counts,
    hosts: e.hosts.map((h) => ({
      host: h.host,
      file: h.file ?? null,
      collectedAt: h.collectedAt ?? null,
      collector: h.collector ?? null,
      verdict: h.outcome.verdict,
      exitCode: h.outcome.exitCode,
      counts: h.outcome.counts,
    })),
  };
}

function resultRecord(r: Result) {
  return {
    host: r.host,
    id: r.id,
    title: r.title,
    category: r.category,
    severity: r.severity,
    status: r.status,
    summary: r.summary,
    reason: r.reason ?? null,
    evidence: r.evidence,
    remediation: r.remediation ?? null,
    waiver: r.waiver ?? null,
    docs: r.docs,
    ms: r.ms,
  };
}

export function buildJsonReport(e: Evaluation, meta: ReportMeta) {
  return redact({ ...header(e, meta), results: e.results.map(resultRecord) });
}

/**
 * The same document as buildJsonReport, produced piece by piece (one result at a time) so that a report of
 * a large fleet is never held in memory twice. Byte-identical to JSON.stringify(report, null, 2) + newline.
 */
export function* renderJsonChunks(e: Evaluation, meta: ReportMeta): Generator<string> {
  const head = escapeJsonControls(JSON.stringify(redact(header(e, meta)), null, 2));
  if (e.results.length === 0) {
    yield `${head.slice(0, -2)},\n  "results": []\n}\n`;
    return;
  }
  yield `${head.slice(0, -2)},\n  "results": [\n`;
  for (const [i, r] of e.results.entries()) {
    const body = escapeJsonControls(JSON.stringify(redact(resultRecord(r)), null, 2)).replace(/\n/g, '\n    ');
    yield `    ${body}${i < e.results.length - 1 ? ',' : ''}\n`;
  }
  yield '  ]\n}\n';
}

export function renderJson(e: Evaluation, meta: ReportMeta): string {
  return [...renderJsonChunks(e, meta)].join('');
}
