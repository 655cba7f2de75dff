// The language of this process's console prose (install, uninstall, collect, support-bundle, error lines, Ctrl+C),
// set once per run: from argv and CLICKKER_LANG at start (src/cli/main.ts, synchronous, so an early error line is
// already Dutch), then refined with the Windows display language by the command (settleLang). Ids, commands, JSON
// keys, journal contents and JUnit never go through here: they stay English.
import type { Msg } from '../core/text.js';
import { resolveLang, t, type Lang, type MessageId } from '../report/i18n/catalogue.js';
import { uiCultureFor } from './ui-culture.js';

let current: Lang = 'en';

export const cliLang = (): Lang => current;
export const setCliLang = (lang: Lang): void => { current = lang; };

/** `--lang X` or `--lang=X` from the raw arguments (before commander has parsed them). */
export function langFlagIn(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang') return argv[i + 1];
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return undefined;
}

/** --lang, then CLICKKER_LANG, then (when neither decided) the Windows display language; sets and returns it. */
export async function settleLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<Lang> {
  current = resolveLang(flag, env, await uiCultureFor(flag, env));
  return current;
}

/** A catalogue message in the run's language. */
export const tr = (id: MessageId, vars: Record<string, string | number> = {}): string => t(current, id, vars);

/** A bilingual message in the run's language. */
export const inLang = (m: Msg): string => m[current];
