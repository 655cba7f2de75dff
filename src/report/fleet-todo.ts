// The to-do summary of a fleet judged as a stream (issues 16 and 17). Each host's to-do items are worked out where the
// host is judged, from its own results (redacted, controls escaped and in the report language, as the console shows
// them), as small cloneable entries; the fleet keeps one item per distinct entry with how many hosts it stands for and
// the first few host names, never the hosts' results. A fleet of 10,000 alike servers has a to-do list as long as one
// server's, with "312 hosts" where one server's would name the host.
import type { Command, Remediation, Result, Status } from '../core/types.js';
import { escapeControls, hasControls, isMultilineKey, sanitizeControls } from './controls.js';
import type { Lang } from './i18n/catalogue.js';
import { holdsNoSecret, isPlain, masksValue, redact, redactedTextMemo, redactText, secretsGeneration } from './redact.js';
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
  const shown = open.map((r) => shownResult(r, lang));
  return { todo: todoList(shown, failOn).map(entryOf), warnings: warningList(shown, failOn).map(entryOf) };
}

/**
 * What todoList and warningList read of a result, as the console shows it: localizeResult(sanitizeControls(redact(r)))
 * for those fields (none of their names is a secret's or a multi-line field's, so each is its own value cleaned), and
 * the rest (evidence but the question, the stack, the waiver) never copied or scrubbed. A check's remediation is
 * cleaned once per run and language; each text once per run (issue 17: this was a fifth of a fleet's rendering).
 */
function shownResult(r: Result, lang: Lang): Result {
  const nl = lang === 'nl' ? r.nl : undefined;
  // One literal, absent parts undefined (todoList reads them so): no spread of a throwaway object per part.
  const shown = {
    host: clean(r.host), id: clean(r.id), category: clean(r.category), severity: clean(r.severity), status: clean(r.status),
    title: clean(nl ? nl.title : r.title), summary: clean(nl ? nl.summary : r.summary),
    reason: r.reason !== undefined ? clean(nl?.reason !== undefined ? nl.reason : r.reason) : undefined,
    evidence: typeof r.evidence.question === 'string' ? { question: clean(nl?.question !== undefined ? nl.question : r.evidence.question) } : NO_EVIDENCE,
    remediation: r.remediation ? cleanRemediation(r.remediation, lang) : undefined,
  };
  return shown as unknown as Result;
}
/** The evidence of a shown result without a question: nothing (todoList reads only the question). */
const NO_EVIDENCE = Object.freeze({});

/** A value as the console shows it under a field that names no secret and is one line: redacted, controls escaped. */
function clean(value: unknown): unknown {
  return typeof value === 'string' ? cleanText(value) : sanitizeControls(redact(value));
}

/** Each text cleaned once under the secrets registered so far (redactedTextMemo). */
const cleanText = redactedTextMemo((text) => escapeControls(redactText(text)), 4096, 512);

/**
 * A remediation cleaned (and in Dutch, its text its Dutch). Only read, never changed: one that cleaning would leave as
 * it is is not copied, and not kept either (most checks build their remediation for the host, so most are met once,
 * and keeping each in a WeakMap cost more than looking again); the others are cleaned once per remediation object,
 * language and secrets generation.
 */
function cleanRemediation(remediation: Remediation, lang: Lang): Remediation {
  const generation = secretsGeneration();
  const known = cleanRemediations.get(remediation);
  if (known && known.generation === generation && known.lang === lang) return known.copy;
  if (isClean(remediation, undefined, false, 0)) return lang === 'en' ? remediation : { ...remediation, text: remediation.nl };
  const copy = sanitizeControls(redact(remediation));
  const localized = lang === 'en' ? copy : { ...copy, text: copy.nl };
  cleanRemediations.set(remediation, { generation, lang, copy: localized });
  return localized;
}
const cleanRemediations = new WeakMap<Remediation, { generation: number; lang: Lang; copy: Remediation }>();

/**
 * Whether sanitizeControls(redact(value)) under `key` would equal `value`: plain data whose strings hold no secret
 * and no control character (newlines allowed under a multi-line key, as there), and no secret-named field over a
 * scalar. Anything else (a Set, a class instance, an own "__proto__", a deep or cyclic value) answers false, and the
 * caller takes that copying path.
 */
function isClean(value: unknown, key: string | undefined, multiline: boolean, depth: number): boolean {
  if (typeof value === 'string') return holdsNoSecret(value) && !hasControls(value, multiline);
  if (value === null || typeof value !== 'object') return true;
  if (depth > 8 || !isPlain(value) || Object.hasOwn(value, '__proto__')) return false;
  if (Array.isArray(value)) {
    for (const v of value) if (!isClean(v, key, multiline, depth + 1)) return false;
    return true;
  }
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (masksValue(k, v) || !isClean(v, k, isMultilineKey(k), depth + 1)) return false;
  }
  return true;
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
  private readonly items: FleetTodoItem[] = [];
  /**
   * The items by text, told apart by the rest of the entry (sameEntry): a JSON text of every entry as its key was
   * most of adding one (issue 17), and entries that share a text are few.
   */
  private readonly byText = new Map<string, FleetTodoItem[]>();
  /** Hosts' entries left out because MAX_FLEET_ITEMS distinct items were already kept, and on how many hosts. */
  leftOut = { entries: 0, hosts: 0 };

  add(host: string, entries: readonly TodoEntry[]): void {
    let out = false;
    for (const e of entries) {
      const bucket = typeof e.text === 'string' ? e.text : '';
      const same = this.byText.get(bucket);
      const item = same?.find((i) => sameEntry(i, e));
      if (item) {
        item.hosts += 1;
        if (item.first.length < FIRST_HOSTS) item.first.push(host);
      } else if (this.items.length < MAX_FLEET_ITEMS) {
        const made = { ...e, hosts: 1, first: [host] };
        this.items.push(made);
        if (same) same.push(made);
        else this.byText.set(bucket, [made]);
      } else {
        this.leftOut.entries += 1;
        out = true;
      }
    }
    if (out) this.leftOut.hosts += 1;
  }

  /** Blockers first (fail, unknown, unconfirmed, then warnings), each kind in the order first seen. */
  list(): FleetTodoItem[] {
    return [...this.items].sort((a, b) => RANK[a.kind] - RANK[b.kind]);
  }
}

/** Whether two entries are one item: whether the JSON texts of [kind, ids, text, reason, command] are equal. */
function sameEntry(a: TodoEntry, b: TodoEntry): boolean {
  return sameJson(a.text, b.text) && sameJson(a.kind, b.kind) && sameIds(a.ids, b.ids)
    && sameJson(a.reason ?? null, b.reason ?? null) && sameJson(a.command ?? null, b.command ?? null);
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (!Array.isArray(a) || !Array.isArray(b)) return sameJson(a, b);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const x: unknown = a[i];
    const y: unknown = b[i];
    if (typeof x !== 'string' || typeof y !== 'string') return JSON.stringify(a) === JSON.stringify(b);
    if (x !== y) return false;
  }
  return true;
}

/** Equal JSON texts: two strings only when equal (their JSON is one-to-one), anything else by its JSON. */
function sameJson(a: unknown, b: unknown): boolean {
  return a === b || ((typeof a !== 'string' || typeof b !== 'string') && JSON.stringify(a) === JSON.stringify(b));
}
