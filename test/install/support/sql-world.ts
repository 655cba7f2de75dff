// A SQL Server world for the TDS test server (which stands in for SQL Server and does not execute T-SQL): the
// installer's statements are recognised by their tag comment (/* clickker:<id> */) and answered from this state,
// which they change the way SQL Server would, using the RPC parameters that really arrived. Plain batches (the
// package's scripts) are recorded per database inside the script's transaction and kept only on COMMIT.
import { table, TdsTestServer, type ReceivedQuery, type Reply } from '../../support/tds-server.js';

export interface WorldDb {
  exact: boolean;
  /** Exact fingerprint tables, for the databases query. */
  tables: string[];
  marker: string | null;
  history: { name: string; sha256: string; run: string }[];
  /** login -> its user in this database */
  users: Record<string, { roles: string[] }>;
  /** Script batches committed in this database. */
  executed: string[];
}

export interface SqlWorld {
  logins: Record<string, { sysadmin: boolean }>;
  databases: Record<string, WorldDb>;
  /** Answer this script batch (by a piece of its text) with an error, as SQL Server would for bad T-SQL. */
  failBatch?: string;
}

export function sqlWorld(): SqlWorld {
  return {
    logins: { 'VDBERG\\svc-clickker': { sysadmin: true } },
    databases: {
      100: { exact: true, tables: ['cicmpy', 'humres', 'SDKGroups'], marker: null, history: [], users: {}, executed: [] },
      '100_unicode': { exact: true, tables: ['cicmpy', 'humres', 'BacoSettings'], marker: null, history: [], users: {}, executed: [] },
      ReportServer: { exact: false, tables: [], marker: null, history: [], users: {}, executed: [] },
    },
  };
}

export const tagOf = (q: ReceivedQuery): string | null => /\/\* clickker:([a-z-]+) \*\//.exec(q.sql)?.[1] ?? null;

const key = (rec: Record<string, unknown>, name: string) => Object.keys(rec).find((k) => k.toLowerCase() === name.toLowerCase());

