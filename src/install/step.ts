// The step model. A step is a piece of desired state with four operations, in the manner of DSC resources:
//   test     read only: is the desired state already there? If not, what would change (the what-if text)?
//   capture  read only: what is there now, so rollback can put it back (JSON, never a secret)
//   apply    make it so (convergent: safe to run again after an interruption)
//   rollback undo what apply did, from the captured record; never touch what the step did not create or change
// verify is a fresh test after apply: the step succeeded only if its desired state is now there.
import type { Executor } from './executor.js';
import type { OpenedPackage } from './package.js';
import { SaidError } from '../core/errors.js';
import { say, type Msg } from '../core/text.js';
import type { Reboot } from '../core/vocabulary.js';

export type { Reboot };

/** Non-secret parameters of an installation; recorded in the journal so --resume and --rollback reuse them. */
export interface InstallParams {
  serviceAccount: string;
  sqlServer: string;
  database: string;
  site: string;
  appPath: string;
  installDir: string;
  baseUrl: string;
  /** The Exact databases the service account gets read access to (detected or given). */
  exactDatabases: string[];
  reduceSqlRights: boolean;
}

/** Secret values: held in memory only, never journaled or logged. */
export interface InstallSecrets {
  serviceAccountPassword?: string;
  /** The manifest's secrets by name. */
  values: Record<string, string>;
}

export interface StepContext {
  exec: Executor;
  pkg: OpenedPackage;
  params: InstallParams;
  secrets: InstallSecrets;
  stateDir: string;
  /** This run's id: names backups and marks what this run created (the database). */
  runId: string;
  /**
   * What this run's journal captured for a step it started and did not finish (a resume after a crash), else
   * undefined: the journal's own record vouches for what the run began (e.g. a database created, not yet marked).
   */
  startedUndo?(id: string): Undo | undefined;
  /** What this run's journal captured for a step, whatever became of it (rollback asks what the run did). */
  recorded?(id: string): Undo | undefined;
  /** The files the installation this run upgrades placed (relative), when there is one. */
  previousFiles?: readonly string[];
  log(line: string): void;
}

// Every text a step gives a person is a Msg (English and Dutch, src/core/text.ts), so a missing Dutch text does not
// compile. The console prints the run's language; the journal records both (journal-text.ts); the log stays English.
export interface StepTest {
  inState: boolean;
  /** What apply would change, one line per change, for the plan, the progress lines, the journal and the log. */
  changes: Msg[];
  /** Things worth saying even when nothing changes (e.g. "Exact database: read access only"). */
  notes?: Msg[];
  /**
   * Set when the step cannot tell whether the state is as wanted (what Windows reports is ambiguous): after applying,
   * the engine says "cannot be verified" with this reason, not "the state still differs".
   */
  unverifiable?: Msg;
}

/** What capture recorded; JSON only. */
export type Undo = Record<string, unknown>;

export interface Step {
  id: string;
  /** What the step looks after, as a noun phrase ("the Windows service X"): the journal, progress and undo lines. */
  description: Msg;
  needsElevation: boolean;
  reboot: Reboot;
  /** The step changes IIS configuration: the engine backs it up once before the first such change. */
  touchesIis?: boolean;
  /** Preflight checks whose pass this step relies on (shown in the plan). */
  requires?: readonly string[];
  test(ctx: StepContext): Promise<StepTest>;
  capture(ctx: StepContext): Promise<Undo>;
  apply(ctx: StepContext, undo: Undo): Promise<void>;
  /** Returns one line per thing it undid or left alone, for the console, the journal and the log. */
  rollback(ctx: StepContext, undo: Undo): Promise<Msg[]>;
  /**
   * What rollback would do, for `--rollback --plan` (read only); `refuse` when it cannot be undone safely (the whole
   * rollback then stops before changing anything). Without it the plan says "undo <description>" (undoLine).
   */
  undoPlan?(ctx: StepContext, undo: Undo): Promise<UndoPlan>;
}

export interface UndoPlan {
  lines: Msg[];
  refuse?: Msg;
}

/** What undoing a step is called where the step says no more (no undoPlan, rollback progress). */
export const undoLine = (description: Msg): Msg => say(`undo ${description.en}`, `ongedaan maken: ${description.nl}`);

/**
 * A step that cannot proceed safely (e.g. a database that exists but is not ours): an input problem, not a bug. Said
 * in both languages (`message` is the English, for the journal and the log; `nl` the Dutch the console prints).
 */
export class StepRefused extends SaidError {
  constructor(message: Msg) {
    super(message);
    this.name = 'StepRefused';
  }
}
