// Reports and snapshots are written to a temporary file and renamed, so a crash never leaves half a file.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';

export function writeFileAtomic(file: string, content: string, what: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content, 'utf8');
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new InputError(`${what} ${file}: cannot write it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
