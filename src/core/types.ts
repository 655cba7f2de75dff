// The contracts every other part of clickker is written against: statuses, check modules, results.
import type { Requirements } from './requirements-schema.js';
import type { FactDef, FactReader } from './facts.js';
import type { Msg } from './text.js';

import type { Profile, Reboot, Severity } from './vocabulary.js';

export { PROFILES, type Profile, type Severity } from './vocabulary.js';

/** What a check module itself may conclude. */
export type EvaluatedStatus = 'pass' | 'warn' | 'fail' | 'unknown';

/** Every status a result can have. `unknown` is "could not evaluate" and is never counted as a pass. */
export type Status = EvaluatedStatus | 'not-applicable' | 'skipped' | 'waived';

export const STATUSES: readonly Status[] = ['pass', 'warn', 'fail', 'unknown', 'not-applicable', 'skipped', 'waived'];

export type Category = 'Operating system' | 'Frameworks' | 'IIS' | 'Exact Synergy' | 'SQL Server' | 'Accounts' | 'Network' | 'Confirmations';

export const CATEGORY_ORDER: readonly Category[] = [
  'Operating system', 'Frameworks', 'IIS', 'Exact Synergy', 'SQL Server', 'Accounts', 'Network', 'Confirmations',
];

/** Expected-versus-found evidence, the heart of every explanation. Values must be JSON-serialisable. */
export interface Evidence {
  expected?: unknown;
  found?: unknown;
  /** Where the found value came from, e.g. "probe os: Win32_OperatingSystem.BuildNumber". */
  source?: string;
  /**
   * The expected and found values as sentences in both languages, where the raw value alone would not say it (an
   * empty list of HTTPS bindings says nothing of the bindings the site does have). Reports show these; the raw
   * values stay for tools.
   */
  said?: { expected?: Msg; found?: Msg };
  [key: string]: unknown;
}

/** Who must run a command: labelled per command, truthfully (issue 16). */
export type RunAs = 'administrator' | 'user' | 'sql-sysadmin';

export interface Command {
  /** What runs it: Windows PowerShell, T-SQL in SSMS/sqlcmd, or a plain instruction. */
  shell: 'powershell' | 'tsql' | 'text';
  script: string;
  /** Who runs it. Default: an elevated PowerShell prompt for powershell, a sysadmin login for tsql. */
  runAs?: RunAs;
  /** 'fix' changes the state (the default); 'look' only shows it, and is shown after the fix, labelled "to look". */
  purpose?: 'fix' | 'look';
}

export interface Remediation {
  text: string;
  /** `text` in Dutch (--lang nl); never in the JSON report, whose keys and prose stay English. */
  nl: string;
  commands?: Command[];
}

/** The Dutch of a verdict's or result's prose, beside the English (src/core/text.ts). */
export interface DutchText {
  summary: string;
  reason?: string;
  /** A confirmation's question (the English one is in the evidence, for JSON readers). */
  question?: string;
}

interface VerdictText {
  summary: string;
  /** Why the check could not evaluate; required in spirit for `unknown`. */
  reason?: string;
  /** A fix specific to what was found; falls back to the check's own remediation. */
  remediation?: Remediation;
  /** `summary` and `reason` in Dutch: built by the verdict helpers from a Msg, so no verdict lacks it. */
  nl: DutchText;
}

/**
 * What `evaluate` returns; the runner adds id, host, severity and timing. A pass, warn or fail carries the check's
 * own evidence `E` (what it expected and found): that is what its report shows and what its `fix` reads. An unknown
 * may carry whatever it could see.
 */
export type Verdict<E extends Evidence = Evidence> =
  | (VerdictText & { status: 'pass' | 'warn' | 'fail'; evidence: E })
  | (VerdictText & { status: 'unknown'; evidence?: Evidence });

/** Options that influence verdicts; they come from flags, environment or the config file. */
export interface EvaluationOptions {
  profile: Profile;
  confirmations: ReadonlySet<string>;
  synergyRelease?: number;
  externalAccess: boolean;
  serviceAccount?: string;
  /** Replaces the requirements' endpoint list (--endpoint URL). */
  endpoints?: readonly string[];
}

