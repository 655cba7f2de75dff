// Questions are asked only when a person is there: a terminal on both ends, no CI, not --no-interactive.
// Otherwise nothing is ever asked (a silent pipe would hang @inquirer/prompts forever).
import type { Result } from '../core/types.js';
import type { Settings } from './settings.js';

const PROMPT_TIMEOUT_MS = 10 * 60_000;

export function isInteractive(allowed: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  return allowed && Boolean(process.stdin.isTTY && process.stdout.isTTY) && !('CI' in env);
}

/** Asks for each unconfirmed manual item; returns the ids the person confirmed. */
export async function askConfirmations(items: readonly Result[]): Promise<string[]> {
  const { confirm } = await import('@inquirer/prompts');
  const yes: string[] = [];
  for (const item of items) {
    const question = String(item.evidence.question ?? item.title);
    if (await confirm({ message: `${question} (${item.id})`, default: false }, { signal: AbortSignal.timeout(PROMPT_TIMEOUT_MS) })) yes.push(item.id);
  }
  return yes;
}

/** The SQL password: CLICKKER_SQL_PASSWORD, or a hidden prompt; never a flag (shell history, process lists). */
export async function askSqlPassword(s: Settings, interactive: boolean, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  if (!s.sqlServer || !s.sqlUser) return undefined;
  if (env.CLICKKER_SQL_PASSWORD) return env.CLICKKER_SQL_PASSWORD;
  if (!interactive) return undefined;
  const { password } = await import('@inquirer/prompts');
  return password({ message: `Password for SQL login ${s.sqlUser}`, mask: true }, { signal: AbortSignal.timeout(PROMPT_TIMEOUT_MS) });
}
