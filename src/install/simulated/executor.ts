// The simulated executor: every operation reads or changes the host model (host-file.ts), rewritten after every
// change, so a rehearsal can be interrupted, resumed and rolled back across processes. Files in the install folder
// are real: the steps write them with Node's fs on either executor. Used by --simulate and the tests; nothing in the
// real Windows path imports it.
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ProbeRecord } from '../../core/facts.js';
import { say, type Msg } from '../../core/text.js';
import { writeDurable } from '../durable.js';
import { accountNeedsPassword, SID } from '../executor.js';
import type {
  AppPoolSpec, AppPoolState, ApplicationState, Executor, FeatureInstallResult, FileProtection,
  ServiceSpec, ServiceState, SiteInfo, SqlOps, TaskSpec, TaskState,
} from '../executor.js';
import { realHttpGet } from '../http.js';
import { modelFacts } from './facts.js';
import { keyOf, loadModel, same, type HostModel } from './host-file.js';
import { SimulatedSql } from './sql.js';

export interface SimulatedExecutorOptions {
  /** Persist every change to this file (the --simulate file). */
  file?: string;
  /** Answer HTTP requests for real (tests with a loopback server) instead of from the model. */
  realHttp?: boolean;
  /** Fault injection for rehearsals and tests: the change after this many changes fails (the host is left as it is). */
  failAfterChanges?: number;
}

/** The simulated executor: every operation reads or changes the host model. */
export class SimulatedExecutor implements Executor {
  readonly simulated = true;
  target: Msg;
  readonly computerName: string;
  private sqlOps?: SqlOps;

  constructor(readonly model: HostModel, private readonly probes: Record<string, ProbeRecord>, readonly options: SimulatedExecutorOptions = {}) {
    this.computerName = model.computerName;
    const file = options.file ? ` (${options.file})` : '';
    this.target = say(`simulated host ${model.computerName}${file}`, `gesimuleerde host ${model.computerName}${file}`);
    this.computerName = model.computerName;
  }

  /**
   * An account's SID as LookupAccountName finds it: the exact DOMAIN\user; a bare name as a well-known, built-in,
   * local or primary-domain account (learn.microsoft.com: LookupAccountNameW); .\user as this computer's account.
   */
  sidOf(account: string): string | null {
    const a = account.replace(/^\.\\/, `${this.model.computerName}\\`);
    const exact = keyOf(this.model.accounts, a);
    if (exact) return this.model.accounts[exact]!;
    if (!a.includes('\\')) {
      const short = Object.keys(this.model.accounts).filter((k) => same(k.split('\\').pop()!, a));
      if (short.length === 1) return this.model.accounts[short[0]!]!;
      return null;
    }
    // A DOMAIN\user the host file does not list exists (the snapshots describe one account at most): a stable SID made
    // from its name, so the same name always resolves the same way. List accounts in `accounts` to model others.
    const n = [...a.toLowerCase()].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
    return `S-1-5-21-1000-2000-3000-${n}`;
  }

  /** Two account names for the same account (by SID; the same text when neither resolves). */
  sameAccount(a: string, b: string): boolean {
    const x = this.sidOf(a);
    const y = this.sidOf(b);
    return x !== null && y !== null ? x === y : same(a, b);
  }

  /**
   * The ACL a path has: its own, or the inheritable one of the nearest folder above it that has one (what a file
   * created or copied there gets); undefined when neither (then what %ProgramData% hands down: Users may read).
   */
  effectiveAcl(path: string): { inheritanceDisabled: boolean; principals: string[] } | undefined {
    const own = this.model.acls[path];
    if (own) return own;
    for (let d = dirname(path); d !== dirname(d); d = dirname(d)) {
      const up = this.model.acls[d];
      if (up?.inheritable) return { inheritanceDisabled: false, principals: up.principals };
      if (up) return undefined;
    }
    return undefined;
  }

