// A simulated Windows host: the state the install steps and fixes change (IIS, services, scheduled tasks, file ACLs,
// Windows features, registry values, SQL Server logins/databases), kept in a JSON file (`--simulate FILE`) and
// rewritten after every change, so a rehearsal can be interrupted, resumed and rolled back across processes.
// Facts the preflight needs come from a snapshot the file names; the parts the model owns (IIS sites, Windows
// features, .NET TLS registry values, pending restarts) are derived from the model so a re-check sees each change.
// Files in the install folder are real: the steps write them with Node's fs on either executor.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { ProbeRecord } from '../core/facts.js';
import { formatIssue, parseJsonDocument } from '../core/json-document.js';
import { loadSnapshot } from '../facts/snapshot.js';
import { dotnetTlsFact } from '../facts/dotnet-tls.js';
import { iisSitesFact } from '../facts/iis-sites.js';
import { identityFact } from '../facts/identity.js';
import { pendingRebootFact } from '../facts/pending-reboot.js';
import { sqlPermissionsFact } from '../facts/sql.js';
import { windowsFeaturesFact } from '../facts/windows-features.js';
import { writeDurable } from './durable.js';
import type {
  AppliedScript, AppPoolSpec, AppPoolState, ApplicationState, DatabaseState, Executor, FeatureInstallResult, FileProtection,
  ScriptToApply, ServiceSpec, ServiceState, SiteInfo, SqlOps, TaskSpec, TaskState,
} from './executor.js';
import { DOTNET_KEY32, DOTNET_KEY64 } from './registry-keys.js';

export const SIMULATED_HOST_SCHEMA = 'clickker.simulated-host/v1';

const appSchema = z.object({ path: z.string(), physicalPath: z.string(), appPool: z.string() });
const siteSchema = z.object({ name: z.string(), state: z.string().default('Started'), applications: z.array(appSchema).default(() => []) });
const dbSchema = z.object({
  exact: z.boolean().default(false),
  createdBy: z.string().nullable().default(null),
  history: z.array(z.object({ name: z.string(), sha256: z.string() })).default(() => []),
  /** Database user -> roles. */
  users: z.record(z.string(), z.array(z.string())).default(() => ({})),
});

export const hostModelSchema = z.object({
  schema: z.literal(SIMULATED_HOST_SCHEMA, { error: `expected "${SIMULATED_HOST_SCHEMA}"` }),
  /** The snapshot (clickker.snapshot/v1) of the host's other facts, relative to this file. */
  snapshot: z.string().min(1),
  computerName: z.string().default('SIMULATED'),
  elevated: z.boolean().optional(),
  /** Milliseconds each operation takes: a rehearsal that runs at the pace of a real server (and can be interrupted). */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Installing a Windows feature leaves it InstallPending with a restart pending, as on a real server. */
  featureInstallNeedsRestart: z.boolean().default(false),
  pendingReboot: z.array(z.string()).optional(),
  iis: z.object({
    sites: z.array(siteSchema).optional(),
    appPools: z.record(z.string(), z.object({ managedRuntimeVersion: z.string(), pipelineMode: z.string(), identity: z.string() })).default(() => ({})),
    backups: z.array(z.string()).default(() => []),
  }).default(() => ({ appPools: {}, backups: [] })),
  services: z.record(z.string(), z.object({
    binaryPath: z.string(), displayName: z.string(), description: z.string().optional(), startMode: z.string(), account: z.string(), state: z.string(),
  })).default(() => ({})),
  tasks: z.record(z.string(), z.object({ execute: z.string(), arguments: z.string(), user: z.string(), daily: z.string().nullable() })).default(() => ({})),
  acls: z.record(z.string(), z.object({ inheritanceDisabled: z.boolean(), principals: z.array(z.string()) })).default(() => ({})),
  /** Windows features by name -> InstallState (Installed, Available, Removed, InstallPending, UninstallPending). */
  features: z.record(z.string(), z.string()).optional(),
  /** Registry DWORD values: key -> name -> value. */
  registry: z.record(z.string(), z.record(z.string(), z.number().int())).optional(),
  /** HTTP answers by URL, overriding what the model would answer. */
  http: z.record(z.string(), z.number().int()).default(() => ({})),
  sql: z.object({
    /** False: SQL Server cannot be reached (every SQL operation fails). */
    reachable: z.boolean().default(true),
    logins: z.record(z.string(), z.object({ serverRoles: z.array(z.string()).default(() => []) })).optional(),
    databases: z.record(z.string(), dbSchema).optional(),
  }).default(() => ({ reachable: true })),
}).strict();

