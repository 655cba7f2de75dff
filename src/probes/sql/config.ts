// Turns ProbeOptions.sql into a connection plan and an mssql (tedious) config. Secure by default: encryption on
// and the server certificate verified, unless the user explicitly asks otherwise.
import type { config as MssqlConfig, Connection } from 'mssql';
import type { ProbeOptions } from '../../core/probe-sources.js';
import { AddressError, parseServerAddress, type ServerAddress } from './address.js';

export type SqlOptions = NonNullable<ProbeOptions['sql']>;

export type SqlAuth =
  | { kind: 'sql'; user: string }
  | { kind: 'ntlm'; domain: string; user: string }
  /** The current Windows account (SSPI/Kerberos): not implemented, see docs/sql.md. */
  | { kind: 'integrated' };

export interface ConnectionPlan {
  address: ServerAddress;
  auth: SqlAuth;
  /** The login as SQL Server names it: BACO, or CORP\svc-clickker for NTLM. */
  login: string;
  database?: string;
  encrypt: boolean;
  trustServerCertificate: boolean;
}

/** A configuration problem found before any connection is attempted. */
export class PlanError extends Error {
  constructor(readonly kind: 'not-configured' | 'unsupported', message: string) {
    super(message);
    this.name = 'PlanError';
  }
}

/** The longest name SQL Server accepts for a login or database (sysname = nvarchar(128)). */
export const SYSNAME_MAX = 128;

export function checkName(what: string, name: string): void {
  if (name.length === 0) throw new PlanError('not-configured', `the ${what} name is empty`);
  if (name.length > SYSNAME_MAX) throw new PlanError('not-configured', `the ${what} name is longer than ${SYSNAME_MAX} characters, which SQL Server does not allow`);
}

/** The database the probes connect to when none is named. */
export const DEFAULT_DATABASE = 'master';

export function planConnection(sql: SqlOptions): ConnectionPlan {
  let address: ServerAddress;
  try {
    address = parseServerAddress(sql.server);
  } catch (err) {
    if (err instanceof AddressError) throw new PlanError('not-configured', err.message);
    throw err;
  }
  const auth = planAuth(sql);
  if (sql.database !== undefined) checkName('database', sql.database);
  checkName('BACO login', sql.bacoLogin);
  checkName('Clickker database', sql.clickkerDatabase);
  const login = auth.kind === 'sql' ? auth.user : auth.kind === 'ntlm' ? `${auth.domain}\\${auth.user}` : '(current Windows account)';
  return {
    address, auth, login,
    // master unless told otherwise (--sql-database): the login's own default database may be offline, single-user or
    // gone, and SQL Server then refuses the login (Msg 4064) although nothing is wrong with the credentials.
    database: sql.database !== undefined && sql.database !== '' ? sql.database : DEFAULT_DATABASE,
    encrypt: sql.encrypt,
    trustServerCertificate: sql.trustServerCertificate,
  };
}

function planAuth(sql: SqlOptions): SqlAuth {
  let user = sql.user?.trim();
  let domain = sql.domain?.trim() || undefined;
  if (!user) {
    if (domain) throw new PlanError('not-configured', `a domain (${domain}) was given without a user name`);
    return { kind: 'integrated' };
  }
  // DOMAIN\user written as the user name means NTLM, as in SSMS.
  const slash = user.indexOf('\\');
  if (slash > 0 && !domain) {
    domain = user.slice(0, slash);
    user = user.slice(slash + 1);
  }
  if (!user) throw new PlanError('not-configured', 'the SQL user name is empty');
  if (sql.password === undefined) {
    throw new PlanError('not-configured', `no password for ${domain ? `${domain}\\` : ''}${user}: set CLICKKER_SQL_PASSWORD or answer the prompt (never a command-line flag)`);
  }
  checkName('login', domain ? `${domain}\\${user}` : user);
  return domain ? { kind: 'ntlm', domain, user } : { kind: 'sql', user };
}

