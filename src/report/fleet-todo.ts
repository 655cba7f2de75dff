// The to-do summary of a fleet judged as a stream (issues 16 and 17). Each host's to-do items are worked out where the
// host is judged, from its own results (redacted, controls escaped and in the report language, as the console shows
// them), as small cloneable entries; the fleet keeps one item per distinct entry with how many hosts it stands for and
// the first few host names, never the hosts' results. A fleet of 10,000 alike servers has a to-do list as long as one
// server's, with "312 hosts" where one server's would name the host.
import type { Command, Result, Status } from '../core/types.js';
import { sanitizeControls } from './controls.js';
import { localizeResult } from './i18n/localize.js';
import type { Lang } from './i18n/catalogue.js';
import { redact } from './redact.js';
import { todoList, warningList, type TodoItem, type TodoKind } from './todo.js';

/** One host's to-do item as data (what the console prints of it), without its results. */
export interface TodoEntry {
  kind: TodoKind;
  status: Status;
  ids: string[];
  text: string;
  command?: Command;
  reason?: string;
}

/** One host's to-do list and its non-blocking items, worked out as renderConsole would for that host alone. */
export function hostTodo(results: readonly Result[], failOn: readonly string[], lang: Lang): { todo: TodoEntry[]; warnings: TodoEntry[] } {
  // Only these results can be items; the rest is never copied (a copy of every result of every host was the cost).
  const open = results.filter((r) => r.status === 'fail' || r.status === 'warn' || r.status === 'unknown');
  if (open.length === 0) return { todo: [], warnings: [] };
  const shown = open.map((r) => {
    // An item reads no evidence but the confirmation's question: the rest (a fleet's bulk) is neither copied nor scrubbed.
    const { stack: _stack, evidence, ...rest } = r;
    const slim: Result = { ...rest, evidence: typeof evidence.question === 'string' ? { question: evidence.question } : {} };
    const clean = sanitizeControls(redact(slim));
    return lang === 'en' ? clean : localizeResult(clean);
  });
  return { todo: todoList(shown, failOn).map(entryOf), warnings: warningList(shown, failOn).map(entryOf) };
}

function entryOf(item: TodoItem): TodoEntry {
  return {
    kind: item.kind, status: item.results[0]!.status, ids: item.results.map((r) => r.id), text: item.text,
    ...(item.command ? { command: item.command } : {}), ...(item.reason !== undefined ? { reason: item.reason } : {}),
  };
}

/** A fleet's item: one entry as it stands on `hosts` hosts, the first of them named. */
export interface FleetTodoItem extends TodoEntry {
  hosts: number;
  /** The first hosts (in file order) it stands for, at most FIRST_HOSTS. */
  first: string[];
}

const FIRST_HOSTS = 3;
/** Distinct items kept per list: hosts whose fix text names their own values could make one item per host. */
export const MAX_FLEET_ITEMS = 100;

const RANK: Record<TodoKind, number> = { fail: 0, unknown: 1, unconfirmed: 2, warn: 3 };

/** Items gathered over a fleet, in the order first seen (file order, then each host's check order). */
export class FleetTodoList {
  private readonly items = new Map<string, FleetTodoItem>();
  /** Hosts' entries left out because MAX_FLEET_ITEMS distinct items were already kept, and on how many hosts. */
  leftOut = { entries: 0, hosts: 0 };

  add(host: string, entries: readonly TodoEntry[]): void {
    let out = false;
    for (const e of entries) {
      const key = JSON.stringify([e.kind, e.ids, e.text, e.reason ?? null, e.command ?? null]);
      const item = this.items.get(key);
      if (item) {
        item.hosts += 1;
        if (item.first.length < FIRST_HOSTS) item.first.push(host);
      } else if (this.items.size < MAX_FLEET_ITEMS) {
        this.items.set(key, { ...e, hosts: 1, first: [host] });
      } else {
        this.leftOut.entries += 1;
        out = true;
      }
    }
    if (out) this.leftOut.hosts += 1;
  }

  /** Blockers first (fail, unknown, unconfirmed, then warnings), each kind in the order first seen. */
  list(): FleetTodoItem[] {
    return [...this.items.values()].sort((a, b) => RANK[a.kind] - RANK[b.kind]);
  }
}
