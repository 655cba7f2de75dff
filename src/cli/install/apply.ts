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
import { preflightGate, runInput } from './gate.js';
import { out, printPlan, printSummary } from './print.js';
import { confirmOrRefuse, failure, requireElevation, type InstallSession } from './session.js';

export type StepsRunner = (input: InstallInput & { params: InstallParams }) => Promise<RunOutcome>;

/** Runs the steps with progress; a stopped run prints how to go on. Returns the outcome or the exit code. */
export async function runSteps(s: InstallSession, input: InstallInput & { params: InstallParams }, run: StepsRunner): Promise<RunOutcome | number> {
  const progress = await stepProgress(buildSteps(s.pkg.manifest, input.params).map((x) => x.id), 'done');
  // Ctrl+C ends the process at once (src/cli/main.ts); say first how to continue. The journal is already durable.
  const onInterrupt = () => { progress.stop(); process.stderr.write(`\nclickker: the installation was interrupted; continue it with clickker install --resume --state-dir ${s.stateDir}, or undo it with --rollback\n`); };
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
export function finished(s: InstallSession, outcome: RunOutcome, verb: string): number {
  const failedChecks = outcome.verification.filter((v) => !v.ok);
  printSummary(failedChecks.length ? 'Installed, but verification FAILED for' : verb, outcome, s.pkg, s.exec, s.stateDir, true);
  return failedChecks.length ? EXIT.INSTALL_FAILED : EXIT.READY;
}

export async function runApply(s: InstallSession, params: InstallParams): Promise<number> {
  const runId = newRunId();
  const gate = await preflightGate(s, runId, true);
  if (gate.blockedCode !== null) {
    out('');
    out('The preflight found blocking problems, so nothing was installed. Fix them (clickker fix, clickker explain ID) or waive them with --waivers FILE.');
    return gate.blockedCode;
  }
  const input = runInput(s, params, runId, gate);
  const planned = await planInstall(input);
  const refused = planned.find((p) => p.refused);
  const changing = planned.filter((p) => p.test && !p.test.inState);
  printPlan(planned, s.pkg, s.exec, params);
  if (refused) {
    process.stderr.write(errorLine(`step ${refused.step.id} cannot go ahead: ${refused.refused}`));
    out('Nothing was changed.');
    return EXIT.INSTALL_FAILED;
  }
  await requireElevation(s.exec, changing.filter((p) => p.step.needsElevation).map((p) => p.step.id));
  if (changing.length > 0 && !await confirmOrRefuse(s.interactive, s.yes, `Apply these ${changing.length} changes to ${s.exec.target}?`, 'install')) return EXIT.INTERRUPTED;
  out('');
  const outcome = await runSteps(s, input, install);
  if (typeof outcome === 'number') return outcome;
  const code = finished(s, outcome, 'Installed');
  // --reduce-sql-rights removed direct membership only: say what it cannot promise rather than "reader/writer only".
  const group = params.reduceSqlRights && usesSql(s.pkg.manifest) ? groupSysadminWarning(params.serviceAccount) : null;
  if (group) out(`Warning: ${group}`);
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
  const why = `${params.serviceAccount} is still sysadmin on ${params.sqlServer}; Clickker needs only read on the Exact databases and read/write on [${params.database}]`;
  if (s.interactive && await askYesNo(`${why}. Reduce its rights now?`, false)) {
    const o2 = await install({ ...input, params: { ...params, reduceSqlRights: true }, runId: newRunId(), events: await stepProgress(['sql.reduce-rights'], 'done') });
    out(`Reduced: ${params.serviceAccount} left sysadmin (run ${o2.runId}; --rollback gives it back).`);
    const group = groupSysadminWarning(params.serviceAccount);
    if (group) out(`Warning: ${group}`);
  } else {
    out(`Note: ${why}. To reduce it: clickker install --package ${s.pkg.file} --state-dir ${s.stateDir} --reduce-sql-rights`);
  }
}

