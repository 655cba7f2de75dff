// clickker install: the package, the parameters (flags > environment > config > a prompt on a terminal), the
// preflight (a blocking fail or unknown stops it unless waived), the plan, a confirmation, the steps with progress,
// and a summary that says what changed and where the log is. --plan, --resume and --rollback are the same flow.
import type { Command } from 'commander';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import type { PlannedStep } from '../install/engine.js';
import { StepFailed } from '../install/engine.js';
import { accountNeedsPassword, type Executor } from '../install/executor.js';
import { install, planInstall, resumeInstall, rollbackInstall, type InstallInput, type RunOutcome } from '../install/installer.js';
import { Journal, newRunId } from '../install/journal.js';
import { appPathSchema, databaseNameSchema, type Manifest } from '../install/manifest.js';
import { openPackage, type OpenedPackage } from '../install/package.js';
import { StepRefused, type InstallParams, type InstallSecrets } from '../install/step.js';
import { buildSteps, usesSql } from '../install/steps/index.js';
import { verifyUrl } from '../install/verify.js';
import { renderJsonChunks } from '../report/json.js';
import { registerSecret } from '../report/redact.js';
import { askChoice, askSecret, askText, askYesNo, isInteractive } from './prompts.js';
import { resolve, type Resolved } from './resolve.js';
import { stepProgress } from './step-progress.js';
import { openTarget, runTargetPreflight, stateDirOf, type Preflight } from './target.js';
import { toolVersion } from './version.js';
import { writeFileAtomic } from './write-file.js';

type Mode = 'install' | 'plan' | 'resume' | 'rollback';

const out = (text = '') => process.stdout.write(`${text}\n`);
const tool = () => ({ name: 'clickker', version: toolVersion() });

