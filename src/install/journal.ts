// The install journal: <state-dir>/journal.json records the run (package, parameters, waivers) and each step's
// start and end, written durably at every transition. A killed process or a reboot leaves it saying exactly which
// step was under way, so --resume continues there and --rollback knows what to undo. It never holds a secret:
// secrets are not given to it, and everything written passes through the report redactor's name and pattern rules
// as well (not its value masking: a short password equal to part of a step id must not rewrite the journal).
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';
import { InputError } from '../core/errors.js';
import { DOCUMENT_MAX_BYTES, readInputText } from '../core/input-file.js';
import { formatIssue, parseJsonDocument } from '../core/json-document.js';
import { redact } from '../report/redact.js';
import { writeDurable } from './durable.js';
import type { InstallParams, Undo } from './step.js';
import type { VerifyResult } from './verify.js';

export const JOURNAL_SCHEMA = 'clickker.journal/v1';

export type StepStatus = 'pending' | 'started' | 'done' | 'unchanged' | 'failed' | 'rolling-back' | 'rolled-back';
export type RunState = 'installing' | 'installed' | 'failed' | 'rolling-back' | 'rolled-back' | 'uninstalled';

const stepSchema = z.object({
  id: z.string(),
  description: z.string(),
  status: z.enum(['pending', 'started', 'done', 'unchanged', 'failed', 'rolling-back', 'rolled-back']),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  changes: z.array(z.string()).optional(),
  undo: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
  rollback: z.array(z.string()).optional(),
  /**
   * The Dutch of description, changes and rollback, beside their English (journal-text.ts). Absent in journals written
   * before the steps' texts were bilingual; a clickker that predates it ignores it and keeps reading the English.
   */
  nl: z.object({ description: z.string().optional(), changes: z.array(z.string()).optional(), rollback: z.array(z.string()).optional() }).optional(),
});

// A run id names files (journals/<run>.json, logs/install-<run>.log, reports/preflight-<run>.json): a tampered journal
// must not lead --resume outside the state folder with "../../x". newRunId() makes 20261204-184644-1a2b.
const runIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'expected a run id such as 20261204-184644-1a2b (letters, digits, - and _)');

const journalSchema = z.object({
  schema: z.literal(JOURNAL_SCHEMA),
  runId: runIdSchema,
  tool: z.object({ name: z.string(), version: z.string() }),
  target: z.string(),
  package: z.object({ file: z.string(), product: z.string(), version: z.string(), sha256: z.string(), verifiedAgainst: z.string().nullable() }),
  parameters: z.object({
    serviceAccount: z.string(), sqlServer: z.string(), database: z.string(), site: z.string(), appPath: z.string(),
    installDir: z.string(), baseUrl: z.string(), exactDatabases: z.array(z.string()), reduceSqlRights: z.boolean(),
  }),
  state: z.enum(['installing', 'installed', 'failed', 'rolling-back', 'rolled-back', 'uninstalled']),
  /** The installed run this one was made on top of (its journal is in journals/); current again after a rollback. */
  previousRun: runIdSchema.nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  log: z.string(),
  preflight: z.object({ verdict: z.string(), report: z.string().nullable(), judgedFrom: z.string() }).nullable(),
  waivers: z.array(z.object({ check: z.string(), status: z.string(), reason: z.string(), approvedBy: z.string(), expires: z.string() })),
  /** The manual confirmations given for this run's preflight (a resume asks none of them again). */
  confirmations: z.array(z.string()).optional(),
  /** The files (relative to the install folder) this run's package places: an upgrade removes those it no longer ships. */
  installedFiles: z.array(z.string()).optional(),
  /** The files the installation this run upgrades had placed; the version it upgrades from. */
  previousFiles: z.array(z.string()).optional(),
  upgradeOf: z.string().optional(),
  /** After `uninstall --keep-database`: the steps it left in place (a later `uninstall` removes only those). */
  uninstallKept: z.array(z.string()).optional(),
  iisBackup: z.string().nullable(),
  verification: z.array(z.object({ name: z.string(), url: z.string(), expected: z.number(), got: z.union([z.number(), z.string()]), ok: z.boolean() })).nullable(),
  steps: z.array(stepSchema),
});

