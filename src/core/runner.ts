// The check pipeline for one host: selection, profile, dependencies, applicability, crash isolation, severity, waivers.
import { performance } from 'node:perf_hooks';
import { FactUnavailable, type HostFacts } from './facts.js';
import { docsAnchor } from './registry.js';
import type { Requirements } from './requirements-schema.js';
import type { Check, CheckContext, EvaluationOptions, Profile, Remediation, Result, Status, Verdict } from './types.js';
import { findWaiver, isExpired, type Waiver } from './waivers.js';

export interface Selection {
  only?: readonly string[];
  skip?: readonly string[];
}

export interface RunInput {
  checks: readonly Check[];
  facts: HostFacts;
  requirements: Requirements;
  options: EvaluationOptions;
  selection?: Selection;
  waivers?: readonly Waiver[];
  now: Date;
}

/** The checks a selection runs: --only plus everything those depend on, in registry order. */
export function selectChecks(checks: readonly Check[], selection: Selection = {}): Check[] {
  if (!selection.only || selection.only.length === 0) return [...checks];
  const byId = new Map(checks.map((c) => [c.id, c]));
  const wanted = new Set<string>();
  const add = (id: string) => {
    if (wanted.has(id)) return;
    wanted.add(id);
    for (const d of byId.get(id)?.dependsOn ?? []) add(d.check);
  };
  selection.only.forEach(add);
  return checks.filter((c) => wanted.has(c.id));
}

/** The probes a run needs: only what a selected, not skipped, in-profile check reads is started. */
export function wantedProbes(checks: readonly Check[], selection: Selection, profile: Profile): string[] {
  const skipped = new Set(selection.skip ?? []);
  const run = selectChecks(checks, { only: selection.only }).filter((c) => !skipped.has(c.id) && c.profiles.includes(profile));
  return [...new Set(run.flatMap((c) => c.needs))];
}

function crashReason(err: unknown): string {
  return `check crashed: ${err instanceof Error ? err.message : String(err)}`;
}

