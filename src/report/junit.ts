// JUnit XML for Azure DevOps (PublishTestResults) and Jenkins: one testcase per host x check, named by the check id
// (stable across releases; the title can change). Azure DevOps marks a test Failed for <failure> or <error>, Not
// Executed for <skipped>, shows the `message` attribute and takes the agent from testsuite@hostname; Jenkins
// truncates passed tests' output. So: fail -> <failure>; unknown -> <error> whose message starts "UNKNOWN:" and a
// clickker.status property; skipped / not-applicable / waived -> <skipped>; a warning is a second, skipped testcase
// "<id>.warning" whose message starts "WARNING:" (read where skipped tests are listed) unless --fail-on warning makes
// the check itself fail. A partial run (--only/--skip left blocking checks unjudged) says so in the suite's
// clickker.partial and clickker.notChecked properties, and each unjudged blocking check is a Not Executed test whose
// message starts "NOT CHECKED:", so the pipeline's test list shows what this run never looked at.
import type { Evaluation, HostReport } from '../core/evaluate.js';
import type { Check, Result } from '../core/types.js';
import { commandLabel, compact, docsLink, orderedCommands, type ReportMeta } from './common.js';
import { sanitizeControls } from './controls.js';
import { redact } from './redact.js';
import { namedItems } from './values.js';

// XML 1.0 forbids most control characters even when escaped; drop them.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function xmlEscape(s: string): string {
  return s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function details(r: Result, docs: string): string {
  const lines = [r.summary];
  if (r.reason) lines.push(`reason: ${r.reason}`);
  if (r.evidence.expected !== undefined) lines.push(`expected: ${compact(r.evidence.expected, 2000)}`);
  if (r.evidence.found !== undefined) lines.push(`found: ${compact(r.evidence.found, 2000)}`);
  // Role services by the name to type and the name Server Manager shows, as in every other format.
  const missing = namedItems(r.evidence.missing);
  if (missing) lines.push(`missing: ${missing}`);
  const pending = namedItems(r.evidence.pending);
  if (pending) lines.push(`pending: ${pending}`);
  if (r.remediation) {
    lines.push(`fix: ${r.remediation.text}`);
    for (const c of orderedCommands(r.remediation.commands)) lines.push(commandLabel(c), c.script);
  }
  lines.push(`docs: ${docs}`);
  return lines.join('\n');
}

const PREFIX: Partial<Record<Result['status'], string>> = { fail: 'FAIL', unknown: 'UNKNOWN', warn: 'WARNING' };

