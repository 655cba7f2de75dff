// The Windows executor: IIS, services, scheduled tasks, registry, Windows features and file ACLs through one
// long-lived Windows PowerShell session (the probes' bridge: parameters as base64 data, a nonce-checked envelope,
// a deadline per operation, the process tree killed on a hang); appcmd and icacls through execa with argument
// arrays (never a shell string) and their exit codes; SQL Server through mssql (sql.ts).
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ProbeRecord } from '../../core/facts.js';
import { SaidError } from '../../core/errors.js';
import { say, type Msg } from '../../core/text.js';
import { describeScriptFailure, runScript } from '../../probes/powershell/bridge.js';
import { PsSession, resolveExecutable } from '../../probes/powershell/session.js';
import { writeDurable } from '../durable.js';
import { SID } from '../executor.js';
import type {
  AppPoolSpec, AppPoolState, ApplicationState, Executor, FeatureInstallResult, FileProtection, ServiceState, SiteInfo, SqlOps, TaskState,
} from '../executor.js';
import { realHttpGet } from '../http.js';
import { operationScript, type PsOperation } from './scripts.js';

const ADMINISTRATORS_SID = 'S-1-5-32-544';

export interface ToolRunner {
  /** Runs an executable with an argument array; never through a shell. */
  (file: string, args: readonly string[], timeoutMs: number): Promise<{ exitCode: number; stdout: string; stderr: string }>;
}

export interface WindowsExecutorOptions {
  /** powershell (default), pwsh or a path. */
  powershell?: string;
  /** Starts a session; the default starts node-powershell (tests: the PowerShell stand-in). */
  startSession?: (executable: string) => Promise<PsSession>;
  /** Runs appcmd and icacls; the default uses execa. */
  runTool?: ToolRunner;
  /** %SystemRoot% (default from the environment). */
  systemRoot?: string;
  /** Facts for the preflight and re-checks (the CLI passes its live collection). */
  collect: (probes: readonly string[]) => Promise<Record<string, ProbeRecord>>;
  /** SQL Server access (the CLI builds it from --sql-server and the credentials). */
  sql?: () => SqlOps;
  computerName?: string;
  /**
   * A folder only Administrators and SYSTEM can read (the state folder's secrets/), where a password is put for the
   * one operation that needs it; the script deletes the file once read (and so does the executor, whatever happens).
   */
  secretDir: string;
}

/** Per-operation deadlines: installing Windows features can take many minutes. */
const TIMEOUT_MS: Partial<Record<PsOperation, number>> = { 'features-install': 60 * 60_000 };
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

async function execaTool(file: string, args: readonly string[], timeoutMs: number) {
  const { execa } = await import('execa');
  const r = await execa(file, [...args], { reject: false, timeout: timeoutMs, windowsHide: true, encoding: 'utf8', stdin: 'ignore' });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
}

/** One PowerShell session, started on first use and replaced after a failure that leaves it out of step. */
export class PsRunner {
  private session: PsSession | null = null;

  constructor(private readonly executable: string, private readonly start: (exe: string) => Promise<PsSession>) {}

  async run(op: PsOperation, params: Record<string, string> = {}): Promise<unknown> {
    this.session ??= await this.start(this.executable);
    // The bridge's one invoke -> envelope -> parse sequence; it kills a session that did not answer properly.
    const outcome = await runScript(this.session, { text: operationScript(op) }, params, TIMEOUT_MS[op] ?? DEFAULT_TIMEOUT_MS);
    if (outcome.ok) return outcome.data;
    if (outcome.reason === 'session' || outcome.reason === 'garbled') await this.close();
    throw new Error(`PowerShell (${op}): ${describeScriptFailure(outcome)}`);
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = null;
    if (s) await s.kill();
  }
}

// A number or boolean as PowerShell printed it; anything else as its JSON (never "[object Object]").
const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
const obj = (v: unknown) => (v && typeof v === 'object' ? v as Record<string, unknown> : null);
/** sc.exe failure: restart after a minute, three times; the failure count resets after a day (sc.exe failure docs). */
const RECOVERY = ['reset=', '86400', 'actions=', 'restart/60000/restart/60000/restart/60000'];
/** Win32_Service says Auto; the manifest and New-Service say Automatic. */
const startMode = (m: string) => (m === 'Auto' ? 'Automatic' : m);

export class WindowsExecutor implements Executor {
  readonly simulated = false;
  readonly target: Msg;
  readonly computerName: string;
  private readonly ps: PsRunner;
  private readonly runTool: ToolRunner;
  private readonly systemRoot: string;
  private readonly sids = new Map<string, string>();
  private sqlOps?: SqlOps;

