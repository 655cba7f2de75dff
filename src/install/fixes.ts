// The fixes for a judged host: each failed or warned result asks its own check (checks/*.ts keep their fix beside
// their diagnosis). A check without a fix leaves a failure to the administrator, with the result's exact commands.
import { isManual, type FixAction, type FixContext, type ManualFix } from '../core/fix.js';
import type { Check, Result } from '../core/types.js';

const NOT_AUTOMATED = 'not safe to automate: review and run it yourself';

function manualAction(r: Result, fix: ManualFix): FixAction {
  return {
    id: `${r.id}.manual`, checkId: r.id, title: r.remediation?.text ?? r.summary, automatic: false, needsElevation: true,
    reboot: fix.reboot ?? 'never', whatIf: [], why: fix.manual,
    // Only commands that change something: diagnostics ("to look") are never offered as a fix to run.
    commands: (r.remediation?.commands ?? []).filter((c) => c.purpose !== 'look'),
  };
}

/** The fix actions for the results that need one, in the order of the results. */
export function fixActions(results: readonly Result[], checks: readonly Check[], ctx: FixContext = {}): FixAction[] {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const out: FixAction[] = [];
  for (const r of results) {
    if (r.status !== 'fail' && r.status !== 'warn') continue;
    const check = byId.get(r.id);
    const fix = check?.fix ? check.fix(r, ctx) : r.status === 'fail' ? { manual: NOT_AUTOMATED } : null;
    if (fix) out.push(isManual(fix) ? manualAction(r, fix) : fix);
  }
  return out;
}
