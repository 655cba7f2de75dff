// Every "expected:" and "found:" a report prints says something (session 4): a warning on win10-client printed
// "found:" with nothing after it, because the check's evidence was an empty list of HTTPS bindings. For every fixture,
// in English and Dutch, with and without --verbose, --confirm all and --external-access: no such line is empty on the
// console, in the Markdown or in the HTML, and the JSON never records an expected or found value of "".
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { defaultOptions, evaluate, type Evaluation } from '../../src/core/evaluate.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { allChecks } from '../../checks/index.js';
import { renderConsole } from '../../src/report/console.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJson } from '../../src/report/json.js';
import { detectStyle } from '../../src/report/style.js';
import { leaks } from '../support/english-words.js';

const requirements = loadRequirements();
const checks = allChecks(requirements.requirements);
const NOW = new Date('2026-12-04T00:00:00Z');
const meta = { tool: { name: 'clickker', version: 'test' }, generatedAt: '2026-12-04T00:00:00.000Z', elapsedMs: 100 };
const files = readdirSync('fixtures/hosts').filter((f) => f.endsWith('.json')).map((f) => `fixtures/hosts/${f}`);
const variants = [
  { name: 'defaults', options: defaultOptions() },
  { name: '--confirm all --external-access', options: defaultOptions({ confirmations: new Set(['all']), externalAccess: true }) },
];
const style = detectStyle({ color: false }, { isTTY: false, columns: 80 }, {}, 'linux');

function judge(file: string, options: ReturnType<typeof defaultOptions>): Evaluation {
  return evaluate({ hosts: [{ facts: loadSnapshot(file).facts, file }], requirements, checks, options, now: NOW });
}

const LABELS = {
  en: { expected: 'expected:', found: 'found:' },
  nl: { expected: 'verwacht:', found: 'gevonden:' },
} as const;

