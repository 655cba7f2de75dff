// SQL Server as the simulated host has it: logins, databases with their users and roles, the clickker marker and
// the script history, changed by the same SqlOps calls the installer makes against a real server (windows/sql.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { AppliedScript, DatabaseState, ScriptToApply, SqlOps } from '../executor.js';
import { keyOf, same, type HostModel } from './host-file.js';

export type Op = <T>(fn: () => T, mutates: boolean) => Promise<T>;

export class SimulatedSql implements SqlOps {
  constructor(
    private readonly model: HostModel, private readonly op: Op, private readonly sameAccount: (a: string, b: string) => boolean = same,
    /**
     * The server's default backup folder, where BACKUP DATABASE ... TO DISK puts a file given without a path
     * (learn.microsoft.com: "BACKUP (Transact-SQL)", DISK: "If a relative path is entered, the backup file is stored in
     * the default backup directory"; SERVERPROPERTY('InstanceDefaultBackupPath')). It is the simulated host's own:
     * a folder beside its state file, or, for a host held in memory only, nowhere on disk (the model records it).
     * Never the current directory: the server is another machine.
     */
    private readonly defaultBackupFolder?: string,
    /** The ACL a path on this machine has (its own or inherited), when SQL Server runs here. */
    private readonly aclOf: (path: string) => { principals: string[] } | undefined = () => undefined,
  ) {}

  /** A login by SID (a Windows login's name may be spelled differently: NetBIOS vs DNS domain, case). */
  private loginKey(account: string): string | undefined {
    return Object.keys(this.s.logins).find((k) => this.sameAccount(k, account));
  }

  private isOwner(db: { owner: string }, account: string): boolean {
    return this.sameAccount(db.owner, account);
  }

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

  /**
   * CREATE DATABASE, then the marker, as two statements (as on a real server: CREATE DATABASE is not allowed inside a
   * user transaction, learn.microsoft.com CREATE DATABASE), so a crash can fall between them. The connected login
   * becomes the owner (windows-behaviour.md, "SQL Server").
   */
  async createDatabase(name: string, marker: string): Promise<void> {
    await this.op(() => {
      if (!keyOf(this.s.databases, name)) this.s.databases[name] = { exact: false, owner: this.model.sql.connectedAs ?? 'sa', createdBy: null, history: [], users: {} };
    }, true);
    await this.markDatabase(name, marker);
  }

  markDatabase(name: string, marker: string): Promise<void> {
    return this.op(() => { this.db(name).createdBy ??= marker; }, true);
  }

  dropDatabase(name: string, marker: string, options: { unmarkedIsOurs?: boolean } = {}): Promise<void> {
    return this.op(() => {
      const k = keyOf(this.s.databases, name);
      if (!k) return;
      const db = this.s.databases[k]!;
      const ours = db.createdBy === marker || (db.createdBy === null && options.unmarkedIsOurs === true && !db.exact);
      if (!ours) throw new Error(`refusing to drop database '${name}': it was not created by this installation (${db.createdBy ?? 'no clickker marker'})`);
      delete this.s.databases[k];
    }, true);
  }

  ownedBy(db: string, login: string): Promise<boolean> {
    return this.op(() => this.isOwner(this.db(db), login), false);
  }

  giveOwnershipToSa(db: string): Promise<void> {
    return this.op(() => { this.db(db).owner = 'sa'; }, true);
  }

