// The one judging pipeline: probe records or snapshots in, an evaluation out. preflight, collect, install's gate and
// fix all judge through here, so they agree on selection, waivers, --fail-on and the manual confirmations.
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { debuglog } from 'node:util';
import { evaluation, judgeHost, type EvaluateInput, type Evaluation, type HostInput, type HostReport } from './evaluate.js';
import { HostFacts, type ProbeRecord } from './facts.js';
import { factsForAccount } from './snapshot-account.js';
import type { EvaluationOptions, Result } from './types.js';

/** A host's probe records as they came from its probes (live, or from the target of install and fix). */
export interface HostRecords {
  /** The computer's own name, as its facts say it; reports and waivers match on it. */
  host: string;
  probes: Readonly<Record<string, ProbeRecord>>;
  collectedAt?: string;
  collector?: { name: string; version: string };
}

/** NODE_DEBUG=clickker-judge: a line as each host is judged (a test waits for the first to interrupt a fleet mid-run). */
const debug = debuglog('clickker-judge');

/** What to judge: hosts read from snapshot files (already validated) or probe records. */
export type Judged = HostInput | HostRecords;

/** Everything evaluate() takes but the hosts: requirements, the checks (the CLI hands them in), options, selection... */
export type JudgeSettings = Omit<EvaluateInput, 'hosts'>;

export interface JudgeHooks {
  /**
   * Asks a person about the manual confirmations still open (one result per id); returns the ids confirmed. `first`
   * is the evaluation so far, to show before asking. Absent: nobody to ask.
   */
  ask?(open: readonly Result[], first: Evaluation): Promise<readonly string[]>;
}

/** The host name of something to judge, whichever form it came in. */
export function judgedHost(h: Judged | undefined): string | undefined {
  if (h === undefined) return undefined;
  return 'facts' in h ? h.facts.host : h.host;
}

/**
 * A snapshot's account facts speak only for the account it was collected for: judged for another --service-account
 * they become unknown ("collect again"), whichever command judges it. Live records are collected for that account.
 */
function hostInput(h: Judged, account: string | undefined): HostInput {
  if ('facts' in h) return { ...h, facts: factsForAccount(h.facts, account) };
  // Live records are read lazily by the checks: data of an unexpected shape makes its checks `unknown`, with the reason.
  return { facts: new HostFacts(h.host, h.probes), collectedAt: h.collectedAt, collector: h.collector };
}

/**
 * Judges the hosts; when someone can be asked and manual confirmations are still open, asks once and judges again
 * with the answers. The evaluation's `options` carry the confirmations given, so callers never change their own.
 * `hosts` may be a function, so that a fleet of snapshot files is read one file at a time on each pass.
 */
export async function judge(hosts: readonly Judged[] | (() => Iterable<Judged>), settings: JudgeSettings, hooks: JudgeHooks = {}): Promise<Evaluation> {
  const now = settings.now ?? new Date();
  const list = typeof hosts === 'function' ? hosts : () => hosts;
  // One host at a time, yielding between hosts: a fleet of snapshots in any report format is judged with the event
  // loop free, so Ctrl+C and SIGTERM (src/cli/interrupt.ts) end it at once instead of after the last host.
  const run = async (options: EvaluationOptions) => {
    const input = { ...settings, options };
    const reports: HostReport[] = [];
    for (const h of list()) {
      if (reports.length > 0) await yieldToEvents();
      reports.push(judgeHost(input, hostInput(h, settings.options.serviceAccount), now));
      debug('judged host %d', reports.length);
    }
    return evaluation(input, reports, now);
  };
  const first = await run(settings.options);
  if (!hooks.ask) return first;
  const open = [...new Map(first.results.filter((x) => x.category === 'Confirmations' && x.status === 'unknown').map((x) => [x.id, x])).values()];
  if (open.length === 0) return first;
  const confirmed = await hooks.ask(open, first);
  if (confirmed.length === 0) return first;
  return await run({ ...settings.options, confirmations: new Set([...settings.options.confirmations, ...confirmed]) });
}