describe('no expected or found line is empty', () => {
  for (const lang of ['en', 'nl'] as const) {
    it(`console, Markdown, HTML and JSON over every fixture (${lang})`, () => {
      const { expected, found } = LABELS[lang];
      const empty: string[] = [];
      let seen = 0;
      for (const file of files) {
        for (const v of variants) {
          const e = judge(file, v.options);
          for (const verbose of [false, true]) {
            for (const line of renderConsole(e, { ...meta, lang }, { style, verbose }).split('\n')) {
              const l = line.trim();
              if (l.startsWith(expected) || l.startsWith(found)) {
                seen++;
                if (l === expected || l === found) empty.push(`${file} ${v.name}${verbose ? ' --verbose' : ''} console: ${l}`);
              }
            }
          }
          for (const line of renderMarkdown(e, { ...meta, lang }).split('\n')) {
            const m = /^- \*\*(\S+:)\*\*(.*)$/.exec(line);
            // Unwrapped here, so a field inside the value with nothing after its name ("undeterminedDatabases , ...") shows too.
            if (m && (m[1] === expected || m[1] === found) && (!m[2]!.trim() || / ,|\S $/.test(m[2]!))) empty.push(`${file} ${v.name} markdown: ${line}`);
          }
          for (const m of renderHtml(e, { ...meta, lang }).matchAll(/<tr><th>([^<]*)<\/th><td>([^<]*)<\/td><\/tr>/g)) {
            if ((`${m[1]}:` === expected || `${m[1]}:` === found || m[1] === expected || m[1] === found) && !m[2]!.trim()) empty.push(`${file} ${v.name} html: ${m[0]}`);
          }
          // The facts table of the HTML report: one row per judged check, its found value or its summary.
          for (const m of renderHtml(e, { ...meta, lang }).matchAll(/<tr><th>([a-z]+\.[a-z0-9.-]+)<\/th><td>(\s*)<\/td><\/tr>/g)) empty.push(`${file} ${v.name} html facts: ${m[1]}`);
          const json = JSON.parse(renderJson(e, { ...meta, lang })) as { results: { id: string; evidence: Record<string, unknown> }[] };
          for (const r of json.results) {
            for (const key of ['expected', 'found'] as const) if (r.evidence[key] === '') empty.push(`${file} ${v.name} json: ${r.id}.${key}`);
          }
        }
      }
      expect(empty).toEqual([]);
      expect(seen).toBeGreaterThan(500);
    });
  }

  // A Dutch screen said "verwacht: an elevated token (Administrators enabled)": the sentence a check expects is prose,
  // not a recorded value. Every expected or found that is text carries its Dutch (evidence.said), with no English-only
  // word left in it; recorded values (objects, lists, numbers, names) are shown as they are.
  it('says every expected and found sentence in Dutch too (every fixture, every check)', () => {
    const missing: string[] = [];
    let sentences = 0;
    for (const file of files) {
      for (const v of variants) {
        for (const r of judge(file, v.options).results) {
          for (const key of ['expected', 'found'] as const) {
            if (typeof r.evidence[key] !== 'string') continue;
            sentences++;
            const said = r.evidence.said?.[key];
            // A value without words of either language ("Release >= 460798 (.NET Framework 4.7)") needs none.
            if (!said) { if (leaks(r.evidence[key] as string).length > 0) missing.push(`${r.id}.${key}: "${r.evidence[key] as string}" has no Dutch`); }
            else if (said.en !== r.evidence[key]) missing.push(`${r.id}.${key}: the English differs from the value`);
            else if (leaks(said.nl).length > 0) missing.push(`${r.id}.${key}: "${said.nl}" is English`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
    expect(sentences).toBeGreaterThan(500);
    const e = judge('fixtures/hosts/ws2019-not-elevated.json', defaultOptions());
    const nl = renderConsole(e, { ...meta, lang: 'nl' }, { style, verbose: false }).replace(/\s+/g, ' ');
    expect(nl).toContain('verwacht: een verhoogd token (Administrators ingeschakeld)');
  });

  it('says what the Synergy website has when it has no https binding (win10-client)', () => {
    const e = judge('fixtures/hosts/win10-client.json', defaultOptions());
    const en = renderConsole(e, meta, { style, verbose: false });
    expect(en.replace(/\s+/g, ' ')).toContain('found: no https binding; Default Web Site has http *:80:');
    const nl = renderConsole(e, { ...meta, lang: 'nl' }, { style, verbose: false });
    expect(nl.replace(/\s+/g, ' ')).toContain('gevonden: geen https-binding; Default Web Site heeft http *:80:');
    expect(nl.replace(/\s+/g, ' ')).toContain('verwacht: een https-binding met een geldig, vertrouwd en actueel certificaat');
    // The JSON (English, for tools) keeps the values: no https binding judged, and the bindings the site has.
    const r = (JSON.parse(renderJson(e, meta)) as { results: { id: string; evidence: Record<string, unknown> }[] }).results.find((x) => x.id === 'iis.https-binding')!;
    expect(r.evidence.found).toEqual([]);
    expect(r.evidence.bindings).toEqual([{ site: 'Default Web Site', protocol: 'http', binding: '*:80:' }]);
    expect(r.evidence.said).toBeUndefined();
  });

  it('says "none" for an empty list, in the report language (os.pending-reboot on ws2019-ready, --verbose)', () => {
    const e = judge('fixtures/hosts/ws2019-ready.json', defaultOptions());
    // The finding's own lines: from its head to the next finding's.
    const block = (out: string) => /^ {2}\S+ os\.pending-reboot .*\n((?: {4,}.*\n)*)/m.exec(out)?.[1] ?? '';
    expect(block(renderConsole(e, meta, { style, verbose: true }))).toMatch(/^ +found: none$/m);
    expect(block(renderConsole(e, { ...meta, lang: 'nl' }, { style, verbose: true }))).toMatch(/^ +gevonden: geen$/m);
  });
});
