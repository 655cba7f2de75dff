// One installation run from start to end: plan, install, resume or roll back, with the journal and the log.
// The CLI gathers parameters, secrets, the package and the preflight verdict; everything after that is here, so the
// tests drive exactly what an administrator runs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { join as joinMsg, say, type Msg } from '../core/text.js';
import { pendingRecord, recordedDescription } from './journal-text.js';
import { pruneAfterRun, pruneAll, pruneRun } from './backups.js';
import { apply, plan, rollback, undoable, type EngineEvents, type EngineHooks, type PlannedStep } from './engine.js';
import type { EventEntry, Executor } from './executor.js';
import { Journal, newRunId, type JournalDoc } from './journal.js';
import { InstallLog } from './log.js';
import type { OpenedPackage } from './package.js';
import { StepRefused, undoLine, type InstallParams, type InstallSecrets, type Step, type StepContext, type Undo, type UndoPlan } from './step.js';
import { buildSteps } from './steps/index.js';
import { safeJoin } from './zip.js';
import { runVerification, type VerifyOptions, type VerifyResult } from './verify.js';

export interface InstallInput {
  exec: Executor;
  pkg: OpenedPackage;
  /** For a new installation; --resume and --rollback take them from the journal. */
  params?: InstallParams;
  secrets: InstallSecrets;
  stateDir: string;
  tool: { name: string; version: string };
  events?: EngineEvents;
  hooks?: EngineHooks;
  verify?: VerifyOptions;
  preflight?: JournalDoc['preflight'];
  waivers?: JournalDoc['waivers'];
  /** Lines written to the log before the steps (the preflight summary, the parameters). */
  preamble?: string[];
  /** The run id to use (the CLI names the preflight report after it); a fresh one otherwise. */
  runId?: string;
  /** The manual confirmations given for the preflight (recorded, so a resume does not ask them again). */
  confirmations?: string[];
}

export interface RunOutcome {
  runId: string;
  changed: string[];
  unchanged: string[];
  verification: VerifyResult[];
  logFile: string;
  journalFile: string;
  /** A run that changed nothing leaves the earlier installation's journal current (so --rollback still undoes it). */
  keptJournalOf: string | null;
}

function context(input: InstallInput, params: InstallParams, runId: string, log: InstallLog | null, journal: Journal | null = null, previousFiles?: readonly string[]): StepContext {
  return {
    exec: input.exec, pkg: input.pkg, params, secrets: input.secrets, stateDir: input.stateDir, runId, log: (l) => log?.line(l),
    // Only this run's own record of a step it started and did not finish vouches for what it began.
    startedUndo: (id) => {
      const rec = journal?.doc.runId === runId ? journal.doc.steps.find((x) => x.id === id) : undefined;
      return rec && ['started', 'failed'].includes(rec.status) ? rec.undo : undefined;
    },
    recorded: (id) => (journal?.doc.runId === runId ? journal.doc.steps.find((x) => x.id === id)?.undo : undefined),
    ...(previousFiles ? { previousFiles } : {}),
  };
}

/** Writes to the Application event log; an event log that cannot be written never fails the run (the log says so). */
async function event(input: InstallInput, log: InstallLog, entry: EventEntry): Promise<void> {
  try {
    await input.exec.eventLog.write(entry);
  } catch (err) {
    log.line(`could not write to the Application event log: ${(err as Error).message}`);
  }
}

/** Event ids of source Clickker in the Application log (docs/install.md). */
export const EVENT = { installed: 1000, failed: 1001, upgraded: 1002, rolledBack: 1010, uninstalled: 1020 } as const;

/** A run's state in Dutch prose (the journal keeps the English value; the console's words: cli-messages run-state.*). */
const STATE_NL: Record<string, string> = {
  installing: 'bezig met installeren', installed: 'geïnstalleerd', failed: 'mislukt', 'rolling-back': 'bezig met terugdraaien',
  'rolled-back': 'teruggedraaid', uninstalled: 'verwijderd',
};
const stateNl = (state: string) => STATE_NL[state] ?? state;

