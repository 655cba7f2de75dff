// Errors that map to documented exit codes. Anything else escaping a command is an internal error (exit 4).

/** Bad input: flags, config, snapshot, requirements, waivers. One line, names the thing; exit code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
