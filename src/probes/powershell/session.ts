// One long-lived PowerShell process, driven through node-powershell 5.0.1 and fenced against its failure modes
// (docs/powershell.md): invoke with our own deadline, kill the whole process tree on a hang, never let a dead process
// or a broken pipe become an unhandled error, and say why a session died.
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SessionOptions {
  /** 'powershell', 'pwsh' or a path to the executable. */
  executable: string;
}

/** Why a session could not answer: the caller turns these into probe error kinds. */
export type SessionFailure =
  | { reason: 'timeout'; message: string }
  | { reason: 'not-found'; message: string }
  | { reason: 'blocked'; message: string }
  | { reason: 'exited'; message: string };

export type InvokeOutcome = { ok: true; stdout: string } | { ok: false; failure: SessionFailure };

/** The executable options every session starts with; node-powershell adds -NoLogo -NoExit -Command -. */
export const EXECUTABLE_OPTIONS: Readonly<Record<string, string | boolean>> = {
  '-NoProfile': true,
  '-NonInteractive': true,
  '-ExecutionPolicy': 'Bypass',
  '-InputFormat': 'Text',
  '-OutputFormat': 'Text',
};

/** The executable to start: Windows PowerShell 5.1 by its full path on Windows, so PATH cannot substitute another. */
export function resolveExecutable(choice: string | undefined, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const wanted = choice && choice.trim() !== '' ? choice.trim() : 'powershell';
  if (wanted.toLowerCase() === 'powershell' && platform === 'win32') {
    // A 32-bit process on 64-bit Windows (PROCESSOR_ARCHITEW6432 is set only there) would get the 32-bit PowerShell
    // from System32, with the WOW6432Node registry and no ServerManager; Sysnative reaches the 64-bit one.
    const folder = env.PROCESSOR_ARCHITEW6432 ? 'Sysnative' : 'System32';
    const full = join(env.SystemRoot ?? 'C:\\Windows', folder, 'WindowsPowerShell', 'v1.0', 'powershell.exe');
    if (existsSync(full)) return full;
  }
  return wanted;
}

/** Kills a process and everything it started (a hung probe's own children too). */
export async function killProcessTree(pid: number): Promise<void> {
  if (process.platform === 'win32') {
    await new Promise<void>((resolve) => {
      execFile('taskkill.exe', ['/PID', String(pid), '/T', '/F'], { windowsHide: true }, () => resolve());
    });
    return;
  }
  const victims = [...descendants(pid), pid];
  for (const p of victims) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Descendants of a process on Linux (/proc) or other POSIX systems (ps), deepest last. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  if (existsSync('/proc/self/stat')) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        parentOf.set(Number(entry), ppid);
      } catch {
        // the process ended while we looked
      }
    }
  }
  const out: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const [pid, ppid] of parentOf) if (frontier.includes(ppid) && !out.includes(pid)) next.push(pid);
    out.push(...next);
    frontier = next;
  }
  return out;
}

interface NodePowerShell {
  invoke(command: string): Promise<{ stdout?: Buffer; raw: string }>;
  dispose(signal?: NodeJS.Signals): Promise<void>;
  readonly streams: { stdin: NodeJS.WritableStream; stdout: NodeJS.ReadableStream; stderr: NodeJS.ReadableStream };
}

/** A started PowerShell process. Create with `PsSession.start`; a session that failed once is not used again. */
export class PsSession {
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private spawnError: NodeJS.ErrnoException | null = null;
  private stderrTail = '';
  private disposed = false;

  private constructor(private readonly shell: NodePowerShell, private readonly child: ChildProcess, readonly executable: string) {
    child.on('exit', (code, signal) => { this.exitInfo = { code, signal }; });
    child.on('error', (err) => { this.spawnError = err; });
    // node-powershell listens once; a second EPIPE on a dead process would otherwise be an uncaught 'error' event.
    shell.streams.stdin.on('error', () => undefined);
    shell.streams.stderr.on('data', (chunk: Buffer | string) => {
      this.stderrTail = (this.stderrTail + chunk.toString()).slice(-2000);
    });
    // node-powershell's exit promise rejects when the process fails; nobody else may be listening.
    (shell as unknown as { exitPromise?: Promise<void> }).exitPromise?.catch(() => undefined);
  }

  /** Starts the process. node-powershell is imported only now, so the CLI loads without it until PowerShell is needed. */
  static async start(options: SessionOptions): Promise<PsSession> {
    const { PowerShell } = await import('node-powershell');
    // node-powershell fences each command with `[Console]::Out/Error.WriteLine("<id>")`. When a whole answer arrives
    // in one chunk it looks for the closing id only in the last id.length + 1 bytes, so the CRLF that WriteLine writes
    // on Windows hides it and the invocation never completes. Fence with the id and a bare LF instead.
    class FencedPowerShell extends PowerShell {
      protected override writeToOutput(input: string): string {
        return `[Console]::Out.Write("${input}` + '`n' + `")`;
      }

      protected override writeToError(input: string): string {
        return `[Console]::Error.Write("${input}` + '`n' + `")`;
      }
    }
    const shell = new FencedPowerShell({
      executable: options.executable,
      executableOptions: { ...EXECUTABLE_OPTIONS },
      // Its stdio are pipes, not a terminal: TERM=dumb keeps pwsh on Linux/macOS from writing terminal control
      // sequences (ESC[?1h ESC[?1l) around each answer.
      spawnOptions: { windowsHide: true, env: { ...process.env, TERM: 'dumb' } },
      throwOnInvocationError: false,
      inputEncoding: 'utf-8',
      outputEncoding: 'utf-8',
    }) as unknown as NodePowerShell;
    // node-powershell 5.0.1 keeps the child process in a private field; the tests pin that through the stand-in.
    const child = (shell as unknown as { process: ChildProcess }).process;
    return new PsSession(shell, child, options.executable);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.disposed && this.exitInfo === null && this.spawnError === null;
  }

