// Helpers for the fixes a check may declare beside its diagnosis (the types are part of the contract in types.ts).
import type { Fix, ManualFix } from './types.js';
import type { Reboot } from './vocabulary.js';

export type { Fix, FixAction, FixContext, FixHost, ManualFix } from './types.js';

export function isManual(fix: Fix): fix is ManualFix {
  return 'manual' in fix;
}

/** The fix of a check whose failures are the administrator's decision: manual, for `fail` only. */
export function manualWhenFailed(why: string, reboot?: Reboot): (result: { status: string }) => ManualFix | null {
  return (result) => (result.status === 'fail' ? { manual: why, ...(reboot ? { reboot } : {}) } : null);
}