export function runChecks(input: RunInput): Result[] {
  const { facts, requirements, options, now } = input;
  const selected = selectChecks(input.checks, input.selection);
  const byId = new Map(selected.map((c) => [c.id, c]));
  const skip = new Set(input.selection?.skip ?? []);
  const done = new Map<string, Result>();
  const inProgress = new Set<string>();

  const ctx: CheckContext = {
    requirements,
    options,
    host: facts.host,
    now,
    fact: (def) => facts.read(def),
    has: (def) => facts.has(def),
  };

  const make = (check: Check, status: Status, v: Omit<Verdict, 'status'>, ms: number): Result => ({
    host: facts.host,
    id: check.id,
    title: check.title,
    category: check.category,
    severity: check.severity,
    status,
    summary: v.summary,
    evidence: v.evidence ?? {},
    ...(v.reason !== undefined ? { reason: v.reason } : {}),
    // An unknown gets only a fix that says how to obtain the missing fact, never the fix for a failure it did not find.
    ...(status === 'fail' || status === 'warn' ? { remediation: v.remediation ?? check.remediation } : {}),
    ...(status === 'unknown' && v.remediation ? { remediation: v.remediation } : {}),
    docs: docsAnchor(check.id),
    ms,
  });

  const evaluate = (check: Check): Result => {
    const started = performance.now();
    const elapsed = () => Math.round((performance.now() - started) * 1000) / 1000;
    // A waiver for a skipped check records who accepted not judging it (install --skip needs one; issue 16).
    if (skip.has(check.id)) return applyWaiver(make(check, 'skipped', { summary: 'Skipped (--skip)', reason: 'skipped at the user\'s request' }, 0), input.waivers ?? [], now);
    if (!check.profiles.includes(options.profile)) {
      return make(check, 'not-applicable', { summary: `Not part of the ${options.profile} profile`, reason: `profile ${options.profile}` }, 0);
    }
    for (const dep of check.dependsOn ?? []) {
      const pre = resultOf(dep.check);
      const ok = dep.statuses ?? ['pass', 'warn', 'waived'];
      if (!pre || !ok.includes(pre.status)) {
        const found = pre ? pre.status : 'not run';
        const reason = `needs ${dep.check} to pass first (it is ${found})`;
        return make(check, 'unknown', {
          summary: `Not evaluated: ${reason}`, reason, evidence: { prerequisite: dep.check, prerequisiteStatus: found },
          remediation: { text: `Resolve ${dep.check} first (clickker explain ${dep.check}); this check runs once it passes.` },
        }, elapsed());
      }
    }
    let verdict: Verdict;
    let stack: string | undefined;
    try {
      const applies = check.appliesTo ? check.appliesTo(ctx) : true;
      if (applies !== true) return make(check, 'not-applicable', { summary: `Not applicable: ${applies}`, reason: applies }, elapsed());
      verdict = check.evaluate(ctx);
    } catch (err) {
      const reason = err instanceof FactUnavailable ? err.reason : crashReason(err);
      verdict = {
        status: 'unknown', summary: `Could not evaluate: ${reason}`, reason,
        evidence: err instanceof FactUnavailable ? { probe: err.probe } : {},
        remediation: err instanceof FactUnavailable ? howToObtain(err, facts) : { text: 'This is a bug in clickker: please send the output of the same command with --verbose to Clickker support.' },
      };
      if (!(err instanceof FactUnavailable) && err instanceof Error && err.stack) stack = err.stack;
    }
    // A warning or info check is never blocking: its failure is shown as a warning.
    const status: Status = verdict.status === 'fail' && check.severity !== 'blocking' ? 'warn' : verdict.status;
    const result = make(check, status, verdict, elapsed());
    if (stack) result.stack = stack;
    return applyWaiver(result, input.waivers ?? [], now);
  };

  const resultOf = (id: string): Result | undefined => {
    const known = done.get(id);
    if (known) return known;
    const check = byId.get(id);
    if (!check) return undefined;
    if (inProgress.has(id)) throw new Error(`check dependency cycle through ${id}`);
    inProgress.add(id);
    const r = evaluate(check);
    inProgress.delete(id);
    done.set(id, r);
    return r;
  };

  return selected.map((c) => resultOf(c.id)!);
}

/** What to do so that a missing fact can be read next time. */
function howToObtain(err: FactUnavailable, facts: HostFacts): Remediation {
  const rec = facts.probes[err.probe];
  if (!rec) return { text: `Collect the facts on the server itself: run clickker preflight there, or clickker collect (or the standalone collector script) and judge that snapshot.` };
  if (rec.ok) return { text: `The '${err.probe}' facts have an unexpected shape; collect them again with this version of clickker.` };
  switch (rec.error.kind) {
    case 'needs-elevation': return { text: 'Run clickker from an elevated prompt ("Run as administrator").' };
    case 'timeout': return { text: 'Run again with a larger budget, e.g. --timeout 60, and look at what slows the server down.' };
    case 'not-configured': return { text: rec.error.message };
    case 'unsupported': return { text: 'Collect the facts on the Windows server (clickker collect, or the standalone script from clickker collect --emit-script) and judge that snapshot here with --snapshot.' };
    default: return { text: `Resolve what the '${err.probe}' probe reported (above), then run the preflight again.` };
  }
}

function applyWaiver(result: Result, waivers: readonly Waiver[], now: Date): Result {
  const w = findWaiver(waivers, result.id, result.host);
  if (!w) return result;
  const expired = isExpired(w, now);
  const waiver = { reason: w.reason, approvedBy: w.approvedBy, expires: w.expires, expired, status: result.status };
  if (result.status === 'pass' || result.status === 'not-applicable') return result;
  // A skipped check keeps its status; the waiver says who accepted not judging it (install --skip, issue 16).
  if (result.status === 'skipped') return { ...result, waiver };
  if (expired) return { ...result, waiver, summary: `${result.summary} (waiver expired ${w.expires})` };
  return { ...result, status: 'waived', waiver, summary: `Waived (${result.status}): ${result.summary}` };
}