  /** Runs one line with a deadline. On timeout the process tree is killed: a timed-out session is out of step for good. */
  async invoke(line: string, timeoutMs: number, signal?: AbortSignal): Promise<InvokeOutcome> {
    if (!this.alive) return { ok: false, failure: this.deathReason() };
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const deadline = new Promise<'timeout' | 'aborted'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(1, timeoutMs));
      if (signal) {
        onAbort = () => resolve('aborted');
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }
    });
    const work = this.shell.invoke(line).then(
      (r) => ({ done: true as const, stdout: r.stdout ? r.stdout.toString('utf8') : '' }),
      (err: unknown) => ({ done: false as const, error: err as Error }),
    );
    try {
      const first = await Promise.race([work, deadline]);
      if (first === 'timeout' || first === 'aborted') {
        await this.kill();
        // node-powershell settles the invocation once the process is gone; do not wait for ever if it does not.
        // Unref: a caller that stopped waiting (its own budget ran out) must not be held up by this wait.
        await Promise.race([work, new Promise((r) => setTimeout(r, 2000).unref())]);
        return {
          ok: false,
          failure: {
            reason: 'timeout',
            message: first === 'timeout'
              ? `no answer within ${timeoutMs} ms; the PowerShell process tree was killed`
              : 'the collection was cancelled; the PowerShell process tree was killed',
          },
        };
      }
      if (first.done && first.stdout.trim() !== '') return { ok: true, stdout: first.stdout };
      await this.settleExit();
      if (!first.done || !this.alive) return { ok: false, failure: this.deathReason(first.done ? undefined : first.error) };
      return { ok: true, stdout: first.stdout };
    } finally {
      if (timer) clearTimeout(timer);
      if (signal && onAbort) signal.removeEventListener('abort', onAbort);
    }
  }

  /** Ends the session: kills the process tree and releases node-powershell's state. Safe to call more than once. */
  async kill(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const pid = this.child.pid;
    if (pid !== undefined && this.exitInfo === null) await killProcessTree(pid);
    await this.shell.dispose('SIGKILL').catch(() => undefined);
  }

  /** Waits briefly for the exit event so the reason names the exit code. */
  private async settleExit(): Promise<void> {
    for (let i = 0; i < 20 && this.exitInfo === null && this.spawnError === null; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  private deathReason(err?: Error): SessionFailure {
    const spawn = this.spawnError;
    if (spawn) {
      if (spawn.code === 'ENOENT') {
        return { reason: 'not-found', message: `PowerShell was not found: ${this.executable} (Windows PowerShell 5.1 is powershell.exe; choose another with --powershell)` };
      }
      if (spawn.code === 'EACCES' || spawn.code === 'EPERM') {
        return { reason: 'blocked', message: `PowerShell may not be started (${spawn.code}: blocked by policy or permissions): ${this.executable}` };
      }
      return { reason: 'exited', message: `PowerShell could not be started (${spawn.code ?? spawn.message}): ${this.executable}` };
    }
    const stderr = this.stderrTail.replace(/\s+/g, ' ').trim();
    const how = this.exitInfo
      ? (this.exitInfo.signal ? `was killed by ${this.exitInfo.signal}` : `exited with code ${this.exitInfo.code}`)
      : `failed (${err?.message.split('\n')[0] || 'no reason given'})`;
    return { reason: 'exited', message: `PowerShell ${how}${stderr ? `; it said: ${stderr.slice(0, 300)}` : ''}` };
  }
}

/**
 * The process started first of all in a live run (issue 17, main.ts): spawned before the command's code loads, so
 * Windows PowerShell's cold start (1-2 s on Server 2016) overlaps all of Node's loading. The run's host takes it
 * (run-host.ts); nobody else may.
 */
let prestarted: { executable: string; session: Promise<PsSession> } | null = null;

/** Starts the run's PowerShell process now; resolves once it is spawned (not once it answers), never rejects. */
export async function prestartSession(executable: string): Promise<void> {
  if (prestarted) return;
  const session = PsSession.start({ executable });
  prestarted = { executable, session };
  await session.then(() => undefined, () => undefined);
}

/** The prestarted session for this executable, once; null if there is none (the caller starts its own). */
export function takePrestartedSession(executable: string): Promise<PsSession> | null {
  if (!prestarted || prestarted.executable !== executable) return null;
  const { session } = prestarted;
  prestarted = null;
  return session;
}

/** Ends a prestarted session nobody took (a run that failed before it collected, or needed no PowerShell). */
export async function discardPrestartedSession(): Promise<void> {
  const p = prestarted;
  prestarted = null;
  if (p) await p.session.then((s) => s.kill(), () => undefined);
}
