// <state-dir>/backups/<run>/: the files a run replaced or removed (`files`, `obsolete`) and the configuration files it
// rewrote (`config`, which hold the installation's secrets: connection strings, API keys). They exist so that a
// rollback or an uninstall can put them back, and no longer than that:
// - the backups folder is Administrators and SYSTEM only (inheritance cut), set before a backup is written into it;
// - a run's backups go once they have been restored (its rollback) or can no longer be used (uninstall);
// - after a successful run, backups are kept for the last BACKUP_RUNS_KEPT runs of the installation (the current one
//   and the one it was made on top of: `--rollback` twice) and for the runs whose record an uninstall uses (what
//   existed before clickker); older runs' backups are deleted, and a rollback that would need one refuses, saying so.
// Database backups (.bak) are not here: SQL Server writes them to its own default backup folder (steps/sql.ts).
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { say, verbatim, type Msg } from '../core/text.js';
import type { Executor } from './executor.js';
import type { Journal } from './journal.js';

/** How many runs of the installation (the current one and those before it) keep their backups. */
export const BACKUP_RUNS_KEPT = 2;

/** The kinds of backup a run makes (folders under backups/<run>/). */
const KINDS = ['files', 'obsolete', 'config'] as const;

export function backupsFolder(stateDir: string): string {
  return join(stateDir, 'backups');
}

/** Administrators and SYSTEM only, inherited by every backup written inside (also copies: they take the folder's ACEs). */
export async function protectBackups(exec: Executor, stateDir: string): Promise<void> {
  await exec.files.secureFolder(backupsFolder(stateDir), []);
}

/** Deletes the file and configuration backups of one run; returns whether there were any. */
export function pruneRun(stateDir: string, runId: string): boolean {
  const dir = join(backupsFolder(stateDir), runId);
  let any = false;
  for (const kind of KINDS) {
    const d = join(dir, kind);
    if (!existsSync(d)) continue;
    rmSync(d, { recursive: true, force: true });
    any = true;
  }
  try {
    if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // in use or not empty: left
  }
  return any;
}

/** Runs that still have backups in the state folder. */
function runsWithBackups(stateDir: string): string[] {
  const root = backupsFolder(stateDir);
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((r) => KINDS.some((k) => existsSync(join(root, r, k))));
}

/**
 * The runs whose backups an uninstall or a rollback may still need: the current run and the runs it was made on top
 * of (BACKUP_RUNS_KEPT in all), and for each step the first installed run that changed it (its backup holds what was
 * there before clickker; uninstall puts that back).
 */
export function runsToKeep(current: Journal, journals: readonly Journal[]): Set<string> {
  const byRun = new Map(journals.map((j) => [j.doc.runId, j]));
  const keep = new Set<string>();
  let at: Journal | undefined = current;
  while (at && keep.size < BACKUP_RUNS_KEPT) {
    keep.add(at.doc.runId);
    at = at.doc.previousRun ? byRun.get(at.doc.previousRun) : undefined;
  }
  const installed = journals.filter((j) => j.doc.state === 'installed').sort((a, b) => a.doc.startedAt.localeCompare(b.doc.startedAt));
  const ids = new Set(installed.flatMap((j) => j.doc.steps.map((s) => s.id)));
  for (const id of ids) {
    const first = installed.find((j) => j.doc.steps.some((s) => s.id === id && s.status === 'done'));
    if (first) keep.add(first.doc.runId);
  }
  return keep;
}

/** After a successful run: deletes the backups no rollback or uninstall can use any more; returns the runs pruned. */
export function pruneAfterRun(stateDir: string, current: Journal, journals: readonly Journal[]): string[] {
  const keep = runsToKeep(current, journals);
  return runsWithBackups(stateDir).filter((r) => !keep.has(r)).filter((r) => pruneRun(stateDir, r));
}

/** After an uninstall: every run's file and configuration backups (what they held was put back or removed). */
export function pruneAll(stateDir: string): string[] {
  return runsWithBackups(stateDir).filter((r) => pruneRun(stateDir, r));
}

/** Why a backup a rollback needs is missing: pruned (its run is older than the last kept ones) or never made. */
export function missingBackupReason(of: string | Msg): Msg {
  const what = typeof of === 'string' ? verbatim(of) : of;
  return say(
    `the backup of the earlier ${what.en} is gone (backups are kept for the last ${BACKUP_RUNS_KEPT} runs and deleted once restored): put it back by hand, or install the earlier version again instead of undoing this step`,
    `de back-up van de vorige ${what.nl} is er niet meer (back-ups worden bewaard voor de laatste ${BACKUP_RUNS_KEPT} runs en verwijderd zodra ze zijn teruggezet): zet hem zelf terug, of installeer de vorige versie opnieuw in plaats van deze stap terug te draaien`,
  );
}
