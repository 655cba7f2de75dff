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
