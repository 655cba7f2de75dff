// "Every message has both languages; a test fails when one is missing" (issue 16). Every fixture snapshot is judged
// under several option sets and rendered in Dutch as the console, Markdown and HTML; `clickker explain`, `checks` and
// `fix --what-if` run for real (the built CLI). No English sentence may get through: after removing what is not prose
// (check ids, commands, URLs, file names, and the values the snapshot itself holds: Windows' own messages, names,
// evidence), no English-only word may remain. Remove one Dutch text and this fails (see CHANGELOG, Issue 16).
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { allChecks } from '../../checks/index.js';
import { defaultOptions, evaluate, type Evaluation } from '../../src/core/evaluate.js';
import { loadRequirements } from '../../src/core/requirements.js';
import type { EvaluationOptions } from '../../src/core/types.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { renderConsole } from '../../src/report/console.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { detectStyle } from '../../src/report/style.js';
import { NOW } from '../support/checks.js';
import { runCli } from '../support/cli.js';

const requirements = loadRequirements();
const checks = allChecks(requirements.requirements);
const FIXTURES = readdirSync('fixtures/hosts').filter((f) => f.endsWith('.json')).map((f) => `fixtures/hosts/${f}`);

/**
 * Words that are English and never Dutch. Words both languages share ("is", "in", "server", "of", "was", "as") are
 * left out, so a hit is an English sentence, not a coincidence.
 */
export const ENGLISH_ONLY = [
  'the', 'and', 'with', 'could', 'not', 'from', 'this', 'that', 'which', 'than', 'then', 'should', 'must', 'only',
  'after', 'before', 'older', 'newer', 'missing', 'found', 'enabled', 'disabled', 'reachable', 'cannot', 'would',
  'your', 'you', 'please', 'when', 'what', 'where', 'are', 'be', 'been', 'has', 'have', 'does', 'its', 'it', 'to',
  'for', 'on', 'no', 'run', 'check', 'needs', 'passed', 'failed', 'unknown', 'waived', 'checked', 'evaluate',
  'fix', 'restart', 'pending', 'allowed', 'reads', 'docs', 'ask', 'make', 'give', 'add', 'set', 'by', 'at',
  'accepts', 'logins', 'mixed', 'mode', 'installed', 'install', 'certificate', 'required', 'supported', 'user', 'users',
  'password', 'expires', 'days', 'present', 'locked', 'expired', 'answered', 'elevated', 'confirmed', 'older', 'newer',
  'unreachable', 'endpoints', 'valid', 'trusted', 'allows', 'uses', 'use', 'either', 'both', 'none', 'all', 'any',
];

// Lower-case words Dutch and English share (so an identical Dutch text may hold them): a value, not a leak.
const SHARED = new Set(['server', 'sysadmin', 'proxy', 'build', 'status', 'release', 'in', 'is', 'of', 'via', 'op']);

/** Whether `en` holds prose (a lower-case word that is not shared): then its Dutch must differ from it. */
function hasProse(en: string, values: readonly string[]): boolean {
  return (prose(en, values, []).match(/\b[a-z][a-z'-]{2,}\b/g) ?? []).some((w) => !SHARED.has(w));
}
// Lower case or capitalised (a sentence's first word), never all capitals: "ALTER ANY LOGIN" is T-SQL, not English.
const MARKER = new RegExp(`(?<![\\w./\\\\-])(${ENGLISH_ONLY.map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|')})(?![\\w/\\\\-])`);

/** Every string the snapshot holds (probe data and probe errors): values, quoted as found, not prose we wrote. */
function valuesOf(file: string): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.length >= 4) out.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(JSON.parse(readFileSync(file, 'utf8')));
  return [...out].sort((a, b) => b.length - a.length);
}

/** What is left of a Dutch line once values, commands, ids, URLs and paths are taken out. */
function prose(line: string, values: readonly string[], scripts: readonly string[]): string {
  let s = line;
  for (const c of scripts) if (c.length >= 6 && s.includes(c)) s = s.split(c).join(' ');
  // Recorded values of several words first (a Windows message quotes flags and paths of its own), single words last.
  for (const v of values) if (/\s/.test(v) && s.includes(v)) s = s.split(v).join(' ');
  s = s
    .replace(/\b(clickker|Clickker) [a-z-]+/g, ' ') // commands named in prose: clickker fix, clickker preflight
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/"[^"]*"/g, ' ') // quoted names: Microsoft's download titles, Windows' dialog names, article titles
    .replace(/'[^']*'/g, ' ')
    .replace(/--[a-z-]+/g, ' ')
    .replace(/\b[a-z]+(\.[a-z0-9-]+)+\b/gi, ' ') // check ids, file names, host names
    .replace(/[A-Za-z]:\\\S*|\S*\\\S*/g, ' ') // Windows paths, registry keys, DOMAIN\\user
    .replace(/\S*<[^>]*>\S*/g, ' '); // placeholders such as <index>, <login>
  // Single-word values only as whole words ("Integrated" must not cut "isIntegratedSecurityOnly" into English).
  for (const v of values) if (s.includes(v)) s = s.replace(new RegExp(`(?<!\\w)${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\w)`, 'g'), ' ');
  return s;
}

/** The evidence lines (expected/found as recorded) and command lines are values; the rest is prose. */
function isEvidenceOrCommand(line: string): boolean {
  const t = line.trim();
  return /^(- \*\*)?(verwacht|gevonden|ontbreekt|wacht op herstart):/.test(t) || /^(pass|warn|fail|unknown)\s/.test(t);
}

