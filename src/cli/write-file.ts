// Reports and snapshots are written the way the install journal is (src/install/durable.ts): to a temporary file,
// flushed and renamed, so a crash never leaves half a file. Here a failure is the user's input error (exit 2).
import { InputError } from '../core/errors.js';
import { writeDurable } from '../install/durable.js';

/** Writes `content` (a string, or chunks produced one at a time) to `file`; the folder must exist. */
export function writeFileAtomic(file: string, content: string | Iterable<string>, what: string): void {
  try {
    writeDurable(file, content, undefined, false);
  } catch (err) {
    if ((err as Error).name === 'InputError') throw err;
    throw new InputError(`${what} ${file}: cannot write it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