  /** Services whose executable is this file and that are running: Windows refuses to overwrite it (file in use). */
  private runningExecutable(path: string): string | undefined {
    const exe = (cmd: string) => (/^"([^"]+)"/.exec(cmd)?.[1] ?? cmd.split(' ')[0] ?? '').toLowerCase();
    return Object.entries(this.model.services).find(([, v]) => v.state === 'Running' && exe(v.binaryPath) === path.toLowerCase())?.[0];
  }

  /**
   * A simulated host described by `initialFile`, whose state lives in `stateFile` (created from the initial file on
   * first use, then used as is): the description is never changed, and resume/rollback see every earlier change.
   */
  static open(initialFile: string, stateFile: string, options: Omit<SimulatedExecutorOptions, 'file'> = {}): SimulatedExecutor {
    const fresh = !existsSync(stateFile);
    const { model, probes, snapshotFile } = loadModel(fresh ? initialFile : stateFile);
    model.snapshot = snapshotFile;
    const exec = new SimulatedExecutor(model, probes, { ...options, file: stateFile });
    exec.target = say(`simulated host ${model.computerName} (state in ${stateFile})`, `gesimuleerde host ${model.computerName} (toestand in ${stateFile})`);
    if (fresh) exec.save();
    return exec;
  }

  /** Writes the model back (atomically) when it came from a file. */
  save(): void {
    // An ACL goes with its file: drop those of files that no longer exist.
    for (const path of Object.keys(this.model.acls)) if (!existsSync(path)) delete this.model.acls[path];
    if (this.options.file) writeDurable(this.options.file, `${JSON.stringify(this.model, null, 2)}\n`);
  }

  /** How many changes this executor has made. */
  changes = 0;

  private async op<T>(fn: () => T, mutates: boolean): Promise<T> {
    if (this.model.latencyMs > 0) await new Promise((r) => setTimeout(r, this.model.latencyMs));
    if (mutates && this.options.failAfterChanges !== undefined && this.changes >= this.options.failAfterChanges) {
      throw new Error(`simulated failure after ${this.changes} change(s)`);
    }
    const out = fn();
    if (mutates) this.changes += 1;
    if (mutates) this.save();
    return out;
  }

  private site(name: string) {
    const site = (this.model.iis.sites ?? []).find((s) => same(s.name, name));
    if (!site) throw new Error(`IIS has no website named '${name}'`);
    return site;
  }

  elevated(): Promise<boolean | null> {
    return this.op(() => this.model.elevated ?? null, false);
  }

  facts(probes: readonly string[]): Promise<Record<string, ProbeRecord>> {
    return this.op(() => {
      const all = modelFacts(this.model, this.probes);
      return Object.fromEntries(probes.filter((p) => all[p]).map((p) => [p, all[p]!]));
    }, false);
  }

  readonly accounts: Executor['accounts'] = {
    sid: (account) => this.op(() => this.sidOf(account), false),
  };

  readonly iis: Executor['iis'] = {
    sites: () => this.op((): SiteInfo[] => structuredClone(this.model.iis.sites ?? []), false),
    appPool: (name) => this.op((): AppPoolState | null => {
      const k = keyOf(this.model.iis.appPools, name);
      return k ? { ...this.model.iis.appPools[k]! } : null;
    }, false),
    setAppPool: (spec: AppPoolSpec, password) => this.op(() => {
      const k = keyOf(this.model.iis.appPools, spec.name) ?? spec.name;
      const before = this.model.iis.appPools[k];
      // A gMSA runs a pool as SpecificUser with an empty password (learn.microsoft.com: "Group Managed Service Accounts
      // Overview"; IIS uses the account's managed password), so only other accounts need one.
      if (!before && password === undefined && accountNeedsPassword(spec.identity) && !/^(ApplicationPoolIdentity|NetworkService|LocalService|LocalSystem)$/i.test(spec.identity)) {
        throw new Error(`a password is needed to run a new application pool as ${spec.identity}`);
      }
      this.model.iis.appPools[k] = { managedRuntimeVersion: spec.managedRuntimeVersion, pipelineMode: spec.pipelineMode, identity: spec.identity };
    }, true),
    removeAppPool: (name) => this.op(() => {
      const k = keyOf(this.model.iis.appPools, name);
      const used = (this.model.iis.sites ?? []).some((s) => s.applications.some((a) => same(a.appPool, name)));
      if (used) throw new Error(`application pool '${name}' is still used by an application`);
      if (k) delete this.model.iis.appPools[k];
    }, true),
    application: (site, path) => this.op((): ApplicationState | null => {
      const a = this.site(site).applications.find((x) => same(x.path, path));
      return a ? { physicalPath: a.physicalPath, appPool: a.appPool } : null;
    }, false),
    setApplication: (siteName, path, state) => this.op(() => {
      const site = this.site(siteName);
      if (!keyOf(this.model.iis.appPools, state.appPool)) throw new Error(`application pool '${state.appPool}' does not exist`);
      const a = site.applications.find((x) => same(x.path, path));
      if (a) Object.assign(a, state);
      else site.applications.push({ path, ...state });
    }, true),
    removeApplication: (siteName, path) => this.op(() => {
      const site = this.site(siteName);
      site.applications = site.applications.filter((x) => !same(x.path, path));
    }, true),
    backup: (name) => this.op(() => {
      if (!this.model.iis.backups.includes(name)) this.model.iis.backups.push(name);
    }, true),
    startWebsite: (name) => this.op(() => { this.site(name).state = 'Started'; }, true),
  };

  readonly services: Executor['services'] = {
    get: (name) => this.op((): ServiceState | null => {
      const k = keyOf(this.model.services, name);
      if (!k) return null;
      return { ...this.model.services[k]! };
    }, false),
    set: (spec: ServiceSpec, password) => this.op(() => {
      const k = keyOf(this.model.services, spec.name) ?? spec.name;
      const before = this.model.services[k];
      if (password === undefined && (!before || !this.sameAccount(before.account, spec.account)) && accountNeedsPassword(spec.account)) {
        throw new Error(`a password is needed to run service ${spec.name} as ${spec.account}`);
      }
      // Win32_Service.StartName names a local account .\user (learn.microsoft.com: Win32_Service, StartName).
      const local = spec.account.toLowerCase().startsWith(`${this.model.computerName.toLowerCase()}\\`);
      this.model.services[k] = {
        binaryPath: spec.binaryPath, displayName: spec.displayName, ...(spec.description ? { description: spec.description } : {}),
        startMode: spec.startMode, delayedStart: spec.startMode === 'Automatic' && spec.delayedStart, restartsOnFailure: spec.restartOnFailure,
        account: local ? `.\\${spec.account.split('\\')[1]}` : spec.account, state: 'Running',
      };
    }, true),
    restore: (name, state) => this.op(() => {
      const k = keyOf(this.model.services, name);
      if (!k) throw new Error(`service ${name} does not exist`);
      const svc = this.model.services[k]!;
      if (state.description === undefined) delete svc.description;
      Object.assign(svc, {
        ...(state.description !== undefined ? { description: state.description } : {}),
        binaryPath: state.binaryPath, displayName: state.displayName, startMode: state.startMode, delayedStart: state.delayedStart,
        restartsOnFailure: state.restartsOnFailure ?? svc.restartsOnFailure,
        // A Disabled service cannot be started (ERROR_SERVICE_DISABLED, 1058): it comes back Stopped.
        state: state.state === 'Running' && state.startMode !== 'Disabled' ? 'Running' : 'Stopped',
      });
    }, true),
    stop: (name) => this.op(() => {
      const k = keyOf(this.model.services, name);
      if (k) this.model.services[k]!.state = 'Stopped';
    }, true),
    remove: (name) => this.op(() => {
      const k = keyOf(this.model.services, name);
      if (k) delete this.model.services[k];
    }, true),
  };

  readonly tasks: Executor['tasks'] = {
    get: (name) => this.op((): TaskState | null => {
      const k = keyOf(this.model.tasks, name);
      if (!k) return null;
      const { logonType: _l, ...t } = this.model.tasks[k]!;
      // Server 2016+ reports Principal.UserId without the domain (ComputerManagementDsc #200, #352); the registered
      // definition keeps the account itself (host-file.ts, taskRegisteredUserId).
      const mode = this.model.taskRegisteredUserId;
      const registered = mode === 'sid' ? this.sidOf(t.user) ?? undefined : mode === 'account' ? t.user : undefined;
      return { ...t, user: this.model.taskUserIdWithoutDomain ? t.user.split('\\').pop()! : t.user, ...(registered ? { registeredUser: registered } : {}) };
    }, false),
    set: (spec: TaskSpec, password) => this.op(() => {
      const k = keyOf(this.model.tasks, spec.name) ?? spec.name;
      if (password === undefined && accountNeedsPassword(spec.user)) {
        throw new Error(`a password is needed to run task ${spec.name} as ${spec.user}`);
      }
      const { name: _n, registeredUser: _r, ...state } = spec;
      // A gMSA task: New-ScheduledTaskPrincipal -LogonType Password with no password (learn.microsoft.com:
      // "Group Managed Service Accounts Overview", scheduled tasks).
      this.model.tasks[k] = { ...state, logonType: 'Password' };
    }, true),
    remove: (name) => this.op(() => {
      const k = keyOf(this.model.tasks, name);
      if (k) delete this.model.tasks[k];
    }, true),
  };

  readonly files: Executor['files'] = {
    protection: (path) => this.op((): FileProtection | null => {
      if (!existsSync(path)) return null;
      const a = this.effectiveAcl(path);
      const sidOf = (p: string) => this.sidOf(p) ?? p;
      // Not protected: what a file gets from a folder under %ProgramData% or a new folder (windows-behaviour.md:
      // local Users may read and create files there).
      const principals = a ? [...a.principals] : ['BUILTIN\\Administrators', 'NT AUTHORITY\\SYSTEM', 'BUILTIN\\Users'];
      return { inheritanceDisabled: a?.inheritanceDisabled ?? false, principals, sids: principals.map((p) => (p === 'Administrators' ? SID.administrators : p === 'BUILTIN\\Users' ? SID.users : sidOf(p))) };
    }, false),
    protect: (path, account) => this.op(() => {
      if (!existsSync(path)) throw new Error(`cannot protect ${path}: it does not exist`);
      this.model.acls[path] = { inheritanceDisabled: true, principals: ['Administrators', account] };
    }, true),
    secureFolder: (path, readers) => this.op(() => {
      mkdirSync(path, { recursive: true });
      this.model.acls[path] = { inheritanceDisabled: true, principals: ['Administrators', 'NT AUTHORITY\\SYSTEM', ...readers], inheritable: true };
    }, true),
    owner: (path) => this.op(() => {
      if (!existsSync(path)) return null;
      return this.model.owners[path] ?? SID.administrators;
    }, false),
    write: (path, data) => this.op(() => {
      const service = this.runningExecutable(path);
      // Windows: a running program's image cannot be overwritten (ERROR_SHARING_VIOLATION; windows-behaviour.md,
      // "Replacing the executable of a running service fails").
      if (service) throw new Error(`The process cannot access the file '${path}' because it is being used by another process (service ${service} is running)`);
      writeDurable(path, data);
    }, true),
    replace: (from, to) => this.op(() => {
      renameSync(from, to);
      // On one NTFS volume a moved file keeps its security descriptor (learn.microsoft.com: MoveFileEx; "File
      // Security and Access Rights": the DACL stays with the file).
      if (this.model.acls[from]) this.model.acls[to] = this.model.acls[from];
      else delete this.model.acls[to];
      delete this.model.acls[from];
    }, true),
  };

  readonly features: Executor['features'] = {
    install: (names, options) => this.op((): FeatureInstallResult => {
      const features = this.model.features ?? {};
      const unknownName = names.find((n) => !keyOf(features, n));
      if (unknownName) throw new Error(`ArgumentNotValid: The role, role service, or feature name is not valid: '${unknownName}'`);
      const removed = names.filter((n) => features[keyOf(features, n)!] === 'Removed');
      if (removed.length > 0 && !options.source) {
        return { success: false, restartNeeded: false, message: `The source files could not be found (0x800f081f) for ${removed.join(', ')}; use -Source` };
      }
      // The media's \sources\sxs holds the .NET Framework 3.5 payload only (Install-WindowsFeature docs;
      // windows-behaviour.md): any other removed feature is not found there.
      const sxsOnly = options.source !== undefined && /\\sources\\sxs\\?$/i.test(options.source);
      const notInSxs = removed.filter((n) => !/^NET-Framework-(Features|Core)$/i.test(n));
      if (sxsOnly && notInSxs.length > 0) {
        return { success: false, restartNeeded: false, message: `The source files could not be found (0x800f081f): ${options.source} holds the .NET Framework 3.5 payload only, not ${notInSxs.join(', ')}` };
      }
      const state = this.model.featureInstallNeedsRestart ? 'InstallPending' : 'Installed';
      for (const n of names) features[keyOf(features, n)!] = state;
      if (this.model.featureInstallNeedsRestart && !(this.model.pendingReboot ?? []).includes('CBS.RebootPending')) {
        this.model.pendingReboot = [...(this.model.pendingReboot ?? []), 'CBS.RebootPending'];
      }
      return { success: true, restartNeeded: this.model.featureInstallNeedsRestart, message: `Installed ${names.join(', ')}` };
    }, true),
  };

  readonly registry: Executor['registry'] = {
    getDword: (key, name) => this.op(() => { const v = this.model.registry?.[key]?.[name]; return typeof v === 'number' ? v : null; }, false),
    setDword: (key, name, value) => this.op(() => {
      this.model.registry ??= {};
      this.model.registry[key] = { ...(this.model.registry[key] ?? {}), [name]: value };
    }, true),
    getValues: (key) => this.op(() => { const k = keyOf(this.model.registry ?? {}, key); return k ? { ...this.model.registry![k]! } : null; }, false),
    setValues: (key, values) => this.op(() => {
      this.model.registry ??= {};
      const k = keyOf(this.model.registry, key) ?? key;
      this.model.registry[k] = { ...(this.model.registry[k] ?? {}), ...values };
    }, true),
    removeKey: (key) => this.op(() => {
      const k = keyOf(this.model.registry ?? {}, key);
      if (k) delete this.model.registry![k];
    }, true),
  };

  readonly eventLog: Executor['eventLog'] = {
    write: (entry) => this.op(() => { this.model.eventLog.push({ ...entry }); }, true),
  };

  readonly http: Executor['http'] = {
    get: async (url, timeoutMs) => {
      if (this.options.realHttp) return realHttpGet(url, timeoutMs);
      return this.op(() => {
        if (this.model.http[url] !== undefined) return { status: this.model.http[url] };
        let path: string;
        try {
          path = new URL(url).pathname.toLowerCase();
        } catch {
          return { error: `not a URL: ${url}` };
        }
        for (const site of this.model.iis.sites ?? []) {
          const app = site.applications.filter((a) => a.path !== '/' && (path === a.path.toLowerCase() || path.startsWith(`${a.path.toLowerCase()}/`)))[0];
          if (!app) continue;
          if (site.state !== 'Started') return { status: 503 };
          if (!keyOf(this.model.iis.appPools, app.appPool)) return { status: 503 };
          return { status: existsSync(app.physicalPath) ? 200 : 500 };
        }
        return { status: 404 };
      }, false);
    },
  };

  sql(): SqlOps {
    // The SQL Server's default backup folder (BACKUP (Transact-SQL), DISK: a relative name goes there) is the simulated
    // host's, kept beside its state file; never the current directory of the process that drives it.
    const backups = this.options.file ? join(dirname(this.options.file), 'simulated-sql-backups') : undefined;
    this.sqlOps ??= new SimulatedSql(this.model, (fn, mutates) => this.op(fn, mutates), (a, b) => this.sameAccount(a, b), backups, (path) => this.effectiveAcl(path));
    return this.sqlOps;
  }

  close(): Promise<void> {
    this.save();
    return Promise.resolve();
  }
}
