// The T-SQL the SQL probes run. Every query only reads (SELECT from catalog views and built-in functions); none
// writes, none changes a setting, none touches an Exact database's data. Login and database names given by the
// user travel only as parameters (sp_executesql via mssql's request.input), never spliced into SQL text; names
// read from the server (sys.databases) are passed to OBJECT_ID as string data built with QUOTENAME.

export interface SqlParam {
  name: string;
  /** Always nvarchar(128) (sysname): login and database names. */
  value: string | null;
}

export interface SqlQuery {
  /** Short id for messages: "server", "baco"... */
  id: string;
  /** What the query reads, in words, for error messages ("read the BACO login"). */
  purpose: string;
  text: string;
  params: readonly SqlParam[];
}

/**
 * Whether the connection is encrypted (CONNECTIONPROPERTY needs no permission). Only the route through PowerShell's
 * System.Data.SqlClient runs it, right after connecting: SqlClient does not say whether a server that forces
 * encryption encrypted a connection the client did not ask to encrypt. The mssql route sees TLS on the wire instead.
 */
export function connectionQuery(): SqlQuery {
  return {
    id: 'connection',
    purpose: 'read whether the connection is encrypted (CONNECTIONPROPERTY)',
    text: `SELECT CAST(CONNECTIONPROPERTY('encrypt_option') AS nvarchar(10)) AS encryptOption;`,
    params: [],
  };
}

/** SERVERPROPERTY values and the login SQL Server sees us as. */
export function serverQuery(): SqlQuery {
  return {
    id: 'server',
    purpose: 'read SERVERPROPERTY (version, edition, authentication mode)',
    text: `SELECT
  CAST(SERVERPROPERTY('ProductVersion') AS nvarchar(128)) AS productVersion,
  CAST(SERVERPROPERTY('ProductMajorVersion') AS nvarchar(128)) AS productMajorVersion,
  CAST(SERVERPROPERTY('Edition') AS nvarchar(128)) AS edition,
  CAST(SERVERPROPERTY('IsIntegratedSecurityOnly') AS int) AS isIntegratedSecurityOnly,
  SUSER_SNAME() AS connectedAs;`,
    params: [],
  };
}

/**
 * The BACO login: sys.server_principals, sys.sql_logins policy flags, LOGINPROPERTY, and whether the connected
 * login may see other logins at all (without ALTER ANY LOGIN or VIEW ANY DEFINITION, zero rows prove nothing).
 * Always returns exactly one row (the LEFT JOINs hang off a one-row derived table).
 */
export function bacoQuery(login: string): SqlQuery {
  return {
    id: 'baco',
    purpose: `read the login ${login} (sys.server_principals, sys.sql_logins, LOGINPROPERTY)`,
    text: `SELECT
  CAST(HAS_PERMS_BY_NAME(NULL, NULL, N'ALTER ANY LOGIN') AS int) AS alterAnyLogin,
  CAST(HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW ANY DEFINITION') AS int) AS viewAnyDefinition,
  sp.name AS name,
  sp.type AS type,
  CAST(sp.is_disabled AS int) AS isDisabled,
  CAST(sl.is_policy_checked AS int) AS isPolicyChecked,
  CAST(sl.is_expiration_checked AS int) AS isExpirationChecked,
  CAST(LOGINPROPERTY(@login, 'IsLocked') AS int) AS isLocked,
  CAST(LOGINPROPERTY(@login, 'IsExpired') AS int) AS isExpired,
  CAST(LOGINPROPERTY(@login, 'IsMustChange') AS int) AS isMustChange,
  CAST(LOGINPROPERTY(@login, 'DaysUntilExpiration') AS int) AS daysUntilExpiration
FROM (SELECT 1 AS one) AS x
LEFT JOIN sys.server_principals AS sp ON sp.name = @login
LEFT JOIN sys.sql_logins AS sl ON sl.principal_id = sp.principal_id;`,
    params: [{ name: 'login', value: login }],
  };
}

/**
 * Who we are and whether we (or the named service account) hold sysadmin. IS_SRVROLEMEMBER without a login
 * resolves AD group membership for the connected login; with a login it returns NULL when SQL Server cannot tell.
 */
export function identityQuery(serviceAccount: string | null): SqlQuery {
  return {
    id: 'identity',
    purpose: 'read server role membership (IS_SRVROLEMEMBER)',
    text: `SELECT
  SUSER_SNAME() AS connectedAs,
  CAST(IS_SRVROLEMEMBER(N'sysadmin') AS int) AS selfSysadmin,
  CAST(CASE WHEN @account IS NULL THEN NULL ELSE IS_SRVROLEMEMBER(N'sysadmin', @account) END AS int) AS accountSysadmin;`,
    params: [{ name: 'account', value: serviceAccount }],
  };
}

/** The Exact fingerprint tables looked for in every user database. */
export const FINGERPRINT_TABLES = ['cicmpy', 'humres', 'BacoSettings', 'SDKGroups'] as const;

