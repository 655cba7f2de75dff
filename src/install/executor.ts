// Everything the install steps and fixes do to a machine goes through an Executor. The Windows executor acts through
// the PowerShell bridge, execa (argument arrays) and mssql; the simulated executor changes a host model (a JSON file),
// so the same steps can be planned, applied, re-planned, interrupted, resumed and rolled back where no Windows exists.
// Files in the install folder are written with Node's fs by the steps themselves, on either executor.
import type { ProbeRecord } from '../core/facts.js';
import type { Msg } from '../core/text.js';

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
  /** Win32_Service.Description (absent when empty). */
  description?: string;
  /** Automatic, Manual or Disabled (Win32_Service.StartMode, with Auto said as Automatic). */
  startMode: string;
  /** Automatic (Delayed Start): Win32_Service.DelayedAutoStart (Server 2016+; learn.microsoft.com Win32_Service). */
  delayedStart: boolean;
  /** The account as Win32_Service.StartName reports it (LocalSystem, .\user for a local account, DOMAIN\user). */
  account: string;
  /** Running, Stopped, ... */
  state: string;
  /** Failure actions restart the service (sc.exe qfailure); null when unknown. */
  restartsOnFailure?: boolean | null;
}

export interface ServiceSpec {
  name: string;
  displayName: string;
  description?: string;
  binaryPath: string;
  startMode: 'Automatic' | 'Manual';
  /** Automatic (Delayed Start) when startMode is Automatic. */
  delayedStart: boolean;
  /** Restart the service when it fails (sc.exe failure ... actions= restart/60000/restart/60000/restart/60000). */
  restartOnFailure: boolean;
  account: string;
}

export interface TaskState {
  execute: string;
  arguments: string;
  /** Get-ScheduledTask's Principal.UserId: on Server 2016+ the user without the domain. */
  user: string;
  /**
   * The UserId the registered task definition holds (IRegisteredTask::get_Xml, Task/Principals/Principal/UserId): a
   * SID (what Server 2016 stores for a password logon; dahall/TaskScheduler #29) or DOMAIN\user (MS-TSCH 2.5.6 allows
   * both; dahall/TaskScheduler #835). Absent when it could not be read.
   */
  registeredUser?: string;
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
  /** The SIDs of the principals with any access (what comparisons use: names are localized and change). */
  sids: string[];
}

/** Well-known SIDs (learn.microsoft.com: "Well-known SIDs"). */
export const SID = { administrators: 'S-1-5-32-544', system: 'S-1-5-18', users: 'S-1-5-32-545' } as const;

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
  /** Writes the marker of this run into a database it created (the history table); a no-op when marked already. */
  markDatabase(name: string, marker: string): Promise<void>;
  /**
   * Refuses (throws) unless the database carries exactly this marker, or carries none and `unmarkedIsOurs` (the
   * journal recorded that this run created it and stopped before marking it).
   */
  dropDatabase(name: string, marker: string, options?: { unmarkedIsOurs?: boolean }): Promise<void>;
  /** Scripts recorded in the history table; empty when the table does not exist. */
  appliedScripts(db: string): Promise<AppliedScript[]>;
  /** Runs the batches in one transaction and records the script in the history table. */
  applyScript(db: string, script: ScriptToApply): Promise<void>;
  /** Runs a script's undo batches in one transaction and removes the script from the history table. */
  unapplyScript(db: string, script: { name: string; batches: string[] }): Promise<void>;
  login(account: string): Promise<{ exists: boolean; serverRoles: string[] }>;
  createWindowsLogin(account: string): Promise<void>;
  dropLogin(account: string): Promise<void>;
  /** The login's user in the database; `dbo` when the login owns the database (its SID maps to dbo there). */
  user(db: string, account: string): Promise<{ exists: boolean; roles: string[]; dbo?: boolean }>;
  createUser(db: string, account: string): Promise<void>;
  dropUser(db: string, account: string): Promise<void>;
  addRole(db: string, account: string, role: string): Promise<void>;
  dropRole(db: string, account: string, role: string): Promise<void>;
  addServerRole(account: string, role: string): Promise<void>;
  dropServerRole(account: string, role: string): Promise<void>;
  /** The Exact (Globe/Synergy) databases on the server. */
  exactDatabases(): Promise<string[]>;
  /** Whether this login owns the database (its SID is the database's owner_sid, so in it the login is dbo). */
  ownedBy(db: string, login: string): Promise<boolean>;
  /** ALTER AUTHORIZATION ON DATABASE::db TO the sa login (SID 0x01, whatever its name, even when disabled). */
  giveOwnershipToSa(db: string): Promise<void>;
  /** BACKUP DATABASE db TO DISK = file WITH COPY_ONLY (the file is on the SQL Server's machine). */
  backupDatabase(db: string, file: string): Promise<void>;
}

