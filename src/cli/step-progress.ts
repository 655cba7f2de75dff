// Progress of install steps and fixes on stderr: an ora spinner per step on a terminal, plain timestamped lines
// otherwise (CI logs, redirected output). ora is guarded against terminals that report 0 columns (stack notes §6).
import type { EngineEvents } from '../install/engine.js';
import type { Step } from '../install/step.js';
import { inLang, tr } from './lang.js';

interface Spinner {
  text: string;
  start(): Spinner;
  succeed(text?: string): Spinner;
  fail(text?: string): Spinner;
  info(text?: string): Spinner;
  stop(): Spinner;
}

export interface StepProgress extends EngineEvents {
  stop(): void;
}

export function spinnerEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY && (stream.columns ?? 0) > 0) && !('CI' in env) && env.TERM !== 'dumb';
}

export async function stepProgress(ids: readonly string[], verb: string, stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Promise<StepProgress> {
  const n = ids.length;
  const label = (step: Step) => `[${ids.indexOf(step.id) + 1}/${n}] ${step.id}`;
  if (spinnerEnabled(stream, env)) {
    const { default: ora } = await import('ora');
    const make = (text: string) => ora({ text, stream, discardStdin: false, isEnabled: true }) as unknown as Spinner;
    let current: Spinner | undefined;
    return {
      stepStart(step, test, resumed) {
        current = make(`${label(step)}: ${resumed ? tr('steps.resumed') : ''}${inLang(test.changes[0] ?? step.description)}`).start();
      },
      stepEnd(step, outcome, detail) {
        const s = current ?? make(label(step));
        current = undefined;
        if (outcome === 'failed') s.fail(`${label(step)}: ${tr('steps.failed', { detail: detail ? inLang(detail) : '' })}`);
        else if (outcome === 'unchanged') s.info(`${label(step)}: ${tr('steps.in-place')}`);
        else s.succeed(`${label(step)}: ${detail ? inLang(detail) : verb}`);
      },
      info(text) {
        stream.write(`${text}\n`);
      },
      stop() {
        current?.stop();
      },
    };
  }
  const line = (text: string) => stream.write(`${new Date().toISOString()} ${text}\n`);
  return {
    stepStart(step, test, resumed) {
      // Every change on one line; the file names listed under the first change (indented in the plan) lose their indent.
      line(`${label(step)}: ${resumed ? tr('steps.resumed') : ''}${test.changes.map((c) => inLang(c).trim()).join('; ') || inLang(step.description)}`);
    },
    stepEnd(step, outcome, detail) {
      if (outcome === 'failed') line(`${label(step)}: ${tr('steps.failed', { detail: detail ? inLang(detail) : '' })}`);
      else if (outcome === 'unchanged') line(`${label(step)}: ${tr('steps.in-place')}`);
      else line(`${label(step)}: ${detail ? inLang(detail) : verb}`);
    },
    info(text) {
      line(text);
    },
    stop() {},
  };
}