/** CLICKKER_SECRET_CLOUD_API_KEY for the manifest secret cloudApiKey. */
export function secretEnvName(name: string): string {
  return `CLICKKER_SECRET_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}
export const SERVICE_PASSWORD_ENV = 'CLICKKER_SERVICE_ACCOUNT_PASSWORD';

function modeOf(cmd: Command): Mode {
  const chosen = (['plan', 'resume', 'rollback'] as const).filter((m) => cmd.getOptionValue(m) === true);
  if (chosen.length > 1) throw new InputError(`--${chosen[0]} and --${chosen[1]} cannot be combined`);
  return chosen[0] ?? 'install';
}

/** A value from settings, else a prompt on a terminal, else an input error naming the flag and the variable. */
async function need(value: string | undefined, flag: string, env: string, what: string, interactive: boolean, ask: () => Promise<string>): Promise<string> {
  if (value !== undefined && value !== '') return value;
  if (interactive) return ask();
  throw new InputError(`${flag}: missing (${what}); give ${flag} or set ${env} (nothing is asked without a terminal, with CI set, or with --yes)`);
}

async function secretsFor(m: Manifest, account: string, interactive: boolean, required: boolean, env: NodeJS.ProcessEnv = process.env): Promise<InstallSecrets> {
  const values: Record<string, string> = {};
  for (const s of m.secrets) {
    const name = secretEnvName(s.name);
    const v = env[name] || (interactive ? await askSecret(`${s.description} (${s.name})`) : undefined);
    if (v === undefined) {
      if (required) throw new InputError(`${name}: missing (${s.description}); secrets come from the environment or a hidden prompt, never from a flag or file`);
      continue;
    }
    registerSecret(v);
    values[s.name] = v;
  }
  let serviceAccountPassword: string | undefined;
  const wantsPassword = accountNeedsPassword(account) && (m.iis !== undefined || m.services.length > 0 || m.scheduledTasks.length > 0);
  if (wantsPassword) {
    serviceAccountPassword = env[SERVICE_PASSWORD_ENV] || (interactive ? await askSecret(`Password of the service account ${account}`) : undefined);
    if (serviceAccountPassword === undefined && required) {
      throw new InputError(`${SERVICE_PASSWORD_ENV}: missing (the password of ${account}, for the application pool, services and tasks); set it or answer the hidden prompt on a terminal`);
    }
    registerSecret(serviceAccountPassword);
  }
  return { serviceAccountPassword, values };
}

/** The SQL credentials the installer itself uses: --sql-user with CLICKKER_SQL_PASSWORD, or the service account. */
async function sqlCredentials(r: Resolved, account: string, secrets: InstallSecrets, interactive: boolean, env: NodeJS.ProcessEnv = process.env) {
  if (r.settings.sqlUser) {
    const p = env.CLICKKER_SQL_PASSWORD || (interactive ? await askSecret(`Password of SQL login ${r.settings.sqlUser}`) : undefined);
    registerSecret(p);
    return { sqlPassword: p };
  }
  return { sqlPassword: secrets.serviceAccountPassword, sqlUserFallback: account };
}

async function resolveParams(r: Resolved, m: Manifest, exec: Executor, interactive: boolean): Promise<InstallParams> {
  const s = r.settings;
  const serviceAccount = await need(s.serviceAccount, '--service-account', 'CLICKKER_SERVICE_ACCOUNT', 'the account Clickker runs as, DOMAIN\\user', interactive,
    () => askText('Service account (DOMAIN\\user)', (v) => (/^[^\\]+\\[^\\]+$/.test(v) || v.endsWith('$') ? true : 'expected DOMAIN\\user')));
  const sqlServer = usesSql(m)
    ? await need(s.sqlServer, '--sql-server', 'CLICKKER_SQL_SERVER', 'the SQL Server of the Exact databases, HOST[\\INSTANCE][,PORT]', interactive, () => askText('SQL Server (HOST\\INSTANCE)'))
    : '';
  const database = s.clickkerDatabase ?? m.database?.defaultName ?? 'Clickker';
  const dbCheck = databaseNameSchema.safeParse(database);
  if (!dbCheck.success) throw new InputError(`--clickker-database: ${dbCheck.error.issues[0]!.message}`);
  let site = s.site;
  if (m.iis && !site) {
    const sites = await exec.iis.sites();
    if (!interactive) throw new InputError(`--site: missing (the IIS website of Exact Synergy); IIS on ${exec.target} has: ${sites.map((x) => `'${x.name}'`).join(', ') || 'no websites'}`);
    const synergy = sites.find((x) => x.applications.some((a) => /synergy/i.test(a.path) || /synergy/i.test(a.physicalPath)));
    site = await askChoice('The Exact Synergy website to install Clickker under', sites.map((x) => ({
      name: x.name, value: x.name, description: x.applications.map((a) => a.path).join(', ') || '(no applications)',
    })), synergy?.name);
  }
  const defaultDir = process.platform === 'win32' ? join(process.env.ProgramFiles ?? 'C:\\Program Files', 'Clickker') : undefined;
  const installDir = await need(s.installDir ?? defaultDir, '--install-dir', 'CLICKKER_INSTALL_DIR', 'the install folder', interactive, () => askText('Install folder'));
  const appPath = s.appPath ?? m.iis?.application.defaultPath ?? '/clickker';
  if (!appPathSchema.safeParse(appPath).success) throw new InputError('--app-path: expected an application path such as /clickker');
  let exactDatabases: string[] = [];
  if (m.exactDatabaseRead && sqlServer) {
    try {
      exactDatabases = s.exactDatabases ?? await exec.sql().exactDatabases();
    } catch (err) {
      throw new InputError(`--sql-server: cannot list the Exact databases on ${sqlServer} (${(err as Error).message}); check the server and the login, or name the databases with --exact-database`);
    }
  }
  return {
    serviceAccount, sqlServer, database, site: site ?? '', appPath, installDir, baseUrl: s.baseUrl ?? 'http://localhost',
    exactDatabases, reduceSqlRights: s.reduceSqlRights ?? false,
  };
}

function printPreflight(p: Preflight, file: string | null): void {
  const e = p.evaluation;
  const c = e.outcome.counts;
  const words = { ready: 'READY', 'not-ready': 'NOT READY', incomplete: 'INCOMPLETE' }[e.outcome.verdict];
  out(`Preflight  ${words}: ${c.pass} pass, ${c.warn} warn, ${c.fail} fail, ${c.unknown} unknown, ${c.waived} waived${file ? `  (report: ${file})` : ''}`);
  for (const x of p.blocking) out(`  ${x.status === 'fail' ? 'FAIL' : 'UNKNOWN'}  ${x.id}: ${x.summary}`);
  for (const x of p.waived) out(`  WAIVED  ${x.id}: ${x.summary} (waiver: ${x.waiver?.reason}; approved by ${x.waiver?.approvedBy}, expires ${x.waiver?.expires})`);
}

function printPlan(planned: readonly PlannedStep[], pkg: OpenedPackage, exec: Executor, params: InstallParams): void {
  const m = pkg.manifest;
  out('');
  out(`Package    ${m.product} ${m.version} (${pkg.file})`);
  out(`           SHA-256 ${pkg.checksum.sha256}, ${pkg.checksum.verifiedAgainst ? `verified against ${pkg.checksum.verifiedAgainst}` : 'NOT verified: give --sha256 or a checksum file'}`);
  out(`Target     ${exec.target}`);
  out(`Install    ${params.installDir}${m.iis ? `; IIS ${params.site}${params.appPath}` : ''}${params.sqlServer ? `; SQL ${params.sqlServer} database [${params.database}]` : ''}; runs as ${params.serviceAccount}`);
  out('');
  planned.forEach((p, i) => {
    const head = `${String(i + 1).padStart(2)}. ${p.step.id}`;
    if (p.refused) {
      out(`${head}  REFUSED: ${p.refused}`);
      return;
    }
    const t = p.test!;
    if (t.inState) out(`${head}  no change${t.notes?.length ? `: ${t.notes[0]}` : ''}`);
    else {
      out(`${head}  ${t.changes[0]}`);
      for (const c of t.changes.slice(1)) out(`      ${c.startsWith('  ') ? c.slice(2) : c}`);
    }
    for (const n of (t.inState ? t.notes?.slice(1) : t.notes) ?? []) out(`      note: ${n}`);
  });
  const changing = planned.filter((p) => p.test && !p.test.inState);
  const elevation = changing.some((p) => p.step.needsElevation);
  out('');
  out(`${planned.length} steps: ${changing.length} would change, ${planned.filter((p) => p.test?.inState).length} already in place${planned.some((p) => p.refused) ? `, ${planned.filter((p) => p.refused).length} refused` : ''}. Needs an elevated prompt: ${elevation ? 'yes' : 'no'}. Restart: not needed.`);
  if (m.verify.length) out(`Afterwards verify: ${m.verify.map((v) => `${v.name} (GET ${verifyUrl({ params, pkg, secrets: { values: {} } }, v)} -> ${v.expectStatus})`).join('; ')}`);
}

function printSummary(verb: string, o: RunOutcome, pkg: OpenedPackage, exec: Executor, stateDir: string, rollbackHint: boolean): void {
  const m = pkg.manifest;
  out('');
  out(`${verb} ${m.product} ${m.version} on ${exec.target} (run ${o.runId}).`);
  out(`  changed: ${o.changed.length ? o.changed.join(', ') : 'nothing'}`);
  if (o.unchanged.length) out(`  already in place: ${o.unchanged.join(', ')}`);
  for (const v of o.verification) out(`  verify ${v.name}: GET ${v.url} -> ${v.got} ${v.ok ? '(ok)' : `(expected ${v.expected}) FAILED`}`);
  if (o.keptJournalOf) out(`  nothing changed: the journal of run ${o.keptJournalOf} stays current`);
  out(`Log: ${o.logFile}`);
  out(`Journal: ${o.journalFile}`);
  if (rollbackHint && o.changed.length) out(`Undo: clickker install --rollback --package ${pkg.file} --state-dir ${stateDir}`);
}

/** Steps that change Windows need an elevated token; say so before anything is changed. */
async function requireElevation(exec: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0 || await exec.elevated() !== false) return;
  throw new InputError(`${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ` and ${ids.length - 3} more` : ''} need an elevated prompt: start PowerShell with "Run as administrator" and run clickker again (nothing was changed)`);
}

async function confirmOrRefuse(interactive: boolean, yes: boolean, question: string, flagHint: string): Promise<boolean> {
  if (yes) return true;
  if (!interactive) throw new InputError(`${flagHint}: refusing to change this machine without a confirmation; run it on a terminal, or add --yes (see the changes first with --plan)`);
  return askYesNo(question, false);
}

function failure(err: unknown, pkg: OpenedPackage, stateDir: string): number {
  if (err instanceof StepRefused || err instanceof StepFailed) {
    process.stderr.write(`clickker: ${err.message}\n`);
    out(`The installation stopped. The journal (${Journal.file(stateDir)}) and the log say where.`);
    out(`Fix the cause, then:  clickker install --resume --package ${pkg.file} --state-dir ${stateDir}`);
    out(`or undo it:           clickker install --rollback --package ${pkg.file} --state-dir ${stateDir}`);
    return EXIT.INSTALL_FAILED;
  }
  throw err;
}

export async function runInstall(cmd: Command): Promise<number> {
  const mode = modeOf(cmd);
  const yes = cmd.getOptionValue('yes') === true;
  const interactive = isInteractive(cmd.getOptionValue('interactive') !== false && !yes);
  const r = await resolve(cmd);
  const s = r.settings;
  const stateDir = stateDirOf(r);
  const existing = mode === 'resume' || mode === 'rollback' ? Journal.load(stateDir) : null;
  if ((mode === 'resume' || mode === 'rollback') && !existing) throw new InputError(`--${mode}: no installation journal in ${stateDir}`);
  const packageFile = await need(s.package ?? existing?.doc.package.file, '--package', 'CLICKKER_PACKAGE', 'the release zip, e.g. clickker-1.0.0.zip', interactive, () => askText('Release package (zip)'));
  const pkg = openPackage(packageFile, { sha256: s.sha256, checksumFile: s.checksumFile });
  const m = pkg.manifest;

  // The service account: the journal's for --resume/--rollback, otherwise flags/env/config/prompt.
  const account = existing?.params.serviceAccount ?? await need(s.serviceAccount, '--service-account', 'CLICKKER_SERVICE_ACCOUNT',
    'the account Clickker runs as, DOMAIN\\user', interactive, () => askText('Service account (DOMAIN\\user)'));
  r.settings.serviceAccount = account;
  r.options = { ...r.options, serviceAccount: account };
  if (existing) {
    const p = existing.params;
    r.settings = { ...r.settings, sqlServer: p.sqlServer || r.settings.sqlServer };
  }
  const secrets = await secretsFor(m, account, interactive, mode === 'install' || mode === 'resume');
  const exec = await openTarget(r, stateDir, await sqlCredentials(r, account, secrets, interactive));
  try {
    if (mode === 'rollback') {
      out(`Roll back run ${existing!.doc.runId} (${existing!.doc.package.product} ${existing!.doc.package.version}, ${existing!.doc.state}) on ${exec.target}:`);
      const steps = [...existing!.doc.steps].reverse().filter((x) => ['done', 'started', 'failed', 'rolling-back'].includes(x.status) && x.undo);
      for (const x of steps) out(`  undo ${x.id}: ${x.description}`);
      if (steps.length === 0) out('  (nothing was changed by that run)');
      const byId = new Map(buildSteps(m, existing!.params).map((x) => [x.id, x]));
      await requireElevation(exec, steps.filter((x) => byId.get(x.id)?.needsElevation).map((x) => x.id));
      if (!await confirmOrRefuse(interactive, yes, `Undo these ${steps.length} steps on ${exec.target}?`, '--rollback')) return EXIT.INTERRUPTED;
      const progress = await stepProgress(steps.map((x) => x.id), 'undone');
      try {
        const o = await rollbackInstall({ exec, pkg, secrets, stateDir, tool: tool(), events: progress });
        progress.stop();
        out('');
        out(`Rolled back run ${o.runId}: ${o.undone.length ? o.undone.join(', ') : 'nothing to undo'}.`);
        if (o.previousRun) out(`Run ${o.previousRun} (installed before it) is the current installation again; --rollback once more undoes that one too.`);
        out(`Log: ${o.logFile}`);
        return EXIT.READY;
      } catch (err) {
        progress.stop();
        return failure(err, pkg, stateDir);
      }
    }

    const params = existing ? existing.params : await resolveParams(r, m, exec, interactive);
    const runId = mode === 'resume' ? existing!.doc.runId : newRunId();
    // The preflight, on this target's facts. A blocking fail or unknown stops the install unless waived.
    const pf = await runTargetPreflight(r, exec, interactive);
    let reportFile: string | null = null;
    if (mode !== 'plan') {
      reportFile = join(stateDir, 'reports', `preflight-${runId}.json`);
      const { mkdirSync } = await import('node:fs');
      mkdirSync(join(stateDir, 'reports'), { recursive: true });
      await writeFileAtomic(reportFile, renderJsonChunks(pf.evaluation, { tool: tool(), generatedAt: pf.evaluation.evaluatedAt }), 'preflight report');
    }
    printPreflight(pf, reportFile);
    const blockedCode = pf.blocking.length === 0 ? null : pf.blocking.some((x) => x.status === 'fail') ? EXIT.NOT_READY : EXIT.INCOMPLETE;

    if (mode === 'plan') {
      const planned = await planInstall({ exec, pkg, params, secrets, stateDir, tool: tool() });
      printPlan(planned, pkg, exec, params);
      out('');
      if (blockedCode !== null) {
        out('The preflight would stop this installation: fix or waive the findings above (--waivers FILE).');
        return blockedCode;
      }
      if (planned.some((p) => p.refused)) {
        out('The installation would stop at the refused step. Nothing was changed.');
        return EXIT.INSTALL_FAILED;
      }
      out('Nothing was changed (--plan). Run without --plan to install.');
      return EXIT.READY;
    }
    if (blockedCode !== null) {
      out('');
      out('The preflight found blocking problems, so nothing was installed. Fix them (clickker fix, clickker explain ID) or waive them with --waivers FILE.');
      return blockedCode;
    }

    const input: InstallInput & { params: InstallParams } = {
      exec, pkg, params, secrets, stateDir, tool: tool(), runId,
      preflight: { verdict: pf.evaluation.outcome.verdict, report: reportFile, judgedFrom: exec.target },
      waivers: pf.waived.map((x) => ({ check: x.id, status: x.waiver!.status, reason: x.waiver!.reason, approvedBy: x.waiver!.approvedBy, expires: x.waiver!.expires })),
      preamble: [
        `preflight ${pf.evaluation.outcome.verdict} (report ${reportFile})`,
        `parameters: service account ${params.serviceAccount}; SQL ${params.sqlServer || '(none)'} database ${params.database}; site ${params.site}${params.appPath}; folder ${params.installDir}; Exact databases ${params.exactDatabases.join(', ') || '(none)'}`,
      ],
    };
    const steps = buildSteps(m, params);
    let outcome: RunOutcome;
    if (mode === 'install') {
      const planned = await planInstall(input);
      const refused = planned.find((p) => p.refused);
      const changing = planned.filter((p) => p.test && !p.test.inState);
      printPlan(planned, pkg, exec, params);
      if (refused) {
        process.stderr.write(`clickker: step ${refused.step.id} cannot go ahead: ${refused.refused}\n`);
        out('Nothing was changed.');
        return EXIT.INSTALL_FAILED;
      }
      await requireElevation(exec, changing.filter((p) => p.step.needsElevation).map((p) => p.step.id));
      if (changing.length > 0 && !await confirmOrRefuse(interactive, yes, `Apply these ${changing.length} changes to ${exec.target}?`, 'install')) return EXIT.INTERRUPTED;
      out('');
    } else {
      out(`Resume run ${runId} on ${exec.target}:`);
      const open = existing!.doc.steps.filter((x) => !['done', 'unchanged'].includes(x.status)).map((x) => x.id);
      await requireElevation(exec, steps.filter((x) => x.needsElevation && open.includes(x.id)).map((x) => x.id));
      if (!await confirmOrRefuse(interactive, yes, `Continue the installation on ${exec.target}?`, '--resume')) return EXIT.INTERRUPTED;
    }
    const progress = await stepProgress(steps.map((x) => x.id), 'done');
    // Ctrl+C ends the process at once (src/cli/main.ts); say first how to continue. The journal is already durable.
    const onInterrupt = () => { progress.stop(); process.stderr.write(`\nclickker: the installation was interrupted; continue it with clickker install --resume --state-dir ${stateDir}, or undo it with --rollback\n`); };
    process.prependOnceListener('SIGINT', onInterrupt);
    try {
      outcome = mode === 'install' ? await install({ ...input, events: progress }) : await resumeInstall({ ...input, events: progress });
    } catch (err) {
      progress.stop();
      return failure(err, pkg, stateDir);
    } finally {
      process.removeListener('SIGINT', onInterrupt);
      progress.stop();
    }
    const failedChecks = outcome.verification.filter((v) => !v.ok);
    printSummary(failedChecks.length ? 'Installed, but verification FAILED for' : mode === 'resume' ? 'Finished installing' : 'Installed', outcome, pkg, exec, stateDir, true);
    if (failedChecks.length) return EXIT.INSTALL_FAILED;

    // Offer to take the service account out of sysadmin now that the installation is done.
    if (usesSql(m) && !params.reduceSqlRights && params.sqlServer) {
      const login = await exec.sql().login(params.serviceAccount).catch(() => null);
      if (login?.serverRoles.includes('sysadmin')) {
        const why = `${params.serviceAccount} is still sysadmin on ${params.sqlServer}; Clickker needs only read on the Exact databases and read/write on [${params.database}]`;
        if (interactive && await askYesNo(`${why}. Reduce its rights now?`, false)) {
          const o2 = await install({ ...input, params: { ...params, reduceSqlRights: true }, runId: newRunId(), events: await stepProgress(['sql.reduce-rights'], 'done') });
          out(`Reduced: ${params.serviceAccount} left sysadmin (run ${o2.runId}; --rollback gives it back).`);
        } else {
          out(`Note: ${why}. To reduce it: clickker install --package ${pkg.file} --state-dir ${stateDir} --reduce-sql-rights`);
        }
      }
    }
    return EXIT.READY;
  } finally {
    await exec.close();
  }
}