export interface ConfigTimeouts {
  /** Bounds connecting: TCP, instance lookup, TLS and login together. */
  connectMs: number;
  /** Bounds each query. */
  requestMs: number;
  /** How long to wait for the server to acknowledge a cancelled query. */
  cancelMs: number;
}

export interface ConfigHooks {
  /** Called with each new tedious connection before it connects (error numbers, TLS, progress). */
  beforeConnect?: (conn: Connection) => void;
  /** Replaces tedious' TCP connector; tests use it to simulate name resolution failures without DNS. */
  connector?: unknown;
}

export const APP_NAME = 'clickker preflight';

/** The mssql config for a plan. `password` travels only here, never into records or messages. */
export function buildMssqlConfig(plan: ConnectionPlan, password: string | undefined, t: ConfigTimeouts, hooks: ConfigHooks = {}): MssqlConfig {
  const { address } = plan;
  const options: NonNullable<MssqlConfig['options']> = {
    encrypt: plan.encrypt,
    trustServerCertificate: plan.trustServerCertificate,
    appName: APP_NAME,
    // A login failure is not transient for a preflight; tedious would otherwise retry 4060 three times.
    maxRetriesOnTransientErrors: 0,
    // tedious tries a host's addresses in sequence unless multiSubnetFailover is set, so a dead first address (::1 for
    // "localhost" when SQL Server listens on IPv4 only) used the whole connect timeout and IPv4 was never tried.
    // With it, every address is tried at once and the first to connect is used.
    multiSubnetFailover: true,
    cancelTimeout: t.cancelMs,
    ...(address.port === undefined && address.instance !== undefined ? { instanceName: address.instance } : {}),
    ...(hooks.connector ? { connector: hooks.connector as never } : {}),
  };
  const cfg: MssqlConfig = {
    server: address.host,
    ...(address.port !== undefined ? { port: address.port } : {}),
    ...(plan.database !== undefined ? { database: plan.database } : {}),
    connectionTimeout: t.connectMs,
    requestTimeout: t.requestMs,
    // One connection is enough: probes run their queries one after another.
    pool: { max: 1, min: 0, idleTimeoutMillis: 1_000, acquireTimeoutMillis: t.connectMs },
    validateConnection: 'socket',
    options,
    ...(hooks.beforeConnect ? { beforeConnect: hooks.beforeConnect } : {}),
  };
  if (plan.auth.kind === 'sql') {
    cfg.user = plan.auth.user;
    cfg.password = password;
  } else if (plan.auth.kind === 'ntlm') {
    cfg.user = plan.auth.user;
    cfg.password = password;
    cfg.domain = plan.auth.domain;
  }
  return cfg;
}

/** What the CLI collects from flags, config and environment for the SQL probes. */
export interface SqlInput {
  server: string;
  database?: string;
  user?: string;
  password?: string;
  domain?: string;
  /** Default true. Off sends the login and password in clear. */
  encrypt?: boolean;
  /** Default false. True skips certificate verification (--sql-trust-server-certificate). */
  trustServerCertificate?: boolean;
  bacoLogin?: string;
  clickkerDatabase?: string;
}

/**
 * ProbeOptions.sql with the secure defaults filled in: encryption on, certificate verified. The BACO login and
 * Clickker database names default to the requirements' values.
 */
export function resolveSqlOptions(input: SqlInput, requirements: { bacoLogin: string; clickkerDatabase: string }): SqlOptions {
  return {
    server: input.server,
    ...(input.database !== undefined ? { database: input.database } : {}),
    ...(input.user !== undefined ? { user: input.user } : {}),
    ...(input.password !== undefined ? { password: input.password } : {}),
    ...(input.domain !== undefined ? { domain: input.domain } : {}),
    encrypt: input.encrypt ?? true,
    trustServerCertificate: input.trustServerCertificate ?? false,
    bacoLogin: input.bacoLogin ?? requirements.bacoLogin,
    clickkerDatabase: input.clickkerDatabase ?? requirements.clickkerDatabase,
  };
}
