// The T-SQL the installer sends. Every text is constant: login, user, role and database names travel only as
// parameters (sp_executesql via mssql), and where T-SQL needs an identifier (CREATE DATABASE, CREATE LOGIN, ALTER
// ROLE) it is built on the server with QUOTENAME from the parameter. Each text starts with a tag comment
// (/* clickker:<id> */) so logs, traces and the tests can tell the statements apart.
import type { SqlQuery } from '../../probes/sql/queries.js';

const q = (id: string, purpose: string, text: string, params: Record<string, string | null> = {}): SqlQuery => ({
  id, purpose, text: `/* clickker:${id} */\n${text.trim()}`, params: Object.entries(params).map(([name, value]) => ({ name, value })),
});

/** The history table in the Clickker database: the marker of its creation and every script applied. */
const HISTORY_TABLE = `IF OBJECT_ID(N'dbo.ClickkerInstallHistory', N'U') IS NULL
  CREATE TABLE dbo.ClickkerInstallHistory (
    Kind nvarchar(20) NOT NULL,
    Name nvarchar(260) NOT NULL,
    Sha256 char(64) NULL,
    RunId nvarchar(128) NOT NULL,
    AppliedAt datetime2 NOT NULL CONSTRAINT DF_ClickkerInstallHistory_AppliedAt DEFAULT SYSUTCDATETIME(),
    CONSTRAINT PK_ClickkerInstallHistory PRIMARY KEY (Kind, Name)
  );`;

/** The user of a login in the current database, found by SID (it may carry another name than the login). */
const USER_OF_LOGIN = `DECLARE @user sysname = (SELECT TOP (1) name FROM sys.database_principals WHERE sid = SUSER_SID(@login) AND type IN ('U', 'G', 'S'));`;

const ROLES = `N'db_datareader', N'db_datawriter', N'db_ddladmin', N'db_owner'`;