export type JournalStep = z.infer<typeof stepSchema>;
export type JournalDoc = z.infer<typeof journalSchema>;

export function newRunId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${t}-${randomBytes(2).toString('hex')}`;
}

export class Journal {
  private constructor(readonly stateDir: string, readonly doc: JournalDoc) {}

  static file(stateDir: string): string {
    return join(stateDir, 'journal.json');
  }

  /** The current journal, or null when there is none. A damaged journal is an input error naming the file. */
  static load(stateDir: string): Journal | null {
    const file = Journal.file(stateDir);
    if (!existsSync(file)) return null;
    return Journal.loadFile(stateDir, file);
  }

  /** A journal file (current or archived); saving it writes the current journal's file, so archived ones are read only. */
  static loadFile(stateDir: string, file: string): Journal {
    // A folder (or a pipe) named journal.json is a damaged state folder: an input error, not a crash.
    const doc = parseJsonDocument(readInputText(file, `journal ${file}`, DOCUMENT_MAX_BYTES), `journal ${file}`);
    const parsed = journalSchema.safeParse(doc);
    if (!parsed.success) throw new InputError(`journal ${file}: ${formatIssue(parsed.error.issues[0]!)}`);
    return new Journal(stateDir, parsed.data);
  }

  /** Starts a new journal; a finished earlier one is kept under journals/<run>.json. */
  static create(stateDir: string, doc: Omit<JournalDoc, 'schema' | 'updatedAt'>): Journal {
    mkdirSync(stateDir, { recursive: true });
    Journal.archiveCurrent(stateDir);
    const j = new Journal(stateDir, { schema: JOURNAL_SCHEMA, updatedAt: doc.startedAt, ...doc });
    j.save();
    return j;
  }

  /** Moves the current journal (if any) to journals/<run>.json; returns its run id. */
  static archiveCurrent(stateDir: string): string | null {
    const current = Journal.load(stateDir);
    if (!current) return null;
    mkdirSync(join(stateDir, 'journals'), { recursive: true });
    renameSync(Journal.file(stateDir), join(stateDir, 'journals', `${current.doc.runId}.json`));
    return current.doc.runId;
  }

  /** Puts an archived journal back as the current one (a run that changed nothing leaves the earlier one current). */
  static restore(stateDir: string, runId: string): void {
    const archived = join(stateDir, 'journals', `${runId}.json`);
    if (existsSync(archived)) renameSync(archived, Journal.file(stateDir));
  }

  get unfinished(): boolean {
    return this.doc.state === 'installing' || this.doc.state === 'failed' || this.doc.state === 'rolling-back';
  }

  save(): void {
    this.doc.updatedAt = new Date().toISOString();
    writeDurable(Journal.file(this.stateDir), `${JSON.stringify(redact(this.doc, { values: false }), null, 2)}\n`);
  }

  step(id: string): JournalStep {
    const s = this.doc.steps.find((x) => x.id === id);
    if (!s) throw new Error(`journal has no step ${id}`);
    return s;
  }

  mark(id: string, patch: Partial<JournalStep>): void {
    Object.assign(this.step(id), patch);
    this.save();
  }

  setState(state: RunState): void {
    this.doc.state = state;
    this.save();
  }

  setVerification(v: VerifyResult[]): void {
    this.doc.verification = v;
    this.save();
  }

  setUninstalled(kept: readonly string[]): void {
    this.doc.uninstallKept = [...kept];
    this.setState('uninstalled');
  }

  setIisBackup(name: string): void {
    this.doc.iisBackup = name;
    this.save();
  }

  get params(): InstallParams {
    return this.doc.parameters;
  }

  undoOf(id: string): Undo | undefined {
    return this.step(id).undo;
  }
}
