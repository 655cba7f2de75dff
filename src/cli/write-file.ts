// Reports and snapshots are written to a temporary file and renamed, so a crash never leaves half a file.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';

/** Writes `content` (a string, or chunks produced one at a time) to `file` atomically. */
export function writeFileAtomic(file: string, content: string | Iterable<string>, what: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    for (const chunk of typeof content === 'string' ? [content] : content) writeSync(fd, chunk);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    if ((err as Error).name === 'InputError') throw err;
    throw new InputError(`${what} ${file}: cannot write it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
