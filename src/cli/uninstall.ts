// clickker uninstall: removes the installation recorded in the state folder, whichever runs made it (each step is
// undone with the record of the run that first changed it), apart from the Clickker database with --keep-database.
// Separate from install --rollback, which undoes only the last run. Programs and Features' UninstallString runs it.
import type { Command } from 'commander';
import { InputError, said } from '../core/errors.js';
import { StepRefused } from '../install/step.js';
import { errorLine } from './error-line.js';
import { EXIT } from '../core/exit-codes.js';
import { uninstall } from '../install/installer.js';
import { Journal } from '../install/journal.js';
import { openPackage } from '../install/package.js';
import { isInteractive } from './prompts.js';
import { resolve } from './resolve.js';
import { openTarget, stateDirOf } from './target.js';
import { secretsFor, sqlCredentials } from './install/params.js';
import { out } from './install/print.js';
import { inLang, settleLang, tr } from './lang.js';
import { msg } from '../report/i18n/catalogue.js';
import { checkJournalOwner, confirmOrRefuse, protectStateFolder, requireElevation, tool } from './install/session.js';

export async function runUninstall(cmd: Command): Promise<number> {
  const yes = cmd.getOptionValue('yes') === true;
  const planOnly = cmd.getOptionValue('plan') === true;
  const keepDatabase = cmd.getOptionValue('keepDatabase') === true;
  const interactive = isInteractive(cmd.getOptionValue('interactive') !== false && !yes);
  await settleLang(cmd.getOptionValue('lang') as string | undefined);
  const r = await resolve(cmd);
  await settleLang(r.settings.lang);
  const stateDir = stateDirOf(r);
  const journal = Journal.load(stateDir);
  if (!journal) throw new InputError(msg('err.uninstall.no-journal', { dir: stateDir }));
  const pkg = openPackage(r.settings.package ?? journal.doc.package.file, { sha256: r.settings.sha256, checksumFile: r.settings.checksumFile });
  const account = journal.params.serviceAccount;
  r.settings = { ...r.settings, serviceAccount: account, sqlServer: journal.params.sqlServer || r.settings.sqlServer };
  const secrets = await secretsFor(pkg.manifest, account, interactive, false);
  const exec = await openTarget(r, stateDir, await sqlCredentials(r, account, secrets, interactive));
  try {
    if (!planOnly) await protectStateFolder(exec, stateDir, true);
    else await checkJournalOwner(exec, stateDir);
    const input = { exec, pkg, secrets, stateDir, tool: tool() };
    const plan = await uninstall(input, { keepDatabase, plan: true });
    out(tr('uninstall.title', { product: pkg.manifest.product, version: pkg.manifest.version, target: inLang(exec.target), keep: keepDatabase ? tr('uninstall.keeping') : '' }));
    for (const l of plan.lines) out(`  ${inLang(l)}`);
    if (plan.kept.length) out(`  ${tr('uninstall.kept', { list: plan.kept.join(', ') })}`);
    if (plan.refused.length > 0) {
      out(tr('uninstall.would-stop'));
      return EXIT.INSTALL_FAILED;
    }
    if (planOnly) {
      out(tr('uninstall.plan-done'));
      return EXIT.READY;
    }
    await requireElevation(exec, ['uninstall']);
    if (!await confirmOrRefuse(interactive, yes, tr('uninstall.ask', { product: pkg.manifest.product, target: inLang(exec.target) }), 'uninstall')) return EXIT.INTERRUPTED;
    let done: Awaited<ReturnType<typeof uninstall>>;
    try {
      done = await uninstall(input, { keepDatabase });
    } catch (err) {
      if (!(err instanceof StepRefused)) throw err;
      process.stderr.write(errorLine(inLang(said(err))));
      return EXIT.INSTALL_FAILED;
    }
    out('');
    for (const l of done.lines) out(`  ${inLang(l)}`);
    out(tr('uninstall.done', { product: pkg.manifest.product, version: pkg.manifest.version, dir: stateDir }));
    return EXIT.READY;
  } finally {
    await exec.close();
  }
}