function describeUnfinished(j: Journal): Msg {
  const at = j.doc.steps.find((s) => ['started', 'failed', 'rolling-back'].includes(s.status));
  return say(
    `the installation of run ${j.doc.runId} is unfinished (${j.doc.state}${at ? `, at step ${at.id}` : ''})`,
    `de installatie van run ${j.doc.runId} is niet afgerond (${stateNl(j.doc.state)}${at ? `, bij stap ${at.id}` : ''})`,
  );
}

/** The steps with what each would change on this host; nothing is changed. */
export async function planInstall(input: InstallInput & { params: InstallParams }): Promise<PlannedStep[]> {
  const steps = buildSteps(input.pkg.manifest, input.params);
  // Over an installed version, the plan shows what the upgrade removes of it.
  const current = Journal.load(input.stateDir);
  const previousFiles = current?.doc.state === 'installed' ? current.doc.installedFiles : undefined;
  return plan(steps, context(input, input.params, input.runId ?? 'plan', null, null, previousFiles));
}

async function finish(input: InstallInput, journal: Journal, ctx: StepContext, log: InstallLog, changed: string[], unchanged: string[], previous: string | null): Promise<RunOutcome> {
  let verification: VerifyResult[] = [];
  if (input.pkg.manifest.verify.length > 0) {
    verification = await runVerification(ctx, input.pkg.manifest.verify, input.verify);
    for (const v of verification) log.line(`verify ${v.name}: GET ${v.url} -> ${v.got} (expected ${v.expected}) ${v.ok ? 'ok' : 'FAILED'}`);
    journal.setVerification(verification);
  }
  const failed = verification.filter((v) => !v.ok);
  journal.setState(failed.length > 0 ? 'failed' : 'installed');
  const m = input.pkg.manifest;
  if (failed.length > 0) await event(input, log, { type: 'Error', id: EVENT.failed, message: `${m.product} ${m.version}: installed, but verification failed (${failed.map((v) => v.name).join(', ')}); run ${ctx.runId}, log ${log.file}` });
  else if (changed.length > 0) {
    const upgradeOf = journal.doc.upgradeOf ?? null;
    await event(input, log, upgradeOf
      ? { type: 'Information', id: EVENT.upgraded, message: `${m.product} upgraded from ${upgradeOf} to ${m.version} (run ${ctx.runId}); log ${log.file}` }
      : { type: 'Information', id: EVENT.installed, message: `${m.product} ${m.version} installed (run ${ctx.runId}): ${changed.join(', ')}; log ${log.file}` });
  }
  log.line(`run ${ctx.runId}: ${changed.length} step(s) changed, ${unchanged.length} already in place${failed.length ? `; verification failed: ${failed.map((v) => v.name).join(', ')}` : ''}`);
  let keptJournalOf: string | null = null;
  if (changed.length === 0 && failed.length === 0 && previous) {
    // Nothing changed: keep the earlier run's journal current, so --rollback still undoes the real installation.
    Journal.archiveCurrent(input.stateDir);
    Journal.restore(input.stateDir, previous);
    keptJournalOf = previous;
    log.line(`nothing changed: the journal of run ${previous} stays current`);
  }
  if (failed.length === 0) {
    const now = Journal.load(input.stateDir) ?? journal;
    for (const r of pruneAfterRun(input.stateDir, now, allJournals(input.stateDir))) log.line(`deleted the file and configuration backups of run ${r}: no rollback or uninstall can use them any more`);
  }
  return { runId: ctx.runId, changed, unchanged, verification, logFile: log.file, journalFile: Journal.file(input.stateDir), keptJournalOf };
}

