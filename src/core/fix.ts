// The fixes for a judged host: each failed or warned result asks its own check (checks/*.ts keep their fix beside
// their diagnosis; the types are part of the contract in types.ts). A check without a fix leaves a failure to the
// administrator, with the result's exact commands.
import type { Check, Fix, FixAction, FixContext, ManualFix, Result } from './types.js';
import type { Reboot } from './vocabulary.js';
import { say, type Msg } from './text.js';
import { manual } from './verdict.js';

export type { Fix, FixAction, FixContext, FixHost, ManualFix } from './types.js';

export function isManual(fix: Fix): fix is ManualFix {
  return 'manual' in fix;
}

/** The fix of a check whose failures are the administrator's decision: manual, for `fail` only. */
export function manualWhenFailed(why: Msg, reboot?: Reboot): (result: { status: string }) => ManualFix | null {
  return (result) => (result.status === 'fail' ? manual(why, reboot) : null);
}

/**
 * Why a check without a fix of its own leaves it to the administrator, said truthfully from its remediation (issue 16:
 * never "not safe to automate" when the truth is a download or a person): its commands to run, or the steps it names.
 */
export function manualReason(r: Result): Msg {
  const commands = (r.remediation?.commands ?? []).filter((c) => c.purpose !== 'look');
  return commands.length > 0
    ? say('clickker does not run this for you: review the commands below and run them as labelled',
      'clickker voert dit niet voor u uit: controleer de opdrachten hieronder en voer ze uit zoals aangegeven')
    : say('no command can do this: it needs a person (or a download), as the step above says',
      'geen opdracht kan dit: er is een persoon (of een download) voor nodig, zoals de stap hierboven zegt');
}

function manualAction(r: Result, fix: ManualFix): FixAction {
  return {
    id: `${r.id}.manual`, checkId: r.id, title: r.remediation?.text ?? r.summary, automatic: false, needsElevation: true,
    reboot: fix.reboot ?? 'never', whatIf: [], why: fix.manual,
    nl: { title: r.remediation?.nl ?? r.nl?.summary ?? r.summary, whatIf: [], why: fix.nl },
    // Only commands that change something: diagnostics ("to look") are never offered as a fix to run.
    commands: (r.remediation?.commands ?? []).filter((c) => c.purpose !== 'look'),
  };
}

/** The fix actions for the results that need one, in the order of the results. */
export function fixActions(results: readonly Result[], checks: readonly Check[], ctx: FixContext = {}): FixAction[] {
  const byId = checksById(checks);
  const out: FixAction[] = [];
  for (const r of results) {
    const fix = fixOf(r, byId, ctx);
    if (fix) out.push(isManual(fix) ? manualAction(r, fix) : fix);
  }
  return out;
}

/**
 * The checks whose failure here `clickker fix` can fix by itself: the ids of fixActions(results, checks)'s automatic
 * actions, in order, each once, without building the manual actions (never automatic) to read their flag: a fleet
 * asks this of every host (issue 17).
 */
export function automaticFixIds(results: readonly Result[], checks: readonly Check[]): string[] {
  const byId = checksById(checks);
  const ids: string[] = [];
  for (const r of results) {
    const fix = fixOf(r, byId, {});
    if (fix && !isManual(fix) && fix.automatic && !ids.includes(fix.checkId)) ids.push(fix.checkId);
  }
  return ids;
}

/** A result's fix: its check's own, or, for a failure without one, the administrator's (manual); null when none. */
function fixOf(r: Result, byId: ReadonlyMap<string, Check>, ctx: FixContext): Fix | null {
  if (r.status !== 'fail' && r.status !== 'warn') return null;
  const check = byId.get(r.id);
  return check?.fix ? check.fix(r, ctx) : r.status === 'fail' ? manual(manualReason(r)) : null;
}

/**
 * The checks by id, made once per list of checks (a fleet judges every host with the same list); made again if the
 * list grew or shrank since (ids are unique, so a kept map has one entry per check).
 */
function checksById(checks: readonly Check[]): ReadonlyMap<string, Check> {
  let byId = byIdOf.get(checks);
  if (!byId || byId.size !== checks.length) byIdOf.set(checks, byId = new Map(checks.map((c) => [c.id, c])));
  return byId;
}
const byIdOf = new WeakMap<readonly Check[], ReadonlyMap<string, Check>>();
