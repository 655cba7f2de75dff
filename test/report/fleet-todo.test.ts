// Issue 16/17: a streamed fleet's to-do list keeps one item per distinct fix with how many hosts it stands for, never
// the hosts' results; a host's own items are what its own to-do list says, redacted and in the report language.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { evaluate, defaultOptions } from '../../src/core/evaluate.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { allChecks } from '../../checks/index.js';
import { FleetTodoList, hostTodo, MAX_FLEET_ITEMS, type TodoEntry } from '../../src/report/fleet-todo.js';
import { todoList } from '../../src/report/todo.js';
import { localize } from '../../src/report/i18n/localize.js';
import { ROOT } from '../support/cli.js';

const entry = (id: string, text = `fix ${id}`, kind: TodoEntry['kind'] = 'fail'): TodoEntry => ({ kind, status: kind === 'warn' ? 'warn' : kind === 'fail' ? 'fail' : 'unknown', ids: [id], text });

describe('FleetTodoList', () => {
  it('counts the hosts of each distinct item and names the first three, blockers before warnings', () => {
    const list = new FleetTodoList();
    list.add('A', [entry('os.version'), entry('iis.https-binding', 'bind', 'warn')]);
    list.add('B', [entry('os.version')]);
    list.add('C', [entry('os.version'), entry('sql.auth-mode', 'ask', 'unknown')]);
    list.add('D', [entry('os.version')]);
    list.add('E', [entry('os.version', 'another text')]);
    const items = list.list();
    expect(items.map((i) => [i.ids[0], i.text, i.hosts, i.first])).toEqual([
      ['os.version', 'fix os.version', 4, ['A', 'B', 'C']],
      ['os.version', 'another text', 1, ['E']],
      ['sql.auth-mode', 'ask', 1, ['C']],
      ['iis.https-binding', 'bind', 1, ['A']],
    ]);
    expect(list.leftOut).toEqual({ entries: 0, hosts: 0 });
  });

  it(`keeps at most ${MAX_FLEET_ITEMS} distinct items and counts what it left out`, () => {
    const list = new FleetTodoList();
    for (let i = 0; i < MAX_FLEET_ITEMS + 10; i += 1) list.add(`H${i}`, [entry('sql.auth-mode', `server SQL${i}`), entry('os.version')]);
    expect(list.list()).toHaveLength(MAX_FLEET_ITEMS);
    expect(list.list().find((i) => i.ids[0] === 'os.version')?.hosts).toBe(MAX_FLEET_ITEMS + 10);
    expect(list.leftOut).toEqual({ entries: 11, hosts: 11 });
  });
});

describe('hostTodo', () => {
  const requirements = loadRequirements();
  const judged = (fixture: string) => {
    const { snapshot, facts } = loadSnapshot(join(ROOT, 'fixtures', 'hosts', fixture));
    return evaluate({ checks: allChecks(requirements.requirements), hosts: [{ facts, collectedAt: snapshot.collectedAt }], requirements, options: defaultOptions() });
  };

  it.each(['ws2012r2.json', 'ws2019-not-elevated.json', 'ws2019-iis-partial.json'])('gives %s the items of its own to-do list, in English and Dutch', (fixture) => {
    const e = judged(fixture);
    const mine = hostTodo(e.results, [], 'en').todo;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine).toEqual(todoList(e.results, []).map((i) => expect.objectContaining({ kind: i.kind, ids: i.results.map((r) => r.id), text: i.text }) as unknown));
    const nl = localize(e, 'nl');
    expect(hostTodo(e.results, [], 'nl').todo.map((i) => i.text)).toEqual(todoList(nl.results, []).map((i) => i.text));
  });

  it('masks a secret in an item as the console does', () => {
    const e = judged('ws2012r2.json');
    const r = e.results.find((x) => x.status === 'fail' && x.remediation)!;
    const secret = { ...r, remediation: { ...r.remediation!, text: 'connect with Password=Geheim123; then retry' } };
    const [item] = hostTodo([secret], [], 'en').todo;
    expect(item!.text).toBe('connect with Password=***; then retry');
    expect(JSON.stringify(item)).not.toContain('Geheim123');
  });

  it('is empty for results with nothing open', () => {
    const e = judged('ws2019-ready.json');
    const passed = e.results.filter((r) => r.status === 'pass');
    expect(passed.length).toBeGreaterThan(0);
    expect(hostTodo(passed, [], 'en')).toEqual({ todo: [], warnings: [] });
  });
});

