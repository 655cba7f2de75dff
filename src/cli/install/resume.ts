// install --resume: the journal's run continues from its first unfinished step, with the journal's parameters.
import { EXIT } from '../../core/exit-codes.js';
import { resumeInstall } from '../../install/installer.js';
import type { Journal } from '../../install/journal.js';
import { buildSteps } from '../../install/steps/index.js';
import { finished, runSteps } from './apply.js';
import { preflightGate, runInput } from './gate.js';
import { out } from './print.js';
import { confirmOrRefuse, requireElevation, type InstallSession } from './session.js';

export async function runResume(s: InstallSession & { existing: Journal }): Promise<number> {
  const params = s.existing.params;
  const runId = s.existing.doc.runId;
  const gate = await preflightGate(s, runId, true);
  if (gate.blockedCode !== null) {
    out('');
    out('The preflight found blocking problems, so nothing was installed. Fix them (clickker fix, clickker explain ID) or waive them with --waivers FILE.');
    return gate.blockedCode;
  }
  const input = runInput(s, params, runId, gate);
  out(`Resume run ${runId} on ${s.exec.target}:`);
  const open = s.existing.doc.steps.filter((x) => !['done', 'unchanged'].includes(x.status)).map((x) => x.id);
  await requireElevation(s.exec, buildSteps(s.pkg.manifest, params).filter((x) => x.needsElevation && open.includes(x.id)).map((x) => x.id));
  if (!await confirmOrRefuse(s.interactive, s.yes, `Continue the installation on ${s.exec.target}?`, '--resume')) return EXIT.INTERRUPTED;
  const outcome = await runSteps(s, input, resumeInstall);
  if (typeof outcome === 'number') return outcome;
  return finished(s, outcome, 'Finished installing');
}