  constructor(private readonly o: WindowsExecutorOptions) {
    this.computerName = o.computerName ?? process.env.COMPUTERNAME ?? hostname();
    this.target = say(`this server (${this.computerName})`, `deze server (${this.computerName})`);
    this.ps = new PsRunner(resolveExecutable(o.powershell, 'win32'), o.startSession ?? ((exe) => PsSession.start({ executable: exe })));
    this.runTool = o.runTool ?? execaTool;
    this.systemRoot = o.systemRoot ?? process.env.SystemRoot ?? 'C:\\Windows';
  }

  async elevated(): Promise<boolean | null> {
    const r = (await this.o.collect(['identity'])).identity;
    const v = r?.ok ? obj(r.data)?.IsElevated : undefined;
    return typeof v === 'boolean' ? v : null;
  }

  facts(probes: readonly string[]): Promise<Record<string, ProbeRecord>> {
    return this.o.collect(probes);
  }

  private async sid(account: string): Promise<string> {
    const sid = await this.accounts.sid(account);
    if (!sid) throw new SaidError(say(`the account ${account} cannot be resolved to a SID on this server`, `het account ${account} is op deze server niet naar een SID te herleiden`));
    return sid;
  }

  /**
   * Runs an operation that needs a password: the password goes into a new file in the protected secret folder (never
   * into script text or a parameter value), the script reads and deletes it; the file is removed here as well.
   */
  private async withPasswordFile<T>(password: string | undefined, run: (file: string) => Promise<T>): Promise<T> {
    if (password === undefined) return run('');
    mkdirSync(this.o.secretDir, { recursive: true });
    const file = join(this.o.secretDir, `${randomBytes(12).toString('hex')}.tmp`);
    writeFileSync(file, password, { encoding: 'utf8', flag: 'wx' });
    try {
      return await run(file);
    } finally {
      rmSync(file, { force: true });
    }
  }

  readonly accounts: Executor['accounts'] = {
    sid: async (account) => {
      const key = account.toLowerCase();
      if (!this.sids.has(key)) {
        const sid = str(obj(await this.ps.run('account-sid', { Account: account }))?.Sid);
        if (sid === '') return null;
        this.sids.set(key, sid);
      }
      return this.sids.get(key)!;
    },
  };

  /** Runs a Windows tool; an exit code not in `ok` fails with what was being done and the tool's own output, as it is. */
  private async tool(file: string, args: readonly string[], ok: readonly number[], what: Msg): Promise<void> {
    const r = await this.runTool(file, args, DEFAULT_TIMEOUT_MS);
    if (ok.includes(r.exitCode)) return;
    const output = r.stderr.trim() || r.stdout.trim() ? `: ${(r.stderr.trim() || r.stdout.trim()).slice(0, 300)}` : '';
    throw new SaidError(say(`${what.en}: ${file} exited with ${r.exitCode}${output}`, `${what.nl}: ${file} eindigde met ${r.exitCode}${output}`));
  }

  readonly iis: Executor['iis'] = {
    sites: async (): Promise<SiteInfo[]> => {
      const data = await this.ps.run('iis-sites');
      const list = Array.isArray(data) ? data : data ? [data] : [];
      return list.map((s) => {
        const o = obj(s) ?? {};
        const apps = Array.isArray(o.Applications) ? o.Applications : o.Applications ? [o.Applications] : [];
        return {
          name: str(o.Name), state: str(o.State),
          applications: apps.map((a) => { const x = obj(a) ?? {}; return { path: str(x.Path), physicalPath: str(x.PhysicalPath), appPool: str(x.AppPool) }; }),
        };
      });
    },
    appPool: async (name): Promise<AppPoolState | null> => {
      const o = obj(await this.ps.run('iis-get-pool', { Name: name }));
      return o ? { managedRuntimeVersion: str(o.ManagedRuntimeVersion), pipelineMode: str(o.PipelineMode), identity: str(o.Identity) } : null;
    },
    setAppPool: async (spec: AppPoolSpec, password) => {
      await this.withPasswordFile(password, (file) => this.ps.run('iis-set-pool', {
        Name: spec.name, RuntimeVersion: spec.managedRuntimeVersion, PipelineMode: spec.pipelineMode, Identity: spec.identity, PasswordFile: file,
      }));
    },
    removeAppPool: async (name) => { await this.ps.run('iis-remove-pool', { Name: name }); },
    application: async (site, path): Promise<ApplicationState | null> => {
      const o = obj(await this.ps.run('iis-get-app', { Site: site, Path: path }));
      return o ? { physicalPath: str(o.PhysicalPath), appPool: str(o.AppPool) } : null;
    },
    setApplication: async (site, path, state) => {
      await this.ps.run('iis-set-app', { Site: site, Path: path, PhysicalPath: state.physicalPath, AppPool: state.appPool });
    },
    removeApplication: async (site, path) => { await this.ps.run('iis-remove-app', { Site: site, Path: path }); },
    backup: async (name) => {
      // appcmd add backup: 0 = done; 183 (ERROR_ALREADY_EXISTS) = a backup of this name exists (a resumed run).
      await this.tool(join(this.systemRoot, 'System32', 'inetsrv', 'appcmd.exe'), ['add', 'backup', name], [0, 183], say('backing up the IIS configuration', 'back-up maken van de IIS-configuratie'));
    },
    startWebsite: async (name) => { await this.ps.run('website-start', { Name: name }); },
  };