export async function install(input: InstallInput & { params: InstallParams }): Promise<RunOutcome> {
  const existing = Journal.load(input.stateDir);
  if (existing?.unfinished) {
    const u = describeUnfinished(existing);
    throw new InputError(say(`${u.en}: run clickker install --resume to finish it, or --rollback to undo it`, `${u.nl}: voer clickker install --resume uit om haar af te ronden, of --rollback om haar terug te draaien`));
  }
  const runId = input.runId ?? newRunId();
  const log = InstallLog.forRun(input.stateDir, 'install', runId);
  const steps = buildSteps(input.pkg.manifest, input.params);
  const previous = existing?.doc.state === 'installed' ? existing.doc.runId : null;
  const previousFiles = existing?.doc.state === 'installed' ? existing.doc.installedFiles : undefined;
  const upgradeOf = existing?.doc.state === 'installed' && existing.doc.package.version !== input.pkg.manifest.version ? existing.doc.package.version : null;
  const journal = Journal.create(input.stateDir, {
    runId, tool: input.tool, target: input.exec.target.en,
    package: { file: input.pkg.file, product: input.pkg.manifest.product, version: input.pkg.manifest.version, sha256: input.pkg.checksum.sha256, verifiedAgainst: input.pkg.checksum.verifiedAgainst },
    parameters: input.params, state: 'installing', previousRun: previous, startedAt: new Date().toISOString(), log: log.file,
    preflight: input.preflight ?? null, waivers: input.waivers ?? [], iisBackup: null, verification: null,
    confirmations: input.confirmations ?? [], installedFiles: input.pkg.placed.map((p) => p.target),
    ...(previousFiles ? { previousFiles } : {}), ...(upgradeOf ? { upgradeOf } : {}),
    steps: steps.map(pendingRecord),
  });
  log.line(`install ${input.pkg.manifest.product} ${input.pkg.manifest.version} on ${input.exec.target.en}, run ${runId}`);
  log.line(`package ${input.pkg.file} sha256 ${input.pkg.checksum.sha256} (${input.pkg.checksum.verifiedAgainst ? `verified against ${input.pkg.checksum.verifiedAgainst}` : 'not verified: no --sha256 or checksum file'})`);
  for (const line of input.preamble ?? []) log.line(line);
  for (const w of input.waivers ?? []) log.line(`waived: ${w.check} (${w.status}) — ${w.reason}; approved by ${w.approvedBy}, expires ${w.expires}`);
  const ctx = context(input, input.params, runId, log, journal, previousFiles);
  const r = await applyWithEvent(input, log, steps, ctx, journal);
  return finish(input, journal, ctx, log, r.changed, r.unchanged, previous);
}

async function applyWithEvent(input: InstallInput, log: InstallLog, steps: Step[], ctx: StepContext, journal: Journal) {
  try {
    return await apply(steps, ctx, journal, input.events, input.hooks);
  } catch (err) {
    const m = input.pkg.manifest;
    await event(input, log, { type: 'Error', id: EVENT.failed, message: `${m.product} ${m.version}: the installation stopped (run ${ctx.runId}): ${(err as Error).message}; continue with clickker install --resume, or undo with --rollback` });
    throw err;
  }
}

function matchingJournal(input: InstallInput, what: string): Journal {
  const journal = Journal.load(input.stateDir);
  if (!journal) throw new InputError(say(`${what}: no installation journal in ${input.stateDir}`, `${what}: geen installatiejournaal in ${input.stateDir}`));
  if (journal.doc.package.sha256 !== input.pkg.checksum.sha256) {
    throw new InputError(say(
      `${what}: run ${journal.doc.runId} installed ${journal.doc.package.file} (SHA-256 ${journal.doc.package.sha256}); give that package with --package, not ${input.pkg.file}`,
      `${what}: run ${journal.doc.runId} installeerde ${journal.doc.package.file} (SHA-256 ${journal.doc.package.sha256}); geef dat pakket op met --package, niet ${input.pkg.file}`,
    ));
  }
  return journal;
}

