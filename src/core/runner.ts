// The check pipeline for one host: selection, profile, dependencies, applicability, crash isolation, severity, waivers.
import { performance } from 'node:perf_hooks';
import { describeProbeError, FactUnavailable, type HostFacts } from './facts.js';
import { docsAnchor } from './registry.js';
import type { Requirements } from './requirements-schema.js';
import type { Check, CheckContext, Dependency, EvaluationOptions, Profile, Remediation, Result, Status, Verdict } from './types.js';
import { findWaiver, isExpired, type Waiver } from './waivers.js';
import { say, type Msg } from './text.js';
import { remedy, COULD_NOT_EVALUATE } from './verdict.js';

/** What became of a prerequisite, in words ("it is fail" read as a status code, not a sentence). */
const PREREQUISITE_STATE: Record<string, Msg> = {
  fail: say('it failed', 'die is mislukt'),
  warn: say('it gave a warning', 'die gaf een waarschuwing'),
  unknown: say('it could not be evaluated', 'die kon niet worden beoordeeld'),
  skipped: say('it was skipped', 'die is overgeslagen'),
  'not-applicable': say('it does not apply', 'die is niet van toepassing'),
  waived: say('it was waived', 'die is vrijgesteld'),
  pass: say('it passed', 'die is geslaagd'),
  'not run': say('it did not run', 'die is niet uitgevoerd'),
};

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

function crashReason(err: unknown): Msg {
  const message = err instanceof Error ? err.message : String(err);
  return say(`check crashed: ${message}`, `controle vastgelopen: ${message}`);
}

/** A verdict the pipeline itself gives (skipped, not applicable, not evaluated): prose in both languages. */
function said(summary: Msg, reason: Msg, rest?: Omit<Verdict, 'status' | 'summary' | 'reason' | 'nl'>): Omit<Verdict, 'status'> {
  const nl = { summary: summary.nl, reason: reason.nl };
  return rest ? { ...rest, summary: summary.en, reason: reason.en, nl } : { summary: summary.en, reason: reason.en, nl };
}

// What a dependency must be for its dependants to run, unless the dependency says otherwise.
const DEPENDENCY_OK: readonly Status[] = ['pass', 'warn', 'waived'];

// The pipeline's own verdicts that depend on nothing of the host: built once per run, not once per result.
const SKIPPED = said(say('Skipped (--skip)', 'Niet gecontroleerd (--skip)'), say('skipped at the user\'s request', 'op verzoek overgeslagen'));
const outOfProfile = new Map<Profile, Omit<Verdict, 'status'>>();
function notInProfile(p: Profile): Omit<Verdict, 'status'> {
  let v = outOfProfile.get(p);
  if (!v) outOfProfile.set(p, v = said(say(`Not part of the ${p} profile`, `Hoort niet bij het profiel ${p}`), say(`profile ${p}`, `profiel ${p}`)));
  return v;
}

/** A dependency with where its check is in the plan's selection (-1: not selected, so it is "not run"). */
interface PlannedDependency { dep: Dependency; index: number }

/** What judging a host with these checks and this selection needs, worked out once for all hosts (issue 17). */
interface Plan {
  selected: readonly Check[];
  /** Where each selected check's result comes from: the last selected check of its id (as a map by id gives it). */
  slot: readonly number[];
  /** The index of each id's last selected check. */
  byId: ReadonlyMap<string, number>;
  skipped: readonly boolean[];
  anchors: readonly string[];
  deps: readonly (readonly PlannedDependency[] | undefined)[];
  /** Per profile: whether each selected check belongs to it. */
  inProfile: Map<Profile, readonly boolean[]>;
}

// A fleet judges every host with the same checks and selection: the selection is worked out once per check list
// and selection (keyed by their ids), not per host.
const plans = new WeakMap<readonly Check[], Map<string, Plan>>();
function planFor(checks: readonly Check[], selection: Selection | undefined): Plan {
  const key = JSON.stringify([selection?.only ?? [], selection?.skip ?? []]);
  let byKey = plans.get(checks);
  if (!byKey) plans.set(checks, byKey = new Map<string, Plan>());
  let plan = byKey.get(key);
  if (!plan) {
    const selected = selectChecks(checks, selection);
    const skip = new Set(selection?.skip ?? []);
    const byId = new Map(selected.map((c, i) => [c.id, i]));
    plan = {
      selected,
      slot: selected.map((c) => byId.get(c.id)!),
      byId,
      skipped: selected.map((c) => skip.has(c.id)),
      anchors: selected.map((c) => docsAnchor(c.id)),
      deps: selected.map((c) => c.dependsOn?.map((dep) => ({ dep, index: byId.get(dep.check) ?? -1 }))),
      inProfile: new Map(),
    };
    byKey.set(key, plan);
  }
  return plan;
}