  readonly services: Executor['services'] = {
    get: async (name): Promise<ServiceState | null> => {
      const o = obj(await this.ps.run('service-get', { Name: name }));
      if (!o) return null;
      // sc.exe qfailure is text in the console's language: whether recovery is set is left unknown rather than guessed.
      return {
        binaryPath: str(o.BinaryPath), displayName: str(o.DisplayName), ...(str(o.Description) ? { description: str(o.Description) } : {}),
        startMode: startMode(str(o.StartMode)), delayedStart: o.DelayedAutoStart === true,
        account: str(o.Account), state: str(o.State), restartsOnFailure: null,
      };
    },
    set: async (spec, password) => {
      await this.withPasswordFile(password, (file) => this.ps.run('service-set', {
        Name: spec.name, DisplayName: spec.displayName, Description: spec.description ?? '', BinaryPath: spec.binaryPath, StartMode: spec.startMode,
        Account: spec.account, PasswordFile: file,
      }));
      const sc = join(this.systemRoot, 'System32', 'sc.exe');
      // Delayed automatic start and recovery: sc.exe (Set-Service in 5.1 has neither); argument arrays, no shell.
      if (spec.startMode === 'Automatic') await this.tool(sc, ['config', spec.name, 'start=', spec.delayedStart ? 'delayed-auto' : 'auto'], [0], say(`setting the start mode of ${spec.name}`, `opstarttype van ${spec.name} instellen`));
      if (spec.restartOnFailure) await this.tool(sc, ['failure', spec.name, ...RECOVERY], [0], say(`setting the recovery actions of ${spec.name}`, `herstelacties van ${spec.name} instellen`));
    },
    restore: async (name, state) => {
      await this.ps.run('service-restore', { Name: name, DisplayName: state.displayName, Description: state.description ?? '', BinaryPath: state.binaryPath, StartMode: state.startMode, State: state.state });
      if (state.startMode === 'Automatic') {
        await this.tool(join(this.systemRoot, 'System32', 'sc.exe'), ['config', name, 'start=', state.delayedStart ? 'delayed-auto' : 'auto'], [0], say(`restoring the start mode of ${name}`, `opstarttype van ${name} terugzetten`));
      }
    },
    stop: async (name) => { await this.ps.run('service-stop', { Name: name }); },
    remove: async (name) => { await this.ps.run('service-remove', { Name: name }); },
  };

  readonly tasks: Executor['tasks'] = {
    get: async (name): Promise<TaskState | null> => {
      const o = obj(await this.ps.run('task-get', { Name: name }));
      if (!o) return null;
      const registered = str(o.RegisteredUser);
      return { execute: str(o.Execute), arguments: str(o.Arguments), user: str(o.User), daily: o.Daily == null ? null : str(o.Daily), ...(registered ? { registeredUser: registered } : {}) };
    },
    set: async (spec, password) => {
      await this.withPasswordFile(password, (file) => this.ps.run('task-set', {
        Name: spec.name, Execute: spec.execute, Arguments: spec.arguments, User: spec.user, Daily: spec.daily ?? '00:00', PasswordFile: file,
      }));
    },
    remove: async (name) => { await this.ps.run('task-remove', { Name: name }); },
  };

