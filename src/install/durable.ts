// Writes that survive a crash or a power cut: a temporary file, flushed to disk, renamed over the old one, and the
// folder flushed too (where the platform allows). A reader sees the old content or the new one, never half.
import { close, closeSync, fsync, fsyncSync, mkdirSync, open, openSync, rename, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

let counter = 0;

type Content = string | Buffer | Iterable<string | Buffer>;

/** The temporary file next to `file`: .<name>.<pid>.<n>.tmp (src/cli/write-file.ts removes its own on Ctrl+C). */
function temporaryFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${++counter}.tmp`);
}

function writeContent(fd: number, content: Content): void {
  if (typeof content === 'string' || Buffer.isBuffer(content)) writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  else for (const chunk of content) if (typeof chunk === 'string') writeSync(fd, chunk); else writeSync(fd, chunk);
}

/** `content` may be produced chunk by chunk (a streamed report), so a large document is never held twice. */
export function writeDurable(file: string, content: Content, mode?: number, createFolder = true): void {
  const dir = dirname(file);
  if (createFolder) mkdirSync(dir, { recursive: true });
  const tmp = temporaryFor(file);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', mode);
    writeContent(fd, content);
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

const fsyncAsync = promisify(fsync);
const renameAsync = promisify(rename);
const openAsync = promisify(open);
const closeAsync = promisify(close);

/**
 * writeDurable with the waits for the disk (the flush, the rename, the folder's flush) on libuv's threads, and
 * `meanwhile` run on this one while the flush goes on: a 20 MB fleet report's flush is ~20 ms, its rename over an old
 * report ~8 ms (a mount with `discard` trims the old file's blocks then), work this thread need not wait for (issue
 * 17). The same guarantee: the file is renamed only once flushed, and an error (of the flush or of `meanwhile`)
 * leaves the old file as it was and the temporary file removed.
 */
export async function writeDurableAsync(file: string, content: Content, meanwhile?: () => void, mode?: number): Promise<void> {
  const dir = dirname(file);
  const tmp = temporaryFor(file);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', mode);
    writeContent(fd, content);
    const flushed = fsyncAsync(fd);
    try {
      meanwhile?.();
    } finally {
      await flushed.catch(() => undefined); // the descriptor stays open until the flush is done with it
    }
    await flushed;
    closeSync(fd);
    fd = undefined;
    await renameAsync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  if (process.platform !== 'win32') {
    try {
      const dfd = await openAsync(dir, 'r');
      try { await fsyncAsync(dfd); } finally { await closeAsync(dfd); }
    } catch {
      // some file systems do not allow fsync on a directory; the rename is still atomic
    }
  }
}