function inProfileOf(plan: Plan, profile: Profile): readonly boolean[] {
  let flags = plan.inProfile.get(profile);
  if (!flags) plan.inProfile.set(profile, flags = plan.selected.map((c) => c.profiles.includes(profile)));
  return flags;
}

export function runChecks(input: RunInput): Result[] {
  const { facts, requirements, options, now } = input;
  const plan = planFor(input.checks, input.selection);
  const { selected, anchors, skipped, deps } = plan;
  const inProfile = inProfileOf(plan, options.profile);
  const waivers = input.waivers ?? [];
  // Results and the checks being evaluated, by index in the selection (a dependency may be judged before its turn).
  const done: (Result | undefined)[] = new Array<Result | undefined>(selected.length);
  const inProgress = new Uint8Array(selected.length);

  const ctx: CheckContext = {
    requirements,
    options,
    host: facts.host,
    now,
    fact: (def) => facts.read(def),
    has: (def) => facts.has(def),
  };

  // One literal per shape, keys in the order the reports print them (JSON is byte-for-byte the same): spreading
  // optional parts into each result was a fifth of judging a host (issue 17, --cpu-prof).
  const make = (i: number, status: Status, v: Omit<Verdict, 'status'>, ms: number): Result => {
    const check = selected[i]!;
    const host = facts.host;
    const evidence = v.evidence ?? {};
    const nl = { title: check.nl.title, ...v.nl };
    const docs = anchors[i]!;
    // An unknown gets only a fix that says how to obtain the missing fact, never the fix for a failure it did not find.
    const remediation = status === 'fail' || status === 'warn' ? v.remediation ?? check.remediation : status === 'unknown' ? v.remediation : undefined;
    const { id, title, category, severity } = check;
    const summary = v.summary;
    if (v.reason !== undefined) {
      const reason = v.reason;
      return remediation
        ? { host, id, title, category, severity, status, summary, evidence, reason, nl, remediation, docs, ms }
        : { host, id, title, category, severity, status, summary, evidence, reason, nl, docs, ms };
    }
    return remediation
      ? { host, id, title, category, severity, status, summary, evidence, nl, remediation, docs, ms }
      : { host, id, title, category, severity, status, summary, evidence, nl, docs, ms };
  };

  const evaluate = (i: number): Result => {
    const check = selected[i]!;
    // A waiver for a skipped check records who accepted not judging it (install --skip needs one; issue 16).
    if (skipped[i]) return applyWaiver(make(i, 'skipped', SKIPPED, 0), waivers, now);
    if (!inProfile[i]) return make(i, 'not-applicable', notInProfile(options.profile), 0);
    const started = performance.now();
    const needs = deps[i];
    if (needs) for (const { dep, index } of needs) {
      const pre = index === -1 ? undefined : resultOf(index);
      const ok = dep.statuses ?? DEPENDENCY_OK;
      if (!pre || !ok.includes(pre.status)) {
        const found = pre ? pre.status : 'not run';
        const state = PREREQUISITE_STATE[found] ?? say(`it is ${found}`, `nu: ${found}`);
        // A dependency that names its own statuses (none of the shipped checks does) says them: "to pass" would be untrue.
        const wanted = dep.statuses ? say(`to be ${dep.statuses.join(' or ')}`, `${dep.statuses.join(' of ')} zijn`) : say('to pass', 'slagen');
        const reason = say(`needs ${dep.check} ${wanted.en} first (${state.en})`, `eerst moet ${dep.check} ${wanted.nl} (${state.nl})`);
        return make(i, 'unknown', said(say(`Not evaluated: ${reason.en}`, `Niet beoordeeld: ${reason.nl}`), reason, {
          evidence: { prerequisite: dep.check, prerequisiteStatus: found },
          remediation: remedy(say(
            `Resolve ${dep.check} first (clickker explain ${dep.check}); this check runs once it passes.`,
            `Los eerst ${dep.check} op (clickker explain ${dep.check}); deze controle wordt uitgevoerd zodra die slaagt.`,
          )),
        }), elapsed(started));
      }
    }
    let verdict: Verdict;
    let stack: string | undefined;
    try {
      const applies = check.appliesTo ? check.appliesTo(ctx) : true;
      if (applies !== true) return make(i, 'not-applicable', said(say(`Not applicable: ${applies.en}`, `Niet van toepassing: ${applies.nl}`), applies), elapsed(started));
      verdict = check.evaluate(ctx);
    } catch (err) {
      const unavailable = err instanceof FactUnavailable;
      const reason = unavailable ? err.why : crashReason(err);
      verdict = {
        status: 'unknown',
        summary: `${COULD_NOT_EVALUATE.en}: ${reason.en}`,
        reason: reason.en,
        nl: { summary: `${COULD_NOT_EVALUATE.nl}: ${reason.nl}`, reason: reason.nl },
        evidence: unavailable ? { probe: err.probe } : {},
        remediation: unavailable ? howToObtain(err, facts) : remedy(say(
          'This is a bug in clickker: please send the output of the same command with --verbose to Clickker support.',
          'Dit is een fout in clickker: stuur de uitvoer van dezelfde opdracht met --verbose naar Clickker-support.',
        )),
      };
      if (!unavailable && err instanceof Error && err.stack) stack = err.stack;
    }
    // A warning or info check is never blocking: its failure is shown as a warning.
    const status: Status = verdict.status === 'fail' && check.severity !== 'blocking' ? 'warn' : verdict.status;
    const result = make(i, status, verdict, elapsed(started));
    if (stack) result.stack = stack;
    return applyWaiver(result, waivers, now);
  };

  const resultOf = (i: number): Result => {
    const known = done[i];
    if (known) return known;
    if (inProgress[i] === 1) throw new Error(`check dependency cycle through ${selected[i]!.id}`);
    inProgress[i] = 1;
    const r = evaluate(i);
    inProgress[i] = 0;
    done[i] = r;
    return r;
  };

  const { slot } = plan;
  const results = new Array<Result>(selected.length);
  for (let i = 0; i < selected.length; i += 1) results[i] = resultOf(slot[i]!);
  return results;
}

