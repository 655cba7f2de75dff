// A self-contained HTML report (no scripts, no external fonts, images or styles): what an administrator mails to
// Clickker, readable offline on a server and printable. Verdict banner, to-do list, every check with its evidence and
// fix, the host facts and the requirements version. Everything passes through redact() first.
import type { Evaluation, HostReport } from '../core/evaluate.js';
import type { Result, Status } from '../core/types.js';
import { byCategory, commandLabel, docsLink, duration, orderedCommands, tallyLine, verdictWord, type ReportMeta } from './common.js';
import { endpointRows } from './endpoints.js';
import { t, type Lang, type MessageId } from './i18n/catalogue.js';
import { localize } from './i18n/localize.js';
import { sanitizeControls } from './controls.js';
import { redact } from './redact.js';
import { isPartial, notChecked, todoList, warningList, type TodoItem } from './todo.js';
import { evidenceText, namedItems } from './values.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function htmlEscape(s: string): string {
  return s.replace(CONTROL, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const MARK: Record<Status, string> = { pass: '✔', fail: '✖', warn: '⚠', unknown: '?', 'not-applicable': '–', skipped: '↷', waived: '≈' };

const STYLE = `
body{font:14px/1.45 "Segoe UI",Tahoma,Arial,sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{max-width:1000px;margin:0 auto;padding:16px 24px}
h1{font-size:20px;margin:8px 0}h2{font-size:17px;margin:24px 0 8px;border-bottom:1px solid #ccc}h3{font-size:15px;margin:16px 0 4px}
.banner{padding:12px 16px;border-radius:4px;font-size:18px;font-weight:600;color:#fff}
.ready{background:#107c10}.not-ready{background:#c50f1f}.incomplete{background:#8a3ffc}.partial{background:#986f0b}
table{border-collapse:collapse;width:100%;margin:4px 0}td,th{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}pre{background:#f6f6f6;border:1px solid #ddd;padding:6px;white-space:pre-wrap;word-break:break-all;margin:4px 0}
.s-pass{color:#107c10}.s-fail{color:#c50f1f}.s-warn{color:#986f0b}.s-unknown{color:#8a3ffc}.s-waived{color:#0078d4}.muted{color:#666}
ol li{margin-bottom:8px}.check{border-left:4px solid #ddd;padding:2px 10px;margin:8px 0;page-break-inside:avoid}
.check.fail{border-color:#c50f1f}.check.warn{border-color:#986f0b}.check.unknown{border-color:#8a3ffc}.check.pass{border-color:#107c10}
@media print{main{max-width:none}.banner{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit}}
`;

export function renderHtml(evaluation: Evaluation, meta: ReportMeta): string {
  const lang = meta.lang ?? 'en';
  const e = localize(sanitizeControls(redact(evaluation)), lang);
  const h = htmlEscape;
  const who = e.hosts.length === 1 ? e.hosts[0]!.host : t(lang, 'meta.hosts', { n: e.hosts.length });
  const skipped = notChecked(e);
  const partial = isPartial(e);
  const word = partial ? t(lang, 'verdict.partial') : verdictWord(e.outcome.verdict, lang);
  const next = partial ? t(lang, 'next.partial', { list: skipped.join(', ') })
    : e.outcome.verdict === 'ready' ? t(lang, e.options.profile === 'synergy' ? 'next.ready-install' : 'next.ready') : t(lang, 'next.again');
  const docsBase = e.requirements.requirements.docsBaseUrl;
  const out: string[] = [
    '<!DOCTYPE html>',
    `<html lang="${lang}"><head><meta charset="utf-8">`,
    // No network, no scripts: a strict policy makes the browser refuse anything external even if one slipped in.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(t(lang, 'html.title', { host: who }))}</title><style>${STYLE}</style></head><body><main>`,
    `<h1>${h(t(lang, 'html.title', { host: who }))}</h1>`,
    `<div class="banner ${partial ? 'partial' : e.outcome.verdict}" role="status">${h(word)} · ${h(tallyLine(e.results, lang))}</div>`,
    `<p>${h(t(lang, 'exit.code', { code: e.outcome.exitCode }))} ${h(next)}</p>`,
    `<h2>${h(t(lang, 'html.todo'))}</h2>`,
  ];
  const todo = todoList(e.results, e.failOn);
  const warnings = warningList(e.results, e.failOn);
  if (todo.length === 0 && warnings.length === 0) out.push(`<p>${h(t(lang, 'html.nothing'))}</p>`);
  if (todo.length > 0) out.push('<ol>', ...todo.map((i) => todoItem(i, e.hosts.length > 1, lang)), '</ol>');
  if (warnings.length > 0) {
    out.push(`<h3>${h(t(lang, 'todo.title.warnings', { n: warnings.length }))}</h3>`, '<ol>', ...warnings.map((i) => todoItem(i, e.hosts.length > 1, lang)), '</ol>');
  }
  out.push(`<h2>${h(t(lang, 'html.checks'))}</h2>`);
  for (const host of e.hosts) out.push(...hostChecks(host, e.hosts.length > 1, lang, docsBase));
  out.push(`<h2>${h(t(lang, 'html.facts'))}</h2>`, ...facts(e, meta, lang));
  out.push('</main></body></html>', '');
  return out.join('\n');
}

function todoItem(item: TodoItem, withHost: boolean, lang: Lang): string {
  const h = htmlEscape;
  const r = item.results[0]!;
  const ids = item.results.map((x) => `<code>${h(x.id)}</code>`).join(', ');
  const text = item.kind === 'unconfirmed' ? t(lang, 'todo.confirm', { question: item.text })
    : item.results.length > 1 ? `${t(lang, 'todo.group', { n: item.results.length, ids: item.results.map((x) => x.id).join(', '), reason: item.reason ?? '' })}. ${item.text}` : item.text;
  const cmd = item.command ? `<div class="muted">${h(commandLabel(item.command, lang))}</div><pre>${h(item.command.script)}</pre>` : '';
  return `<li><span class="s-${r.status}">${MARK[r.status]}</span> ${withHost ? `${h(item.host)} ` : ''}${ids}: ${h(text)}${cmd}</li>`;
}

function hostChecks(host: HostReport, withHost: boolean, lang: Lang, docsBase: string | undefined): string[] {
  const h = htmlEscape;
  const out: string[] = [];
  if (withHost) out.push(`<h3>${h(host.host)}: ${h(verdictWord(host.outcome.verdict, lang))}</h3>`);
  for (const [category, results] of byCategory(host.results)) {
    out.push(`<h3>${h(t(lang, `category.${category}` as MessageId))}</h3>`);
    for (const r of results) out.push(checkBlock(r, lang, docsBase));
  }
  return out;
}

function checkBlock(r: Result, lang: Lang, docsBase: string | undefined): string {
  const h = htmlEscape;
  const rows: string[] = [];
  if (r.evidence.expected !== undefined) rows.push(`<tr><th>${h(t(lang, 'label.expected'))}</th><td>${h(evidenceText(r.evidence, 'expected', 2000, '…', lang))}</td></tr>`);
  const endpoints = endpointRows(r, lang);
  if (endpoints) {
    rows.push(`<tr><th>${h(t(lang, 'label.found'))}</th><td><table><tr><th>${h(t(lang, 'endpoints.col.endpoint'))}</th><th>${h(t(lang, 'endpoints.col.layer'))}</th>`
      + `<th>${h(t(lang, 'endpoints.col.reason'))}</th><th>${h(t(lang, 'endpoints.col.ask'))}</th></tr>`
      + endpoints.map((x) => `<tr><td>${MARK[x.status as Status] ?? ''} ${h(x.host)}</td><td>${h(x.layer)}</td><td>${h(x.reason)}<div class="muted">${h(x.detail)}</div></td><td>${h(x.ask)}</td></tr>`).join('')
      + '</table></td></tr>');
  } else if (r.evidence.found !== undefined) {
    rows.push(`<tr><th>${h(t(lang, 'label.found'))}</th><td>${h(evidenceText(r.evidence, 'found', 2000, '…', lang))}</td></tr>`);
  }
  const missing = namedItems(r.evidence.missing);
  if (missing) rows.push(`<tr><th>${h(t(lang, 'label.missing'))}</th><td>${h(missing)}</td></tr>`);
  if (r.reason) rows.push(`<tr><th>${h(t(lang, 'md.reason'))}</th><td>${h(r.reason)}</td></tr>`);
  if (r.waiver) {
    rows.push(`<tr><th>${h(t(lang, 'label.waiver'))}</th><td>${h(t(lang, 'waiver.detail', { reason: r.waiver.reason, approver: r.waiver.approvedBy, state: t(lang, r.waiver.expired ? 'waiver.expired' : 'waiver.expires'), expires: r.waiver.expires }))}</td></tr>`);
  }
  const fix: string[] = [];
  if (r.remediation && (r.status === 'fail' || r.status === 'warn' || r.status === 'unknown')) {
    fix.push(`<p><b>${h(t(lang, 'label.fix'))}</b> ${h(r.remediation.text)}</p>`);
    for (const c of orderedCommands(r.remediation.commands)) fix.push(`<div class="muted">${h(commandLabel(c, lang))}</div><pre>${h(c.script)}</pre>`);
  }
  const docs = docsLink(r, docsBase);
  return [
    `<div class="check ${r.status}" id="${h(`${r.host}-${r.id}`)}"><h3><span class="s-${r.status}">${MARK[r.status]}</span> <code>${h(r.id)}</code> ${h(r.title)}</h3>`,
    `<p>${h(r.summary)}</p>`,
    rows.length ? `<table>${rows.join('')}</table>` : '',
    ...fix,
    `<p class="muted">${h(t(lang, 'html.severity'))}: ${h(r.severity)} · ${h(t(lang, 'label.docs'))} <a href="${h(docs)}">${h(docs)}</a></p>`,
    '</div>',
  ].join('\n');
}

function facts(e: Evaluation, meta: ReportMeta, lang: Lang): string[] {
  const h = htmlEscape;
  const row = (k: string, v: string) => `<tr><th>${h(k)}</th><td>${h(v)}</td></tr>`;
  const req = e.requirements;
  const rows = [
    row(t(lang, 'html.requirements'), `${req.requirements.version} (${req.source}, sha256 ${req.sha256})`),
    row(t(lang, 'html.profile'), e.options.profile),
    row(t(lang, 'md.generated'), t(lang, 'html.generated', { when: meta.generatedAt, tool: `${meta.tool.name} ${meta.tool.version}` })),
    ...(meta.elapsedMs !== undefined ? [row(t(lang, 'took', { time: '' }).trim(), duration(meta.elapsedMs, lang))] : []),
  ];
  for (const host of e.hosts) {
    const when = host.collectedAt ? t(lang, 'meta.collected', { when: host.collectedAt.replace('T', ' ').slice(0, 16) }) : '';
    rows.push(row(t(lang, 'html.host'), `${host.host}${host.collector ? ` (${host.collector.name} ${host.collector.version})` : ''}`));
    rows.push(row(t(lang, 'html.source'), `${host.file ? t(lang, 'meta.snapshot', { file: host.file }) : t(lang, 'meta.live')}${when ? `, ${when}` : ''}`));
    // The facts the checks found, one line each: the host's state as the administrator would describe it.
    for (const r of host.results.filter((x) => x.status === 'pass' || x.status === 'warn' || x.status === 'fail')) {
      rows.push(row(`${e.hosts.length > 1 ? `${host.host} ` : ''}${r.id}`, r.evidence.found !== undefined && !endpointRows(r, lang) ? evidenceText(r.evidence, 'found', 400, '…', lang) : r.summary));
    }
  }
  if (notChecked(e).length > 0) rows.push(row(t(lang, 'md.skipped'), notChecked(e).join(', ')));
  return [`<table>${rows.join('')}</table>`];
}