  backupDatabase(db: string, file: string): Promise<void> {
    return this.op(() => {
      const d = this.db(db);
      // Stands in for the .bak SQL Server writes (BACKUP DATABASE ... WITH COPY_ONLY): the database as the model has it.
      // A relative name goes to the server's default backup folder (BACKUP docs), the simulated host's own.
      const path = isAbsolute(file) ? file : this.defaultBackupFolder ? join(this.defaultBackupFolder, file) : undefined;
      // SQL Server writes the file as its own service account (NT SERVICE\MSSQLSERVER or MSSQL$<instance> by default),
      // which must be able to write there (learn.microsoft.com: "BACKUP (Transact-SQL)", Permissions; "Configure Windows
      // Service Accounts and Permissions"). A folder only Administrators and SYSTEM may use is refused (Msg 3201).
      const acl = isAbsolute(file) ? this.aclOf(dirname(file)) : undefined;
      if (acl && !acl.principals.some((p) => /^NT SERVICE\\MSSQL/i.test(p))) {
        throw new Error(`Cannot open backup device '${file}'. Operating system error 5(Access is denied.). (Msg 3201) BACKUP DATABASE is terminating abnormally.`);
      }
      if (path) {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, `${JSON.stringify({ simulatedBackupOf: db, copyOnly: true, database: d }, null, 2)}\n`);
      }
      this.model.sql.backups[file] = db;
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

  unapplyScript(db: string, script: { name: string; batches: string[] }): Promise<void> {
    return this.op(() => {
      const d = this.db(db);
      d.history = d.history.filter((h) => !same(h.name, script.name));
    }, true);
  }

  login(account: string): Promise<{ exists: boolean; serverRoles: string[] }> {
    return this.op(() => {
      const k = this.loginKey(account);
      return k ? { exists: true, serverRoles: [...this.s.logins[k]!.serverRoles] } : { exists: false, serverRoles: [] };
    }, false);
  }

  createWindowsLogin(account: string): Promise<void> {
    return this.op(() => {
      // CREATE LOGIN [name] FROM WINDOWS needs DOMAIN\user (Msg 15401; windows-behaviour.md, "SQL Server").
      if (!/^[^\\]+\\[^\\]+$/.test(account)) throw new Error(`Windows NT user or group '${account}' not found. Check the name again. (SQL error 15401)`);
      if (!this.loginKey(account)) this.s.logins[account] = { serverRoles: [] };
    }, true);
  }

  dropLogin(account: string): Promise<void> {
    return this.op(() => {
      const k = this.loginKey(account);
      if (k) delete this.s.logins[k];
    }, true);
  }

  user(db: string, account: string): Promise<{ exists: boolean; roles: string[]; dbo?: boolean }> {
    return this.op(() => {
      const k = keyOf(this.s.databases, db);
      // The owner's SID is dbo's in the database: found by SID, the login's user there is dbo, member of db_owner.
      if (k && this.isOwner(this.s.databases[k]!, account)) return { exists: true, roles: ['db_owner'], dbo: true };
      const users = k ? this.s.databases[k]!.users : {};
      const u = Object.keys(users).find((x) => this.sameAccount(x, account));
      return u ? { exists: true, roles: [...users[u]!] } : { exists: false, roles: [] };
    }, false);
  }

  createUser(db: string, account: string): Promise<void> {
    return this.op(() => {
      const d = this.db(db);
      if (!this.loginKey(account)) throw new Error(`'${account}' is not a valid login (SQL error 15007)`);
      if (this.isOwner(d, account)) throw new Error(`The login already has an account under a different user name. (SQL error 15063)`);
      if (!Object.keys(d.users).some((x) => this.sameAccount(x, account))) d.users[account] = [];
    }, true);
  }

  dropUser(db: string, account: string): Promise<void> {
    return this.op(() => {
      const d = this.db(db);
      const u = Object.keys(d.users).find((x) => this.sameAccount(x, account));
      if (u) delete d.users[u];
    }, true);
  }

  addRole(db: string, account: string, role: string): Promise<void> {
    return this.op(() => {
      const d = this.db(db);
      if (this.isOwner(d, account)) throw new Error(`Cannot use the special principal 'dbo'. (SQL error 15405)`);
      const u = Object.keys(d.users).find((x) => this.sameAccount(x, account));
      if (!u) throw new Error(`user '${account}' does not exist in database '${db}' (SQL error 15151)`);
      if (!d.users[u]!.includes(role)) d.users[u]!.push(role);
    }, true);
  }

  dropRole(db: string, account: string, role: string): Promise<void> {
    return this.op(() => {
      const d = this.db(db);
      const u = Object.keys(d.users).find((x) => this.sameAccount(x, account));
      if (u) d.users[u] = d.users[u]!.filter((r) => r !== role);
    }, true);
  }

  addServerRole(account: string, role: string): Promise<void> {
    return this.op(() => {
      const k = this.loginKey(account);
      if (!k) throw new Error(`'${account}' is not a valid login (SQL error 15007)`);
      if (!this.s.logins[k]!.serverRoles.includes(role)) this.s.logins[k]!.serverRoles.push(role);
    }, true);
  }

  dropServerRole(account: string, role: string): Promise<void> {
    return this.op(() => {
      const k = this.loginKey(account);
      if (k) this.s.logins[k]!.serverRoles = this.s.logins[k]!.serverRoles.filter((r) => r !== role);
    }, true);
  }

  exactDatabases(): Promise<string[]> {
    return this.op(() => Object.entries(this.s.databases).filter(([, d]) => d.exact).map(([n]) => n).sort(), false);
  }
}
