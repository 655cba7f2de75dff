// install: the preflight gate, the plan, a confirmation, the steps with progress, the summary; afterwards, an offer
// to take the service account out of sysadmin. The step loop with its progress and Ctrl+C note is shared with
// --resume (resume.ts).
import { errorLine } from '../error-line.js';
import { EXIT } from '../../core/exit-codes.js';
import { install, planInstall, type InstallInput, type RunOutcome } from '../../install/installer.js';
import { newRunId } from '../../install/journal.js';
import type { InstallParams } from '../../install/step.js';
import { buildSteps, usesSql } from '../../install/steps/index.js';
import { groupSysadminWarning } from '../../install/steps/sql.js';
import { askYesNo } from '../prompts.js';
import { stepProgress } from '../step-progress.js';
import { inLang, tr } from '../lang.js';
import type { MessageId } from '../../report/i18n/catalogue.js';
import { preflightGate, runInput } from './gate.js';
import { out, printPlan, printSummary } from './print.js';
import { confirmOrRefuse, failure, requireElevation, type InstallSession } from './session.js';

export type StepsRunner = (input: InstallInput & { params: InstallParams }) => Promise<RunOutcome>;

/** Runs the steps with progress; a stopped run prints how to go on. Returns the outcome or the exit code. */
export async function runSteps(s: InstallSession, input: InstallInput & { params: InstallParams }, run: StepsRunner): Promise<RunOutcome | number> {
  const progress = await stepProgress(buildSteps(s.pkg.manifest, input.params).map((x) => x.id), tr('steps.done'));
  // Ctrl+C ends the process at once (src/cli/main.ts); say first how to continue. The journal is already durable.
  const onInterrupt = () => { progress.stop(); process.stderr.write(`\nclickker: ${tr('install.interrupted', { dir: s.stateDir })}\n`); };
  process.prependOnceListener('SIGINT', onInterrupt);
  try {
    return await run({ ...input, events: progress });
  } catch (err) {
    progress.stop();
    return failure(err, s.pkg, s.stateDir);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    progress.stop();
  }
}

/** The summary after the steps; verification failures exit 5. */
export function finished(s: InstallSession, outcome: RunOutcome, verb: MessageId): number {
  const failedChecks = outcome.verification.filter((v) => !v.ok);
  printSummary(failedChecks.length ? 'summary.verify-failed' : verb, outcome, s.pkg, s.exec, s.stateDir, true);
  return failedChecks.length ? EXIT.INSTALL_FAILED : EXIT.READY;
}

export async function runApply(s: InstallSession, params: InstallParams): Promise<number> {
  const runId = newRunId();
  const gate = await preflightGate(s, runId, true);
  if (gate.blockedCode !== null) {
    out('');
    out(tr('install.blocked'));
    return gate.blockedCode;
  }
  const input = runInput(s, params, runId, gate);
  const planned = await planInstall(input);
  const refused = planned.find((p) => p.refused);
  const changing = planned.filter((p) => p.test && !p.test.inState);
  printPlan(planned, s.pkg, s.exec, params);
  if (refused) {
    process.stderr.write(errorLine(tr('install.step-refused', { id: refused.step.id, why: refused.refused ? inLang(refused.refused) : '' })));
    out(tr('nothing-changed'));
    return EXIT.INSTALL_FAILED;
  }
  await requireElevation(s.exec, changing.filter((p) => p.step.needsElevation).map((p) => p.step.id));
  if (changing.length > 0 && !await confirmOrRefuse(s.interactive, s.yes, tr('install.ask-apply', { n: changing.length, target: inLang(s.exec.target) }), 'install')) return EXIT.INTERRUPTED;
  out('');
  const outcome = await runSteps(s, input, install);
  if (typeof outcome === 'number') return outcome;
  const code = finished(s, outcome, 'summary.installed');
  // --reduce-sql-rights removed direct membership only: say what it cannot promise rather than "reader/writer only".
  const group = params.reduceSqlRights && usesSql(s.pkg.manifest) ? groupSysadminWarning(params.serviceAccount) : null;
  if (group) out(tr('install.warning', { text: inLang(group) }));
  if (code !== EXIT.READY) return code;
  await offerReduceRights(s, input);
  return EXIT.READY;
}

/** Offers to take the service account out of sysadmin now that the installation is done. */
async function offerReduceRights(s: InstallSession, input: InstallInput & { params: InstallParams }): Promise<void> {
  const params = input.params;
  if (!usesSql(s.pkg.manifest) || params.reduceSqlRights || !params.sqlServer) return;
  const login = await s.exec.sql().login(params.serviceAccount).catch(() => null);
  if (!login?.serverRoles.includes('sysadmin')) return;
  const why = tr('install.still-sysadmin', { account: params.serviceAccount, server: params.sqlServer, database: params.database });
  if (s.interactive && await askYesNo(tr('install.ask-reduce', { why }), false)) {
    const o2 = await install({ ...input, params: { ...params, reduceSqlRights: true }, runId: newRunId(), events: await stepProgress(['sql.reduce-rights'], tr('steps.done')) });
    out(tr('install.reduced', { account: params.serviceAccount, run: o2.runId }));
    const group = groupSysadminWarning(params.serviceAccount);
    if (group) out(tr('install.warning', { text: inLang(group) }));
  } else {
    out(tr('install.reduce-note', { why, command: `clickker install --package ${s.pkg.file} --state-dir ${s.stateDir} --reduce-sql-rights` }));
  }
}

