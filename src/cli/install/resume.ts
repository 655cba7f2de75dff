// install --resume: the journal's run continues from its first unfinished step, with the journal's parameters.
import { EXIT } from '../../core/exit-codes.js';
import { resumeInstall } from '../../install/installer.js';
import type { Journal } from '../../install/journal.js';
import { buildSteps } from '../../install/steps/index.js';
import { finished, runSteps } from './apply.js';
import { preflightGate, runInput } from './gate.js';
import { out } from './print.js';
import { inLang, tr } from '../lang.js';
import { confirmOrRefuse, requireElevation, type InstallSession } from './session.js';

/** The confirmations and waivers the run was started with count again (a waiver still ends on its expiry day). */
function rememberRun(s: InstallSession & { existing: Journal }): void {
  const j = s.existing.doc;
  s.r.options = { ...s.r.options, confirmations: new Set([...s.r.options.confirmations, ...(j.confirmations ?? [])]) };
  for (const w of j.waivers) {
    if (!s.r.waivers.some((x) => x.check === w.check)) s.r.waivers.push({ check: w.check, host: '*', reason: w.reason, approvedBy: w.approvedBy, expires: w.expires });
  }
}

export async function runResume(s: InstallSession & { existing: Journal }): Promise<number> {
  const params = s.existing.params;
  const runId = s.existing.doc.runId;
  rememberRun(s);
  // The run's own preflight report stays as it was; each resume writes its own beside it.
  const gate = await preflightGate(s, runId, true, `preflight-${runId}-resume-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}.json`);
  if (gate.blockedCode !== null) {
    const done = s.existing.doc.steps.filter((x) => x.status === 'done').map((x) => x.id);
    out('');
    out(`${tr('resume.blocked')} ${done.length ? tr('resume.some-done', { n: done.length, run: runId, ids: done.join(', ') }) : tr('nothing-changed')}`);
    out(tr('resume.how', { report: s.existing.doc.preflight?.report ?? tr('word.none') }));
    return gate.blockedCode;
  }
  const input = runInput(s, params, runId, gate);
  out(tr('resume.title', { run: runId, target: inLang(s.exec.target) }));
  const open = s.existing.doc.steps.filter((x) => !['done', 'unchanged'].includes(x.status)).map((x) => x.id);
  await requireElevation(s.exec, buildSteps(s.pkg.manifest, params).filter((x) => x.needsElevation && open.includes(x.id)).map((x) => x.id));
  if (!await confirmOrRefuse(s.interactive, s.yes, tr('resume.ask', { target: inLang(s.exec.target) }), '--resume')) return EXIT.INTERRUPTED;
  const outcome = await runSteps(s, input, resumeInstall);
  if (typeof outcome === 'number') return outcome;
  return finished(s, outcome, 'summary.finished');
}
