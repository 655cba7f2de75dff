// What install prints: the preflight's verdict, the plan (one line per step and what it would change, with the
// preflight checks each step relies on and whether Windows may need a restart, derived from the steps), and the
// summary of a run.
import type { PlannedStep } from '../../install/engine.js';
import type { Executor } from '../../install/executor.js';
import type { RunOutcome } from '../../install/installer.js';
import type { OpenedPackage } from '../../install/package.js';
import type { InstallParams, Step } from '../../install/step.js';
import { verifyUrl } from '../../install/verify.js';
import type { Preflight } from '../target.js';
import { cliLang, inLang, tr } from '../lang.js';
import { t, type MessageId } from '../../report/i18n/catalogue.js';
import { localizeResult } from '../../report/i18n/localize.js';
import { fitLine, outputWidth } from './fit-line.js';

/** One line of install's output; on a terminal each line is fitted to its width (fit-line.ts). */
export const out = (text = '') => {
  const width = outputWidth();
  process.stdout.write(`${width ? text.split('\n').map((l) => fitLine(l, width)).join('\n') : text}\n`);
};

export function printPreflight(p: Preflight, file: string | null): void {
  const e = p.evaluation;
  const c = e.outcome.counts;
  const lang = cliLang();
  const verdict = t(lang, `verdict.${e.outcome.verdict}`);
  out(tr('install.preflight', { verdict, pass: c.pass, warn: c.warn, fail: c.fail, unknown: c.unknown, waived: c.waived, report: file ? tr('install.preflight.report', { file }) : '' }));
  // The checks' own Dutch (Result.nl), as the preflight report shows it.
  const shown = (r: (typeof e.results)[number]) => (lang === 'nl' ? localizeResult(r) : r);
  const waiver = (r: (typeof e.results)[number]) => tr('install.waiver', { reason: r.waiver?.reason ?? '', approver: r.waiver?.approvedBy ?? '', expires: r.waiver?.expires ?? '' });
  for (const x of p.blocking) out(`  ${tr(x.status === 'fail' ? 'install.mark.fail' : 'install.mark.unknown')}  ${x.id}: ${shown(x).summary}`);
  // install --skip of a blocking check needs a waiver (gate.ts): say whose risk it is, like a waived failure.
  for (const x of e.results.filter((r) => r.status === 'skipped' && r.waiver)) out(`  ${tr('install.mark.skipped')}  ${x.id}: ${tr('install.not-checked')} ${waiver(x)}`);
  for (const x of p.waived) out(`  ${tr('install.mark.waived')}  ${x.id}: ${shown(x).summary} ${waiver(x)}`);
}

/** "Restart: ..." from the steps that would change: the strongest of their declared `reboot`. */
export function restartLine(changing: readonly Step[]): string {
  const always = changing.filter((s) => s.reboot === 'always').map((s) => s.id);
  const maybe = changing.filter((s) => s.reboot === 'maybe').map((s) => s.id);
  if (always.length) return tr('plan.restart.always', { ids: always.join(', ') });
  if (maybe.length) return tr('plan.restart.maybe', { ids: maybe.join(', ') });
  return tr('plan.restart.never');
}

export function printPlan(planned: readonly PlannedStep[], pkg: OpenedPackage, exec: Executor, params: InstallParams): void {
  const m = pkg.manifest;
  out('');
  // Labels padded to the longest in the run's language, so the values line up in both.
  const labels = [tr('plan.package'), tr('plan.target'), tr('plan.install')];
  const w = Math.max(10, ...labels.map((l) => l.length)) + 1;
  const [lp, lt, li] = labels.map((l) => l.padEnd(w)) as [string, string, string];
  out(`${lp}${m.product} ${m.version} (${pkg.file})`);
  out(`${''.padEnd(w)}SHA-256 ${pkg.checksum.sha256}, ${pkg.checksum.verifiedAgainst ? tr('plan.verified', { file: pkg.checksum.verifiedAgainst }) : tr('plan.not-verified')}`);
  out(`${lt}${inLang(exec.target)}`);
  out(`${li}${params.installDir}${m.iis ? `; IIS ${params.site}${params.appPath}` : ''}${params.sqlServer ? `; SQL ${params.sqlServer} database [${params.database}]` : ''}; ${tr('plan.runs-as', { account: params.serviceAccount })}`);
  out('');
  planned.forEach((p, i) => {
    const head = `${String(i + 1).padStart(2)}. ${p.step.id}`;
    if (p.refused) {
      out(`${head}  ${tr('plan.refused', { why: inLang(p.refused) })}`);
      return;
    }
    const t = p.test!;
    if (t.inState) out(`${head}  ${tr('plan.no-change')}${t.notes?.length ? `: ${inLang(t.notes[0]!)}` : ''}`);
    else {
      out(`${head}  ${t.changes[0] ? inLang(t.changes[0]) : ''}`);
      for (const c of t.changes.slice(1).map(inLang)) out(`      ${c.startsWith('  ') ? c.slice(2) : c}`);
      if (p.step.requires?.length) out(`      ${tr('plan.relies', { ids: p.step.requires.join(', ') })}`);
    }
    for (const n of (t.inState ? t.notes?.slice(1) : t.notes) ?? []) out(`      ${tr('plan.note', { note: inLang(n) })}`);
  });
  const changing = planned.filter((p) => p.test && !p.test.inState);
  const elevation = changing.some((p) => p.step.needsElevation);
  out('');
  const refusedN = planned.filter((p) => p.refused).length;
  out(tr('plan.tally', {
    n: planned.length, changing: changing.length, inPlace: planned.filter((p) => p.test?.inState).length,
    refused: refusedN ? tr('plan.tally.refused', { n: refusedN }) : '', elevated: tr(elevation ? 'word.yes' : 'word.no'), restart: restartLine(changing.map((p) => p.step)),
  }));
  if (m.verify.length) out(`${tr('plan.verify', { list: '' })}${m.verify.map((v) => `${v.name} (GET ${verifyUrl({ params, pkg, secrets: { values: {} } }, v)} -> ${v.expectStatus})`).join('; ')}`);
}

export function printSummary(verb: MessageId, o: RunOutcome, pkg: OpenedPackage, exec: Executor, stateDir: string, rollbackHint: boolean): void {
  const m = pkg.manifest;
  out('');
  out(tr(verb, { product: m.product, version: m.version, target: inLang(exec.target), run: o.runId }));
  out(`  ${tr('summary.changed', { list: o.changed.length ? o.changed.join(', ') : tr('word.nothing') })}`);
  if (o.unchanged.length) out(`  ${tr('summary.in-place', { list: o.unchanged.join(', ') })}`);
  for (const v of o.verification) out(`  ${tr(v.ok ? 'summary.verify.ok' : 'summary.verify.failed', { name: v.name, url: v.url, got: v.got, expected: v.expected })}`);
  if (o.keptJournalOf) out(`  ${tr('summary.kept-journal', { run: o.keptJournalOf })}`);
  out(tr('summary.log', { file: o.logFile }));
  out(tr('summary.journal', { file: o.journalFile }));
  if (rollbackHint && o.changed.length) out(tr('summary.undo', { command: `clickker install --rollback --package ${pkg.file} --state-dir ${stateDir}` }));
}
