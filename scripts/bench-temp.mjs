// The bench's scratch folder (10,000 snapshot files), which must not outlive the bench however it ends.
//
// The bench is synchronous from start to end (spawnSync, writeFileSync), so a SIGINT or SIGTERM listener in it would
// run only after the whole bench: listening would turn Ctrl+C into "wait several minutes". Instead a small detached
// watcher, in a process group of its own (so the terminal's Ctrl+C does not reach it), polls for the bench's process
// and removes the folder once it is gone: after Ctrl+C, a kill, a crash or a normal end alike. An 'exit' listener
// removes it at once on a normal end or an uncaught error. A folder that outlived even its watcher (the machine went
// down) is removed by the next bench at its start: only folders this module makes (the prefix and the creating
// process id in the name), owned by this user, whose creator is no longer running.
import { spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PREFIX = 'clickker-bench-';
/** clickker-bench-<pid>-XXXXXX: mkdtemp's six characters after the creating process's id. */
const NAMED = /^clickker-bench-(\d+)-[A-Za-z0-9]{6}$/;
/** clickker-bench-XXXXXX: made by benches before this module, with no process id. */
const UNNAMED = /^clickker-bench-[A-Za-z0-9]{6}$/;
/** An unnamed folder may belong to a bench still running; none runs this long. */
const UNNAMED_STALE_MS = 6 * 3600_000;
const POLL_MS = 250;

/** Whether a process with this id runs (EPERM: it does, as another user). */
function running(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Folders in `root` left by benches that no longer run. */
export function staleBenchDirs(root = tmpdir(), now = Date.now()) {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const stale = [];
  for (const name of readdirSync(root)) {
    const named = NAMED.exec(name);
    if (!named && !UNNAMED.test(name)) continue;
    let st;
    try {
      st = lstatSync(join(root, name));
    } catch {
      continue; // gone meanwhile
    }
    // A symbolic link or a file of that name, or another user's folder, is not ours to remove.
    if (!st.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
    if (named ? !running(Number(named[1])) : now - st.mtimeMs > UNNAMED_STALE_MS) stale.push(join(root, name));
  }
  return stale;
}

// The watcher: CommonJS for `node -e`; argv is [node, dir, pid].
const WATCHER = `const { rmSync } = require('node:fs');
const [dir, pid] = [process.argv[1], Number(process.argv[2])];
const t = setInterval(() => {
  try { process.kill(pid, 0); return; } catch (e) { if (e.code === 'EPERM') return; }
  rmSync(dir, { recursive: true, force: true });
  clearInterval(t);
}, ${POLL_MS});`;

/** Removes the stale folders of interrupted benches, then makes this bench's folder, removed when it ends. */
export function benchTempDir(root = tmpdir(), log = (line) => console.error(line)) {
  for (const d of staleBenchDirs(root)) {
    rmSync(d, { recursive: true, force: true });
    log(`removed ${d}, left by an interrupted bench`);
  }
  const dir = mkdtempSync(join(root, `${PREFIX}${process.pid}-`));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  process.on('exit', remove);
  spawn(process.execPath, ['-e', WATCHER, dir, String(process.pid)], { detached: true, stdio: 'ignore' }).unref();
  return { dir, remove };
}