/** The reply function: answers every installer statement from `w`, and changes `w` as SQL Server would. */
export function worldReply(w: SqlWorld): (q: ReceivedQuery) => Reply | undefined {
  const pending = new Map<number, { db: string; batches: string[]; history: WorldDb['history'] } | null>();
  const err = (number: number, message: string): Reply => ({ error: { number, message, class: 16 } });
  const ok = (): Reply => ({ resultSets: [] });
  return (q) => {
    const tag = tagOf(q);
    const p = q.params as Record<string, string | null>;
    const dbKey = key(w.databases, q.database);
    const here = dbKey ? w.databases[dbKey] : undefined;
    if (q.kind === 'batch' && /^\s*set\s/i.test(q.sql)) return undefined; // tedious' session settings
    switch (tag) {
      case 'database-exists': return table({ dbExists: 'int' }, { dbExists: key(w.databases, String(p.db)) ? 1 : 0 });
      case 'database-marker': return table({ createdBy: 'nvarchar' }, { createdBy: here?.marker ?? null });
      case 'create-database': {
        if (!key(w.databases, String(p.db))) w.databases[String(p.db)] = { exact: false, tables: [], marker: null, history: [], users: {}, executed: [] };
        return ok();
      }
      case 'mark-database': {
        if (!here) return err(911, `Database '${q.database}' does not exist.`);
        here.marker ??= String(p.marker);
        return ok();
      }
      // ALTER AUTHORIZATION ... TO the sa login; the owner check and the backup are answered as SQL Server would.
      case 'owner-sa': return ok();
      case 'owned-by': return table({ owned: 'int' }, { owned: 0 });
      case 'backup-database': return key(w.databases, String(p.db)) ? ok() : err(911, `Database '${String(p.db)}' does not exist.`);
      case 'forget-script': return ok();
      case 'drop-database': {
        const k = key(w.databases, String(p.db));
        if (!k) return ok();
        if (w.databases[k]!.marker !== p.marker && !(w.databases[k]!.marker === null && p.unmarkedIsOurs === '1')) return err(50001, 'clickker refuses to drop this database: it was not created by this installation run');
        delete w.databases[k];
        return ok();
      }
      case 'applied-scripts': return table({ name: 'nvarchar', sha256: 'nvarchar' }, ...(here?.history ?? []).map((h) => ({ name: h.name, sha256: h.sha256 })));
      case 'begin-script': pending.set(q.connection, { db: q.database, batches: [], history: [] }); return ok();
      case 'record-script': {
        const tx = pending.get(q.connection);
        const row = { name: String(p.name), sha256: String(p.sha256), run: String(p.run) };
        if (tx) tx.history.push(row);
        else here?.history.push(row);
        return ok();
      }
      case 'commit-script': {
        const tx = pending.get(q.connection);
        pending.delete(q.connection);
        if (tx) {
          const d = w.databases[key(w.databases, tx.db)!]!;
          d.executed.push(...tx.batches);
          d.history.push(...tx.history);
        }
        return ok();
      }
      case 'rollback-script': pending.delete(q.connection); return ok();
      case 'login': {
        const k = key(w.logins, String(p.login));
        return table({ loginExists: 'int', isSysadmin: 'int' }, { loginExists: k ? 1 : 0, isSysadmin: k && w.logins[k]!.sysadmin ? 1 : 0 });
      }
      case 'create-login': if (!key(w.logins, String(p.login))) w.logins[String(p.login)] = { sysadmin: false }; return ok();
      case 'drop-login': { const k = key(w.logins, String(p.login)); if (k) delete w.logins[k]; return ok(); }
      case 'add-sysadmin': case 'drop-sysadmin': {
        const k = key(w.logins, String(p.login));
        if (k) w.logins[k]!.sysadmin = tag === 'add-sysadmin';
        return ok();
      }
      case 'user': {
        const u = here ? key(here.users, String(p.login)) : undefined;
        if (!u) return table({ userName: 'nvarchar', role: 'nvarchar' }, { userName: null, role: null });
        const roles = here!.users[u]!.roles;
        return table({ userName: 'nvarchar', role: 'nvarchar' }, ...(roles.length ? roles.map((role) => ({ userName: u, role })) : [{ userName: u, role: null }]));
      }
      case 'create-user': {
        if (!here) return err(911, 'no database');
        if (!key(w.logins, String(p.login))) return err(15007, `'${p.login}' is not a valid login or you do not have permission.`);
        if (!key(here.users, String(p.login))) here.users[String(p.login)] = { roles: [] };
        return ok();
      }
      case 'drop-user': { const u = here ? key(here.users, String(p.login)) : undefined; if (u) delete here!.users[u]; return ok(); }
      case 'add-role': case 'drop-role': {
        if (!['db_datareader', 'db_datawriter', 'db_ddladmin', 'db_owner'].includes(String(p.role))) return err(50002, 'clickker only adds the roles its manifest allows');
        const u = here ? key(here.users, String(p.login)) : undefined;
        if (!u) return tag === 'add-role' ? err(50003, 'the login has no user in this database') : ok();
        const roles = here!.users[u]!.roles;
        if (tag === 'add-role' && !roles.includes(String(p.role))) roles.push(String(p.role));
        if (tag === 'drop-role') here!.users[u]!.roles = roles.filter((r) => r !== p.role);
        return ok();
      }
      case null: break;
      default: return err(50000, `sql world: unknown statement ${tag}`);
    }
    if (/FROM sys\.databases/.test(q.sql)) {
      const has = (d: WorldDb, t: string) => (d.tables.includes(t) ? 1 : 0);
      return table(
        { name: 'nvarchar', state: 'nvarchar', hasAccess: 'int', canSelect: 'int', has_cicmpy: 'int', has_humres: 'int', has_BacoSettings: 'int', has_SDKGroups: 'int' },
        ...Object.entries(w.databases).map(([name, d]) => ({
          name, state: 'ONLINE', hasAccess: 1, canSelect: 1,
          has_cicmpy: has(d, 'cicmpy'), has_humres: has(d, 'humres'), has_BacoSettings: has(d, 'BacoSettings'), has_SDKGroups: has(d, 'SDKGroups'),
        })),
      );
    }
    if (q.kind === 'batch') {
      // A batch of a package script: only inside the script's transaction.
      const tx = pending.get(q.connection);
      if (!tx) return err(50000, 'sql world: a script batch outside a transaction');
      if (w.failBatch && q.sql.includes(w.failBatch)) return err(102, `Incorrect syntax near '${w.failBatch}'.`);
      tx.batches.push(q.sql);
      return ok();
    }
    return undefined;
  };
}

export async function startWorldServer(w: SqlWorld): Promise<TdsTestServer> {
  const s = new TdsTestServer({ reply: worldReply(w) });
  await s.start();
  return s;
}
