// What every install mode shares once the package, the account, the secrets and the target are known, and the
// guards before a change: an elevated prompt, a confirmation, and how a stopped run is reported.
import { errorLine } from '../error-line.js';
import type { Command } from 'commander';
import { InputError, said } from '../../core/errors.js';
import { EXIT } from '../../core/exit-codes.js';
import { StepFailed } from '../../install/engine.js';
import { SID, type Executor } from '../../install/executor.js';
import { Journal } from '../../install/journal.js';
import type { OpenedPackage } from '../../install/package.js';
import { StepRefused, type InstallSecrets } from '../../install/step.js';
import { askYesNo } from '../prompts.js';
import type { Resolved } from '../resolve.js';
import { toolVersion } from '../version.js';
import { out } from './print.js';
import { inLang, tr } from '../lang.js';
import { msg, t } from '../../report/i18n/catalogue.js';

export interface InstallSession {
  cmd: Command;
  r: Resolved;
  yes: boolean;
  interactive: boolean;
  stateDir: string;
  /** The current journal (--resume and --rollback need one; install reads it to refuse an unfinished run). */
  existing: Journal | null;
  pkg: OpenedPackage;
  account: string;
  secrets: InstallSecrets;
  exec: Executor;
}

export const tool = () => ({ name: 'clickker', version: toolVersion() });

/**
 * The state folder holds what an elevated clickker trusts later (the journal a --resume or --rollback acts on), so it
 * is created with Administrators and SYSTEM as its only principals (a %ProgramData% subfolder would otherwise let
 * local Users create files in it; windows-behaviour.md), and a journal whose owner is neither is refused: a local
 * user could have planted it. Files an elevated administrator creates are owned by Administrators (learn.microsoft.com:
 * "System objects: Default owner for objects created by members of the Administrators group").
 */
export async function protectStateFolder(exec: Executor, stateDir: string, journalExists: boolean): Promise<void> {
  if (journalExists) await checkJournalOwner(exec, stateDir);
  if (await exec.elevated() === false) return; // the elevation check names the steps; changing an ACL needs elevation too
  await exec.files.secureFolder(stateDir, []);
}

/** A journal only Administrators or SYSTEM can have written; also before a plan (--rollback --plan) is shown from it. */
export async function checkJournalOwner(exec: Executor, stateDir: string): Promise<void> {
  const owner = await exec.files.owner(Journal.file(stateDir));
  if (owner !== null && owner !== SID.administrators && owner !== SID.system) {
    throw new InputError(msg('err.journal-owner', { file: Journal.file(stateDir), owner }));
  }
}

/** Steps that change Windows need an elevated token; say so before anything is changed. */
export async function requireElevation(exec: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0 || await exec.elevated() !== false) return;
  const named = (lang: 'en' | 'nl') => `${ids.slice(0, 3).join(', ')}${ids.length > 3 ? t(lang, 'and-more', { n: ids.length - 3 }) : ''}`;
  throw new InputError({ en: t('en', 'err.elevation', { ids: named('en') }), nl: t('nl', 'err.elevation', { ids: named('nl') }) });
}

export async function confirmOrRefuse(interactive: boolean, yes: boolean, question: string, flagHint: string): Promise<boolean> {
  if (yes) return true;
  if (!interactive) throw new InputError(msg('err.no-confirmation', { flag: flagHint }));
  return askYesNo(question, false);
}

/** A refused or failed step: say where the journal is and how to go on; anything else is not ours to explain. */
export function failure(err: unknown, pkg: OpenedPackage, stateDir: string): number {
  if (err instanceof StepRefused || err instanceof StepFailed) {
    process.stderr.write(errorLine(inLang(said(err))));
    out(tr('install.stopped', { file: Journal.file(stateDir) }));
    const [then, undo] = [tr('install.then-resume'), tr('install.or-undo')];
    const w = Math.max(then.length, undo.length) + 2;
    out(`${then.padEnd(w)}clickker install --resume --package ${pkg.file} --state-dir ${stateDir}`);
    out(`${undo.padEnd(w)}clickker install --rollback --package ${pkg.file} --state-dir ${stateDir}`);
    return EXIT.INSTALL_FAILED;
  }
  throw err;
}
