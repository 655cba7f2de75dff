// clickker fix: judge the target, list a typed action per failed check (automatic where safe, the exact commands
// otherwise), show each what-if, ask before acting (unless --yes), act, and run the check again.
import type { Command } from 'commander';
import { setCliLang } from './lang.js';
import { InputError } from '../core/errors.js';
import { judge } from '../core/judge.js';
import { EXIT } from '../core/exit-codes.js';
import { loadSnapshot } from '../facts/snapshot.js';
import type { Result } from '../core/types.js';
import type { Executor } from '../install/executor.js';
import { fixActions, manualReason, type FixAction } from '../core/fix.js';
import { commandLabel } from '../report/common.js';
import { newRunId } from '../install/journal.js';
import { InstallLog } from '../install/log.js';
import { askText, askYesNo, isInteractive } from './prompts.js';
import { judgeSettings, resolve, selectionOf, type Resolved } from './resolve.js';
import { judgeTarget, openTarget, stateDirOf } from './target.js';
import { msg, resolveLang, t, type Lang } from '../report/i18n/catalogue.js';
import { localizeResult } from '../report/i18n/localize.js';
import { uiCultureFor } from './ui-culture.js';

const out = (text = '') => process.stdout.write(`${text}\n`);

/** A fix action's prose in `lang`: the Dutch its check wrote beside the English (FixAction.nl). */
function inLang(a: FixAction, lang: Lang): Pick<FixAction, 'title' | 'whatIf' | 'why'> {
  return lang === 'nl' ? { title: a.nl.title, whatIf: a.nl.whatIf, why: a.nl.why ?? a.why } : a;
}

/** The finding in one clause: the endpoint list and its error codes stay in the preflight's endpoint table. */
function shortSummary(r: Result): string {
  return r.id === 'network.endpoints' && r.summary.includes(': ') ? r.summary.slice(0, r.summary.indexOf(': ')) : r.summary;
}

function printAction(a: FixAction, found: Result | undefined, i: number, lang: Lang): void {
  const r = found && lang === 'nl' ? localizeResult(found) : found;
  const text = inLang(a, lang);
  out(`[${i + 1}] ${a.id}  (${t(lang, 'fix.fixes', { id: a.checkId })}${r ? `: ${t(lang, `mark.${r.status}`)} — ${shortSummary(r)}` : ''})`);
  out(`    ${text.title}`);
  if (a.automatic) {
    out(`    ${t(lang, 'fix.automatic')}; ${t(lang, a.needsElevation ? 'fix.elevation.yes' : 'fix.elevation.no')}; ${t(lang, `fix.reboot.${a.reboot}`)}`);
    for (const w of text.whatIf) out(`    ${t(lang, 'fix.what-if')} ${w}`);
    if (a.needsSource) out(`    ${t(lang, 'fix.needs-source')}`);
    for (const c of a.commands) out(`    ${c.shell === 'powershell' ? 'PowerShell' : c.shell}: ${c.script.split('\n').join('\n      ')}`);
  } else {
    // The same words and commands as the preflight's to-do list: what to do, who runs each command.
    out(`    ${t(lang, 'fix.manual', { why: text.why ?? manualReason({ remediation: { text: a.title, nl: a.nl.title, commands: a.commands } } as Result)[lang] })}`);
    for (const c of a.commands) {
      out(`    ${commandLabel(c, lang)}`);
      for (const line of c.script.split('\n')) out(`      ${line}`);
    }
  }
}

/** The check again, on the target's fresh facts, judged as the fix run was. */
async function recheck(r: Resolved, exec: Executor, checkId: string): Promise<Result | undefined> {
  return (await judgeTarget(r, exec, { only: [checkId] }, false)).results.find((x) => x.id === checkId);
}

