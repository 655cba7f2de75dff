// A Markdown report an administrator can mail to Clickker support: verdict, context, every result, every fix.
import type { Evaluation, HostReport } from '../core/evaluate.js';
import type { Result, Status } from '../core/types.js';
import { compact, countsLine, findings, VERDICT_WORDS, type ReportMeta } from './common.js';
import { sanitizeControls } from './controls.js';
import { redact } from './redact.js';

const MARK: Record<Status, string> = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn', unknown: '❓ unknown', 'not-applicable': '➖ n/a', skipped: '⏭️ skipped', waived: '🔕 waived' };

export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function fence(lang: string, body: string): string {
  const ticks = body.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${body}\n${ticks}`;
}

function findingSection(r: Result, withHost: boolean): string[] {
  const out = [`### ${MARK[r.status]} — \`${r.id}\`${withHost ? ` on ${r.host}` : ''}: ${r.title}`, '', r.summary, ''];
  if (r.evidence.expected !== undefined) out.push(`- **Expected:** ${mdCell(compact(r.evidence.expected, 500))}`);
  if (r.evidence.found !== undefined) out.push(`- **Found:** ${mdCell(compact(r.evidence.found, 500))}`);
  if (r.reason) out.push(`- **Reason:** ${mdCell(r.reason)}`);
  if (r.waiver) out.push(`- **Waiver:** ${mdCell(r.waiver.reason)} (approved by ${mdCell(r.waiver.approvedBy)}, ${r.waiver.expired ? 'expired' : 'expires'} ${r.waiver.expires})`);
  out.push(`- **Severity:** ${r.severity} · **Docs:** ${r.docs}`, '');
  if (r.remediation && r.status !== 'waived') {
    out.push(`**Fix:** ${r.remediation.text}`, '');
    for (const c of r.remediation.commands ?? []) out.push(fence(c.shell === 'tsql' ? 'sql' : c.shell === 'powershell' ? 'powershell' : 'text', c.script), '');
  }
  return out;
}

function resultsTable(h: HostReport): string[] {
  return ['| Status | Check | Summary |', '|---|---|---|', ...h.results.map((r) => `| ${MARK[r.status]} | \`${r.id}\` | ${mdCell(r.summary)} |`)];
}

export function renderMarkdown(evaluation: Evaluation, meta: ReportMeta): string {
  const e = sanitizeControls(redact(evaluation));
  const o = e.outcome;
  const title = e.hosts.length === 1 ? e.hosts[0]!.host : `${e.hosts.length} hosts`;
  const out: string[] = [
    `# Clickker preflight report — ${title}`,
    '',
    `**Verdict: ${VERDICT_WORDS[o.verdict]}** (exit code ${o.exitCode}) — ${countsLine(o.counts)}`,
    '',
    '| | |',
    '|---|---|',
    `| Hosts | ${e.hosts.map((h) => mdCell(h.host)).join(', ')} |`,
    `| Profile | ${e.options.profile} |`,
    `| Requirements | ${mdCell(e.requirements.requirements.version)} (${mdCell(e.requirements.source)}, sha256 \`${e.requirements.sha256}\`) |`,
    `| Generated | ${meta.generatedAt} by ${meta.tool.name} ${meta.tool.version} |`,
  ];
  for (const h of e.hosts) {
    if (h.collectedAt) out.push(`| ${mdCell(h.host)} collected | ${h.collectedAt}${h.file ? ` (${mdCell(h.file)})` : ''} |`);
  }
  if (e.selection.skip?.length) out.push(`| Skipped by request | ${e.selection.skip.join(', ')} |`);
  if (e.failOn.length) out.push(`| Fail on | ${e.failOn.join(', ')} |`);
  out.push('');
  if (e.hosts.length > 1) {
    const ids = [...new Set(e.results.map((r) => r.id))];
    out.push('## Matrix', '', `| Check | ${e.hosts.map((h) => mdCell(h.host)).join(' | ')} |`, `|---|${e.hosts.map(() => '---').join('|')}|`);
    for (const id of ids) out.push(`| \`${id}\` | ${e.hosts.map((h) => { const r = h.results.find((x) => x.id === id); return r ? MARK[r.status] : ''; }).join(' | ')} |`);
    out.push('');
  }
  for (const h of e.hosts) {
    out.push(`## ${e.hosts.length > 1 ? `${mdCell(h.host)} — ${VERDICT_WORDS[h.outcome.verdict]}` : 'Results'}`, '', ...resultsTable(h), '');
  }
  const f = findings(e.results);
  if (f.length > 0) {
    out.push('## Findings and fixes', '');
    for (const r of f) out.push(...findingSection(r, e.hosts.length > 1));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
