// Scripted answers to the SQL probes' queries for the TDS test server (which stands in for SQL Server and does not
// execute T-SQL). Each answer is chosen by a distinctive piece of the query text and computed from the RPC
// parameters that really arrived, the way SQL Server would filter on them. Default values come from the public
// captures in shared/reference/captures (SQL Server 2016 SP2 Standard, capture 23).
import type { ProbeOptions } from '../../src/core/probe-sources.js';
import { table, TdsTestServer, type ParamValue, type Reply, type ReceivedQuery, type TdsServerOptions } from '../support/tds-server.js';

export const PASSWORD = 'S3cr3t-Pa55word!';

export interface LoginRow {
  type?: string;
  isDisabled?: number;
  isPolicyChecked?: number | null;
  isExpirationChecked?: number | null;
  isLocked?: number | null;
  isExpired?: number | null;
  isMustChange?: number | null;
  daysUntilExpiration?: number | null;
}

export interface DatabaseRow {
  name: string;
  state?: string;
  hasAccess?: number | null;
  canSelect?: number | null;
  tables?: string[] | null;
}

export interface SqlWorld {
  productVersion: string | null;
  productMajorVersion: string | null;
  edition: string | null;
  isIntegratedSecurityOnly: number | null;
  connectedAs: string;
  /** Logins the connected login can see in sys.server_principals. */
  logins: Record<string, LoginRow>;
  alterAnyLogin: number | null;
  viewAnyDefinition: number | null;
  selfSysadmin: number | null;
  /** IS_SRVROLEMEMBER('sysadmin', @account) by account name. */
  accountSysadmin: Record<string, number | null>;
  databases: DatabaseRow[];
  viewAnyDatabase: number;
  /** Rights of the connected login per database: [SELECT, INSERT, UPDATE, DELETE]. */
  rights: Record<string, [number, number, number, number]>;
  /**
   * humres rows per database (usr_id, res_id, blocked, ldatuitdienst passed), answering synergyUserQuery; a database
   * not listed answers with SQL Server's error 208 (Invalid object name), as a database without humres would.
   */
  humres: Record<string, { resId: number; usrId: string; blocked: number | null; hasLeft: number }[]>;
  /** Errors per query id (server, baco, identity, databases, clickker, synergy-user). */
  errors: Partial<Record<QueryId, { number: number; message: string; class?: number }>>;
  stall: Partial<Record<QueryId, 'stall' | 'drop'>>;
}

export type QueryId = 'connection' | 'server' | 'baco' | 'identity' | 'databases' | 'clickker' | 'synergy-user';

export function world(over: Partial<SqlWorld> = {}): SqlWorld {
  return {
    productVersion: '13.0.5026.0',
    productMajorVersion: '13',
    edition: 'Standard Edition (64-bit)',
    isIntegratedSecurityOnly: 0,
    connectedAs: 'CORP\\svc-clickker',
    logins: { BACO: { type: 'S', isDisabled: 0, isPolicyChecked: 1, isExpirationChecked: 0, isLocked: 0, isExpired: 0, isMustChange: 0, daysUntilExpiration: null } },
    alterAnyLogin: 1,
    viewAnyDefinition: 1,
    selfSysadmin: 1,
    accountSysadmin: {},
    databases: [
      { name: '001', tables: ['cicmpy', 'humres', 'SDKGroups'] },
      { name: '001_unicode', tables: ['cicmpy', 'humres', 'BacoSettings'] },
      { name: 'Synergy', tables: ['cicmpy', 'humres', 'BacoSettings'] },
      { name: 'ReportServer', tables: [] },
      { name: 'Clickker', tables: [] },
    ],
    viewAnyDatabase: 1,
    rights: {},
    humres: {},
    errors: {},
    stall: {},
    ...over,
  };
}

