// A Markdown report an administrator can mail to Clickker support: verdict, the to-do list, context, every result,
// every fix with who runs it, and a documentation link per finding. Rendered in the report language (--lang).
import type { Evaluation, HostReport } from '../core/evaluate.js';
import type { Result, Status } from '../core/types.js';
import { commandLabel, docsLink, findings, orderedCommands, tallyLine, verdictWord, type ReportMeta } from './common.js';
import { t, type Lang } from './i18n/catalogue.js';
import { localize } from './i18n/localize.js';
import { sanitizeControls } from './controls.js';
import { redact } from './redact.js';
import { isPartial, notChecked, todoList, type TodoItem } from './todo.js';
import { evidenceText, namedItems } from './values.js';

const ICON: Record<Status, string> = { pass: '✅', fail: '❌', warn: '⚠️', unknown: '❓', 'not-applicable': '➖', skipped: '⏭️', waived: '🔕' };
const mark = (s: Status, lang: Lang) => `${ICON[s]} ${t(lang, `mark.${s}`)}`;

export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function fence(lang: string, body: string): string {
  const ticks = body.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${body}\n${ticks}`;
}

function findingSection(r: Result, withHost: boolean, lang: Lang, docsBase: string | undefined): string[] {
  const out = [`### ${mark(r.status, lang)} — \`${r.id}\`${withHost ? ` ${t(lang, 'md.on-host', { host: r.host })}` : ''}: ${r.title}`, '', r.summary, ''];
  if (r.evidence.expected !== undefined) out.push(`- **${t(lang, 'label.expected')}** ${mdCell(evidenceText(r.evidence, 'expected', 500, '…', lang))}`);
  if (r.evidence.found !== undefined) out.push(`- **${t(lang, 'label.found')}** ${mdCell(evidenceText(r.evidence, 'found', 500, '…', lang))}`);
  const missing = namedItems(r.evidence.missing);
  if (missing) out.push(`- **${t(lang, 'label.missing')}** ${mdCell(missing)}`);
  if (r.reason) out.push(`- **${t(lang, 'md.reason')}:** ${mdCell(r.reason)}`);
  if (r.waiver) {
    out.push(`- **${t(lang, 'label.waiver')}** ${mdCell(t(lang, 'waiver.detail', { reason: r.waiver.reason, approver: r.waiver.approvedBy, state: t(lang, r.waiver.expired ? 'waiver.expired' : 'waiver.expires'), expires: r.waiver.expires }))}`);
  }
  out.push(`- **${t(lang, 'html.severity')}:** ${r.severity} · **${t(lang, 'label.docs')}** ${docsLink(r, docsBase)}`, '');
  if (r.remediation && r.status !== 'waived') {
    out.push(`**${t(lang, 'label.fix')}** ${r.remediation.text}`, '');
    for (const c of orderedCommands(r.remediation.commands)) out.push(`*${commandLabel(c, lang)}*`, '', fence(c.shell === 'tsql' ? 'sql' : c.shell === 'powershell' ? 'powershell' : 'text', c.script), '');
  }
  return out;
}

function todoSection(items: readonly TodoItem[], withHost: boolean, lang: Lang): string[] {
  return items.flatMap((item, i) => {
    const ids = item.results.map((r) => `\`${r.id}\``).join(', ');
    const text = item.kind === 'unconfirmed' ? t(lang, 'todo.confirm', { question: item.text })
      : item.results.length > 1 ? `${t(lang, 'todo.group', { n: item.results.length, ids: item.results.map((r) => r.id).join(', '), reason: item.reason ?? '' })}. ${item.text}` : item.text;
    const out = [`${i + 1}. ${withHost ? `${item.host} ` : ''}${ids}: ${text}`];
    if (item.command) out.push('', `   *${commandLabel(item.command, lang)}*`, '', ...fence(item.command.shell === 'tsql' ? 'sql' : item.command.shell === 'powershell' ? 'powershell' : 'text', item.command.script).split('\n').map((l) => `   ${l}`), '');
    return out;
  });
}

function resultsTable(h: HostReport, lang: Lang): string[] {
  return [`| ${t(lang, 'md.status')} | ${t(lang, 'md.check')} | ${t(lang, 'md.summary')} |`, '|---|---|---|', ...h.results.map((r) => `| ${mark(r.status, lang)} | \`${r.id}\` | ${mdCell(r.summary)} |`)];
}

export function renderMarkdown(evaluation: Evaluation, meta: ReportMeta): string {
  const lang = meta.lang ?? 'en';
  const e = localize(sanitizeControls(redact(evaluation)), lang);
  const o = e.outcome;
  const title = e.hosts.length === 1 ? e.hosts[0]!.host : t(lang, 'meta.hosts', { n: e.hosts.length });
  const docsBase = e.requirements.requirements.docsBaseUrl;
  const skipped = notChecked(e);
  const word = isPartial(e) ? t(lang, 'verdict.partial') : verdictWord(o.verdict, lang);
  const out: string[] = [
    `# ${t(lang, 'html.title', { host: title })}`,
    '',
    `**${t(lang, 'md.verdict')}: ${word}** (${t(lang, 'md.exit', { code: o.exitCode })}) — ${tallyLine(e.results, lang)}`,
    '',
  ];
  const todo = todoList(e.results, e.failOn);
  if (todo.length > 0) out.push(`## ${t(lang, 'html.todo')}`, '', ...todoSection(todo, e.hosts.length > 1, lang), '');
  out.push(
    '| | |',
    '|---|---|',
    `| ${t(lang, 'md.hosts')} | ${e.hosts.map((h) => mdCell(h.host)).join(', ')} |`,
    `| ${t(lang, 'html.profile')} | ${e.options.profile} |`,
    `| ${t(lang, 'html.requirements')} | ${mdCell(e.requirements.requirements.version)} (${mdCell(e.requirements.source)}, sha256 \`${e.requirements.sha256}\`) |`,
    `| ${t(lang, 'md.generated')} | ${t(lang, 'md.generated-by', { when: meta.generatedAt, tool: `${meta.tool.name} ${meta.tool.version}` })} |`,
  );
  for (const h of e.hosts) {
    if (h.collectedAt) out.push(`| ${mdCell(h.host)} collected | ${h.collectedAt}${h.file ? ` (${mdCell(h.file)})` : ''} |`);
  }
  if (skipped.length) out.push(`| ${t(lang, 'md.skipped')} | ${skipped.join(', ')} |`);
  if (e.failOn.length) out.push(`| Fail on | ${e.failOn.join(', ')} |`);
  out.push('');
  if (e.hosts.length > 1) {
    const ids = [...new Set(e.results.map((r) => r.id))];
    out.push(`## ${t(lang, 'md.matrix')}`, '', `| ${t(lang, 'md.check')} | ${e.hosts.map((h) => mdCell(h.host)).join(' | ')} |`, `|---|${e.hosts.map(() => '---').join('|')}|`);
    for (const id of ids) out.push(`| \`${id}\` | ${e.hosts.map((h) => { const r = h.results.find((x) => x.id === id); return r ? mark(r.status, lang) : ''; }).join(' | ')} |`);
    out.push('');
  }
  for (const h of e.hosts) {
    out.push(`## ${e.hosts.length > 1 ? `${mdCell(h.host)} — ${verdictWord(h.outcome.verdict, lang)}` : t(lang, 'md.results')}`, '', ...resultsTable(h, lang), '');
  }
  const f = findings(e.results);
  if (f.length > 0) {
    out.push(`## ${t(lang, 'md.findings')}`, '');
    for (const r of f) out.push(...findingSection(r, e.hosts.length > 1, lang, docsBase));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