/** FleetTodoList as it was before issue 17's sixth session: one item per JSON text of [kind, ids, text, reason, command]. */
class ReferenceTodoList {
  private readonly items = new Map<string, TodoEntry & { hosts: number; first: string[] }>();
  leftOut = { entries: 0, hosts: 0 };
  add(host: string, entries: readonly TodoEntry[]): void {
    let out = false;
    for (const e of entries) {
      const key = JSON.stringify([e.kind, e.ids, e.text, e.reason ?? null, e.command ?? null]);
      const item = this.items.get(key);
      if (item) {
        item.hosts += 1;
        if (item.first.length < 3) item.first.push(host);
      } else if (this.items.size < MAX_FLEET_ITEMS) this.items.set(key, { ...e, hosts: 1, first: [host] });
      else { this.leftOut.entries += 1; out = true; }
    }
    if (out) this.leftOut.hosts += 1;
  }
  list() {
    const rank = { fail: 0, unknown: 1, unconfirmed: 2, warn: 3 };
    return [...this.items.values()].sort((a, b) => rank[a.kind] - rank[b.kind]);
  }
}

describe('FleetTodoList tells items apart as their JSON texts did', () => {
  // Entries that differ in one part only, or only in how JSON would write them (key order, undefined, holes).
  const ps = (script: string) => ({ shell: 'powershell' as const, script });
  const variants: TodoEntry[] = [
    entry('os.version'), entry('os.version', 'fix os.version', 'warn'), entry('os.version', 'other'),
    { ...entry('os.version'), ids: ['os.version', 'iis.features'] }, { ...entry('os.version'), ids: ['os.version\u0000'] },
    { ...entry('os.version'), reason: 'why' }, { ...entry('os.version'), reason: undefined }, { ...entry('os.version'), reason: '' },
    { ...entry('os.version'), command: ps('Restart-Computer') },
    { ...entry('os.version'), command: { script: 'Restart-Computer', shell: 'powershell' } },
    { ...entry('os.version'), command: { ...ps('Restart-Computer'), runAs: undefined } },
    { ...entry('os.version'), command: { ...ps('Restart-Computer'), purpose: 'fix' } },
    { ...entry('os.version'), command: ps('Restart-Computer ') },
    { ...entry('os.version'), command: ps('Restart-Computer'), reason: 'why' },
    { ...entry('os.version'), text: ['a', 'b'] as unknown as string }, { ...entry('os.version'), text: ['a', 'b'] as unknown as string },
    { ...entry('os.version'), text: 7 as unknown as string }, { ...entry('os.version'), text: '7' },
    // eslint-disable-next-line no-sparse-arrays
    { ...entry('os.version'), ids: [, 'x'] as unknown as string[] }, { ...entry('os.version'), ids: [null, 'x'] as unknown as string[] },
    { ...entry('os.version'), ids: [undefined, 'x'] as unknown as string[] },
  ];

  it('for every pair of entries, each fresh (as from a worker thread) or shared, on many hosts', () => {
    const mine = new FleetTodoList();
    const reference = new ReferenceTodoList();
    for (let h = 0; h < 40; h += 1) {
      // Each host its own copies (structured clones), in a varying order, some twice.
      const entries = variants.filter((_, i) => (i + h) % 3 !== 0).map((e) => structuredClone(e));
      const picked = h % 2 ? entries.reverse() : [...entries, ...entries.slice(0, 2)];
      mine.add(`H${h}`, picked);
      reference.add(`H${h}`, picked);
    }
    expect(mine.list()).toEqual(reference.list());
    expect(mine.list().length).toBeGreaterThan(15);
    expect(mine.leftOut).toEqual(reference.leftOut);
  });

  it(`and past ${MAX_FLEET_ITEMS} items`, () => {
    const mine = new FleetTodoList();
    const reference = new ReferenceTodoList();
    for (let h = 0; h < MAX_FLEET_ITEMS + 30; h += 1) {
      const entries = [entry('sql.auth-mode', `server SQL${h % (MAX_FLEET_ITEMS + 5)}`), ...variants.slice(0, 1 + (h % variants.length))];
      mine.add(`H${h}`, entries);
      reference.add(`H${h}`, entries);
    }
    expect(mine.list()).toEqual(reference.list());
    expect(mine.leftOut).toEqual(reference.leftOut);
    expect(mine.leftOut.entries).toBeGreaterThan(0);
  });
});
