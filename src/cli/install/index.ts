// clickker install: the package, the service account, the secrets and the target, then one of four modes: install
// (apply.ts), --plan (plan.ts), --resume (resume.ts) and --rollback (rollback.ts).
import type { Command } from 'commander';
import { hostname } from 'node:os';
import { InputError } from '../../core/errors.js';
import { accountValidator, parseServiceAccount, type ServiceAccount } from '../../install/account.js';
import { Journal } from '../../install/journal.js';
import { openPackage } from '../../install/package.js';
import { askText, isInteractive } from '../prompts.js';
import { resolve } from '../resolve.js';
import { openTarget, stateDirOf } from '../target.js';
import { runApply } from './apply.js';
import { modeOf, need, resolveParams, secretsFor, sqlCredentials } from './params.js';
import { runPlan } from './plan.js';
import { runResume } from './resume.js';
import { runRollback } from './rollback.js';
import { checkJournalOwner, protectStateFolder, type InstallSession } from './session.js';
import { cliLang, settleLang, tr } from '../lang.js';
import { line } from '../../core/json-document.js';
import { msg } from '../../report/i18n/catalogue.js';

export { secretEnvName, SERVICE_PASSWORD_ENV } from './params.js';

export async function runInstall(cmd: Command): Promise<number> {
  const lang = settleLang(cmd.getOptionValue('lang') as string | undefined);
  const mode = modeOf(cmd);
  const yes = cmd.getOptionValue('yes') === true;
  const interactive = isInteractive(cmd.getOptionValue('interactive') !== false && !yes);
  await lang;
  const r = await resolve(cmd);
  const s = r.settings;
  await settleLang(s.lang); // flag > CLICKKER_LANG > the config file's lang, now that it is read
  const stateDir = stateDirOf(r);
  const needsJournal = mode === 'resume' || mode === 'rollback' || mode === 'rollback-plan';
  const existing = needsJournal ? Journal.load(stateDir) : null;
  if (needsJournal && !existing) throw new InputError(msg('err.no-journal', { mode: mode === 'resume' ? 'resume' : 'rollback', dir: stateDir }));
  const packageFile = await need(s.package ?? existing?.doc.package.file, '--package', 'CLICKKER_PACKAGE', 'what.package', interactive, () => askText(tr('ask.package')));
  const pkg = openPackage(packageFile, { sha256: s.sha256, checksumFile: s.checksumFile });

  // The service account: the journal's for --resume/--rollback, otherwise flags/env/config/prompt.
  // Checked before anything is planned, whichever way it came (SQL Server refuses a login without a domain, 15401).
  const given = existing?.params.serviceAccount ?? await need(s.serviceAccount, '--service-account', 'CLICKKER_SERVICE_ACCOUNT',
    'what.service-account', interactive, () => askText(tr('ask.service-account'), accountValidator(hostname(), cliLang())));
  const parsed = parseServiceAccount(given, s.simulate ? 'SIMULATED' : hostname());
  if ('problem' in parsed) throw new InputError(line(existing ? msg('in.what.journal', { file: Journal.file(stateDir) }) : '--service-account', parsed.problem));
  let account = parsed.name;
  r.settings.serviceAccount = account;
  r.options = { ...r.options, serviceAccount: account };
  if (existing) r.settings = { ...r.settings, sqlServer: existing.params.sqlServer || r.settings.sqlServer };
  const secrets = await secretsFor(pkg.manifest, account, interactive, mode === 'install' || mode === 'resume');
  const exec = await openTarget(r, stateDir, await sqlCredentials(r, account, secrets, interactive));
  if (mode !== 'plan' && mode !== 'rollback-plan') await protectStateFolder(exec, stateDir, existing !== null);
  else if (existing) await checkJournalOwner(exec, stateDir);
  // A local account (.\user) is named after the target computer, as Windows records it.
  if (!existing && given.trim().startsWith('.\\')) {
    account = (parseServiceAccount(given, exec.computerName) as ServiceAccount).name;
    r.settings.serviceAccount = account;
    r.options = { ...r.options, serviceAccount: account };
  }
  const session: InstallSession = { cmd, r, yes, interactive, stateDir, existing, pkg, account, secrets, exec };
  try {
    if (existing && (mode === 'rollback' || mode === 'rollback-plan')) return await runRollback({ ...session, existing }, mode === 'rollback-plan');
    if (existing && mode === 'resume') return await runResume({ ...session, existing });
    const params = await resolveParams(r, pkg.manifest, exec, account, interactive);
    return mode === 'plan' ? await runPlan(session, params) : await runApply(session, params);
  } finally {
    await exec.close();
  }
}