function fingerprintColumn(table: string): string {
  // QUOTENAME(d.name) turns the database name into a delimited identifier inside a string passed to OBJECT_ID;
  // it is data for OBJECT_ID, not SQL text. Only online databases we can enter are looked into.
  // OBJECT_ID is NULL also when the caller may not see the table (metadata visibility), so 0 ("absent") is only
  // claimed with VIEW DEFINITION on the database; otherwise a table not seen is NULL (could not look).
  return `  CAST(CASE WHEN d.state = 0 AND HAS_DBACCESS(d.name) = 1
    THEN CASE WHEN OBJECT_ID(QUOTENAME(d.name) + N'.dbo.${table}', N'U') IS NOT NULL THEN 1
      WHEN HAS_PERMS_BY_NAME(d.name, N'DATABASE', N'VIEW DEFINITION') = 1 THEN 0 END END AS int) AS has_${table}`;
}

/** User databases (database_id > 4), their state, our access and read right, and the fingerprint tables. */
export function databasesQuery(): SqlQuery {
  return {
    id: 'databases',
    purpose: 'list the user databases (sys.databases) and look for Exact tables',
    text: `SELECT
  d.name AS name,
  d.state_desc AS state,
  CAST(HAS_DBACCESS(d.name) AS int) AS hasAccess,
  CAST(CASE WHEN d.state = 0 AND HAS_DBACCESS(d.name) = 1 THEN HAS_PERMS_BY_NAME(d.name, N'DATABASE', N'SELECT') END AS int) AS canSelect,
${FINGERPRINT_TABLES.map(fingerprintColumn).join(',\n')}
FROM sys.databases AS d
WHERE d.database_id > 4
ORDER BY d.name;`,
    params: [],
  };
}

/** The Clickker database: does it exist, and may the connected login read and write it. */
export function clickkerDatabaseQuery(database: string): SqlQuery {
  const perm = (p: string) => `CAST(CASE WHEN HAS_DBACCESS(@db) = 1 THEN HAS_PERMS_BY_NAME(@db, N'DATABASE', N'${p}') END AS int) AS can${p[0]}${p.slice(1).toLowerCase()}`;
  return {
    id: 'clickker-database',
    purpose: `read the rights on the database ${database}`,
    text: `SELECT
  CAST(CASE WHEN DB_ID(@db) IS NULL THEN 0 ELSE 1 END AS int) AS dbExists,
  CAST(HAS_PERMS_BY_NAME(NULL, NULL, N'VIEW ANY DATABASE') AS int) AS viewAnyDatabase,
  CAST(HAS_DBACCESS(@db) AS int) AS hasAccess,
  ${['SELECT', 'INSERT', 'UPDATE', 'DELETE'].map(perm).join(',\n  ')};`,
    params: [{ name: 'db', value: database }],
  };
}

/**
 * The Synergy user: rows of humres (Exact's employee table, which holds Synergy's users) whose usr_id is the service
 * account. Run inside one Synergy database through that database's sys.sp_executesql: QUOTENAME(@db) turns the name
 * read from sys.databases into a delimited identifier held in a variable (EXEC @proc is T-SQL's documented "module
 * name in a variable"), so no name is ever spliced into SQL text. The inner statement is constant and parameterised.
 *
 * Columns (source: a public Exact Synergy troubleshooting document's "identity mapping" query, `SELECT res_id, usr_id,
 * blocked, ..., ldatuitdienst FROM humres WHERE LTRIM(RTRIM(usr_id)) = '<the Windows account name>'`, with a known-good
 * row blocked=0, ldatuitdienst=NULL; shared/reference/windows-behaviour.md "Exact Synergy": humres usr_id, res_id,
 * blocked). Exact does not publish this schema: whether usr_id always holds DOMAIN\user (rather than the bare name) is
 * not documented, so rows matching only the bare name are returned too and judged separately, and a release without
 * one of these columns makes the query fail, which is recorded as "could not look", never as "not a user".
 */
export const SYNERGY_USER_STATEMENT = `SELECT TOP (20)
  CAST(h.res_id AS int) AS resId,
  LTRIM(RTRIM(h.usr_id)) AS usrId,
  CAST(h.blocked AS int) AS blocked,
  CAST(CASE WHEN h.ldatuitdienst IS NULL THEN 0 WHEN h.ldatuitdienst <= GETDATE() THEN 1 ELSE 0 END AS int) AS hasLeft
FROM dbo.humres AS h
WHERE LTRIM(RTRIM(h.usr_id)) = @account
  OR LTRIM(RTRIM(h.usr_id)) = @bare
  OR RIGHT(LTRIM(RTRIM(h.usr_id)), LEN(@bare) + 1) = N'\\' + @bare
ORDER BY h.res_id;`;

/** The bare user name of DOMAIN\user (or user@domain); the whole name otherwise. */
export function bareAccountName(account: string): string {
  const a = account.trim();
  const slash = a.lastIndexOf('\\');
  if (slash >= 0) return a.slice(slash + 1);
  const at = a.indexOf('@');
  return at > 0 ? a.slice(0, at) : a;
}

export function synergyUserQuery(database: string, account: string): SqlQuery {
  return {
    id: 'synergy-user',
    purpose: `read the Synergy user ${account} (humres) in the database ${database}`,
    text: `DECLARE @proc nvarchar(400) = QUOTENAME(@db) + N'.sys.sp_executesql';
EXEC @proc N'${SYNERGY_USER_STATEMENT.replace(/'/g, "''")}', N'@account nvarchar(128), @bare nvarchar(128)', @account = @account, @bare = @bare;`,
    params: [{ name: 'db', value: database }, { name: 'account', value: account }, { name: 'bare', value: bareAccountName(account) }],
  };
}
