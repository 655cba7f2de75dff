// Reports and snapshots are written the way the install journal is (src/install/durable.ts): to a temporary file,
// flushed and renamed, so a crash never leaves half a file. Here a failure is the user's input error (exit 2).
// What the user named is respected: a device or a pipe (/dev/stdout, /dev/null, a FIFO) is written directly, never
// replaced by a regular file; a symbolic link is followed and its target written; and an input of the same run
// (a snapshot, the config, the waivers) is never overwritten.
import { lstatSync, readdirSync, readlinkSync, realpathSync, rmSync, statSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { InputError } from '../core/errors.js';
import { inputError, whatMsg, type What } from '../core/input-error.js';
import type { ReadWatch } from '../core/input-file.js';
import type { MessageId } from '../report/i18n/catalogue.js';
import { writeDurableAsync } from '../install/durable.js';
import { onInterrupt } from './interrupt.js';

/** Folders and names being written right now: their temporary files go if the process ends (SIGINT, SIGTERM). */
const inFlight = new Map<number, { dir: string; name: string }>();
let ticket = 0;

/** writeDurable names its temporary file .<name>.<pid>.<n>.tmp next to the target; remove ours. */
function removeTemporaries(): void {
  for (const { dir, name } of inFlight.values()) {
    const prefix = `.${name}.${process.pid}.`;
    try {
      for (const entry of readdirSync(dir)) if (entry.startsWith(prefix) && entry.endsWith('.tmp')) rmSync(`${dir}/${entry}`, { force: true });
    } catch {
      // the folder went away: nothing left to clean
    }
  }
  inFlight.clear();
}

function statOrNull(path: string, follow: boolean): Stats | null {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch {
    return null;
  }
}

/** The file a path really names: symbolic links followed, also a dangling one (its target will be created). */
export function realTarget(file: string): string {
  let path = resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    const st = statOrNull(path, false);
    if (!st?.isSymbolicLink()) break;
    path = resolve(dirname(path), readlinkSync(path));
  }
  try {
    return resolve(realpathSync(dirname(path)), basename(path));
  } catch {
    return path;
  }
}

function sameFile(a: Stats | null, b: Stats | null): boolean {
  return a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;
}

export interface WriteOptions {
  /** Runs while a regular file's bytes go to disk (src/install/durable.ts, writeDurableAsync); not when the file is refused, or is a device or a pipe. */
  meanwhile?: () => void;
  /**
   * More inputs (a fleet's snapshots), all read in this thread while `watch` (made for this file before they were read)
   * looked: when the file is still the one watched and no read was it, they are not asked about again.
   */
  watched?: { files: readonly string[]; watch: ReadWatch | null };
}

/**
 * Writes `content` (a string, or chunks produced one at a time, text or bytes) to `file`; the folder must exist. `inputs` are the
 * files this run reads: writing over one of them is refused.
 */
export async function writeFileAtomic(file: string, content: string | Iterable<string | Buffer>, what: What, inputs: readonly string[] = [], options: WriteOptions = {}): Promise<void> {
  const fail = (id: MessageId, vars: Record<string, string> = {}) => inputError(whatMsg(what), id, { ...vars, file });
  const existing = statOrNull(file, true);
  const target = realTarget(file);
  // An input was read, so it exists: only a file that exists already can be one of them, and then the system's own
  // identity (device and inode) says so through any link. One stat per input: a fleet names thousands of inputs, and
  // resolving each one's real path cost about a tenth of a 1,000-host run (issue 17); the reads' own look at each
  // input (ReadWatch) spares even that when it saw them all.
  if (existing) {
    const { watched } = options;
    const seen = watched?.watch?.unreadAs(existing) ? [] : watched?.files ?? [];
    for (const list of [seen, inputs]) {
      for (const input of list) {
        if (sameFile(existing, statOrNull(input, true))) throw fail('in.write.input', { input });
      }
    }
  }
  if (existing?.isDirectory()) throw fail('in.write.folder');
  // Opened by the name given: /dev/stdout is a link to "pipe:[n]", which is no path, but the system opens it.
  if (existing && !existing.isFile()) return writeDirect(file, content, fail);
  const id = ++ticket;
  inFlight.set(id, { dir: dirname(target), name: basename(target) });
  // SIGINT/SIGTERM end the process through src/cli/interrupt.ts, which runs this first.
  const release = onInterrupt(removeTemporaries);
  try {
    await writeDurableAsync(target, content, options.meanwhile);
  } catch (err) {
    if ((err as Error).name === 'InputError') throw err;
    throw fail('in.write.cannot', { code: (err as NodeJS.ErrnoException).code ?? 'error' });
  } finally {
    inFlight.delete(id);
    release();
  }
}

/** A device, a FIFO or a socket: written in place, asynchronously, so Ctrl+C still works while a pipe has no reader. */
async function writeDirect(target: string, content: string | Iterable<string | Buffer>, fail: (id: MessageId, vars?: Record<string, string>) => InputError): Promise<void> {
  let handle;
  try {
    handle = await open(target, 'w');
    for (const chunk of typeof content === 'string' ? [content] : content) await (typeof chunk === 'string' ? handle.write(chunk) : handle.write(chunk));
  } catch (err) {
    throw fail('in.write.cannot', { code: (err as NodeJS.ErrnoException).code ?? 'error' });
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
