// Questions are asked only when a person is there: a terminal on both ends, no CI, not --no-interactive.
// Otherwise nothing is ever asked (a silent pipe would hang @inquirer/prompts forever).
import { isatty } from 'node:tty';
import type { Result } from '../core/types.js';
import type { Settings } from './settings.js';
import type { Lang } from '../core/text.js';

const PROMPT_TIMEOUT_MS = 10 * 60_000;

/**
 * stdin is asked with isatty(0), not process.stdin.isTTY: that getter opens the stream, which throws EBADF under Wine
 * when fd 0 is a Unix pipe (a runner's shell; test/exe/wine.test.ts), and costs a stream on every run besides.
 */
export function isInteractive(allowed: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return allowed && !('CI' in env) && Boolean(process.stdout.isTTY) && isatty(0);
}

/** Where a question is asked: the terminal, or (tests) given streams. */
export interface PromptStreams { input?: NodeJS.ReadableStream; output?: NodeJS.WritableStream; errors?: NodeJS.WritableStream }

/** Asks for each unconfirmed manual item; returns the ids the person confirmed. */
export async function askConfirmations(items: readonly Result[], timeoutMs = PROMPT_TIMEOUT_MS, streams: PromptStreams = {}, lang: Lang = 'en'): Promise<string[]> {
  const { confirm } = await import('@inquirer/prompts');
  const yes: string[] = [];
  for (const item of items) {
    const english = typeof item.evidence.question === 'string' ? item.evidence.question : item.title;
    const question = lang === 'nl' ? item.nl?.question ?? item.nl?.title ?? english : english;
    try {
      const context = { signal: AbortSignal.timeout(timeoutMs), ...(streams.input ? { input: streams.input } : {}), ...(streams.output ? { output: streams.output } : {}) };
      if (await confirm({ message: `${question} (${item.id})`, default: false }, context)) yes.push(item.id);
    } catch (err) {
      // Nobody answered: the run still ends in a report, with the open questions in its to-do list.
      if ((err as Error).name !== 'AbortPromptError') throw err;
      const [n, unit] = timeoutMs >= 60_000 ? [Math.round(timeoutMs / 60_000), 'minute'] : [Math.max(1, Math.round(timeoutMs / 1000)), 'second'];
      const after = `${n} ${unit}${n === 1 ? '' : 's'}`;
      const na = `${n} ${unit === 'minute' ? (n === 1 ? 'minuut' : 'minuten') : (n === 1 ? 'seconde' : 'seconden')}`;
      (streams.errors ?? process.stderr).write(lang === 'nl'
        ? `\nclickker: geen antwoord binnen ${na}; het rapport volgt, met de open vragen.\n`
        : `\nclickker: no answer within ${after}; the report follows with the open questions.\n`);
      break;
    }
  }
  return yes;
}

/** The SQL password: CLICKKER_SQL_PASSWORD, or a hidden prompt; never a flag (shell history, process lists). */
export async function askSqlPassword(s: Settings, interactive: boolean, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (!s.sqlServer || !s.sqlUser) return undefined;
  if (env.CLICKKER_SQL_PASSWORD) return env.CLICKKER_SQL_PASSWORD;
  if (!interactive) return undefined;
  const { password } = await import('@inquirer/prompts');
  const { tr } = await import('./lang.js');
  return password({ message: tr('ask.sql-password', { login: s.sqlUser }), mask: true }, { signal: AbortSignal.timeout(PROMPT_TIMEOUT_MS) });
}

/** A value typed by the person at the terminal (only ever called when interactive). */
export async function askText(message: string, validate?: (v: string) => true | string, initial?: string): Promise<string> {
  const { input } = await import('@inquirer/prompts');
  return input({ message, ...(initial !== undefined ? { default: initial } : {}), validate: (v) => (v.trim() === '' ? 'a value is needed' : validate ? validate(v.trim()) : true) },
    { signal: AbortSignal.timeout(PROMPT_TIMEOUT_MS) }).then((v) => v.trim());
}

/** A hidden value (passwords, keys): never echoed, never a flag. */
export async function askSecret(message: string): Promise<string> {
  const { password } = await import('@inquirer/prompts');
  return password({ message, mask: true, validate: (v) => (v === '' ? 'a value is needed' : true) }, { signal: AbortSignal.timeout(PROMPT_TIMEOUT_MS) });
}

export async function askChoice(message: string, choices: readonly { name: string; value: string; description?: string }[], initial?: string): Promise<string> {
  const { select } = await import('@inquirer/prompts');
  return select({ message, choices: [...choices], ...(initial !== undefined ? { default: initial } : {}) }, { signal: AbortSignal.timeout(PROMPT_TIMEOUT_MS) });
}

export async function askYesNo(message: string, initial = false): Promise<boolean> {
  const { confirm } = await import('@inquirer/prompts');
  return confirm({ message, default: initial }, { signal: AbortSignal.timeout(PROMPT_TIMEOUT_MS) });
}