export interface FeatureInstallResult {
  success: boolean;
  restartNeeded: boolean;
  /** What Windows said, for the log. */
  message: string;
}

/** An entry for the Application event log (source "Clickker"). */
export interface EventEntry {
  type: 'Information' | 'Warning' | 'Error';
  id: number;
  message: string;
}

export interface Executor {
  /**
   * For messages, in both languages: "this server (SRV01)" / "deze server (SRV01)", or "simulated host SRV-SIM
   * (host.json)" / "gesimuleerde host SRV-SIM (host.json)". The journal and the log record the English.
   */
  readonly target: Msg;
  /** The computer's own name: the host a preflight on this target reports (never parsed out of `target`); a local account .\\user is COMPUTER\\user. */
  readonly computerName: string;
  readonly simulated: boolean;
  /** Whether this process may make administrative changes (an elevated token); null when unknown. */
  elevated(): Promise<boolean | null>;
  /** Facts for the preflight and for re-checking after a fix. */
  facts(probes: readonly string[]): Promise<Record<string, ProbeRecord>>;
  accounts: {
    /** The account's SID (NTAccount.Translate / LookupAccountName), or null when it cannot be resolved. */
    sid(account: string): Promise<string | null>;
  };
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
    /** Puts an existing service back exactly as captured (command, start mode incl. Disabled and delayed, status); the account is not changed. */
    restore(name: string, state: ServiceState): Promise<void>;
    /** Stops the service (an upgrade replaces its executable: a running one is in use). */
    stop(name: string): Promise<void>;
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
    /** Creates the folder if needed and gives it an ACL of Administrators and SYSTEM (full) and `readers` (read) only. */
    secureFolder(path: string, readers: readonly string[]): Promise<void>;
    /** The SID of the file's owner, or null when it does not exist. */
    owner(path: string): Promise<string | null>;
    /** Writes a file of the installation; fails as Windows does when it is the executable of a running service. */
    write(path: string, data: Buffer): Promise<void>;
    /** Moves `from` over `to` on the same volume: the file keeps its own ACL (it does not inherit the folder's). */
    replace(from: string, to: string): Promise<void>;
  };
  features: {
    /** Install-WindowsFeature (server) or Enable-WindowsOptionalFeature (client) with exactly these names. */
    install(names: readonly string[], options: { client: boolean; source?: string }): Promise<FeatureInstallResult>;
  };
  registry: {
    getDword(key: string, name: string): Promise<number | null>;
    setDword(key: string, name: string, value: number): Promise<void>;
    /** The string and DWORD values of a key, or null when the key does not exist. */
    getValues(key: string): Promise<Record<string, string | number> | null>;
    /** Creates the key if needed and sets these values (strings as REG_SZ, numbers as REG_DWORD). */
    setValues(key: string, values: Record<string, string | number>): Promise<void>;
    removeKey(key: string): Promise<void>;
  };
  eventLog: {
    /** Writes to the Application log as source "Clickker" (registered on first use). */
    write(entry: EventEntry): Promise<void>;
  };
  http: {
    get(url: string, timeoutMs: number): Promise<{ status: number } | { error: string }>;
  };
  sql(): SqlOps;
  close(): Promise<void>;
}

/** Accounts that have no password of their own: built-in service identities and group managed service accounts. */
export const isGmsa = (account: string) => account.endsWith('$');

export function accountNeedsPassword(account: string): boolean {
  return !(/^(NT AUTHORITY|NT SERVICE|IIS APPPOOL)\\/i.test(account) || /^(LocalSystem|LocalService|NetworkService)$/i.test(account) || account.endsWith('$'));
}
