// Issue 17: a host's to-do entries are cleaned field by field, each text once per run (src/report/fleet-todo.ts
// hostTodo). They must be exactly the entries of the way it was done before, written out here: every open result
// copied, redacted, its controls escaped and localized whole, then todoList and warningList. For every fixture, both
// languages, every --fail-on, with and without confirmations, and for hostile texts; and the memos must let no secret
// registered later through.
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { allChecks } from '../../checks/index.js';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { loadRequirements } from '../../src/core/requirements.js';
import type { Result } from '../../src/core/types.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { sanitizeControls } from '../../src/report/controls.js';
import { hostTodo, type TodoEntry } from '../../src/report/fleet-todo.js';
import type { Lang } from '../../src/report/i18n/catalogue.js';
import { localizeResult } from '../../src/report/i18n/localize.js';
import { redact, registerSecret } from '../../src/report/redact.js';
import { todoList, warningList, type TodoItem } from '../../src/report/todo.js';
import { canary, CONTROL_STRINGS, SECRET_FORMS } from '../breakit/support/hostile.js';
import { ROOT } from '../support/cli.js';

const entryOf = (item: TodoItem): TodoEntry => ({
  kind: item.kind, status: item.results[0]!.status, ids: item.results.map((r) => r.id), text: item.text,
  ...(item.command ? { command: item.command } : {}), ...(item.reason !== undefined ? { reason: item.reason } : {}),
});