export function identify(q: ReceivedQuery): QueryId | undefined {
  if (/CONNECTIONPROPERTY\('encrypt_option'\)/.test(q.sql)) return 'connection';
  if (/SERVERPROPERTY\('ProductVersion'\)/.test(q.sql)) return 'server';
  if (/sys\.server_principals/.test(q.sql)) return 'baco';
  if (/IS_SRVROLEMEMBER/.test(q.sql)) return 'identity';
  if (/FROM sys\.databases/.test(q.sql)) return 'databases';
  if (/DB_ID\(@db\)/.test(q.sql)) return 'clickker';
  if (/sys\.sp_executesql';/.test(q.sql) && /FROM dbo\.humres/.test(q.sql)) return 'synergy-user';
  return undefined;
}

const i = (v: boolean | number | null | undefined): number | null => (v === undefined || v === null ? null : v === true ? 1 : v === false ? 0 : v);

/** The reply function for TdsTestServer: answers the probes' queries from a SqlWorld. */
export function answer(w: SqlWorld): (q: ReceivedQuery) => Reply | undefined {
  return (q) => {
    const id = identify(q);
    if (!id) return undefined;
    const err = w.errors[id];
    if (err) return { error: { number: err.number, message: err.message, class: err.class ?? 14 } };
    const stall = w.stall[id];
    if (stall) return stall;
    const p = q.params;
    switch (id) {
      case 'connection':
        // The integrated route's first query (src/probes/sql/queries.ts connectionQuery): 'TRUE' when this connection
        // is encrypted (https://learn.microsoft.com/en-us/sql/t-sql/functions/connectionproperty-transact-sql).
        return table({ encryptOption: 'nvarchar' }, { encryptOption: q.encrypted ? 'TRUE' : 'FALSE' });
      case 'server':
        return table(
          { productVersion: 'nvarchar', productMajorVersion: 'nvarchar', edition: 'nvarchar', isIntegratedSecurityOnly: 'int', connectedAs: 'nvarchar' },
          { productVersion: w.productVersion, productMajorVersion: w.productMajorVersion, edition: w.edition, isIntegratedSecurityOnly: w.isIntegratedSecurityOnly, connectedAs: w.connectedAs },
        );
      case 'baco': {
        const name = String(p.login);
        const l = w.logins[name];
        return table(
          {
            alterAnyLogin: 'int', viewAnyDefinition: 'int', name: 'nvarchar', type: 'nvarchar', isDisabled: 'int', isPolicyChecked: 'int',
            isExpirationChecked: 'int', isLocked: 'int', isExpired: 'int', isMustChange: 'int', daysUntilExpiration: 'int',
          },
          {
            alterAnyLogin: w.alterAnyLogin, viewAnyDefinition: w.viewAnyDefinition,
            name: l ? name : null, type: l?.type ?? null, isDisabled: l ? i(l.isDisabled ?? 0) : null,
            isPolicyChecked: l ? i(l.isPolicyChecked) : null, isExpirationChecked: l ? i(l.isExpirationChecked) : null,
            isLocked: l ? i(l.isLocked) : null, isExpired: l ? i(l.isExpired) : null, isMustChange: l ? i(l.isMustChange) : null,
            daysUntilExpiration: l ? i(l.daysUntilExpiration) : null,
          },
        );
      }
      case 'identity': {
        const account = p.account === null || p.account === undefined ? null : String(p.account);
        return table(
          { connectedAs: 'nvarchar', selfSysadmin: 'int', accountSysadmin: 'int' },
          { connectedAs: w.connectedAs, selfSysadmin: w.selfSysadmin, accountSysadmin: account === null ? null : (w.accountSysadmin[account] ?? null) },
        );
      }
      case 'databases': {
        const cols = {
          name: 'nvarchar', state: 'nvarchar', hasAccess: 'int', canSelect: 'int',
          has_cicmpy: 'int', has_humres: 'int', has_BacoSettings: 'int', has_SDKGroups: 'int',
        } as const;
        return table(cols, ...w.databases.map((d) => {
          const online = (d.state ?? 'ONLINE') === 'ONLINE';
          const access = d.hasAccess === undefined ? 1 : d.hasAccess;
          const look = online && access === 1 && d.tables !== null;
          const has = (t: string): ParamValue => (look ? (d.tables ?? []).includes(t) ? 1 : 0 : null);
          return {
            name: d.name, state: d.state ?? 'ONLINE', hasAccess: online ? access : 0,
            canSelect: look ? (d.canSelect === undefined ? 1 : d.canSelect) : null,
            has_cicmpy: has('cicmpy'), has_humres: has('humres'), has_BacoSettings: has('BacoSettings'), has_SDKGroups: has('SDKGroups'),
          };
        }));
      }
      case 'synergy-user': {
        // The WHERE clause of SYNERGY_USER_STATEMENT on a case-insensitive collation: usr_id trimmed equals the
        // account, or the bare name, or ends in \<bare name>.
        const rows = w.humres[String(p.db)];
        if (!rows) return { error: { number: 208, message: "Invalid object name 'dbo.humres'.", class: 16 } };
        const account = String(p.account).toLowerCase();
        const bare = String(p.bare).toLowerCase();
        const hits = rows.filter((r) => {
          const u = r.usrId.trim().toLowerCase();
          return u === account || u === bare || u.endsWith(`\\${bare}`);
        });
        return table({ resId: 'int', usrId: 'nvarchar', blocked: 'int', hasLeft: 'int' }, ...hits.map((r) => ({ resId: r.resId, usrId: r.usrId.trim(), blocked: r.blocked, hasLeft: r.hasLeft })));
      }
      case 'clickker': {
        const name = String(p.db);
        const d = w.databases.find((x) => x.name === name);
        const r = w.rights[name] ?? [1, 1, 1, 1];
        const access = d ? (d.hasAccess === undefined ? 1 : d.hasAccess) : null;
        const ok = access === 1;
        return table(
          { dbExists: 'int', viewAnyDatabase: 'int', hasAccess: 'int', canSelect: 'int', canInsert: 'int', canUpdate: 'int', canDelete: 'int' },
          {
            dbExists: d ? 1 : 0, viewAnyDatabase: w.viewAnyDatabase, hasAccess: access,
            canSelect: ok ? r[0] : null, canInsert: ok ? r[1] : null, canUpdate: ok ? r[2] : null, canDelete: ok ? r[3] : null,
          },
        );
      }
    }
  };
}

/** A TDS test server answering from `w`, started on loopback. */
export async function startFakeSql(w: SqlWorld, extra: TdsServerOptions = {}): Promise<TdsTestServer> {
  const server = new TdsTestServer({ reply: answer(w), ...extra });
  await server.start();
  return server;
}

/**
 * The test server's name for tests that do a TLS handshake in this process. tedious gives the server as the TLS server
 * name (SNI), and Node deprecates an IP address there (DEP0123: "Setting the TLS ServerName to an IP address is not
 * permitted by RFC 6066", https://nodejs.org/api/deprecations.html#DEP0123; RFC 6066 section 3 allows host names only),
 * printing that warning once per jest worker. localhost is loopback from /etc/hosts, never a real host; the test server
 * listens on 127.0.0.1, and tedious tries each address localhost has in turn. The CLI's own IP case (where the user
 * typed an IP) stays covered by test/cli/sql-ip-warning.test.ts.
 */
export const TLS_SERVER_HOST = 'localhost';

/** `host,port` of a test server for a TLS handshake in this process (TLS_SERVER_HOST). */
export const tlsServer = (server: TdsTestServer | number): string => `${TLS_SERVER_HOST},${typeof server === 'number' ? server : server.port}`;

/** ProbeOptions for a test server: encryption OFF explicitly, because the test server does not speak TLS by default. */
export function sqlOptions(server: TdsTestServer | number, over: Partial<NonNullable<ProbeOptions['sql']>> = {}, timeoutMs = 5_000): ProbeOptions {
  const port = typeof server === 'number' ? server : server.port;
  return {
    timeoutMs,
    sql: {
      server: `127.0.0.1,${port}`,
      user: 'svc-clickker',
      domain: 'CORP',
      password: PASSWORD,
      encrypt: false,
      trustServerCertificate: false,
      bacoLogin: 'BACO',
      clickkerDatabase: 'Clickker',
      ...over,
    },
  };
}

export const SQL_PROBE_IDS = ['sql.server', 'sql.baco', 'sql.permissions'];
