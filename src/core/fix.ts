// What a check may offer to repair what it found: typed fix actions beside the check (React Native doctor's
// getDiagnostics + runAutomaticFix in one object). An automatic action changes exactly what its check found missing,
// says whether it needs elevation and a restart, shows its what-if and the equivalent PowerShell, and its check is
// run again afterwards. Everything else is manual: the exact commands are printed, never run.
import type { Command } from './types.js';
import type { Reboot } from './vocabulary.js';

/** The part of a target (this server, or the simulated host) that automatic fixes act through. */
export interface FixHost {
  features: {
    /** Install-WindowsFeature (server) or Enable-WindowsOptionalFeature (client) with exactly these names. */
    install(names: readonly string[], options: { client: boolean; source?: string }): Promise<{ success: boolean; restartNeeded: boolean; message: string }>;
  };
  registry: {
    getDword(key: string, name: string): Promise<number | null>;
    setDword(key: string, name: string, value: number): Promise<void>;
  };
  iis: {
    startWebsite(name: string): Promise<void>;
  };
}

/** What the administrator gave for the fixes: the installation media for removed feature payloads (--source). */
export interface FixContext {
  source?: string;
}

export interface FixAction {
  /** Stable id, e.g. iis.install-role-services. */
  id: string;
  /** The check it fixes. */
  checkId: string;
  title: string;
  automatic: boolean;
  needsElevation: boolean;
  reboot: Reboot;
  /** What would change, one line each. */
  whatIf: string[];
  /** The PowerShell (or T-SQL) that does the same, to review or run by hand. */
  commands: Command[];
  /** Why it is manual, for manual actions. */
  why?: string;
  /** Installation media for removed payloads, when the action needs it and it was not given. */
  needsSource?: boolean;
  apply?(host: FixHost, input: FixContext): Promise<{ restartNeeded: boolean; message: string }>;
}

/** A fix that stays the administrator's: why it is not automated; the commands are the result's remediation. */
export interface ManualFix {
  manual: string;
  reboot?: Reboot;
}

/** A check's answer for one result: an action, a manual fix, or null when there is nothing to fix. */
export type Fix = FixAction | ManualFix;

export function isManual(fix: Fix): fix is ManualFix {
  return 'manual' in fix;
}

/** The fix of a check whose failures are the administrator's decision: manual, for `fail` only. */
export function manualWhenFailed(why: string, reboot?: Reboot): (result: { status: string }) => ManualFix | null {
  return (result) => (result.status === 'fail' ? { manual: why, ...(reboot ? { reboot } : {}) } : null);
}
