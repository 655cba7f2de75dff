// The closed word lists of the contract, declared once: types, zod schemas and option choices all derive from these.

/** synergy: the on-premise installation beside Exact Synergy; online: the Exact Online registration. */
export const PROFILES = ['synergy', 'online'] as const;
export type Profile = (typeof PROFILES)[number];

/** How much a check's failure matters. A `warning` or `info` check never produces `fail`: the runner demotes it to `warn`. */
export const SEVERITIES = ['blocking', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What --fail-on may add to the failures that make a run not ready. */
export const FAIL_ON = ['warning', 'unknown'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Whether a change needs a Windows restart: never, maybe (Windows decides, e.g. a feature install), always. */
export type Reboot = 'never' | 'maybe' | 'always';
