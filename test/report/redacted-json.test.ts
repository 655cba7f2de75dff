// Issue 17: a host's results are written as JSON report text in one redacting pass (src/report/redacted-json.ts).
// The text must be exactly what the general path writes (a redacted copy of each result's record, JSON.stringify'd at
// the report's indentation, DEL and C1 escaped): for every fixture, and for hostile values of every kind, including
// the ones the one-pass writer leaves to the general path (a Date, a Set, a class, a toJSON, an own __proto__, a cycle).
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks } from '../../checks/index.js';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { loadRequirements } from '../../src/core/requirements.js';
import type { Result } from '../../src/core/types.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { docsLink } from '../../src/report/common.js';
import { escapeJsonControls } from '../../src/report/controls.js';
import { jsonResultText, jsonResultsText } from '../../src/report/json.js';
import { redact, registerSecret } from '../../src/report/redact.js';
import { stringText } from '../../src/report/redacted-json.js';
import { canary, CONTROL_STRINGS, EDGE_VALUES, SECRET_FORMS } from '../breakit/support/hostile.js';
import { ROOT } from '../support/cli.js';

/** The general path, written out: the record of each result (src/report/json.ts resultRecord), redacted whole, stringified. */
function reference(results: readonly Result[], docsBase: string | undefined): string {
  if (results.length === 0) return '';
  const records = results.map((r) => {
    const { said: _said, ...values } = r.evidence;
    return {
      host: r.host, id: r.id, title: r.title, category: r.category, severity: r.severity, status: r.status, summary: r.summary,
      reason: r.reason ?? null, evidence: r.evidence.said === undefined ? r.evidence : values,
      remediation: r.remediation ? { text: r.remediation.text, ...(r.remediation.commands ? { commands: r.remediation.commands } : {}) } : null,
      waiver: r.waiver ?? null, docs: docsLink(r, docsBase), ms: r.ms,
    };
  });
  const text = JSON.stringify([redact(records)], null, 2);
  return escapeJsonControls(text.slice('[\n  [\n'.length, text.length - '\n  ]\n]'.length));
}

const requirements = loadRequirements();
const checks = allChecks(requirements.requirements);
const FIXTURES = readdirSync(join(ROOT, 'fixtures', 'hosts')).filter((f) => f.endsWith('.json')).sort();
const judged = (fixture: string, confirm: string[] = []): Result[] => {
  const { snapshot, facts } = loadSnapshot(join(ROOT, 'fixtures', 'hosts', fixture));
  return evaluate({ checks, hosts: [{ facts, collectedAt: snapshot.collectedAt }], requirements, options: defaultOptions({ confirmations: new Set(confirm) }) }).results;
};

const base = (over: Partial<Result> = {}): Result => ({
  host: 'EXACT01', id: 'sql.auth-mode', title: 'T', category: 'SQL Server', severity: 'blocking', status: 'fail', summary: 's',
  evidence: { expected: 'x', found: 'y' }, docs: 'checks.md#sql-auth-mode', ms: 1.25, ...over,
});

class Found { constructor(readonly value: string, readonly password: string) {} }