function testcase(r: Result, failOnWarning: boolean, failOnUnknown: boolean, docsBase: string | undefined): string {
  const cls = xmlEscape(`clickker.${r.host}.${r.category.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
  const attrs = (name: string) => `classname="${cls}" name="${xmlEscape(name)}" time="${(r.ms / 1000).toFixed(3)}"`;
  const open = `    <testcase ${attrs(r.id)}`;
  const msg = xmlEscape(`${PREFIX[r.status] ? `${PREFIX[r.status]}: ` : ''}${r.summary}`);
  const body = xmlEscape(details(r, docsLink(r, docsBase)));
  const props = `\n      <properties><property name="clickker.status" value="${r.status}"/><property name="clickker.severity" value="${r.severity}"/></properties>`;
  const failing = r.status === 'fail' || (r.status === 'warn' && failOnWarning) || (r.status === 'unknown' && failOnUnknown);
  if (failing) return `${open}>${props}\n      <failure message="${msg}" type="${r.status === 'fail' ? r.severity : `${r.status} (--fail-on)`}">${body}</failure>\n    </testcase>`;
  if (r.status === 'unknown') return `${open}>${props}\n      <error message="${msg}" type="unknown">${body}</error>\n    </testcase>`;
  if (r.status === 'skipped' && r.severity === 'blocking' && !(r.waiver && !r.waiver.expired)) {
    return `${open}>${props}\n      <skipped message="${xmlEscape(`NOT CHECKED: ${r.id} is blocking and was skipped (--skip): this run cannot say it is ready`)}"/>\n    </testcase>`;
  }
  if (r.status === 'skipped' || r.status === 'not-applicable' || r.status === 'waived') {
    return `${open}>${props}\n      <skipped message="${xmlEscape(`${r.status}: ${r.summary}`)}"/>\n    </testcase>`;
  }
  if (r.status === 'warn') {
    // The check passed its blocking bar; the warning gets its own (skipped) testcase so that its message is shown.
    return `${open}>${props}\n      <system-out>${xmlEscape(`WARNING: ${details(r, docsLink(r, docsBase))}`)}</system-out>\n    </testcase>\n`
      + `    <testcase ${attrs(`${r.id}.warning`)}>\n      <skipped message="${msg}"/>\n      <system-out>${body}</system-out>\n    </testcase>`;
  }
  return `${open}/>`;
}

/** A blocking check --only left out: it has no result, but the pipeline must see that it was not executed. */
function notSelected(c: Pick<Check, 'id' | 'category' | 'severity'>, host: string): string {
  const cls = xmlEscape(`clickker.${host}.${c.category.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
  return `    <testcase classname="${cls}" name="${xmlEscape(c.id)}" time="0.000">`
    + `\n      <properties><property name="clickker.status" value="not-checked"/><property name="clickker.severity" value="${c.severity}"/></properties>`
    + `\n      <skipped message="${xmlEscape(`NOT CHECKED: ${c.id} is blocking and was not selected (--only): this run cannot say it is ready`)}"/>\n    </testcase>`;
}

/** The blocking checks of a host that have no result at all (left out by --only). */
function unselected(e: Evaluation, h: HostReport): Check[] {
  const have = new Set(h.results.map((r) => r.id));
  return h.outcome.notChecked.filter((id) => !have.has(id)).map((id) => e.checks.find((c) => c.id === id)).filter((c): c is Check => c !== undefined);
}

export function renderJunit(evaluation: Evaluation, meta: ReportMeta): string {
  const e = sanitizeControls(redact(evaluation));
  const failOnWarning = e.failOn.includes('warning');
  const failOnUnknown = e.failOn.includes('unknown');
  const tally = (rs: readonly Result[], unselectedCount: number) => {
    const failures = rs.filter((r) => r.status === 'fail' || (r.status === 'warn' && failOnWarning) || (r.status === 'unknown' && failOnUnknown)).length;
    const errors = rs.filter((r) => r.status === 'unknown' && !failOnUnknown).length;
    const skipped = unselectedCount + rs.filter((r) => r.status === 'skipped' || r.status === 'not-applicable' || r.status === 'waived' || (r.status === 'warn' && !failOnWarning)).length;
    const tests = unselectedCount + rs.length + rs.filter((r) => r.status === 'warn' && !failOnWarning).length;
    const time = (rs.reduce((t, r) => t + r.ms, 0) / 1000).toFixed(3);
    return `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time}"`;
  };
  const props = [
    ['tool', `${meta.tool.name} ${meta.tool.version}`],
    ['requirements.version', e.requirements.requirements.version],
    ['requirements.sha256', e.requirements.sha256],
    ['profile', e.options.profile],
    ['verdict', e.outcome.verdict],
  ];
  const left = new Map(e.hosts.map((h) => [h, unselected(e, h)]));
  const suites = e.hosts.map((h) => [
    `  <testsuite name="${xmlEscape(`clickker preflight ${h.host}`)}" hostname="${xmlEscape(h.host)}" timestamp="${meta.generatedAt.slice(0, 19)}" ${tally(h.results, left.get(h)!.length)}>`,
    '    <properties>',
    ...[...props, ['host.verdict', h.outcome.verdict], ...(h.file ? [['snapshot', h.file]] : []),
      ['clickker.partial', String(h.outcome.notChecked.length > 0)],
      ...(h.outcome.notChecked.length > 0 ? [['clickker.notChecked', h.outcome.notChecked.join(',')]] : [])]
      .map(([k, v]) => `      <property name="${xmlEscape(k!)}" value="${xmlEscape(v!)}"/>`),
    '    </properties>',
    ...h.results.map((r) => testcase(r, failOnWarning, failOnUnknown, e.requirements.requirements.docsBaseUrl)),
    ...left.get(h)!.map((c) => notSelected(c, h.host)),
    '  </testsuite>',
  ].join('\n'));
  const leftTotal = [...left.values()].reduce((n, l) => n + l.length, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="clickker preflight" ${tally(e.results, leftTotal)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