export async function resumeInstall(input: InstallInput): Promise<RunOutcome> {
  const journal = matchingJournal(input, '--resume');
  if (!journal.unfinished || journal.doc.state === 'rolling-back') {
    const rolling = journal.doc.state === 'rolling-back';
    throw new InputError(say(
      `--resume: run ${journal.doc.runId} is ${journal.doc.state}; there is nothing to resume${rolling ? ' (finish the rollback with --rollback)' : ''}`,
      `--resume: run ${journal.doc.runId} is ${stateNl(journal.doc.state)}; er is niets te hervatten${rolling ? ' (rond het terugdraaien af met --rollback)' : ''}`,
    ));
  }
  const log = new InstallLog(journal.doc.log);
  const params = journal.params;
  const steps = buildSteps(input.pkg.manifest, params);
  const known = new Set(steps.map((s) => s.id));
  const missing = journal.doc.steps.find((s) => !known.has(s.id));
  if (missing || steps.length !== journal.doc.steps.length) {
    throw new InputError(say(
      `--resume: the journal's steps do not match the package (${missing?.id ?? 'step count'})`,
      `--resume: de stappen in het journaal passen niet bij het pakket (${missing?.id ?? 'aantal stappen'})`,
    ));
  }
  log.line(`resume run ${journal.doc.runId} on ${input.exec.target.en}`);
  for (const line of input.preamble ?? []) log.line(line);
  const ctx = context(input, params, journal.doc.runId, log, journal, journal.doc.previousFiles);
  const r = await applyWithEvent(input, log, steps, ctx, journal);
  return finish(input, journal, ctx, log, r.changed, r.unchanged, null);
}

export interface UndoPlanEntry extends UndoPlan {
  id: string;
  description: Msg;
}

/** What --rollback would undo, step by step (last first), read only; a step that cannot be undone says why. */
export async function planRollback(input: InstallInput): Promise<{ journal: Journal; entries: UndoPlanEntry[] }> {
  const journal = matchingJournal(input, '--rollback');
  const steps = new Map(buildSteps(input.pkg.manifest, journal.params).map((s) => [s.id, s]));
  const ctx = context(input, journal.params, journal.doc.runId, null, journal);
  const entries: UndoPlanEntry[] = [];
  for (const rec of undoable(journal)) {
    const step = steps.get(rec.id);
    // The run's own record of what the step is (both languages; an older journal's English, verbatim).
    const description = recordedDescription(rec, step);
    const plan = step?.undoPlan ? await step.undoPlan(ctx, rec.undo as Undo) : { lines: [undoLine(description)] };
    entries.push({ id: rec.id, description, ...plan });
  }
  return { journal, entries };
}

export async function rollbackInstall(input: InstallInput): Promise<RunOutcome & { undone: string[]; previousRun: string | null }> {
  const journal = matchingJournal(input, '--rollback');
  if (journal.doc.state === 'rolled-back') throw new InputError(say(`--rollback: run ${journal.doc.runId} is already rolled back`, `--rollback: run ${journal.doc.runId} is al teruggedraaid`));
  // Nothing is undone when any step cannot be: a half rollback would leave newer binaries beside older data, or worse.
  const refused = (await planRollback(input)).entries.filter((e) => e.refuse);
  if (refused.length > 0) {
    const why = joinMsg(refused.map((e) => joinMsg([`${e.id}:`, e.refuse!])), '; ');
    throw new StepRefused(say(`--rollback: ${why.en}; nothing was undone`, `--rollback: ${why.nl}; er is niets teruggedraaid`));
  }
  const log = new InstallLog(journal.doc.log);
  const steps = buildSteps(input.pkg.manifest, journal.params);
  log.line(`rollback run ${journal.doc.runId} on ${input.exec.target.en}`);
  const ctx = context(input, journal.params, journal.doc.runId, log, journal);
  const r = await rollback(steps, ctx, journal, input.events, input.hooks);
  const m = input.pkg.manifest;
  await event(input, log, { type: 'Warning', id: EVENT.rolledBack, message: `${m.product} ${m.version}: run ${journal.doc.runId} rolled back (${r.undone.join(', ') || 'nothing to undo'}); log ${log.file}` });
  if (journal.doc.iisBackup) log.line(`the IIS configuration backup ${journal.doc.iisBackup} is kept (appcmd restore backup ${journal.doc.iisBackup} would return IIS to the moment before the install)`);
  // What the run's backups held is back in place: they go (configuration backups hold secrets).
  if (pruneRun(input.stateDir, journal.doc.runId)) log.line(`deleted the file and configuration backups of run ${journal.doc.runId}: restored by this rollback`);
  const previousRun = journal.doc.previousRun;
  if (previousRun) {
    // The installation this run was made on top of is current again: a further --rollback undoes that one.
    Journal.archiveCurrent(input.stateDir);
    Journal.restore(input.stateDir, previousRun);
    log.line(`run ${previousRun} (installed earlier) is the current installation again`);
  }
  return { runId: journal.doc.runId, changed: r.undone, unchanged: [], verification: [], logFile: log.file, journalFile: Journal.file(input.stateDir), keptJournalOf: null, undone: r.undone, previousRun };
}