export type HostModel = z.infer<typeof hostModelSchema>;

/** A key of `rec` equal to `name` ignoring case (Windows accounts, SQL names under a case-insensitive collation). */
function keyOf(rec: Record<string, unknown>, name: string): string | undefined {
  const low = name.toLowerCase();
  return Object.keys(rec).find((k) => k.toLowerCase() === low);
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Fills the parts of the model the file leaves out from the snapshot's facts. */
function seed(model: HostModel, probes: Readonly<Record<string, ProbeRecord>>): void {
  const data = <T>(def: { probe: string; schema: z.ZodType<T> }): T | undefined => {
    const rec = probes[def.probe];
    if (!rec?.ok) return undefined;
    const parsed = def.schema.safeParse(rec.data);
    return parsed.success ? parsed.data : undefined;
  };
  if (!model.iis.sites) {
    model.iis.sites = (data(iisSitesFact) ?? []).map((s) => ({
      name: s.Name,
      state: s.State === 1 || s.State === 'Started' ? 'Started' : s.State === 3 || s.State === 'Stopped' ? 'Stopped' : String(s.State ?? 'Started'),
      applications: (s.Applications ?? []).map((a) => ({ path: a.Path, physicalPath: a.PhysicalPath ?? '', appPool: a.ApplicationPool ?? 'DefaultAppPool' })),
    }));
    for (const site of model.iis.sites) {
      for (const a of site.applications) {
        model.iis.appPools[a.appPool] ??= { managedRuntimeVersion: 'v4.0', pipelineMode: 'Integrated', identity: 'ApplicationPoolIdentity' };
      }
    }
  }
  if (!model.features) {
    const features = data(windowsFeaturesFact);
    model.features = features ? Object.fromEntries(features.map((f) => [f.Name, f.InstallState])) : {};
  }
  if (!model.registry) {
    const t = data(dotnetTlsFact);
    const values = (a: number | null | undefined, b: number | null | undefined) => ({
      ...(a != null ? { SchUseStrongCrypto: a } : {}), ...(b != null ? { SystemDefaultTlsVersions: b } : {}),
    });
    model.registry = t ? { [DOTNET_KEY64]: values(t.StrongCrypto64, t.SystemDefaultTls64), [DOTNET_KEY32]: values(t.StrongCrypto32, t.SystemDefaultTls32) } : {};
  }
  model.pendingReboot ??= data(pendingRebootFact)?.Reasons ?? [];
  if (model.elevated === undefined) model.elevated = data(identityFact)?.IsElevated ?? true;
  const perms = data(sqlPermissionsFact);
  if (!model.sql.logins) {
    model.sql.logins = perms?.login ? { [perms.login]: { serverRoles: perms.isSysadmin ? ['sysadmin'] : [] } } : {};
  }
  if (!model.sql.databases) {
    // Issue 13: a database that is not ONLINE (OFFLINE, RESTORING...) is not one a grant can be planned on.
    model.sql.databases = Object.fromEntries((perms?.exactDatabases ?? []).filter((d) => d.state === undefined || d.state === 'ONLINE')
      .map((d) => [d.name, { exact: true, createdBy: null, history: [], users: {} }]));
  }
}

export interface LoadedModel {
  model: HostModel;
  /** The snapshot's probe records (facts the model does not own). */
  probes: Record<string, ProbeRecord>;
  snapshotFile: string;
}

export function parseModel(doc: unknown, file: string): LoadedModel {
  const parsed = hostModelSchema.safeParse(doc);
  if (!parsed.success) throw new InputError(`simulated host ${file}: ${formatIssue(parsed.error.issues[0]!)}`);
  const model = parsed.data;
  const snapshotFile = resolve(dirname(file), model.snapshot);
  const { snapshot } = loadSnapshot(snapshotFile);
  const probes = snapshot.probes as Record<string, ProbeRecord>;
  seed(model, probes);
  return { model, probes, snapshotFile };
}

export function loadModel(file: string): LoadedModel {
  if (!existsSync(file)) throw new InputError(`simulated host ${file}: no such file`);
  return parseModel(parseJsonDocument(readFileSync(file, 'utf8'), `simulated host ${file}`), file);
}

const FEATURE_INSTALLED = new Set(['Installed']);

/** The facts the model owns, in the shapes the probes print. */
export function modelFacts(model: HostModel, base: Readonly<Record<string, ProbeRecord>>): Record<string, ProbeRecord> {
  const out: Record<string, ProbeRecord> = { ...base };
  const ok = (data: unknown): ProbeRecord => ({ ok: true, data, ms: 0 });
  const baseSites = base.iisSites?.ok ? iisSitesFact.schema.safeParse(base.iisSites.data) : undefined;
  out.iisSites = ok((model.iis.sites ?? []).map((s) => {
    const was = baseSites?.success ? baseSites.data.find((b) => same(b.Name, s.name)) : undefined;
    return {
      Name: s.name, Id: was?.Id ?? null, State: s.state, PhysicalPath: was?.PhysicalPath ?? null, Bindings: was?.Bindings ?? [],
      Applications: s.applications.map((a) => ({ Path: a.path, PhysicalPath: a.physicalPath, ApplicationPool: a.appPool })),
    };
  }));
  if (model.features && Object.keys(model.features).length > 0) {
    out.windowsFeatures = ok(Object.entries(model.features).map(([Name, InstallState]) => ({ Name, Installed: FEATURE_INSTALLED.has(InstallState), InstallState })));
  }
  const reg = model.registry ?? {};
  const dword = (key: string, name: string) => reg[key]?.[name] ?? null;
  const scKey = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client';
  out.dotnetTls = ok({
    StrongCrypto64: dword(DOTNET_KEY64, 'SchUseStrongCrypto'), StrongCrypto32: dword(DOTNET_KEY32, 'SchUseStrongCrypto'),
    SystemDefaultTls64: dword(DOTNET_KEY64, 'SystemDefaultTlsVersions'), SystemDefaultTls32: dword(DOTNET_KEY32, 'SystemDefaultTlsVersions'),
    Tls12ClientEnabled: dword(scKey, 'Enabled'), Tls12ClientDisabledByDefault: dword(scKey, 'DisabledByDefault'),
  });
  out.pendingReboot = ok({ Reasons: model.pendingReboot ?? [] });
  return out;
}

export interface ModelExecutorOptions {
  /** Persist every change to this file (the --simulate file). */
  file?: string;
  /** Answer HTTP requests for real (tests with a loopback server) instead of from the model. */
  realHttp?: boolean;
  /** Fault injection for rehearsals and tests: the change after this many changes fails (the host is left as it is). */
  failAfterChanges?: number;
}

/** The simulated executor: every operation reads or changes the host model. */
export class ModelExecutor implements Executor {
  readonly simulated = true;
  target: string;
  private sqlOps?: SqlOps;

  constructor(readonly model: HostModel, private readonly probes: Record<string, ProbeRecord>, readonly options: ModelExecutorOptions = {}) {
    this.target = `simulated host ${model.computerName}${options.file ? ` (${options.file})` : ''}`;
  }

  /**
   * A simulated host described by `initialFile`, whose state lives in `stateFile` (created from the initial file on
   * first use, then used as is): the description is never changed, and resume/rollback see every earlier change.
   */
  static open(initialFile: string, stateFile: string, options: Omit<ModelExecutorOptions, 'file'> = {}): ModelExecutor {
    const fresh = !existsSync(stateFile);
    const { model, probes, snapshotFile } = loadModel(fresh ? initialFile : stateFile);
    model.snapshot = snapshotFile;
    const exec = new ModelExecutor(model, probes, { ...options, file: stateFile });
    exec.target = `simulated host ${model.computerName} (state in ${stateFile})`;
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

  readonly iis: Executor['iis'] = {
    sites: () => this.op((): SiteInfo[] => structuredClone(this.model.iis.sites ?? []), false),
    appPool: (name) => this.op((): AppPoolState | null => {
      const k = keyOf(this.model.iis.appPools, name);
      return k ? { ...this.model.iis.appPools[k]! } : null;
    }, false),
    setAppPool: (spec: AppPoolSpec, password) => this.op(() => {
      const k = keyOf(this.model.iis.appPools, spec.name) ?? spec.name;
      const before = this.model.iis.appPools[k];
      if (!before && password === undefined && !/^(ApplicationPoolIdentity|NetworkService|LocalService|LocalSystem)$/i.test(spec.identity)) {
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
      const { description: _d, ...s } = this.model.services[k]!;
      return s;
    }, false),
    set: (spec: ServiceSpec, password) => this.op(() => {
      const k = keyOf(this.model.services, spec.name) ?? spec.name;
      const before = this.model.services[k];
      if (password === undefined && (!before || !same(before.account, spec.account)) && !/^(NT AUTHORITY|NT SERVICE)\\|\$$|^LocalSystem$/i.test(spec.account)) {
        throw new Error(`a password is needed to run service ${spec.name} as ${spec.account}`);
      }
      this.model.services[k] = {
        binaryPath: spec.binaryPath, displayName: spec.displayName, ...(spec.description ? { description: spec.description } : {}),
        startMode: spec.startMode, account: spec.account, state: 'Running',
      };
    }, true),
    remove: (name) => this.op(() => {
      const k = keyOf(this.model.services, name);
      if (k) delete this.model.services[k];
    }, true),
  };

  readonly tasks: Executor['tasks'] = {
    get: (name) => this.op((): TaskState | null => {
      const k = keyOf(this.model.tasks, name);
      return k ? { ...this.model.tasks[k]! } : null;
    }, false),
    set: (spec: TaskSpec, password) => this.op(() => {
      const k = keyOf(this.model.tasks, spec.name) ?? spec.name;
      if (password === undefined && !/^(NT AUTHORITY|NT SERVICE)\\|\$$|^SYSTEM$/i.test(spec.user)) {
        throw new Error(`a password is needed to run task ${spec.name} as ${spec.user}`);
      }
      const { name: _n, ...state } = spec;
      this.model.tasks[k] = state;
    }, true),
    remove: (name) => this.op(() => {
      const k = keyOf(this.model.tasks, name);
      if (k) delete this.model.tasks[k];
    }, true),
  };

  readonly files: Executor['files'] = {
    protection: (path) => this.op((): FileProtection | null => {
      if (!existsSync(path)) return null;
      const a = this.model.acls[path];
      return a ? { ...a, principals: [...a.principals] } : { inheritanceDisabled: false, principals: ['(inherited)'] };
    }, false),
    protect: (path, account) => this.op(() => {
      if (!existsSync(path)) throw new Error(`cannot protect ${path}: it does not exist`);
      this.model.acls[path] = { inheritanceDisabled: true, principals: ['Administrators', account] };
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
      const state = this.model.featureInstallNeedsRestart ? 'InstallPending' : 'Installed';
      for (const n of names) features[keyOf(features, n)!] = state;
      if (this.model.featureInstallNeedsRestart && !(this.model.pendingReboot ?? []).includes('CBS.RebootPending')) {
        this.model.pendingReboot = [...(this.model.pendingReboot ?? []), 'CBS.RebootPending'];
      }
      return { success: true, restartNeeded: this.model.featureInstallNeedsRestart, message: `Installed ${names.join(', ')}` };
    }, true),
  };

  readonly registry: Executor['registry'] = {
    getDword: (key, name) => this.op(() => this.model.registry?.[key]?.[name] ?? null, false),
    setDword: (key, name, value) => this.op(() => {
      this.model.registry ??= {};
      this.model.registry[key] = { ...(this.model.registry[key] ?? {}), [name]: value };
    }, true),
  };

  readonly http: Executor['http'] = {
    get: async (url, timeoutMs) => {
      if (this.options.realHttp) return realHttpGet(url, timeoutMs);
      return this.op(() => {
        if (this.model.http[url] !== undefined) return { status: this.model.http[url]! };
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
    this.sqlOps ??= new ModelSql(this.model, (fn, mutates) => this.op(fn, mutates));
    return this.sqlOps;
  }

  async close(): Promise<void> {
    this.save();
  }
}

/** A real HTTP GET (Node's fetch), no redirects followed, bounded by timeoutMs. */
export async function realHttpGet(url: string, timeoutMs: number): Promise<{ status: number } | { error: string }> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer().catch(() => undefined);
    return { status: res.status };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (err as Error).message };
  }
}

type Op = <T>(fn: () => T, mutates: boolean) => Promise<T>;

class ModelSql implements SqlOps {
  constructor(private readonly model: HostModel, private readonly op: Op) {}

  private get s() {
    if (!this.model.sql.reachable) throw new Error('SQL Server does not answer (simulated host: sql.reachable is false)');
    this.model.sql.logins ??= {};
    this.model.sql.databases ??= {};
    return { logins: this.model.sql.logins, databases: this.model.sql.databases };
  }

  private db(name: string) {
    const k = keyOf(this.s.databases, name);
    if (!k) throw new Error(`Database '${name}' does not exist (SQL error 911)`);
    return this.s.databases[k]!;
  }

  database(name: string): Promise<DatabaseState> {
    return this.op(() => {
      const k = keyOf(this.s.databases, name);
      return k ? { exists: true, createdBy: this.s.databases[k]!.createdBy } : { exists: false, createdBy: null };
    }, false);
  }

  createDatabase(name: string, marker: string): Promise<void> {
    return this.op(() => {
      const k = keyOf(this.s.databases, name);
      if (!k) this.s.databases[name] = { exact: false, createdBy: marker, history: [], users: {} };
      else this.s.databases[k]!.createdBy ??= marker;
    }, true);
  }

  dropDatabase(name: string, marker: string): Promise<void> {
    return this.op(() => {
      const k = keyOf(this.s.databases, name);
      if (!k) return;
      const db = this.s.databases[k]!;
      if (db.createdBy !== marker) throw new Error(`refusing to drop database '${name}': it was not created by this installation (${db.createdBy ?? 'no clickker marker'})`);
      delete this.s.databases[k];
    }, true);
  }

  appliedScripts(db: string): Promise<AppliedScript[]> {
    return this.op(() => {
      const k = keyOf(this.s.databases, db);
      return k ? this.s.databases[k]!.history.map((h) => ({ ...h })) : [];
    }, false);
  }

  applyScript(db: string, script: ScriptToApply): Promise<void> {
    return this.op(() => {
      const d = this.db(db);
      if (d.history.some((h) => same(h.name, script.name))) throw new Error(`script ${script.name} was already applied`);
      d.history.push({ name: script.name, sha256: script.sha256 });
    }, true);
  }

  login(account: string): Promise<{ exists: boolean; serverRoles: string[] }> {
    return this.op(() => {
      const k = keyOf(this.s.logins, account);
      return k ? { exists: true, serverRoles: [...this.s.logins[k]!.serverRoles] } : { exists: false, serverRoles: [] };
    }, false);
  }

  createWindowsLogin(account: string): Promise<void> {
    return this.op(() => { if (!keyOf(this.s.logins, account)) this.s.logins[account] = { serverRoles: [] }; }, true);
  }

  dropLogin(account: string): Promise<void> {
    return this.op(() => {
      const k = keyOf(this.s.logins, account);
      if (k) delete this.s.logins[k];
    }, true);
  }

  user(db: string, account: string): Promise<{ exists: boolean; roles: string[] }> {
    return this.op(() => {
      const k = keyOf(this.s.databases, db);
      const users = k ? this.s.databases[k]!.users : {};
      const u = keyOf(users, account);
      return u ? { exists: true, roles: [...users[u]!] } : { exists: false, roles: [] };
    }, false);
  }

  createUser(db: string, account: string): Promise<void> {
    return this.op(() => {
      const d = this.db(db);
      if (!keyOf(this.s.logins, account)) throw new Error(`'${account}' is not a valid login (SQL error 15007)`);
      if (!keyOf(d.users, account)) d.users[account] = [];
    }, true);
  }

  dropUser(db: string, account: string): Promise<void> {
    return this.op(() => {
      const d = this.db(db);
      const u = keyOf(d.users, account);
      if (u) delete d.users[u];
    }, true);
  }

  addRole(db: string, account: string, role: string): Promise<void> {
    return this.op(() => {
      const d = this.db(db);
      const u = keyOf(d.users, account);
      if (!u) throw new Error(`user '${account}' does not exist in database '${db}' (SQL error 15151)`);
      if (!d.users[u]!.includes(role)) d.users[u]!.push(role);
    }, true);
  }

  dropRole(db: string, account: string, role: string): Promise<void> {
    return this.op(() => {
      const d = this.db(db);
      const u = keyOf(d.users, account);
      if (u) d.users[u] = d.users[u]!.filter((r) => r !== role);
    }, true);
  }

  addServerRole(account: string, role: string): Promise<void> {
    return this.op(() => {
      const k = keyOf(this.s.logins, account);
      if (!k) throw new Error(`'${account}' is not a valid login (SQL error 15007)`);
      if (!this.s.logins[k]!.serverRoles.includes(role)) this.s.logins[k]!.serverRoles.push(role);
    }, true);
  }

  dropServerRole(account: string, role: string): Promise<void> {
    return this.op(() => {
      const k = keyOf(this.s.logins, account);
      if (k) this.s.logins[k]!.serverRoles = this.s.logins[k]!.serverRoles.filter((r) => r !== role);
    }, true);
  }

  exactDatabases(): Promise<string[]> {
    return this.op(() => Object.entries(this.s.databases).filter(([, d]) => d.exact).map(([n]) => n).sort(), false);
  }
}
