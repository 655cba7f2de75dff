// Errors that map to documented exit codes. Anything else escaping a command is an internal error (exit 4).
import type { Lang, Msg } from './text.js';

/**
 * Bad input: flags, config, snapshot, requirements, waivers. One line, names the thing; exit code 2. Given a Msg it
 * carries its Dutch too (`message` stays English, for logs and tests); `inLang` picks the one to print.
 */
export class InputError extends Error {
  readonly nl: string | undefined;

  constructor(message: string | Msg) {
    super(typeof message === 'string' ? message : message.en);
    this.name = 'InputError';
    this.nl = typeof message === 'string' ? undefined : message.nl;
  }

  /** The message in `lang`; English where no Dutch was given. */
  inLang(lang: Lang): string {
    return lang === 'nl' && this.nl !== undefined ? this.nl : this.message;
  }
}

/**
 * An error in clickker's own words, with its Dutch: a step refused or failed, an executor that cannot go on. Windows'
 * own error text (a cmdlet's, appcmd's, SQL Server's) stays a plain Error: it is quoted as recorded, in either language.
 */
export class SaidError extends Error {
  readonly nl: string;

  constructor(message: Msg) {
    super(message.en);
    this.name = 'SaidError';
    this.nl = message.nl;
  }
}

/**
 * An error's message in both languages: its Dutch where clickker wrote one (SaidError, InputError and their kin carry
 * `nl`); otherwise the text as it was recorded (Windows', PowerShell's or SQL Server's own words), the same in both.
 */
export function said(err: unknown): Msg {
  const en = err instanceof Error ? err.message : String(err);
  const nl = err instanceof Error ? (err as { nl?: unknown }).nl : undefined;
  return { en, nl: typeof nl === 'string' ? nl : en };
}
