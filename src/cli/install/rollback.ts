// install --rollback: undo the steps of the current journal's run, last first, after showing them and asking.
import { EXIT } from '../../core/exit-codes.js';
import { undoable } from '../../install/engine.js';
import { planRollback, rollbackInstall } from '../../install/installer.js';
import type { Journal } from '../../install/journal.js';
import { buildSteps } from '../../install/steps/index.js';
import { stepProgress } from '../step-progress.js';
import { out } from './print.js';
import { confirmOrRefuse, failure, requireElevation, tool, type InstallSession } from './session.js';

export async function runRollback(s: InstallSession & { existing: Journal }, planOnly = false): Promise<number> {
  const { exec, pkg, existing } = s;
  out(`Roll back run ${existing.doc.runId} (${existing.doc.package.product} ${existing.doc.package.version}, ${existing.doc.state}) on ${exec.target}:`);
  const steps = undoable(existing);
  // What each undo would do, read only, the database drop and its backup included.
  const { entries } = await planRollback({ exec, pkg, secrets: s.secrets, stateDir: s.stateDir, tool: tool() });
  for (const e of entries) {
    out(`  undo ${e.id}: ${e.refuse ? `CANNOT: ${e.refuse}` : e.lines[0] ?? e.description}`);
    for (const l of e.lines.slice(1)) out(`      ${l}`);
  }
  if (steps.length === 0) out('  (nothing was changed by that run)');
  const refused = entries.filter((e) => e.refuse);
  if (refused.length > 0) {
    out('');
    out(`The rollback would stop: ${refused.map((e) => e.id).join(', ')} cannot be undone. Nothing was changed.`);
    return EXIT.INSTALL_FAILED;
  }
  if (planOnly) {
    out('');
    out('Nothing was changed (--rollback --plan). Run --rollback without --plan to undo these steps.');
    return EXIT.READY;
  }
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
