// Ctrl+C and SIGTERM (issue 15 finding 4): whatever the command is doing, temporary files it registered are removed
// and the process ends with the conventional code, 128 + the signal number (130 for SIGINT, 143 for SIGTERM). Work
// that runs long (a fleet of snapshots) yields between hosts so that the signal is seen at once.
import { EXIT } from '../core/exit-codes.js';
import { tr } from './lang.js';

const cleanups = new Set<() => void>();

/** The exit code for a signal: 128 + its number (POSIX shells' convention, which CI runners and Task Scheduler show). */
export const SIGNAL_EXIT: Readonly<Record<'SIGINT' | 'SIGTERM', number>> = { SIGINT: EXIT.INTERRUPTED, SIGTERM: 143 };

/** Runs `cleanup` if the process is interrupted before the returned function is called. */
export function onInterrupt(cleanup: () => void): () => void {
  cleanups.add(cleanup);
  return () => { cleanups.delete(cleanup); };
}

let installed = false;

/** Installs the SIGINT and SIGTERM handlers once (src/cli/main.ts). */
export function installInterruptHandlers(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const cleanup of [...cleanups]) {
        try {
          cleanup();
        } catch {
          // a cleanup that fails must not keep the others from running, nor the process from ending
        }
      }
      process.stderr.write(`\nclickker: ${tr(signal === 'SIGINT' ? 'err.interrupted' : 'err.terminated')}\n`);
      process.exit(SIGNAL_EXIT[signal]);
    });
  }
}
