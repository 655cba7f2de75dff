// Progress while facts are gathered live: a spinner on a terminal, plain lines otherwise, always on stderr
// (stdout carries the report). Nothing is printed for runs that finish within a second.
import type { PendingEndpoint } from '../probes/network/types.js';

export interface Progress {
  pending(list: readonly PendingEndpoint[], elapsedMs: number): void;
  stop(): void;
}

interface SpinnerLike { text: string; start(): SpinnerLike; stop(): SpinnerLike }

function describe(list: readonly PendingEndpoint[]): string {
  const shown = list.slice(0, 4).map((p) => `${new URL(p.url).host} (${p.stage}, ${(p.ms / 1000).toFixed(1)} s)`);
  return `waiting for ${shown.join(', ')}${list.length > 4 ? ` and ${list.length - 4} more` : ''}`;
}

export async function startProgress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Promise<Progress> {
  // ora loops forever on a TTY that reports 0 columns (shared stack notes §6); CI logs get plain lines.
  const interactive = Boolean(stream.isTTY && (stream.columns ?? 0) > 0) && !('CI' in env) && env.TERM !== 'dumb';
  if (interactive) {
    const { default: ora } = await import('ora');
    let spinner: SpinnerLike | undefined;
    const timer = setTimeout(() => { spinner = ora({ text: 'Collecting facts', stream, discardStdin: false }).start(); }, 1000);
    return {
      pending(list) { if (spinner && list.length) spinner.text = describe(list); },
      stop() { clearTimeout(timer); spinner?.stop(); },
    };
  }
  let last = '';
  let lastAt = 0;
  return {
    pending(list, elapsedMs) {
      const line = describe(list);
      // A plain line when the waiting list changes, at most every 2 s: readable in a CI log.
      if (list.length === 0 || elapsedMs < 1000 || (line === last && elapsedMs - lastAt < 5000) || elapsedMs - lastAt < 2000) return;
      stream.write(`clickker: ${line}\n`);
      last = line;
      lastAt = elapsedMs;
    },
    stop() {},
  };
}