/** Every journal of this state folder (the current one and the archived ones), oldest run first. */
function allJournals(stateDir: string): Journal[] {
  const dir = join(stateDir, 'journals');
  const archived = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => Journal.loadFile(stateDir, join(dir, f))) : [];
  const current = Journal.load(stateDir);
  return [...archived, ...(current ? [current] : [])].sort((a, b) => a.doc.startedAt.localeCompare(b.doc.startedAt));
}

export interface UninstallOptions {
  /** Leave the Clickker database (its scripts, its user) and the service account's login in place. */
  keepDatabase: boolean;
  /** Only say what would be removed. */
  plan?: boolean;
}

/** Steps an uninstall with --keep-database leaves alone. */
const DATABASE_STEPS = (id: string) => id === 'sql.database' || id.startsWith('sql.script:') || id === 'sql.access' || id === 'sql.login';

/**
 * Steps an uninstall never undoes. Undoing `sql.reduce-rights` would make the service account sysadmin again: removing
 * a product never grants a server role (an administrator who wants it back grants it). `upgrade.stop-services` only
 * stopped what the service steps remove anyway.
 */
const NEVER_UNDONE: Record<string, Msg> = {
  'sql.reduce-rights': say(
    'the service account\'s server roles are left as they are (an uninstall never makes an account sysadmin again)',
    'de serverrollen van het serviceaccount blijven zoals ze zijn (verwijderen maakt een account nooit opnieuw sysadmin)',
  ),
};

/** One line of what uninstall does or would do: "<step id>: <text>" in both languages. */
const stepLine = (id: string, text: Msg): Msg => say(`${id}: ${text.en}`, `${id}: ${text.nl}`);

/**
 * Removes the installation, whatever runs made it: each step is undone with the record of the run that first
 * changed it (so what existed before clickker is put back, and only what clickker created is removed), the files of
 * the installed version are removed, and the database is backed up before it is dropped (or kept, --keep-database).
 * After `--keep-database`, a later uninstall removes what was kept (the database, its user, the login).
 */
export interface UninstallResult {
  removed: string[];
  /** What was (or, with `plan`, would be) undone, one line per thing, "<step id>: <what>", in both languages. */
  lines: Msg[];
  kept: string[];
  /** With `plan`: the steps that cannot be undone, and why (the uninstall would stop before removing anything). */
  refused: { id: string; why: Msg }[];
}

