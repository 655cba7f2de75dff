// Writes that survive a crash or a power cut: a temporary file, flushed to disk, renamed over the old one, and the
// folder flushed too (where the platform allows). A reader sees the old content or the new one, never half.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** `content` may be produced chunk by chunk (a streamed report), so a large document is never held twice. */
export function writeDurable(file: string, content: string | Buffer | Iterable<string | Buffer>, mode?: number, createFolder = true): void {
  const dir = dirname(file);
  if (createFolder) mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${++counter}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', mode);
    if (typeof content === 'string' || Buffer.isBuffer(content)) writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
    else for (const chunk of content) if (typeof chunk === 'string') writeSync(fd, chunk); else writeSync(fd, chunk);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  if (process.platform !== 'win32') {
    // The rename itself is durable only once the directory entry is on disk.
    try {
      const dfd = openSync(dir, 'r');
      try { fsyncSync(dfd); } finally { closeSync(dfd); }
    } catch {
      // some file systems do not allow fsync on a directory; the rename is still atomic
    }
  }
}
