// install --rollback: undo the steps of the current journal's run, last first, after showing them and asking.
import { EXIT } from '../../core/exit-codes.js';
import { undoable } from '../../install/engine.js';
import { rollbackInstall } from '../../install/installer.js';
import type { Journal } from '../../install/journal.js';
import { buildSteps } from '../../install/steps/index.js';
import { stepProgress } from '../step-progress.js';
import { out } from './print.js';
import { confirmOrRefuse, failure, requireElevation, tool, type InstallSession } from './session.js';

export async function runRollback(s: InstallSession & { existing: Journal }): Promise<number> {
  const { exec, pkg, existing } = s;
  out(`Roll back run ${existing.doc.runId} (${existing.doc.package.product} ${existing.doc.package.version}, ${existing.doc.state}) on ${exec.target}:`);
  const steps = undoable(existing);
  for (const x of steps) out(`  undo ${x.id}: ${x.description}`);
  if (steps.length === 0) out('  (nothing was changed by that run)');
  const byId = new Map(buildSteps(pkg.manifest, existing.params).map((x) => [x.id, x]));
  await requireElevation(exec, steps.filter((x) => byId.get(x.id)?.needsElevation).map((x) => x.id));
  if (!await confirmOrRefuse(s.interactive, s.yes, `Undo these ${steps.length} steps on ${exec.target}?`, '--rollback')) return EXIT.INTERRUPTED;
  const progress = await stepProgress(steps.map((x) => x.id), 'undone');
  try {
    const o = await rollbackInstall({ exec, pkg, secrets: s.secrets, stateDir: s.stateDir, tool: tool(), events: progress });
    progress.stop();
    out('');
    out(`Rolled back run ${o.runId}: ${o.undone.length ? o.undone.join(', ') : 'nothing to undo'}.`);
    if (o.previousRun) out(`Run ${o.previousRun} (installed before it) is the current installation again; --rollback once more undoes that one too.`);
    out(`Log: ${o.logFile}`);
    return EXIT.READY;
  } catch (err) {
    progress.stop();
    return failure(err, pkg, s.stateDir);
  }
}