describe('jsonResultsText writes what the general path writes', () => {
  it.each(FIXTURES)('%s, with and without a docs base', (fixture) => {
    const results = judged(fixture, ['all']);
    expect(results.length).toBeGreaterThan(0);
    for (const docsBase of [undefined, 'https://docs.example/clickker/checks.html#top']) {
      expect(jsonResultsText(results, docsBase)).toBe(reference(results, docsBase));
    }
    expect(jsonResultText(results[0]!, undefined)).toBe(reference([results[0]!], undefined));
  });

  it('is empty for a host without results', () => {
    expect(jsonResultsText([], undefined)).toBe('');
  });

  it('masks every secret form wherever it stands, as the general path does', () => {
    const results: Result[] = [];
    const canaries: string[] = [];
    for (const form of SECRET_FORMS) {
      const c = canary();
      canaries.push(c);
      const text = form(c);
      results.push(base({
        summary: `failed: ${text}`, reason: text,
        evidence: { found: text, list: ['ok', text, [text]], deep: { note: text, said: { en: text } }, said: { found: { en: text, nl: text } } } as Result['evidence'],
        remediation: { text: `run ${text}`, nl: text, commands: [{ shell: 'powershell', script: `$x = "${text}"` }] },
        waiver: { reason: text, approvedBy: 'me', expires: '2030-01-01', expired: false, status: 'fail' },
      }));
    }
    const out = jsonResultsText(results, undefined);
    expect(out).toBe(reference(results, undefined));
    for (const c of canaries) expect(out).not.toContain(c);
  });

  it('masks a secret-named field whole: strings (even empty), numbers, BigInts; walks objects; a boolean says nothing', () => {
    const r = base({
      evidence: {
        password: '', sqlPassword: 'p4ss', apiKey: 12345, token: true, credential: null, secret: { inner: 'token=abc', n: 1 },
        connectionString: ['Server=s;Password=S3cret!', 7], Authorization: undefined, cookie: () => 1,
      } as unknown as Result['evidence'],
    });
    const out = jsonResultsText([r], undefined);
    expect(out).toBe(reference([r], undefined));
    expect(out).not.toMatch(/p4ss|12345|abc|S3cret/);
    // A BigInt under a secret's name is masked (JSON.stringify would throw on it).
    const big = base({ evidence: { privateKey: 10n, note: 'x' } as unknown as Result['evidence'] });
    expect(jsonResultsText([big], undefined)).toBe(reference([big], undefined));
    expect(jsonResultsText([big], undefined)).toContain('"privateKey": "***"');
  });

  it('writes controls, bidi marks, lone surrogates, edge numbers and left-out values as the general path', () => {
    const evidence: Record<string, unknown> = { edges: EDGE_VALUES, nan: NaN, inf: -Infinity, negZero: -0, gone: undefined, fn: () => 1, sym: Symbol('s') };
    for (const [i, s] of CONTROL_STRINGS.entries()) {
      evidence[`c${i}`] = s;
      evidence[`key ${s}`] = [s, { [s]: s }];
    }
    // eslint-disable-next-line no-sparse-arrays
    evidence.holes = [1, , undefined, () => 2, 3];
    const r = base({ host: 'EXACT\u202e01\u0085', summary: 'a\u009bb\u007f\ud800', evidence: evidence as Result['evidence'], ms: -0 });
    const out = jsonResultsText([r], undefined);
    expect(out).toBe(reference([r], undefined));
    expect(out).not.toMatch(/[\u007F-\u009F]/);
  });

  it('takes the general path for what is not plain data, and writes the same text', () => {
    const protoKey = JSON.parse('{"__proto__": {"password": "Hunter2"}, "y": "token=abc"}') as unknown;
    const nullProto = Object.assign(Object.create(null) as object, { k: 'v', secret: 'hidden' });
    const shared = { note: 'Password=twice' };
    const values: unknown[] = [
      new Date(0), new Set(['a', 'pwd=x']), new Map([['k', 'v']]), new Found('v', 'Hunter2'), { toJSON: () => ({ password: 'Hunter2' }) },
      protoKey, nullProto, { a: shared, b: shared }, Object('boxed string') as unknown, [new Date(1), { when: new Date(2) }],
    ];
    for (const v of values) {
      for (const r of [base({ evidence: { found: v } }), base({ evidence: { found: v, said: { found: { en: 'x', nl: 'x' } } } as Result['evidence'] }), base({ waiver: v as Result['waiver'] })]) {
        expect(jsonResultsText([r, base()], undefined)).toBe(reference([r, base()], undefined));
      }
    }
    // A remediation that is not plain: its English copy is (as englishRemediation makes it); its commands may not be.
    const odd = { text: 'Password=Hunter2', nl: 'x', commands: [new Found('a', 'b')] } as unknown as Result['remediation'];
    expect(jsonResultsText([base({ remediation: odd })], undefined)).toBe(reference([base({ remediation: odd })], undefined));
    expect(jsonResultsText([base({ evidence: new Found('v', 'Hunter2') as unknown as Result['evidence'] })], undefined))
      .toBe(reference([base({ evidence: new Found('v', 'Hunter2') as unknown as Result['evidence'] })], undefined));
  });

  it('throws where the general path throws: a cycle, a BigInt outside a secret name', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    for (const evidence of [{ cycle }, { big: 1n }]) {
      const r = base({ evidence: evidence as Result['evidence'] });
      expect(() => reference([r], undefined)).toThrow(TypeError);
      expect(() => jsonResultsText([r], undefined)).toThrow(TypeError);
    }
  });

  it('writes a value nested deeper than it follows as the general path, and throws on a cycle at any depth', () => {
    for (const depth of [50, 96, 97, 98, 99, 150]) {
      let deep: unknown = { password: 'Hunter2', note: 'token=abc' };
      for (let i = 0; i < depth; i += 1) deep = i % 2 ? { inner: deep } : [deep, 'x'];
      const r = base({ evidence: { deep } as Result['evidence'] });
      const out = jsonResultsText([r], undefined);
      expect(out).toBe(reference([r], undefined));
      expect(out).not.toMatch(/Hunter2|abc/);
    }
    const list: unknown[] = ['a'];
    list.push({ back: list });
    const holder: Record<string, unknown> = {};
    holder.below = [{ again: [holder] }];
    for (const evidence of [{ list }, { holder }, { shared: [holder, holder] }]) {
      const r = base({ evidence: evidence as Result['evidence'] });
      expect(() => reference([r], undefined)).toThrow(TypeError);
      expect(() => jsonResultsText([r], undefined)).toThrow(TypeError);
    }
  });

  it('names each result\'s docs under the docs base asked, however the bases alternate', () => {
    const results = judged('ws2019-iis-partial.json', ['all']);
    const odd = [base({ docs: 'no-anchor-here' }), base({ docs: 'a#first#second', id: 'Odd ID!' })];
    for (const docsBase of [undefined, 'https://docs.example/x.html#top', undefined, 'https://docs.example/y.html', 'https://docs.example/y.html', '']) {
      expect(jsonResultsText([...results, ...odd], docsBase)).toBe(reference([...results, ...odd], docsBase));
      expect(docsLink(odd[0]!, docsBase)).toBe(`${(docsBase ?? 'docs/checks.md').replace(/#.*$/, '')}#sql-auth-mode`);
      expect(docsLink(odd[1]!, docsBase)).toBe(`${(docsBase ?? 'docs/checks.md').replace(/#.*$/, '')}#first#second`);
    }
  });

  it('leaves out a field that is undefined, as JSON.stringify does', () => {
    const r = base({ summary: undefined as unknown as string, ms: undefined as unknown as number });
    expect(jsonResultsText([r], undefined)).toBe(reference([r], undefined));
  });
});

