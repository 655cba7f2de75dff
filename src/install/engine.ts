// The engine: plan (test every step, change nothing), apply (test -> capture -> journal "started" -> apply ->
// verify -> journal "done"), resume (the same loop: finished steps are skipped, the unfinished one is re-tested and
// keeps the record captured before it first started), and rollback (undo started and finished steps in reverse).
import { said, SaidError } from '../core/errors.js';
import { join, say, type Msg } from '../core/text.js';
import type { Journal, JournalStep } from './journal.js';
import { recordedDescription, textPatch } from './journal-text.js';
import type { Step, StepContext, StepTest, Undo } from './step.js';
import { StepRefused, undoLine } from './step.js';

export interface PlannedStep {
  step: Step;
  test?: StepTest;
  /** Why the step cannot go ahead (a StepRefused), or a failure while testing. */
  refused?: Msg;
}

export type StepOutcome = 'changed' | 'unchanged' | 'failed';

/** What the console hears while steps run; texts in both languages, the listener prints the run's. */
export interface EngineEvents {
  stepStart?(step: Step, test: StepTest, resumed: boolean): void;
  /** `detail`: why it failed, or what it did, in both languages (the console prints the run's). */
  stepEnd?(step: Step, outcome: StepOutcome, detail?: Msg): void;
  info?(text: string): void;
}

export interface EngineHooks {
  /** Called after each step is journaled as finished; tests throw here to simulate the process dying. */
  afterStep?(id: string): void | Promise<void>;
}

/**
 * A step failed while applying or verifying; the journal says where. `message` is the English (the journal's and the
 * log's), `nl` the Dutch; Windows' own error text inside `reason` is quoted as recorded in both.
 */
export class StepFailed extends Error {
  readonly nl: string;

  constructor(readonly stepId: string, readonly reason: Msg) {
    super(`step ${stepId} failed: ${reason.en}`);
    this.name = 'StepFailed';
    this.nl = `stap ${stepId} is mislukt: ${reason.nl}`;
  }
}

/** The English of an error, as the journal and the log record it. */
const message = (err: unknown) => said(err).en;
const testing = (err: unknown) => { const m = said(err); return say(`testing it: ${m.en}`, `bij het testen: ${m.nl}`); };

/** The log stays English (an engineer's record); the console and the journal have both languages. */
const en = (texts: readonly Msg[]) => texts.map((t) => t.en).join('; ');

export async function plan(steps: readonly Step[], ctx: StepContext): Promise<PlannedStep[]> {
  const out: PlannedStep[] = [];
  for (const step of steps) {
    try {
      out.push({ step, test: await step.test(ctx) });
    } catch (err) {
      const m = said(err);
      out.push({ step, refused: err instanceof StepRefused ? m : say(`could not test: ${m.en}`, `kon de stap niet testen: ${m.nl}`) });
    }
  }
  return out;
}

/** Why a step that was applied is still not in its desired state (the verify after apply). */
function notInState(after: StepTest): Msg {
  const u = after.unverifiable;
  if (u) return say(`applied, but it cannot be verified: ${u.en}`, `toegepast, maar het is niet te controleren: ${u.nl}`);
  const changes = join(after.changes, '; ');
  return say(`after applying, the state still differs: ${changes.en}`, `na het toepassen wijkt de toestand nog af: ${changes.nl}`);
}

export interface ApplyResult {
  changed: string[];
  unchanged: string[];
}