export interface CheckContext {
  readonly requirements: Requirements;
  readonly options: EvaluationOptions;
  readonly host: string;
  /** The moment of evaluation, injected so that verdicts about expiry are reproducible. */
  readonly now: Date;
  /** Reads a fact; throws FactUnavailable (turned into `unknown` with its reason) when the probe failed or is missing. */
  readonly fact: FactReader;
  /** Whether a probe's fact is present and well-formed, for checks with optional evidence. */
  readonly has: (def: FactDef<unknown>) => boolean;
}

/** A prerequisite: this check is only evaluated when `check` ended in one of `statuses` (default pass/warn). */
export interface Dependency {
  check: string;
  statuses?: readonly Status[];
}

/**
 * One check module (checks/*.ts). Pure: facts + requirements in, verdict out; no I/O. `E` is the shape of the
 * evidence its pass/warn/fail verdicts carry, so its fix reads exactly what its evaluation wrote.
 */
export interface Check<E extends Evidence = Evidence> {
  /** Stable dotted id: the key for --only, --skip, --confirm, waivers and docs anchors. */
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  /** Title and rationale in Dutch, beside the English (--lang nl; `clickker explain`, `clickker checks`). */
  nl: { title: string; rationale: string };
  /** The probe ids whose facts this check reads; decides which probes run live. */
  needs: readonly string[];
  profiles: readonly Profile[];
  dependsOn?: readonly Dependency[];
  /** Returns true, or the reason the check does not apply to this host (reported as `not-applicable`). */
  appliesTo?(ctx: CheckContext): true | Msg;
  evaluate(ctx: CheckContext): Verdict<E>;
  /** The generic fix, with the exact PowerShell or T-SQL to run. */
  remediation: Remediation;
  /**
   * The repair for a `fail` or `warn` this check produced (so `result.evidence` is what `evaluate` returned): an
   * action (automatic where safe), a manual fix with the reason, or null when there is nothing to repair. Without
   * it a fail is repaired by hand with the result's commands, and a warn needs nothing.
   */
  fix?(result: Result<E>, ctx: FixContext): Fix | null;
  /** One paragraph for `clickker explain`: what is checked, and why Clickker needs it. */
  rationale: string;
}

export interface Result<E extends Evidence = Evidence> {
  host: string;
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  status: Status;
  summary: string;
  evidence: E;
  reason?: string;
  remediation?: Remediation;
  /** Title, summary and reason in Dutch (absent only on results built outside the runner, e.g. in tests). */
  nl?: DutchText & { title: string };
  docs: string;
  /** For a crashed check: the stack trace, shown only with --verbose (never in JSON, JUnit or Markdown). */
  stack?: string;
  /** The waiver that matched; `expired` waivers no longer change the status. `status` is what the check found. */
  waiver?: { reason: string; approvedBy: string; expires: string; expired: boolean; status: Status };
  ms: number;
}

// What a check may offer to repair what it found: typed fix actions beside the check (React Native doctor's
// getDiagnostics + runAutomaticFix in one object). An automatic action changes exactly what its check found missing,
// says whether it needs elevation and a restart, shows its what-if and the equivalent PowerShell, and its check is
// run again afterwards. Everything else is manual: the exact commands are printed, never run.

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
  /** Title, what-if lines and why in Dutch (--lang nl). */
  nl: { title: string; whatIf: string[]; why?: string };
  /** Installation media for removed payloads, when the action needs it and it was not given. */
  needsSource?: boolean;
  apply?(host: FixHost, input: FixContext): Promise<{ restartNeeded: boolean; message: string }>;
}

/** A fix that stays the administrator's: why it is not automated; the commands are the result's remediation. */
export interface ManualFix {
  manual: string;
  /** `manual` in Dutch. */
  nl: string;
  reboot?: Reboot;
}

/** A check's answer for one result: an action, a manual fix, or null when there is nothing to fix. */
export type Fix = FixAction | ManualFix;
