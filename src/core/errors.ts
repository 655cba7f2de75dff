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