export async function apply(steps: readonly Step[], ctx: StepContext, journal: Journal, events: EngineEvents = {}, hooks: EngineHooks = {}): Promise<ApplyResult> {
  const result: ApplyResult = { changed: [], unchanged: [] };
  journal.setState('installing');
  for (const step of steps) {
    const rec = journal.step(step.id);
    if (rec.status === 'done') { result.changed.push(step.id); continue; }
    if (rec.status === 'unchanged') { result.unchanged.push(step.id); continue; }
    const resumed = rec.status === 'started' || rec.status === 'failed';
    let test: StepTest;
    try {
      test = await step.test(ctx);
    } catch (err) {
      journal.mark(step.id, { status: 'failed', error: message(err), endedAt: new Date().toISOString() });
      journal.setState('failed');
      events.stepEnd?.(step, 'failed', said(err));
      throw err instanceof StepRefused ? err : new StepFailed(step.id, testing(err));
    }
    if (test.inState) {
      // Already as wanted. A step that was under way when the process died and had in fact finished counts as done.
      journal.mark(step.id, { status: resumed ? 'done' : 'unchanged', endedAt: new Date().toISOString() });
      (resumed ? result.changed : result.unchanged).push(step.id);
      events.stepEnd?.(step, resumed ? 'changed' : 'unchanged', resumed ? say('finished before the interruption', 'was al klaar vóór de onderbreking') : undefined);
      await hooks.afterStep?.(step.id);
      continue;
    }
    events.stepStart?.(step, test, resumed);
    try {
      if (step.touchesIis && !journal.doc.iisBackup) {
        const name = `clickker-${ctx.runId}`;
        await ctx.exec.iis.backup(name);
        journal.setIisBackup(name);
        ctx.log(`IIS configuration backed up as ${name} (restore with: appcmd restore backup ${name})`);
      }
      // On resume the record captured before the first attempt is kept: capturing now would record a half-done state.
      const undo: Undo = resumed && rec.undo ? rec.undo : await step.capture(ctx);
      journal.mark(step.id, { status: 'started', startedAt: new Date().toISOString(), undo, ...textPatch(rec, 'changes', test.changes), error: undefined });
      ctx.log(`step ${step.id}: start${resumed ? ' (resumed)' : ''}: ${en(test.changes)}`);
      await step.apply(ctx, undo);
      const after = await step.test(ctx);
      if (!after.inState) throw new SaidError(notInState(after));
    } catch (err) {
      journal.mark(step.id, { status: 'failed', error: message(err), endedAt: new Date().toISOString() });
      journal.setState('failed');
      ctx.log(`step ${step.id}: FAILED: ${message(err)}`);
      events.stepEnd?.(step, 'failed', said(err));
      throw err instanceof StepRefused ? err : new StepFailed(step.id, said(err));
    }
    journal.mark(step.id, { status: 'done', endedAt: new Date().toISOString() });
    ctx.log(`step ${step.id}: done`);
    result.changed.push(step.id);
    events.stepEnd?.(step, 'changed');
    await hooks.afterStep?.(step.id);
  }
  return result;
}

/** Statuses of a step whose changes a rollback undoes: it finished, or it was under way when the run stopped. */
const UNDOABLE = new Set<JournalStep['status']>(['done', 'started', 'failed', 'rolling-back']);

/** The journal's steps a rollback undoes, in the order it undoes them (last first). */
export function undoable(journal: Pick<Journal, 'doc'>): JournalStep[] {
  return [...journal.doc.steps].reverse().filter((s) => UNDOABLE.has(s.status) && s.undo !== undefined);
}

export interface RollbackResult {
  undone: string[];
}

/** Undoes, in reverse order, every step this run started or finished. Safe to run again after an interruption. */
export async function rollback(steps: readonly Step[], ctx: StepContext, journal: Journal, events: EngineEvents = {}, hooks: EngineHooks = {}): Promise<RollbackResult> {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const undone: string[] = [];
  journal.setState('rolling-back');
  for (const rec of undoable(journal)) {
    const step = byId.get(rec.id);
    if (!step) {
      throw new StepFailed(rec.id, say(
        'the journal names a step this package does not have; roll back with the package that was installed',
        'het journaal noemt een stap die dit pakket niet heeft; draai terug met het pakket dat geïnstalleerd is',
      ));
    }
    // The journal's own record of what the step is (both languages; an older journal's English, verbatim).
    events.stepStart?.(step, { inState: false, changes: [undoLine(recordedDescription(rec, step))] }, false);
    try {
      journal.mark(rec.id, { status: 'rolling-back' });
      const notes = await step.rollback(ctx, rec.undo as Undo);
      journal.mark(rec.id, { status: 'rolled-back', ...textPatch(rec, 'rollback', notes), endedAt: new Date().toISOString() });
      ctx.log(`rollback ${rec.id}: ${en(notes)}`);
      undone.push(rec.id);
      events.stepEnd?.(step, 'changed', join(notes, '; '));
    } catch (err) {
      journal.mark(rec.id, { error: `rollback: ${message(err)}` });
      journal.setState('failed');
      ctx.log(`rollback ${rec.id}: FAILED: ${message(err)}`);
      events.stepEnd?.(step, 'failed', said(err));
      const m = said(err);
      throw new StepFailed(rec.id, say(`undoing it: ${m.en}`, `bij het terugdraaien: ${m.nl}`));
    }
    await hooks.afterStep?.(rec.id);
  }
  journal.setState('rolled-back');
  return { undone };
}