export async function runFix(ids: readonly string[], cmd: Command): Promise<number> {
  const culture = uiCultureFor(cmd.getOptionValue('lang') as string | undefined);
  const whatIf = cmd.getOptionValue('whatIf') === true;
  const yes = cmd.getOptionValue('yes') === true;
  const interactive = isInteractive(cmd.getOptionValue('interactive') !== false && !yes);
  const r = await resolve(cmd);
  const s = r.settings;
  const lang = resolveLang(s.lang, process.env, await culture);
  setCliLang(lang); // progress lines and error lines speak it too
  const snapshots = s.snapshots ?? [];
  if (snapshots.length > 0 && !whatIf) throw new InputError(msg('in.fix.snapshot'));
  if (snapshots.length > 1) throw new InputError(msg('in.fix.one-snapshot'));

  let exec: Executor | undefined;
  let results: Result[];
  try {
    if (snapshots.length === 1) {
      const { facts } = loadSnapshot(snapshots[0]!);
      results = (await judge([{ facts, file: snapshots[0] }], { ...judgeSettings(r), failOn: [] })).results;
      out(t(lang, 'fix.for-snapshot', { file: snapshots[0]! }));
    } else {
      const stateDir = stateDirOf(r);
      exec = await openTarget(r, stateDir);
      results = (await judgeTarget(r, exec, selectionOf(r), false)).results;
      out(t(lang, 'fix.for-target', { target: exec.target[lang] }));
    }
    const known = new Set(r.checks.map((c) => c.id));
    let actions = fixActions(results, r.checks, { source: s.source });
    if (ids.length > 0) {
      for (const id of ids) if (!known.has(id) && !actions.some((a) => a.id === id)) throw new InputError(msg('in.fix.unknown-id', { id }));
      actions = actions.filter((a) => ids.includes(a.id) || ids.includes(a.checkId));
    }
    out('');
    if (actions.length === 0) {
      out(ids.length
        ? t(lang, 'fix.nothing.ids', { ids: ids.join(', '), states: ids.map((id) => `${id} ${results.find((x) => x.id === id)?.status ?? t(lang, 'fix.not-run')}`).join(', ') })
        : t(lang, 'fix.nothing'));
      return EXIT.READY;
    }
    const byCheck = new Map(results.map((x) => [x.id, x]));
    actions.forEach((a, i) => printAction(a, byCheck.get(a.checkId), i, lang));
    const automatic = actions.filter((a) => a.automatic);
    const manual = actions.filter((a) => !a.automatic);
    out('');
    if (whatIf || !exec) {
      out(t(lang, 'fix.tally.what-if', { automatic: automatic.length, manual: manual.length }));
      // Fixes are pending: the documented "not ready" code (README, Exit codes), so a script can tell.
      return EXIT.NOT_READY;
    }
    if (automatic.length === 0) {
      out(t(lang, 'fix.none-automatic'));
      return EXIT.NOT_READY;
    }
    if (!yes && !interactive) throw new InputError(msg('in.fix.no-confirmation'));
    if (automatic.some((a) => a.needsElevation) && await exec.elevated() === false) {
      throw new InputError(msg('in.fix.elevation', { ids: automatic.filter((a) => a.needsElevation).map((a) => a.id).join(', ') }));
    }

    const log = InstallLog.forRun(stateDirOf(r), 'fix', newRunId());
    log.line(`fix on ${exec.target.en}: ${actions.map((a) => `${a.id} (${a.automatic ? 'automatic' : 'manual'})`).join(', ')}`);
    let failed = 0;
    let restart = false;
    let stillBad = 0;
    for (const a of automatic) {
      let source = s.source;
      if (a.needsSource && source === undefined) {
        if (!interactive) {
          out(t(lang, 'fix.no-source', { id: a.id }));
          log.line(`${a.id}: no --source: installing the role services whose payload is present`);
        } else {
          const answer = await askText(t(lang, 'fix.ask-source'));
          source = answer.trim() === '' ? undefined : answer;
        }
      }
      if (!yes && !await askYesNo(t(lang, 'fix.ask-apply', { id: a.id, target: exec.target[lang] }), false)) {
        out(t(lang, 'fix.skipped', { id: a.id }));
        log.line(`${a.id}: skipped by the administrator`);
        stillBad += 1;
        continue;
      }
      log.line(`${a.id}: apply: ${a.whatIf.join('; ')}`);
      try {
        const res = await a.apply!(exec, { source });
        restart ||= res.restartNeeded;
        log.line(`${a.id}: done: ${res.message}${res.restartNeeded ? ' (restart needed)' : ''}`);
        const after = await recheck(r, exec, a.checkId);
        const shown = after && lang === 'nl' ? localizeResult(after) : after;
        out(`${t(lang, 'fix.done', { id: a.id, check: a.checkId, status: t(lang, `mark.${after?.status ?? 'unknown'}`), summary: shown ? `: ${shown.summary}` : '' })}${res.restartNeeded ? t(lang, 'fix.restart-to-finish') : ''}`);
        log.line(`${a.id}: re-check ${a.checkId}: ${after?.status}: ${after?.summary}`);
        if (!after || (after.status !== 'pass' && after.status !== 'warn')) stillBad += 1;
      } catch (err) {
        failed += 1;
        out(t(lang, 'fix.failed', { id: a.id, message: (err as Error).message }));
        log.line(`${a.id}: FAILED: ${(err as Error).message}`);
      }
    }
    out('');
    out(t(lang, 'fix.log', { file: log.file }));
    if (manual.length) out(manual.length === 1 ? t(lang, 'fix.left.one') : t(lang, 'fix.left.many', { n: manual.length }));
    if (failed) return EXIT.INSTALL_FAILED;
    if (restart) return EXIT.RESTART_NEEDED;
    return stillBad || manual.length ? EXIT.NOT_READY : EXIT.READY;
  } finally {
    await exec?.close();
  }
}
