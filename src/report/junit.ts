// JUnit XML for Azure DevOps (PublishTestResults) and Jenkins: one testcase per host x check, named by the check id
// (stable across releases; the title can change). Azure DevOps marks a test Failed for <failure> or <error>, Not
// Executed for <skipped>, shows the `message` attribute and takes the agent from testsuite@hostname; Jenkins
// truncates passed tests' output. So: fail -> <failure>; unknown -> <error> whose message starts "UNKNOWN:" and a
// clickker.status property; skipped / not-applicable / waived -> <skipped>; a warning is a second, skipped testcase
// "<id>.warning" whose message starts "WARNING:" (read where skipped tests are listed) unless --fail-on warning makes
// the check itself fail.
import type { Evaluation } from '../core/evaluate.js';
import type { Result } from '../core/types.js';
import { commandLabel, compact, docsLink, orderedCommands, type ReportMeta } from './common.js';
import { sanitizeControls } from './controls.js';
import { redact } from './redact.js';

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

export function renderJunit(evaluation: Evaluation, meta: ReportMeta): string {
  const e = sanitizeControls(redact(evaluation));
  const failOnWarning = e.failOn.includes('warning');
  const failOnUnknown = e.failOn.includes('unknown');
  const tally = (rs: readonly Result[]) => {
    const failures = rs.filter((r) => r.status === 'fail' || (r.status === 'warn' && failOnWarning) || (r.status === 'unknown' && failOnUnknown)).length;
    const errors = rs.filter((r) => r.status === 'unknown' && !failOnUnknown).length;
    const skipped = rs.filter((r) => r.status === 'skipped' || r.status === 'not-applicable' || r.status === 'waived' || (r.status === 'warn' && !failOnWarning)).length;
    const tests = rs.length + rs.filter((r) => r.status === 'warn' && !failOnWarning).length;
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
  const suites = e.hosts.map((h) => [
    `  <testsuite name="${xmlEscape(`clickker preflight ${h.host}`)}" hostname="${xmlEscape(h.host)}" timestamp="${meta.generatedAt.slice(0, 19)}" ${tally(h.results)}>`,
    '    <properties>',
    ...[...props, ['host.verdict', h.outcome.verdict], ...(h.file ? [['snapshot', h.file]] : [])]
      .map(([k, v]) => `      <property name="${xmlEscape(k!)}" value="${xmlEscape(v!)}"/>`),
    '    </properties>',
    ...h.results.map((r) => testcase(r, failOnWarning, failOnUnknown, e.requirements.requirements.docsBaseUrl)),
    '  </testsuite>',
  ].join('\n'));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="clickker preflight" ${tally(e.results)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