export async function uninstall(input: InstallInput, o: UninstallOptions): Promise<UninstallResult> {
  const current = matchingJournal(input, 'uninstall');
  if (current.unfinished) {
    const u = describeUnfinished(current);
    throw new InputError(say(`uninstall: ${u.en}: finish it with clickker install --resume, or undo it with --rollback, first`, `uninstall: ${u.nl}: rond haar eerst af met clickker install --resume, of draai haar terug met --rollback`));
  }
  if (current.doc.state === 'rolled-back') throw new InputError(say(`uninstall: run ${current.doc.runId} was rolled back; nothing of it is installed`, `uninstall: run ${current.doc.runId} is teruggedraaid; er is niets van geïnstalleerd`));
  // Already uninstalled: only what --keep-database left is still there.
  const left = current.doc.state === 'uninstalled' ? new Set(current.doc.uninstallKept ?? []) : null;
  if (left && left.size === 0) throw new InputError(say(`uninstall: the installation of run ${current.doc.runId} is already uninstalled; nothing is left to remove`, `uninstall: de installatie van run ${current.doc.runId} is al verwijderd; er is niets meer te verwijderen`));
  if (left && o.keepDatabase) {
    throw new InputError(say(
      `uninstall --keep-database: the installation is already uninstalled but for the database (${[...left].join(', ')}); run clickker uninstall without --keep-database to remove it too`,
      `uninstall --keep-database: de installatie is al verwijderd, op de database na (${[...left].join(', ')}); voer clickker uninstall zonder --keep-database uit om ook die te verwijderen`,
    ));
  }
  const journals = allJournals(input.stateDir).filter((j) => j.doc.state === 'installed' || j.doc.runId === current.doc.runId);
  const log = InstallLog.forRun(input.stateDir, 'install', `uninstall-${newRunId()}`);
  const steps = buildSteps(input.pkg.manifest, current.params).reverse().filter((s) => !left || left.has(s.id));
  const removed: string[] = [];
  const kept: string[] = [];
  const lines: Msg[] = [];
  const refused: { id: string; why: Msg }[] = [];
  const work: { step: Step; ctx: StepContext; undo: Undo }[] = [];
  for (const step of steps) {
    if (step.id === 'upgrade.stop-services') continue;
    if (o.keepDatabase && DATABASE_STEPS(step.id)) { kept.push(step.id); continue; }
    // The first run that changed this step recorded what was there before clickker.
    const first = journals.find((j) => j.doc.steps.some((x) => x.id === step.id && x.status === 'done' && x.undo));
    if (!first) continue;
    const never = NEVER_UNDONE[step.id];
    if (never) { lines.push(stepLine(step.id, never)); continue; }
    const rec = first.doc.steps.find((x) => x.id === step.id)!;
    let undo = rec.undo as Undo;
    if (step.id === 'files') {
      // Every file of the installed version goes (whichever run placed it); replaced files of the first run come back.
      const files = current.doc.installedFiles ?? input.pkg.placed.map((p) => p.target);
      const shaOf = (t: string) => { try { return createHash('sha256').update(readFileSync(safeJoin(current.params.installDir, t))).digest('hex'); } catch { return ''; } };
      undo = { ...undo, created: files.map((t) => ({ target: t, sha256: shaOf(t) })) };
    }
    const ctx = context(input, current.params, first.doc.runId, log, first);
    const p: UndoPlan = step.undoPlan ? await step.undoPlan(ctx, undo) : { lines: [undoLine(recordedDescription(rec, step))] };
    if (p.refuse) refused.push({ id: step.id, why: p.refuse });
    if (o.plan) {
      // One line for a step that cannot be undone, whatever its plan held (a script without an undo holds none).
      if (p.refuse) lines.push(stepLine(step.id, say(`CANNOT: ${p.refuse.en}`, `KAN NIET: ${p.refuse.nl}`)));
      else lines.push(...p.lines.map((l) => stepLine(step.id, l)));
      continue;
    }
    work.push({ step, ctx, undo });
  }
  // Nothing is removed when one step cannot be undone (as --rollback does).
  if (refused.length > 0 && !o.plan) {
    const why = joinMsg(refused.map((r) => joinMsg([`${r.id}:`, r.why])), '; ');
    throw new StepRefused(say(`uninstall: ${why.en}; nothing was removed`, `uninstall: ${why.nl}; er is niets verwijderd`));
  }
  for (const { step, ctx, undo } of work) {
    const notes = await step.rollback(ctx, undo);
    log.line(`uninstall ${step.id}: ${notes.map((n) => n.en).join('; ')}`);
    lines.push(...notes.map((l) => stepLine(step.id, l)));
    removed.push(step.id);
  }
  if (!o.plan) {
    current.setUninstalled(kept);
    const pruned = pruneAll(input.stateDir);
    if (pruned.length) {
      log.line(`deleted the file and configuration backups of run(s) ${pruned.join(', ')}: the installation is removed`);
      lines.push(say(
        `backups: deleted the file and configuration backups of ${pruned.length} run(s) (they held configuration secrets)`,
        `back-ups: de back-ups van bestanden en configuratie van ${pruned.length} run(s) verwijderd (ze bevatten geheimen uit de configuratie)`,
      ));
    }
    const m = input.pkg.manifest;
    await event(input, log, { type: 'Information', id: EVENT.uninstalled, message: `${m.product} ${m.version} uninstalled${o.keepDatabase ? ' (the database was kept)' : ''}; log ${log.file}` });
  }
  return { removed, lines, kept, refused };
}