describe("the one-pass writer's memos", () => {
  it('mask a secret registered after a text was first written (string memo and every place it is used)', () => {
    const c = canary();
    const text = `connect as ${c} to the database`;
    const r = base({ summary: text, evidence: { found: text, list: [text] }, remediation: { text, nl: text, commands: [{ shell: 'text', script: text }] } });
    expect(stringText(text)).toContain(c);
    expect(jsonResultsText([r], undefined)).toContain(c);
    registerSecret(c);
    expect(stringText(text)).not.toContain(c);
    const out = jsonResultsText([r], undefined);
    expect(out).not.toContain(c);
    expect(out).toBe(reference([r], undefined));
  });

  it('mask a registered secret in a text too long to be kept', () => {
    const c = canary();
    registerSecret(c);
    const long = `${'x'.repeat(600)} ${c} ${'y'.repeat(600)}`;
    expect(stringText(long)).not.toContain(c);
    expect(stringText(long)).toBe(JSON.stringify(redact(long)));
  });

  it('stay right when more texts are written than are kept', () => {
    const first = stringText('first Password=abc');
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i += 1) if (stringText(`text ${i}`) !== `"text ${i}"`) wrong.push(`text ${i}`);
    expect(wrong).toEqual([]);
    expect(stringText('first Password=abc')).toBe(first);
    expect(first).toBe('"first Password=***"');
  });

  it('write a key first met over a plain value, then over a secret-named one, each as the general path', () => {
    const plain = base({ evidence: { note: 'token=abc', list: [{ value: 'x' }] } });
    const secret = base({ evidence: { note: { password: 'Hunter2' }, list: [{ accountKey: 'k3y' }] } });
    for (const r of [plain, secret, plain]) expect(jsonResultsText([r], undefined)).toBe(reference([r], undefined));
    expect(jsonResultsText([secret], undefined)).not.toMatch(/Hunter2|k3y/);
  });
});