/** Milliseconds since `started`, to the microsecond. */
function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 1000) / 1000;
}

/** What to do so that a missing fact can be read next time. */
function howToObtain(err: FactUnavailable, facts: HostFacts): Remediation {
  const rec = facts.probes[err.probe];
  if (!rec) {
    return remedy(say(
      'Collect the facts on the server itself: run clickker preflight there, or clickker collect (or the standalone collector script) and judge that snapshot.',
      'Verzamel de gegevens op de server zelf: voer daar clickker preflight uit, of clickker collect (of het losse verzamelscript) en beoordeel die snapshot.',
    ));
  }
  if (rec.ok) {
    return remedy(say(
      `The '${err.probe}' facts have an unexpected shape; collect them again with this version of clickker.`,
      `De gegevens van '${err.probe}' hebben een onverwachte vorm; verzamel ze opnieuw met deze versie van clickker.`,
    ));
  }
  switch (rec.error.kind) {
    case 'needs-elevation': return remedy(say('Run clickker from an elevated prompt ("Run as administrator").', 'Start clickker vanaf een verhoogde prompt ("Als administrator uitvoeren").'));
    case 'timeout': return remedy(say(
      'Run again with a larger budget, e.g. --timeout 60, and look at what slows the server down.',
      'Voer het opnieuw uit met meer tijd, bijvoorbeeld --timeout 60, en zoek uit wat de server vertraagt.',
    ));
    // The probe's own message says what to configure (e.g. --sql-instance): a value, shown as it is, framed in Dutch.
    case 'not-configured': {
      const why = describeProbeError(err.probe, rec.error);
      return remedy(say(rec.error.message, why.nl === `niet ingesteld: ${rec.error.message}` ? `Geef op wat ontbreekt: ${rec.error.message}` : `${why.nl.charAt(0).toUpperCase()}${why.nl.slice(1)}.`));
    }
    case 'unsupported': return remedy(say(
      'Collect the facts on the Windows server (clickker collect, or the standalone script from clickker collect --emit-script) and judge that snapshot here with --snapshot.',
      'Verzamel de gegevens op de Windows-server (clickker collect, of het losse script van clickker collect --emit-script) en beoordeel die snapshot hier met --snapshot.',
    ));
    default: return remedy(say(
      `Resolve what the '${err.probe}' probe reported (above), then run the preflight again.`,
      `Los op wat de meting '${err.probe}' meldde (hierboven) en start daarna de controle opnieuw.`,
    ));
  }
}

function applyWaiver(result: Result, waivers: readonly Waiver[], now: Date): Result {
  if (waivers.length === 0) return result; // nothing to find, and no lower-cased host name for each result to do it
  const w = findWaiver(waivers, result.id, result.host);
  if (!w) return result;
  const expired = isExpired(w, now);
  const waiver = { reason: w.reason, approvedBy: w.approvedBy, expires: w.expires, expired, status: result.status };
  if (result.status === 'pass' || result.status === 'not-applicable') return result;
  // A skipped check keeps its status; the waiver says who accepted not judging it (install --skip, issue 16).
  if (result.status === 'skipped') return { ...result, waiver };
  const nl = result.nl;
  if (expired) {
    return { ...result, waiver, summary: `${result.summary} (waiver expired ${w.expires})`, ...(nl ? { nl: { ...nl, summary: `${nl.summary} (vrijstelling verlopen ${w.expires})` } } : {}) };
  }
  return {
    ...result, status: 'waived', waiver, summary: `Waived (${result.status}): ${result.summary}`,
    ...(nl ? { nl: { ...nl, summary: `Vrijgesteld (${result.status}): ${nl.summary}` } } : {}),
  };
}