/** Lines wrapped to the terminal are joined again (a quoted name may span two), paragraph by paragraph. */
function leaks(text: string, values: readonly string[], scripts: readonly string[]): string[] {
  const kept = text.split('\n').map((l) => (isEvidenceOrCommand(l) || scripts.includes(l.trim()) ? '' : l.trim()));
  const paragraphs = kept.join('\n').split(/\n{2,}|\n(?=\d+\. |[-|#] |\[\d+\])/).map((p) => p.replace(/\n/g, ' ').trim()).filter(Boolean);
  return paragraphs.filter((p) => MARKER.test(prose(p, values, scripts)));
}

/** Every string a result's evidence holds: recorded as found, shown as it is (JSON readers get the same). */
function evidenceValues(e: Evaluation): string[] {
  const out: string[] = [];
  // Keys too: an object is shown as "User X, IsElevated true", and its keys are the JSON report's (English by contract).
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push(k); walk(x); }
  };
  for (const r of e.results) walk({ ...r.evidence, question: undefined });
  return out.filter((v) => v.length >= 4);
}

const allScripts = checks.flatMap((c) => (c.remediation.commands ?? []).flatMap((x) => x.script.split('\n').map((l) => l.trim())));
const scriptsOf = (e: Evaluation): string[] => [
  ...allScripts, ...e.results.flatMap((r) => (r.remediation?.commands ?? []).flatMap((c) => c.script.split('\n').map((x) => x.trim()))),
];

const VARIANTS: [string, Partial<EvaluationOptions>][] = [
  ['default', {}],
  ['confirmed, external access', { confirmations: new Set(['all']), externalAccess: true }],
  ['profile online', { profile: 'online' }],
];

function judged(file: string, over: Partial<EvaluationOptions>): Evaluation {
  const { facts } = loadSnapshot(file);
  return evaluate({ hosts: [{ facts, file }], requirements, checks, options: { ...defaultOptions(), ...over }, now: NOW });
}

describe('no English in the Dutch reports', () => {
  const meta = { tool: { name: 'clickker', version: 'test' }, generatedAt: NOW.toISOString(), lang: 'nl' as const };
  const style = detectStyle({ color: false }, { isTTY: false, columns: 400 }, {}, 'linux');

  it.each(FIXTURES)('%s: every result carries its Dutch, and the console, Markdown and HTML have no English prose', (file) => {
    const values = valuesOf(file);
    for (const [name, over] of VARIANTS) {
      const e = judged(file, over);
      for (const r of e.results) {
        // The data: a Dutch title and summary (and reason, fix) beside every English one.
        expect({ id: r.id, variant: name, nl: Boolean(r.nl?.title && r.nl.summary) }).toEqual({ id: r.id, variant: name, nl: true });
        if (r.reason !== undefined) expect({ id: r.id, reason: r.nl?.reason !== undefined }).toEqual({ id: r.id, reason: true });
        if (r.remediation) expect({ id: r.id, fix: r.remediation.nl.trim() !== '' }).toEqual({ id: r.id, fix: true });
        // The Dutch is not the English again, wherever the English is prose and not only names and values.
        const same = (en: string | undefined, nl: string | undefined) => en !== undefined && nl === en && hasProse(en, values);
        expect({ id: r.id, variant: name, en: r.summary, title: same(r.title, r.nl?.title), summary: same(r.summary, r.nl?.summary), reason: same(r.reason, r.nl?.reason), fix: same(r.remediation?.text, r.remediation?.nl) })
          .toEqual({ id: r.id, variant: name, en: r.summary, title: false, summary: false, reason: false, fix: false });
      }
      const scripts = scriptsOf(e);
      const seen = [...values, ...evidenceValues(e)].sort((a, b) => b.length - a.length);
      const html = renderHtml(e, meta).replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, '\n')
        .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
      const rendered = { console: renderConsole(e, meta, { style, verbose: false }), markdown: renderMarkdown(e, meta), html };
      for (const [format, text] of Object.entries(rendered)) expect({ file, variant: name, format, leaks: leaks(text, seen, scripts) }).toEqual({ file, variant: name, format, leaks: [] });
    }
  });
});

describe('no English in the Dutch explain, checks and fix screens (the built CLI)', () => {
  it('clickker explain <id> --lang nl, for every check', () => {
    for (const c of checks) {
      const r = runCli(['explain', c.id, '--lang', 'nl']);
      expect(r.code).toBe(0);
      const scripts = c.remediation.commands?.flatMap((x) => x.script.split('\n').map((l) => l.trim())) ?? [];
      expect({ id: c.id, leaks: leaks(r.stdout, [], scripts) }).toEqual({ id: c.id, leaks: [] });
    }
  });

  it('clickker checks --lang nl', () => {
    const r = runCli(['checks', '--lang', 'nl']);
    expect(r.code).toBe(0);
    expect(leaks(r.stdout, [], [])).toEqual([]);
  });

  it.each(FIXTURES)('clickker fix --what-if --snapshot %s --lang nl', (file) => {
    const r = runCli(['fix', '--what-if', '--snapshot', file, '--lang', 'nl']);
    // The commands each action prints (PowerShell: ..., and the lines under "zelf uitvoeren") are not prose.
    const lines = r.stdout.split('\n').filter((l) => !/^\s{4}PowerShell: |^\s{6}\S/.test(l));
    expect({ file, stderr: r.stderr, leaks: leaks(lines.join('\n'), valuesOf(file), []) }).toEqual({ file, stderr: '', leaks: [] });
  });
});
