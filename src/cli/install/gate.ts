// The preflight every install mode runs first, on the target's own facts: its report is written to the state folder
// (named after the run), its verdict printed, and a blocking fail or unknown stops the run unless waived.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../../core/exit-codes.js';
import type { InstallInput } from '../../install/installer.js';
import type { InstallParams } from '../../install/step.js';
import { renderJsonChunks } from '../../report/json.js';
import { runTargetPreflight, type Preflight } from '../target.js';
import { InputError } from '../../core/errors.js';
import { compose } from '../../core/input-error.js';
import { msg } from '../../report/i18n/catalogue.js';
import { findWaiver, isExpired, type Waiver } from '../../core/waivers.js';
import { writeFileAtomic } from '../write-file.js';
import { printPreflight } from './print.js';
import { tool, type InstallSession } from './session.js';

export interface Gate {
  pf: Preflight;
  reportFile: string | null;
  /** The exit code when the preflight blocks the installation, else null. */
  blockedCode: number | null;
}

/**
 * `install --skip <blocking check>` is an accepted risk like a waiver: it needs a waiver for that check (reason,
 * approver, expiry) in --waivers, and is recorded in the journal. Without one the installation is refused.
 */
export function skippedBlockingWaivers(pf: Preflight, waivers: readonly Waiver[], now = new Date()): Waiver[] {
  const out: Waiver[] = [];
  for (const x of pf.evaluation.results.filter((r) => r.status === 'skipped' && r.severity === 'blocking')) {
    const w = findWaiver(waivers, x.id, x.host);
    if (!w || isExpired(w, now)) {
      throw new InputError(compose('in.skip.needs-waiver', { id: x.id, expired: w ? msg('in.skip.expired', { date: w.expires }) : '' }));
    }
    out.push(w);
  }
  return out;
}

/** `reportName`: the report's file name in reports/ (a resume writes its own: the run's first report is never replaced). */
export async function preflightGate(s: InstallSession, runId: string, writeReport: boolean, reportName = `preflight-${runId}.json`): Promise<Gate> {
  const pf = await runTargetPreflight(s.r, s.exec, s.interactive);
  skippedBlockingWaivers(pf, s.r.waivers);
  let reportFile: string | null = null;
  if (writeReport) {
    reportFile = join(s.stateDir, 'reports', reportName);
    mkdirSync(join(s.stateDir, 'reports'), { recursive: true });
    await writeFileAtomic(reportFile, renderJsonChunks(pf.evaluation, { tool: tool(), generatedAt: pf.evaluation.evaluatedAt }), msg('in.what.preflight-report'));
  }
  printPreflight(pf, reportFile);
  const blockedCode = pf.blocking.length === 0 ? null : pf.blocking.some((x) => x.status === 'fail') ? EXIT.NOT_READY : EXIT.INCOMPLETE;
  return { pf, reportFile, blockedCode };
}

/** What the installer is given for a run: the session's target, package and secrets, the preflight's verdict and waivers. */
export function runInput(s: InstallSession, params: InstallParams, runId: string, g: Gate): InstallInput & { params: InstallParams } {
  const { pf, reportFile } = g;
  return {
    exec: s.exec, pkg: s.pkg, params, secrets: s.secrets, stateDir: s.stateDir, tool: tool(), runId, confirmations: [...s.r.options.confirmations],
    preflight: { verdict: pf.evaluation.outcome.verdict, report: reportFile, judgedFrom: s.exec.target.en },
    waivers: [
      ...pf.waived.map((x) => ({ check: x.id, status: x.waiver!.status, reason: x.waiver!.reason, approvedBy: x.waiver!.approvedBy, expires: x.waiver!.expires })),
      // Blocking checks skipped with --skip: recorded with the waiver that allowed it.
      ...skippedBlockingWaivers(pf, s.r.waivers).map((w) => ({ check: w.check, status: 'skipped' as const, reason: w.reason, approvedBy: w.approvedBy, expires: w.expires })),
    ],
    preamble: [
      `preflight ${pf.evaluation.outcome.verdict} (report ${reportFile})`,
      `parameters: service account ${params.serviceAccount}; SQL ${params.sqlServer || '(none)'} database ${params.database}; site ${params.site}${params.appPath}; folder ${params.installDir}; Exact databases ${params.exactDatabases.join(', ') || '(none)'}`,
    ],
  };
}
