// The steps' own texts in the journal. A step's description, what it changed and what its rollback did are recorded
// in both languages, so a rollback or uninstall run in Dutch after an English installation (or the reverse) prints
// the run's language: the English stays where it always was (description, changes, rollback: plain strings, which
// is what a journal written before the texts were bilingual holds, and what such an older clickker reads) and the
// Dutch goes beside it under `nl`. Reading a step without `nl` gives its English verbatim in both languages.
import { say, verbatim, type Msg } from '../core/text.js';
import type { JournalStep } from './journal.js';
import type { Step } from './step.js';

type TextField = 'changes' | 'rollback';

/** A new journal's record of a step that has not started. */
export function pendingRecord(step: Step): JournalStep {
  return { id: step.id, description: step.description.en, nl: { description: step.description.nl }, status: 'pending' };
}

/** The patch that records `texts` as a step's `changes` or `rollback`, in both languages (for Journal.mark). */
export function textPatch(rec: JournalStep, field: TextField, texts: readonly Msg[]): Partial<JournalStep> {
  return { [field]: texts.map((t) => t.en), nl: { ...rec.nl, [field]: texts.map((t) => t.nl) } };
}

/**
 * The recorded description. A journal written before the texts were bilingual has only the English, which is kept
 * verbatim; its Dutch is the step's own when the package still has the step (it is the same package: --rollback and
 * uninstall check its SHA-256), else the English too.
 */
export function recordedDescription(rec: JournalStep, step?: Step): Msg {
  return say(rec.description, rec.nl?.description ?? step?.description.nl ?? rec.description);
}

/** The recorded changes or rollback lines; English verbatim where no Dutch was recorded (an older journal). */
export function recordedTexts(rec: JournalStep, field: TextField): Msg[] {
  const en = rec[field] ?? [];
  const nl = rec.nl?.[field];
  return en.map((t, i) => (nl?.[i] !== undefined && nl.length === en.length ? say(t, nl[i]) : verbatim(t)));
}