/** The way it was done before issue 17's rendering work: each open result cleaned and localized whole. */
function reference(results: readonly Result[], failOn: readonly string[], lang: Lang): { todo: TodoEntry[]; warnings: TodoEntry[] } {
  const open = results.filter((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'unknown');
  if (open.length === 0) return { todo: [], warnings: [] };
  const shown = open.map((r) => {
    const { stack: _stack, evidence, ...rest } = r;
    const slim: Result = { ...rest, evidence: typeof evidence.question === 'string' ? { question: evidence.question } : {} };
    const clean = sanitizeControls(redact(slim));
    return lang === 'en' ? clean : localizeResult(clean);
  });
  return { todo: todoList(shown, failOn).map(entryOf), warnings: warningList(shown, failOn).map(entryOf) };
}

const requirements = loadRequirements();
const checks = allChecks(requirements.requirements);
const FIXTURES = readdirSync(join(ROOT, 'fixtures', 'hosts')).filter((f) => f.endsWith('.json')).sort();
const FAIL_ON: string[][] = [[], ['warning'], ['unknown'], ['warning', 'unknown']];
const judged = (fixture: string, confirm: string[]): Result[] => {
  const { snapshot, facts } = loadSnapshot(join(ROOT, 'fixtures', 'hosts', fixture));
  return evaluate({ checks, hosts: [{ facts, collectedAt: snapshot.collectedAt }], requirements, options: defaultOptions({ confirmations: new Set(confirm) }) }).results;
};

const open = (over: Partial<Result> = {}): Result => ({
  host: 'EXACT01', id: 'sql.auth-mode', title: 'T', category: 'SQL Server', severity: 'blocking', status: 'fail', summary: 's',
  evidence: {}, docs: 'checks.md#sql-auth-mode', ms: 1, nl: { title: 'T nl', summary: 's nl' }, ...over,
});

describe('hostTodo gives the entries the whole-result cleaning gave', () => {
  it.each(FIXTURES)('%s: both languages, every --fail-on, with and without confirmations', (fixture) => {
    let items = 0;
    for (const confirm of [[], ['all']]) {
      const results = judged(fixture, confirm);
      for (const lang of ['en', 'nl'] as const) {
        for (const failOn of FAIL_ON) {
          const mine = hostTodo(results, failOn, lang);
          expect(mine).toEqual(reference(results, failOn, lang));
          items += mine.todo.length + mine.warnings.length;
        }
      }
    }
    if (fixture !== 'ws2019-ready.json' && fixture !== 'ws2022-ready.json') expect(items).toBeGreaterThan(0);
  });

  it('masks every secret form in every field an entry reads, in both languages', () => {
    const canaries: string[] = [];
    const results: Result[] = [];
    for (const [i, form] of SECRET_FORMS.entries()) {
      const c = canary();
      canaries.push(c);
      const text = form(c);
      const status = (['fail', 'warn', 'unknown'] as const)[i % 3]!;
      results.push(open({
        id: `x.check-${i}`, status, summary: `found ${text}`, title: text, reason: status === 'unknown' ? `probe sql failed (error): ${text}` : undefined,
        remediation: { text: `run ${text}\nthen ${text}`, nl: `voer ${text} uit\ndan`, commands: [{ shell: 'powershell', purpose: 'look', script: text }, { shell: 'powershell', script: `$p = "${text}"\n${text}` }] },
        nl: { title: text, summary: text, reason: text, question: text },
      }));
      results.push(open({ id: `confirm.c-${i}`, category: 'Confirmations', status: 'unknown', severity: i % 2 ? 'blocking' : 'warning', evidence: { question: `Is ${text} right?` }, nl: { title: text, summary: text, question: `Klopt ${text}?` } }));
    }
    for (const lang of ['en', 'nl'] as const) {
      for (const failOn of FAIL_ON) {
        const mine = hostTodo(results, failOn, lang);
        expect(mine).toEqual(reference(results, failOn, lang));
        for (const c of canaries) expect(JSON.stringify(mine)).not.toContain(c);
      }
    }
  });

  it('escapes controls as the console does: newlines stay in a fix text and a script, nowhere else', () => {
    const results = CONTROL_STRINGS.flatMap((s, i) => [
      open({ id: `c.${i}`, summary: s, title: s, remediation: { text: `${s}\nnext`, nl: `${s}\nvolgende`, commands: [{ shell: 'powershell', script: `${s}\nnext` }] } }),
      open({ id: `c.${i}u`, status: 'unknown', summary: s, reason: `${s}\nwhy`, nl: { title: s, summary: s, reason: `${s}\nwaarom` } }),
      open({ id: `confirm.${i}`, category: 'Confirmations', status: 'unknown', evidence: { question: `${s}?` }, nl: { title: s, summary: s, question: `${s}\n?` } }),
    ]);
    for (const lang of ['en', 'nl'] as const) {
      const mine = hostTodo(results, ['warning', 'unknown'], lang);
      expect(mine).toEqual(reference(results, ['warning', 'unknown'], lang));
      expect(JSON.stringify(mine)).not.toMatch(/\\u001b|\\u0007|\\u0000/);
    }
  });

  it('reads what a result without Dutch, without a remediation or with odd values has, as before', () => {
    const results = [
      open({ nl: undefined }), open({ id: 'a.b', remediation: undefined, status: 'warn' }),
      open({ id: 'c.d', status: 'unknown', reason: 'probe os failed (timeout): slow', nl: { title: 'T', summary: 'S' } }),
      open({ id: 'e.f', status: 'unknown', reason: 'probe iis failed (timeout): slow', remediation: { text: 'the \'iis\' probe reported it', nl: 'x' } }),
      open({ id: 'g.h', status: 'unknown', reason: 'probe sql failed (timeout): slow', remediation: { text: 'the \'sql\' probe reported it', nl: 'y' } }),
      open({ id: 'i.j', summary: 7 as unknown as string, title: ['a\u001b', 'Password=x'] as unknown as string, remediation: { text: 'fix', nl: undefined as unknown as string } }),
      open({ id: 'confirm.k', category: 'Confirmations', status: 'unknown', evidence: { question: 42 } }),
    ];
    for (const lang of ['en', 'nl'] as const) for (const failOn of FAIL_ON) expect(hostTodo(results, failOn, lang)).toEqual(reference(results, failOn, lang));
  });
});

describe('hostTodo uses a clean remediation as it is, and cleans the rest as before', () => {
  const ps = (script: string) => ({ shell: 'powershell' as const, script });
  const cyclic: Record<string, unknown> = { shell: 'powershell', script: 'x' };
  cyclic.self = cyclic;
  let deep: unknown = 'Password=deep';
  for (let i = 0; i < 12; i += 1) deep = { inner: deep };
  const odd: unknown[] = [
    { text: 'Install it', nl: 'Installeer het', commands: [ps('Install-WindowsFeature Web-Server')] },
    { text: 'two lines\nstay', nl: 'twee regels\nniet', commands: [ps('a\nb')] },
    { text: 'x', nl: 'y', commands: [{ ...ps('Set-Thing'), password: 'Hunter2' }] },
    { text: 'x', nl: 'y', commands: [{ ...ps('Set-Thing'), apiKey: 12345, token: true, secret: null }] },
    { text: 'x', nl: 'y', commands: [{ ...ps('Set-Thing'), purpose: 'lo\u009bok' }] },
    { text: 'C1 \u009b2K', nl: 'bidi \u202e', commands: [ps('DEL \u007f')] },
    { text: 'x', nl: 'y', commands: new Set([ps('in a set')]) },
    { text: 'x', nl: 'y', commands: [cyclic] },
    { text: 'x', nl: 'y', commands: [ps('ok')], extra: deep },
    JSON.parse('{"text": "x", "nl": "y", "__proto__": {"commands": [{"shell": "powershell", "script": "Password=p"}]}}') as unknown,
    { text: 'x', nl: 'y', commands: [ps('ok'), , ps('after a hole')] }, // eslint-disable-line no-sparse-arrays
    { text: 'x', nl: 'y', commands: [{ ...ps('ok'), when: new Date(0) }] },
  ];

  it.each(odd.map((r, i) => [i, r] as const))('remediation %i', (_i, remediation) => {
    const results = [open({ remediation: remediation as Result['remediation'] }), open({ id: 'u.v', status: 'warn', remediation: remediation as Result['remediation'] })];
    for (const lang of ['en', 'nl'] as const) {
      // What the whole-result cleaning gave, or the error it threw (a Set of commands has no find()).
      const outcome = (f: () => unknown) => { try { return { value: f() }; } catch (err) { return { thrown: String(err) }; } };
      const mine = outcome(() => hostTodo(results, [], lang));
      expect(mine).toEqual(outcome(() => reference(results, [], lang)));
      expect(inspect(mine, { depth: 8 })).not.toMatch(/Hunter2|12345|\u009b|\u007f|Password=p/);
    }
  });

  it('masks a registered secret that stands in a script without any = : or @', () => {
    const c = canary();
    registerSecret(c);
    const remediation = { text: `log on as ${c} first`, nl: `meld eerst aan als ${c}`, commands: [ps(`runas /user ${c} cmd`)] };
    for (const lang of ['en', 'nl'] as const) {
      const mine = hostTodo([open({ remediation })], [], lang);
      expect(JSON.stringify(mine)).not.toContain(c);
      expect(mine).toEqual(reference([open({ remediation })], [], lang));
    }
  });
});

describe("hostTodo's memos", () => {
  it('mask a secret registered after a text and a remediation were first cleaned', () => {
    const c = canary();
    const remediation = { text: `log on as ${c}`, nl: `meld aan als ${c}`, commands: [{ shell: 'powershell' as const, script: `runas ${c}` }] };
    const results = [
      open({ summary: `found ${c}`, remediation }),
      open({ id: 'x.y', status: 'unknown', reason: `probe sql failed (error): ${c}`, summary: c, nl: { title: c, summary: c, reason: c } }),
    ];
    for (const lang of ['en', 'nl'] as const) expect(JSON.stringify(hostTodo(results, [], lang))).toContain(c);
    registerSecret(c);
    // Dutch first: the language the remediation was last cleaned in, so only the new secret can make it clean again.
    for (const lang of ['nl', 'en'] as const) {
      const mine = hostTodo(results, [], lang);
      expect(JSON.stringify(mine)).not.toContain(c);
      expect(mine).toEqual(reference(results, [], lang));
    }
  });

  it('give one remediation in the language asked, whichever was cleaned first', () => {
    const remediation = { text: 'Install it', nl: 'Installeer het', commands: [{ shell: 'powershell' as const, script: 'Install-WindowsFeature X' }] };
    const results = [open({ remediation })];
    expect(hostTodo(results, [], 'nl').todo[0]!.text).toBe('Installeer het');
    expect(hostTodo(results, [], 'en').todo[0]!.text).toBe('Install it');
    expect(hostTodo(results, [], 'nl').todo[0]!.text).toBe('Installeer het');
  });

  it('stay right when more texts are cleaned than are kept', () => {
    const wrong: string[] = [];
    for (let i = 0; i < 6000; i += 1) {
      const [item] = hostTodo([open({ summary: `s ${i}`, remediation: undefined })], [], 'en').todo;
      if (item?.text !== `s ${i}`) wrong.push(`s ${i}`);
    }
    expect(wrong).toEqual([]);
  });
});
