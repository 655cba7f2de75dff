// install --rollback: undo the steps of the current journal's run, last first, after showing them and asking.
import { EXIT } from '../../core/exit-codes.js';
import { undoable } from '../../install/engine.js';
import { planRollback, rollbackInstall } from '../../install/installer.js';
import type { Journal } from '../../install/journal.js';
import { buildSteps } from '../../install/steps/index.js';
import { stepProgress } from '../step-progress.js';
import { out } from './print.js';
import { inLang, tr } from '../lang.js';
import { confirmOrRefuse, failure, requireElevation, tool, type InstallSession } from './session.js';

export async function runRollback(s: InstallSession & { existing: Journal }, planOnly = false): Promise<number> {
  const { exec, pkg, existing } = s;
  out(tr('rollback.title', { run: existing.doc.runId, product: existing.doc.package.product, version: existing.doc.package.version, state: tr(`run-state.${existing.doc.state}`), target: inLang(exec.target) }));
  const steps = undoable(existing);
  // What each undo would do, read only, the database drop and its backup included.
  const { entries } = await planRollback({ exec, pkg, secrets: s.secrets, stateDir: s.stateDir, tool: tool() });
  for (const e of entries) {
    out(`  ${tr('rollback.undo', { id: e.id, what: e.refuse ? tr('rollback.cannot', { why: inLang(e.refuse) }) : inLang(e.lines[0] ?? e.description) })}`);
    for (const l of e.lines.slice(1)) out(`      ${inLang(l)}`);
  }
  if (steps.length === 0) out(`  ${tr('rollback.nothing')}`);
  const refused = entries.filter((e) => e.refuse);
  if (refused.length > 0) {
    out('');
    out(tr('rollback.would-stop', { ids: refused.map((e) => e.id).join(', ') }));
    return EXIT.INSTALL_FAILED;
  }
  if (planOnly) {
    out('');
    out(tr('rollback.plan-done'));
    return EXIT.READY;
  }
  const byId = new Map(buildSteps(pkg.manifest, existing.params).map((x) => [x.id, x]));
  await requireElevation(exec, steps.filter((x) => byId.get(x.id)?.needsElevation).map((x) => x.id));
  if (!await confirmOrRefuse(s.interactive, s.yes, tr('rollback.ask', { n: steps.length, target: inLang(exec.target) }), '--rollback')) return EXIT.INTERRUPTED;
  const progress = await stepProgress(steps.map((x) => x.id), tr('steps.undone'));
  try {
    const o = await rollbackInstall({ exec, pkg, secrets: s.secrets, stateDir: s.stateDir, tool: tool(), events: progress });
    progress.stop();
    out('');
    out(tr('rollback.done', { run: o.runId, list: o.undone.length ? o.undone.join(', ') : tr('rollback.nothing-to-undo') }));
    if (o.previousRun) out(tr('rollback.previous', { run: o.previousRun }));
    out(tr('summary.log', { file: o.logFile }));
    return EXIT.READY;
  } catch (err) {
    progress.stop();
    return failure(err, pkg, s.stateDir);
  }
}