export const STATEMENTS = {
  /** master */
  databaseExists: (db: string) => q('database-exists', `look for database ${db}`, `
SELECT CAST(CASE WHEN DB_ID(@db) IS NULL THEN 0 ELSE 1 END AS int) AS dbExists;`, { db }),

  /** the database itself */
  databaseMarker: () => q('database-marker', 'read the clickker marker', `
DECLARE @createdBy nvarchar(128) = NULL;
IF OBJECT_ID(N'dbo.ClickkerInstallHistory', N'U') IS NOT NULL
  EXEC sp_executesql N'SELECT TOP (1) @c = RunId FROM dbo.ClickkerInstallHistory WHERE Kind = N''database'';', N'@c nvarchar(128) OUTPUT', @c = @createdBy OUTPUT;
SELECT @createdBy AS createdBy;`),

  /** master */
  createDatabase: (db: string) => q('create-database', `create database ${db}`, `
IF DB_ID(@db) IS NULL
BEGIN
  DECLARE @s nvarchar(max) = N'CREATE DATABASE ' + QUOTENAME(@db) + N';';
  EXEC sp_executesql @s;
END;`, { db }),

  /** the new database: the history table and the marker of this run */
  markDatabase: (marker: string) => q('mark-database', 'mark the database as created by clickker', `
${HISTORY_TABLE}
IF NOT EXISTS (SELECT 1 FROM dbo.ClickkerInstallHistory WHERE Kind = N'database')
  INSERT INTO dbo.ClickkerInstallHistory (Kind, Name, Sha256, RunId) VALUES (N'database', DB_NAME(), NULL, @marker);`, { marker }),

  /** master: whether the login owns the database (by SID: in it the login is dbo) */
  ownedBy: (db: string, login: string) => q('owned-by', `read the owner of ${db}`, `
SELECT CAST(CASE WHEN EXISTS (SELECT 1 FROM sys.databases WHERE name = @db AND owner_sid = SUSER_SID(@login)) THEN 1 ELSE 0 END AS int) AS owned;`, { db, login }),

  /**
   * master: the database's owner becomes the sa login, found by its SID 0x01 (renamed or disabled, it still owns);
   * the creating login then no longer maps to dbo and gets an ordinary user (Msg 15405 otherwise: windows-behaviour.md).
   */
  giveOwnershipToSa: (db: string) => q('owner-sa', `make sa the owner of ${db}`, `
IF DB_ID(@db) IS NOT NULL
BEGIN
  DECLARE @s nvarchar(max) = N'ALTER AUTHORIZATION ON DATABASE::' + QUOTENAME(@db) + N' TO ' + QUOTENAME(SUSER_SNAME(0x01)) + N';';
  EXEC sp_executesql @s;
END;`, { db }),

  /** master: a full copy-only backup (does not disturb the backup chain) to a file on the SQL Server's machine */
  backupDatabase: (db: string, file: string) => q('backup-database', `back up ${db}`, `
BACKUP DATABASE @db TO DISK = @file WITH COPY_ONLY, INIT, CHECKSUM;`, { db, file }),

  /** master: drops the database only when it carries exactly this marker (checked in the same statement), or no
   * marker when @unmarkedIsOurs = 1 (the journal recorded that this run created it and stopped before marking) */
  dropDatabase: (db: string, marker: string, unmarkedIsOurs: boolean) => q('drop-database', `drop database ${db}`, `
IF DB_ID(@db) IS NOT NULL
BEGIN
  DECLARE @found nvarchar(128) = NULL;
  DECLARE @read nvarchar(max) = N'SELECT TOP (1) @c = RunId FROM ' + QUOTENAME(@db) + N'.dbo.ClickkerInstallHistory WHERE Kind = N''database'';';
  BEGIN TRY
    EXEC sp_executesql @read, N'@c nvarchar(128) OUTPUT', @c = @found OUTPUT;
  END TRY
  BEGIN CATCH
    SET @found = NULL; -- no history table: not clickker's
  END CATCH;
  IF NOT ((@found IS NULL AND @unmarkedIsOurs = N'1') OR @found = @marker)
    THROW 50001, N'clickker refuses to drop this database: it was not created by this installation run', 1;
  DECLARE @s nvarchar(max) = N'ALTER DATABASE ' + QUOTENAME(@db) + N' SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE ' + QUOTENAME(@db) + N';';
  EXEC sp_executesql @s;
END;`, { db, marker, unmarkedIsOurs: unmarkedIsOurs ? '1' : '0' }),

  /** the Clickker database */
  appliedScripts: () => q('applied-scripts', 'read the scripts already applied', `
IF OBJECT_ID(N'dbo.ClickkerInstallHistory', N'U') IS NOT NULL
  EXEC sp_executesql N'SELECT Name AS name, Sha256 AS sha256 FROM dbo.ClickkerInstallHistory WHERE Kind = N''script'' ORDER BY AppliedAt, Name;';
ELSE
  SELECT CAST(NULL AS nvarchar(260)) AS name, CAST(NULL AS char(64)) AS sha256 WHERE 1 = 0;`),

  /** the Clickker database, inside the script's transaction */
  recordScript: (name: string, sha256: string, runId: string) => q('record-script', `record ${name} as applied`, `
${HISTORY_TABLE}
INSERT INTO dbo.ClickkerInstallHistory (Kind, Name, Sha256, RunId) VALUES (N'script', @name, @sha256, @run);`, { name, sha256, run: runId }),

  /** the Clickker database, inside the undo's transaction */
  forgetScript: (name: string) => q('forget-script', `remove ${name} from the history`, `
DELETE FROM dbo.ClickkerInstallHistory WHERE Kind = N'script' AND Name = @name;`, { name }),

  /** master */
  login: (login: string) => q('login', `read the login ${login}`, `
SELECT
  CAST(CASE WHEN EXISTS (SELECT 1 FROM sys.server_principals WHERE sid = SUSER_SID(@login) OR name = @login) THEN 1 ELSE 0 END AS int) AS loginExists,
  CAST(CASE WHEN EXISTS (
    SELECT 1 FROM sys.server_role_members AS rm
    JOIN sys.server_principals AS r ON r.principal_id = rm.role_principal_id
    JOIN sys.server_principals AS m ON m.principal_id = rm.member_principal_id
    WHERE r.name = N'sysadmin' AND (m.sid = SUSER_SID(@login) OR m.name = @login)) THEN 1 ELSE 0 END AS int) AS isSysadmin;`, { login }),

  createLogin: (login: string) => q('create-login', `create the Windows login ${login}`, `
IF NOT EXISTS (SELECT 1 FROM sys.server_principals WHERE sid = SUSER_SID(@login) OR name = @login)
BEGIN
  DECLARE @s nvarchar(max) = N'CREATE LOGIN ' + QUOTENAME(@login) + N' FROM WINDOWS;';
  EXEC sp_executesql @s;
END;`, { login }),

  dropLogin: (login: string) => q('drop-login', `drop the login ${login}`, `
IF EXISTS (SELECT 1 FROM sys.server_principals WHERE name = @login)
BEGIN
  DECLARE @s nvarchar(max) = N'DROP LOGIN ' + QUOTENAME(@login) + N';';
  EXEC sp_executesql @s;
END;`, { login }),

  /** a database: one row per role of the login's user; userName NULL when there is no user */
  user: (login: string) => q('user', `read the database user of ${login}`, `
SELECT u.name AS userName, r.name AS role
FROM (SELECT 1 AS one) AS x
LEFT JOIN sys.database_principals AS u ON u.sid = SUSER_SID(@login) AND u.type IN ('U', 'G', 'S')
LEFT JOIN sys.database_role_members AS rm ON rm.member_principal_id = u.principal_id
LEFT JOIN sys.database_principals AS r ON r.principal_id = rm.role_principal_id;`, { login }),

  createUser: (login: string) => q('create-user', `create a database user for ${login}`, `
IF NOT EXISTS (SELECT 1 FROM sys.database_principals WHERE sid = SUSER_SID(@login) AND type IN ('U', 'G', 'S'))
BEGIN
  DECLARE @s nvarchar(max) = N'CREATE USER ' + QUOTENAME(@login) + N' FOR LOGIN ' + QUOTENAME(@login) + N';';
  EXEC sp_executesql @s;
END;`, { login }),

  dropUser: (login: string) => q('drop-user', `drop the database user of ${login}`, `
${USER_OF_LOGIN}
IF @user IS NOT NULL
BEGIN
  DECLARE @s nvarchar(max) = N'DROP USER ' + QUOTENAME(@user) + N';';
  EXEC sp_executesql @s;
END;`, { login }),

  addRole: (login: string, role: string) => q('add-role', `add ${login} to ${role}`, `
IF @role NOT IN (${ROLES})
  THROW 50002, N'clickker only adds the roles its manifest allows', 1;
${USER_OF_LOGIN}
IF @user IS NULL
  THROW 50003, N'the login has no user in this database', 1;
IF IS_ROLEMEMBER(@role, @user) = 0
BEGIN
  DECLARE @s nvarchar(max) = N'ALTER ROLE ' + QUOTENAME(@role) + N' ADD MEMBER ' + QUOTENAME(@user) + N';';
  EXEC sp_executesql @s;
END;`, { login, role }),

  dropRole: (login: string, role: string) => q('drop-role', `remove ${login} from ${role}`, `
IF @role NOT IN (${ROLES})
  THROW 50002, N'clickker only removes the roles its manifest allows', 1;
${USER_OF_LOGIN}
IF @user IS NOT NULL AND IS_ROLEMEMBER(@role, @user) = 1
BEGIN
  DECLARE @s nvarchar(max) = N'ALTER ROLE ' + QUOTENAME(@role) + N' DROP MEMBER ' + QUOTENAME(@user) + N';';
  EXEC sp_executesql @s;
END;`, { login, role }),

  /** master: sysadmin only (the one server role the installer ever changes) */
  serverRole: (login: string, add: boolean) => q(add ? 'add-sysadmin' : 'drop-sysadmin', `${add ? 'add' : 'remove'} ${login} ${add ? 'to' : 'from'} sysadmin`, `
IF EXISTS (SELECT 1 FROM sys.server_principals WHERE name = @login)
BEGIN
  DECLARE @s nvarchar(max) = N'ALTER SERVER ROLE [sysadmin] ${add ? 'ADD' : 'DROP'} MEMBER ' + QUOTENAME(@login) + N';';
  EXEC sp_executesql @s;
END;`, { login }),
};

/** Transaction control for a script, sent as plain batches on the same connection as the script's batches. */
export const BEGIN_SCRIPT = '/* clickker:begin-script */ SET XACT_ABORT ON; BEGIN TRANSACTION;';
export const COMMIT_SCRIPT = '/* clickker:commit-script */ COMMIT TRANSACTION;';
export const ROLLBACK_SCRIPT = '/* clickker:rollback-script */ IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION;';
