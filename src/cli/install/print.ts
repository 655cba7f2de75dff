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

export const out = (text = '') => process.stdout.write(`${text}\n`);

export function printPreflight(p: Preflight, file: string | null): void {
  const e = p.evaluation;
  const c = e.outcome.counts;
  const words = { ready: 'READY', 'not-ready': 'NOT READY', incomplete: 'INCOMPLETE' }[e.outcome.verdict];
  out(`Preflight  ${words}: ${c.pass} pass, ${c.warn} warn, ${c.fail} fail, ${c.unknown} unknown, ${c.waived} waived${file ? `  (report: ${file})` : ''}`);
  for (const x of p.blocking) out(`  ${x.status === 'fail' ? 'FAIL' : 'UNKNOWN'}  ${x.id}: ${x.summary}`);
  // install --skip of a blocking check needs a waiver (gate.ts): say whose risk it is, like a waived failure.
  for (const x of e.results.filter((r) => r.status === 'skipped' && r.waiver)) out(`  SKIPPED  ${x.id}: not checked (waiver: ${x.waiver?.reason}; approved by ${x.waiver?.approvedBy}, expires ${x.waiver?.expires})`);
  for (const x of p.waived) out(`  WAIVED  ${x.id}: ${x.summary} (waiver: ${x.waiver?.reason}; approved by ${x.waiver?.approvedBy}, expires ${x.waiver?.expires})`);
}

/** "Restart: ..." from the steps that would change: the strongest of their declared `reboot`. */
export function restartLine(changing: readonly Step[]): string {
  const always = changing.filter((s) => s.reboot === 'always').map((s) => s.id);
  const maybe = changing.filter((s) => s.reboot === 'maybe').map((s) => s.id);
  if (always.length) return `Restart: needed (${always.join(', ')}).`;
  if (maybe.length) return `Restart: may be needed (${maybe.join(', ')}).`;
  return 'Restart: not needed.';
}

export function printPlan(planned: readonly PlannedStep[], pkg: OpenedPackage, exec: Executor, params: InstallParams): void {
  const m = pkg.manifest;
  out('');
  out(`Package    ${m.product} ${m.version} (${pkg.file})`);
  out(`           SHA-256 ${pkg.checksum.sha256}, ${pkg.checksum.verifiedAgainst ? `verified against ${pkg.checksum.verifiedAgainst}` : 'NOT verified: give --sha256 or a checksum file'}`);
  out(`Target     ${exec.target}`);
  out(`Install    ${params.installDir}${m.iis ? `; IIS ${params.site}${params.appPath}` : ''}${params.sqlServer ? `; SQL ${params.sqlServer} database [${params.database}]` : ''}; runs as ${params.serviceAccount}`);
  out('');
  planned.forEach((p, i) => {
    const head = `${String(i + 1).padStart(2)}. ${p.step.id}`;
    if (p.refused) {
      out(`${head}  REFUSED: ${p.refused}`);
      return;
    }
    const t = p.test!;
    if (t.inState) out(`${head}  no change${t.notes?.length ? `: ${t.notes[0]}` : ''}`);
    else {
      out(`${head}  ${t.changes[0]}`);
      for (const c of t.changes.slice(1)) out(`      ${c.startsWith('  ') ? c.slice(2) : c}`);
      if (p.step.requires?.length) out(`      relies on the preflight checks: ${p.step.requires.join(', ')}`);
    }
    for (const n of (t.inState ? t.notes?.slice(1) : t.notes) ?? []) out(`      note: ${n}`);
  });
  const changing = planned.filter((p) => p.test && !p.test.inState);
  const elevation = changing.some((p) => p.step.needsElevation);
  out('');
  out(`${planned.length} steps: ${changing.length} would change, ${planned.filter((p) => p.test?.inState).length} already in place${planned.some((p) => p.refused) ? `, ${planned.filter((p) => p.refused).length} refused` : ''}. Needs an elevated prompt: ${elevation ? 'yes' : 'no'}. ${restartLine(changing.map((p) => p.step))}`);
  if (m.verify.length) out(`Afterwards verify: ${m.verify.map((v) => `${v.name} (GET ${verifyUrl({ params, pkg, secrets: { values: {} } }, v)} -> ${v.expectStatus})`).join('; ')}`);
}

export function printSummary(verb: string, o: RunOutcome, pkg: OpenedPackage, exec: Executor, stateDir: string, rollbackHint: boolean): void {
  const m = pkg.manifest;
  out('');
  out(`${verb} ${m.product} ${m.version} on ${exec.target} (run ${o.runId}).`);
  out(`  changed: ${o.changed.length ? o.changed.join(', ') : 'nothing'}`);
  if (o.unchanged.length) out(`  already in place: ${o.unchanged.join(', ')}`);
  for (const v of o.verification) out(`  verify ${v.name}: GET ${v.url} -> ${v.got} ${v.ok ? '(ok)' : `(expected ${v.expected}) FAILED`}`);
  if (o.keptJournalOf) out(`  nothing changed: the journal of run ${o.keptJournalOf} stays current`);
  out(`Log: ${o.logFile}`);
  out(`Journal: ${o.journalFile}`);
  if (rollbackHint && o.changed.length) out(`Undo: clickker install --rollback --package ${pkg.file} --state-dir ${stateDir}`);
}
