// The JSON report: a documented, versioned schema (docs/report.md, docs/report.schema.json).
import type { Evaluation } from '../core/evaluate.js';
import type { ReportMeta } from './common.js';
import { redact } from './redact.js';

export const REPORT_SCHEMA = 'clickker.report/v1';

export function buildJsonReport(e: Evaluation, meta: ReportMeta) {
  return redact({
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
    results: e.results.map((r) => ({
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
    })),
  });
}

export function renderJson(e: Evaluation, meta: ReportMeta): string {
  return `${JSON.stringify(buildJsonReport(e, meta), null, 2)}\n`;
}
