// Everything the install steps and fixes do to a machine goes through an Executor. The Windows executor acts through
// the PowerShell bridge, execa (argument arrays) and mssql; the simulated executor changes a host model (a JSON file),
// so the same steps can be planned, applied, re-planned, interrupted, resumed and rolled back where no Windows exists.
// Files in the install folder are written with Node's fs by the steps themselves, on either executor.
import type { ProbeRecord } from '../core/facts.js';

export interface SiteInfo {
  name: string;
  /** Started, Stopped, ... */
  state: string;
  applications: { path: string; physicalPath: string; appPool: string }[];
}

export interface AppPoolState {
  managedRuntimeVersion: string;
  pipelineMode: string;
  /** The account the pool runs as (SpecificUser), or the built-in identity's name (ApplicationPoolIdentity...). */
  identity: string;
}

export interface AppPoolSpec extends AppPoolState {
  name: string;
}

export interface ApplicationState {
  physicalPath: string;
  appPool: string;
}

export interface ServiceState {
  /** The command line Windows starts: "C:\...\x.exe" --service */
  binaryPath: string;
  displayName: string;
  startMode: string;
  account: string;
  /** Running, Stopped, ... */
  state: string;
}

export interface ServiceSpec {
  name: string;
  displayName: string;
  description?: string;
  binaryPath: string;
  startMode: 'Automatic' | 'Manual';
  account: string;
}

export interface TaskState {
  execute: string;
  arguments: string;
  user: string;
  /** HH:MM of the daily trigger, or null when the task has another trigger. */
  daily: string | null;
}

export interface TaskSpec extends TaskState {
  name: string;
}

/** Who may read a file: inheritance cut, and the principals with any access. */
export interface FileProtection {
  inheritanceDisabled: boolean;
  /** Account names as given to protect(), plus 'Administrators' for S-1-5-32-544. */
  principals: string[];
}

export interface DatabaseState {
  exists: boolean;
  /** The marker clickker wrote when it created the database (its run id), or null. */
  createdBy: string | null;
}

export interface AppliedScript {
  name: string;
  sha256: string;
}

export interface ScriptToApply extends AppliedScript {
  /** The script split at its `GO` lines. */
  batches: string[];
  /** The run that applies it (recorded in the history table). */
  runId: string;
}

/** SQL Server, through one connection per database. Names always travel as parameters. */
export interface SqlOps {
  database(name: string): Promise<DatabaseState>;
  createDatabase(name: string, marker: string): Promise<void>;
  /** Refuses (throws) unless the database carries exactly this marker. */
  dropDatabase(name: string, marker: string): Promise<void>;
  /** Scripts recorded in the history table; empty when the table does not exist. */
  appliedScripts(db: string): Promise<AppliedScript[]>;
  /** Runs the batches in one transaction and records the script in the history table. */
  applyScript(db: string, script: ScriptToApply): Promise<void>;
  login(account: string): Promise<{ exists: boolean; serverRoles: string[] }>;
  createWindowsLogin(account: string): Promise<void>;
  dropLogin(account: string): Promise<void>;
  user(db: string, account: string): Promise<{ exists: boolean; roles: string[] }>;
  createUser(db: string, account: string): Promise<void>;
  dropUser(db: string, account: string): Promise<void>;
  addRole(db: string, account: string, role: string): Promise<void>;
  dropRole(db: string, account: string, role: string): Promise<void>;
  addServerRole(account: string, role: string): Promise<void>;
  dropServerRole(account: string, role: string): Promise<void>;
  /** The Exact (Globe/Synergy) databases on the server. */
  exactDatabases(): Promise<string[]>;
}

export interface FeatureInstallResult {
  success: boolean;
  restartNeeded: boolean;
  /** What Windows said, for the log. */
  message: string;
}

export interface Executor {
  /** For messages: "this server (SRV01)" or "simulated host SRV-SIM (host.json)". */
  readonly target: string;
  /** The computer's own name: the host a preflight on this target reports (never parsed out of `target`). */
  readonly computerName: string;
  readonly simulated: boolean;
  /** Whether this process may make administrative changes (an elevated token); null when unknown. */
  elevated(): Promise<boolean | null>;
  /** Facts for the preflight and for re-checking after a fix. */
  facts(probes: readonly string[]): Promise<Record<string, ProbeRecord>>;
  iis: {
    sites(): Promise<SiteInfo[]>;
    appPool(name: string): Promise<AppPoolState | null>;
    setAppPool(spec: AppPoolSpec, password: string | undefined): Promise<void>;
    removeAppPool(name: string): Promise<void>;
    application(site: string, path: string): Promise<ApplicationState | null>;
    setApplication(site: string, path: string, state: ApplicationState): Promise<void>;
    removeApplication(site: string, path: string): Promise<void>;
    /** Backs up the IIS configuration (applicationHost.config) under this name. */
    backup(name: string): Promise<void>;
    startWebsite(name: string): Promise<void>;
  };
  services: {
    get(name: string): Promise<ServiceState | null>;
    /** Creates or reconfigures the service, then starts it. */
    set(spec: ServiceSpec, password: string | undefined): Promise<void>;
    /** Stops and deletes the service. */
    remove(name: string): Promise<void>;
  };
  tasks: {
    get(name: string): Promise<TaskState | null>;
    set(spec: TaskSpec, password: string | undefined): Promise<void>;
    remove(name: string): Promise<void>;
  };
  files: {
    protection(path: string): Promise<FileProtection | null>;
    /** Only `account` (read) and Administrators (full control) keep access; inheritance is cut. */
    protect(path: string, account: string): Promise<void>;
  };
  features: {
    /** Install-WindowsFeature (server) or Enable-WindowsOptionalFeature (client) with exactly these names. */
    install(names: readonly string[], options: { client: boolean; source?: string }): Promise<FeatureInstallResult>;
  };
  registry: {
    getDword(key: string, name: string): Promise<number | null>;
    setDword(key: string, name: string, value: number): Promise<void>;
  };
  http: {
    get(url: string, timeoutMs: number): Promise<{ status: number } | { error: string }>;
  };
  sql(): SqlOps;
  close(): Promise<void>;
}

/** Accounts that have no password of their own: built-in service identities and group managed service accounts. */
export function accountNeedsPassword(account: string): boolean {
  return !(/^(NT AUTHORITY|NT SERVICE|IIS APPPOOL)\\/i.test(account) || /^(LocalSystem|LocalService|NetworkService)$/i.test(account) || account.endsWith('$'));
}