  readonly files: Executor['files'] = {
    protection: async (path): Promise<FileProtection | null> => {
      const o = obj(await this.ps.run('acl-get', { Path: path }));
      if (!o) return null;
      const list = (Array.isArray(o.Principals) ? o.Principals : o.Principals ? [o.Principals] : []).map((x) => obj(x) ?? {});
      // Administrators by its SID (the group's name is localized); everyone else by DOMAIN\name, or the SID if unresolvable.
      const principals = list.map((x) => (str(x.Sid) === ADMINISTRATORS_SID ? 'Administrators' : str(x.Name) || str(x.Sid)));
      return { inheritanceDisabled: o.InheritanceDisabled === true, principals, sids: list.map((x) => str(x.Sid)) };
    },
    protect: async (path, account) => {
      const sid = await this.sid(account);
      // icacls with SIDs (never localized group names): cut inheritance, replace every grant with exactly these two.
      await this.tool(join(this.systemRoot, 'System32', 'icacls.exe'), [path, '/inheritance:r', '/grant:r', `*${ADMINISTRATORS_SID}:(F)`, `*${sid}:(R)`], [0], say(`protecting ${path}`, `${path} beveiligen`));
      // Principals other than those two that still hold an explicit grant are removed.
      const now = obj(await this.ps.run('acl-get', { Path: path }));
      const left = (Array.isArray(now?.Principals) ? now.Principals : now?.Principals ? [now.Principals] : []).map((x) => str(obj(x)?.Sid));
      for (const other of left.filter((x) => x !== ADMINISTRATORS_SID && x !== sid)) {
        await this.tool(join(this.systemRoot, 'System32', 'icacls.exe'), [path, '/remove:g', `*${other}`], [0], say(`protecting ${path}`, `${path} beveiligen`));
      }
    },
    secureFolder: async (path, readers) => {
      mkdirSync(path, { recursive: true });
      const readerSids = await Promise.all(readers.map((r) => this.sid(r)));
      // Inheritance cut: Administrators and SYSTEM full control, readers read/execute, inherited by what is created inside.
      await this.tool(join(this.systemRoot, 'System32', 'icacls.exe'), [path, '/inheritance:r', '/grant:r', `*${ADMINISTRATORS_SID}:(OI)(CI)(F)`, `*${SID.system}:(OI)(CI)(F)`,
        ...readerSids.map((x) => `*${x}:(OI)(CI)(RX)`)], [0], say(`protecting the folder ${path}`, `map ${path} beveiligen`));
      const now = obj(await this.ps.run('acl-get', { Path: path }));
      const keep = new Set([ADMINISTRATORS_SID, SID.system, ...readerSids]);
      const left = (Array.isArray(now?.Principals) ? now.Principals : now?.Principals ? [now.Principals] : []).map((x) => str(obj(x)?.Sid));
      for (const other of left.filter((x) => !keep.has(x))) {
        await this.tool(join(this.systemRoot, 'System32', 'icacls.exe'), [path, '/remove:g', `*${other}`], [0], say(`protecting the folder ${path}`, `map ${path} beveiligen`));
      }
    },
    owner: async (path) => {
      const o = obj(await this.ps.run('acl-get', { Path: path }));
      return o ? str(o.OwnerSid) || null : null;
    },
    write: (path, data) => { writeDurable(path, data); return Promise.resolve(); },
    replace: (from, to) => { renameSync(from, to); return Promise.resolve(); },
  };

  readonly features: Executor['features'] = {
    install: async (names, options): Promise<FeatureInstallResult> => {
      const o = obj(await this.ps.run('features-install', { Names: names.join('\n'), Source: options.source ?? '', Client: options.client ? '1' : '0' })) ?? {};
      return { success: o.Success === true, restartNeeded: o.RestartNeeded === true, message: str(o.Message) };
    },
  };

  readonly registry: Executor['registry'] = {
    getDword: async (key, name) => {
      const v = obj(await this.ps.run('registry-get', { Key: key, Name: name }))?.Value;
      return typeof v === 'number' ? v : null;
    },
    setDword: async (key, name, value) => { await this.ps.run('registry-set', { Key: key, Name: name, Value: String(value) }); },
    getValues: async (key) => {
      const o = obj(await this.ps.run('registry-values-get', { Key: key }));
      if (!o) return null;
      const values = obj(o.Values) ?? {};
      return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? v : str(v)]));
    },
    setValues: async (key, values) => {
      const entries = Object.entries(values);
      if (entries.some(([k, v]) => /[\r\n]/.test(k) || /[\r\n]/.test(String(v)))) throw new Error('a registry value may not hold a line break');
      await this.ps.run('registry-values-set', {
        Key: key, Names: entries.map(([k]) => k).join('\n'), Kinds: entries.map(([, v]) => (typeof v === 'number' ? 'DWord' : 'String')).join('\n'),
        Values: entries.map(([, v]) => String(v)).join('\n'),
      });
    },
    removeKey: async (key) => { await this.ps.run('registry-key-remove', { Key: key }); },
  };

  readonly eventLog: Executor['eventLog'] = {
    write: async (entry) => { await this.ps.run('eventlog-write', { EntryType: entry.type, EventId: String(entry.id), Message: entry.message }); },
  };

  readonly http: Executor['http'] = { get: realHttpGet };

  sql(): SqlOps {
    if (!this.o.sql) throw new SaidError(say('no SQL Server was given (--sql-server)', 'er is geen SQL Server opgegeven (--sql-server)'));
    this.sqlOps ??= this.o.sql();
    return this.sqlOps;
  }

  async close(): Promise<void> {
    await this.ps.close();
    // The mssql-backed SqlOps holds a connection pool to close; SqlOps itself does not promise one.
    const s: (SqlOps & { close?: () => Promise<void> }) | undefined = this.sqlOps;
    await s?.close?.();
  }
}
