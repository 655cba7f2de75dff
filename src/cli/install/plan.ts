// install --plan: the preflight and what every step would change on this host; nothing is changed.
import { EXIT } from '../../core/exit-codes.js';
import { planInstall } from '../../install/installer.js';
import type { InstallParams } from '../../install/step.js';
import { preflightGate } from './gate.js';
import { out, printPlan } from './print.js';
import { tool, type InstallSession } from './session.js';
import { tr } from '../lang.js';

export async function runPlan(s: InstallSession, params: InstallParams): Promise<number> {
  const { blockedCode } = await preflightGate(s, 'plan', false);
  const planned = await planInstall({ exec: s.exec, pkg: s.pkg, params, secrets: s.secrets, stateDir: s.stateDir, tool: tool() });
  printPlan(planned, s.pkg, s.exec, params);
  out('');
  if (blockedCode !== null) {
    out(tr('plan.blocked'));
    return blockedCode;
  }
  if (planned.some((p) => p.refused)) {
    out(tr('plan.would-stop'));
    return EXIT.INSTALL_FAILED;
  }
  out(tr('plan.done'));
  return EXIT.READY;
}
