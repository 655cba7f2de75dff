// Judging one or more hosts (a fleet) against one requirements file: host x check results and one go/no-go.
import type { HostFacts } from './facts.js';
import { decide, unjudgedBlocking, type FailOn, type Outcome } from './outcome.js';
import type { LoadedRequirements } from './requirements.js';
import { runChecks, type Selection } from './runner.js';
import type { Check, EvaluationOptions, Result } from './types.js';
import type { Waiver } from './waivers.js';

export interface HostInput {
  facts: HostFacts;
  collectedAt?: string;
  collector?: { name: string; version: string };
  /** The snapshot file, when judged from one. */
  file?: string;
}

export interface HostReport {
  host: string;
  collectedAt?: string;
  collector?: { name: string; version: string };
  file?: string;
  results: Result[];
  outcome: Outcome;
}

export interface Evaluation {
  requirements: LoadedRequirements;
  options: EvaluationOptions;
  selection: Selection;
  failOn: readonly FailOn[];
  hosts: HostReport[];
  results: Result[];
  outcome: Outcome;
  evaluatedAt: string;
  /** The checks that judged it, so a report can ask each failed result's check whether it has an automatic fix. */
  checks: readonly Check[];
}

export interface EvaluateInput {
  /** Hosts are judged one at a time; an iterable lets a fleet load each snapshot only when its turn comes. */
  hosts: Iterable<HostInput>;
  requirements: LoadedRequirements;
  /** The checks to run (the CLI hands in checks/index.ts's list): core imports no check. */
  checks: readonly Check[];
  options: EvaluationOptions;
  selection?: Selection;
  waivers?: readonly Waiver[];
  failOn?: readonly FailOn[];
  now?: Date;
}

export function evaluate(input: EvaluateInput): Evaluation {
  const now = input.now ?? new Date();
  const hosts: HostReport[] = [];
  for (const h of input.hosts) hosts.push(judgeHost(input, h, now));
  return evaluation(input, hosts, now);
}

/** One host's results and outcome. The report keeps results only, so its facts can be freed once it is judged. */
export function judgeHost(input: Omit<EvaluateInput, 'hosts'>, h: HostInput, now: Date): HostReport {
  const results = runChecks({
    checks: input.checks, facts: h.facts, requirements: input.requirements.requirements, options: input.options,
    selection: input.selection, waivers: input.waivers, now,
  });
  const outcome = decide(results, input.failOn ?? [], unjudgedBlocking(input.checks, results, input.options.profile));
  return { host: h.facts.host, collectedAt: h.collectedAt, collector: h.collector, file: h.file, results, outcome };
}

/** The evaluation of hosts judged one by one (judgeHost): all their results and one go/no-go. */
export function evaluation(input: Omit<EvaluateInput, 'hosts'>, hosts: HostReport[], now: Date): Evaluation {
  const failOn = input.failOn ?? [];
  const results = hosts.flatMap((h) => h.results);
  // Not checked on any host, in check order (a waiver may cover a skipped check on one host only).
  const unjudged = new Set(hosts.flatMap((h) => h.outcome.notChecked));
  const notChecked = input.checks.map((c) => c.id).filter((id) => unjudged.has(id));
  return {
    requirements: input.requirements, options: input.options, selection: input.selection ?? {}, failOn,
    hosts, results, outcome: decide(results, failOn, notChecked), evaluatedAt: now.toISOString(), checks: input.checks,
  };
}

export function defaultOptions(over: Partial<EvaluationOptions> = {}): EvaluationOptions {
  return { profile: 'synergy', confirmations: new Set(), externalAccess: false, ...over };
}
