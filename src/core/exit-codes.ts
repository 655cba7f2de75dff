// The documented exit codes (README "Exit codes"). Scripts depend on these numbers: never renumber.
export const EXIT = {
  /** Every blocking check passed (or was waived); nothing escalated by --fail-on. */
  READY: 0,
  /** A blocking check failed, or --fail-on escalated a warning or unknown. */
  NOT_READY: 1,
  /** Bad usage or input: flags, config, snapshot, requirements, waivers, unknown check id. */
  USAGE: 2,
  /** Incomplete: a blocking check could not be evaluated (unknown) and none failed. */
  INCOMPLETE: 3,
  /** clickker itself failed unexpectedly (a bug): please report it with --verbose output. */
  INTERNAL: 4,
  /** install or fix did not complete: a step or fix failed or was refused, or verification failed (journal and log say where). */
  INSTALL_FAILED: 5,
  /** install or fix finished, but Windows must restart to complete it. */
  RESTART_NEEDED: 6,
  /** Interrupted (Ctrl+C, SIGINT). */
  INTERRUPTED: 130,
  /** Terminated (SIGTERM, e.g. a service manager or `kill`): 128 + 15, as shells report it. */
  TERMINATED: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
