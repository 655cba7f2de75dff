// SQL Server as the simulated host has it: logins, databases with their users and roles, the clickker marker and
// the script history, changed by the same SqlOps calls the installer makes against a real server (windows/sql.ts).
import type { AppliedScript, DatabaseState, ScriptToApply, SqlOps } from '../executor.js';
import { keyOf, same, type HostModel } from './host-file.js';

export type Op = <T>(fn: () => T, mutates: boolean) => Promise<T>;

export class SimulatedSql implements SqlOps {
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
