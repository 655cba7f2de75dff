// Progress while facts are gathered live: a spinner naming what runs on a terminal, a timestamped line per probe
// otherwise (CI logs), always on stderr (stdout carries the report). Nothing is printed for runs under a second.
//
// Every word shown goes through the message catalogue (src/report/i18n/catalogue.ts), in English or Dutch.
//
// The display API for probe sources (issue 16; the PowerShell bridge's per-probe hooks call it, issue 17):
//   started(name)               a probe or probe family begins (e.g. "PowerShell: windowsFeatures")
//   finished(name, ms, ok)      it ended; a slow one gets its duration in the CI line
//   pending(endpoints, ms)      the network stage's "waiting for" list
import type { PendingEndpoint } from '../probes/network/types.js';
import { seconds } from '../report/common.js';
import { t, type Lang } from '../report/i18n/catalogue.js';

export interface Progress {
  started(name: string): void;
  finished(name: string, ms: number, ok: boolean): void;
  pending(list: readonly PendingEndpoint[], elapsedMs: number): void;
  stop(): void;
}

interface SpinnerLike { text: string; start(): SpinnerLike; stop(): SpinnerLike }


/** The first `max` names, and how many more there are. */
function some(names: readonly string[], max: number, lang: Lang): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? t(lang, 'progress.and-more', { names: shown, n: names.length - max }) : shown;
}

function describe(list: readonly PendingEndpoint[], lang: Lang): string {
  const shown = list.map((p) => `${new URL(p.url).host} (${p.stage}, ${seconds(p.ms, lang)} s)`);
  return t(lang, 'progress.waiting', { list: some(shown, 4, lang) });
}

/** "[19:42:07]": the clock a CI log reader compares with the agent's. */
export function stamp(now = new Date()): string {
  return `[${now.toISOString().slice(11, 19)}]`;
}

export async function startProgress(
  stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env, clock: () => Date = () => new Date(), lang: Lang = 'en',
): Promise<Progress> {
  // ora loops forever on a TTY that reports 0 columns (shared stack notes §6); CI logs get plain lines.
  const interactive = Boolean(stream.isTTY && (stream.columns ?? 0) > 0) && !('CI' in env) && env.TERM !== 'dumb';
  const running = new Map<string, number>();
  const t0 = clock().getTime();
  if (interactive) {
    const { default: ora } = await import('ora');
    let spinner: SpinnerLike | undefined;
    let endpoints = '';
    const text = () => {
      const names = [...running.keys()];
      const what = names.length ? t(lang, 'progress.collecting', { names: some(names, 3, lang) }) : t(lang, 'progress.collecting-facts');
      return endpoints ? `${what}; ${endpoints}` : what;
    };
    const timer = setTimeout(() => { spinner = ora({ text: text(), stream, discardStdin: false }).start(); }, 1000);
    return {
      started(name) { running.set(name, clock().getTime()); if (spinner) spinner.text = text(); },
      finished(name) { running.delete(name); if (spinner) spinner.text = text(); },
      pending(list) { endpoints = list.length ? describe(list, lang) : ''; if (spinner) spinner.text = text(); },
      stop() { clearTimeout(timer); spinner?.stop(); },
    };
  }
  let last = '';
  let lastAt = 0;
  return {
    started(name) {
      running.set(name, clock().getTime());
      stream.write(`${stamp(clock())} clickker: ${t(lang, 'progress.started', { name })}\n`);
    },
    finished(name, ms, ok) {
      running.delete(name);
      stream.write(`${stamp(clock())} clickker: ${t(lang, ok ? 'progress.done' : 'progress.failed', { name, seconds: seconds(ms, lang) })}\n`);
    },
    pending(list, elapsedMs) {
      const line = describe(list, lang);
      // A plain line when the waiting list changes, at most every 2 s: readable in a CI log.
      if (list.length === 0 || elapsedMs < 1000 || (line === last && elapsedMs - lastAt < 5000) || elapsedMs - lastAt < 2000) return;
      stream.write(`${stamp(clock())} clickker: ${line}\n`);
      last = line;
      lastAt = elapsedMs;
    },
    stop() { void t0; },
  };
}
