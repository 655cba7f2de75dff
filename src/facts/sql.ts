// SQL Server facts, gathered with mssql (not PowerShell), so their property names are our own camelCase.
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';
import type { FactDef } from '../core/facts.js';

export const sqlServerSchema = z.object({
  /** The server as the user named it (HOST[\INSTANCE][,PORT]). */
  server: z.string(),
  connectedAs: z.string(),
  productVersion: z.string().nullish(),
  productMajorVersion: z.number().int().nullish(),
  edition: z.string().nullish(),
  /** SERVERPROPERTY('IsIntegratedSecurityOnly'): true = Windows authentication only, so no SQL login can log in. */
  isIntegratedSecurityOnly: z.boolean().nullable(),
  /**
   * How the probe's own connection was protected: 'verified' = TLS with the server certificate checked,
   * 'unverified' = TLS without the check (--sql-trust-server-certificate), 'off' = no TLS (the password crossed the
   * network in clear). Absent in snapshots from collectors that did not record it.
   */
  encryption: z.enum(['verified', 'unverified', 'off']).optional(),
});
export type SqlServerFacts = z.infer<typeof sqlServerSchema>;

export const sqlServerFact: FactDef<SqlServerFacts> = {
  probe: 'sql.server',
  describe: 'SQL Server version, edition and authentication mode (SERVERPROPERTY)',
  describeNl: 'SQL Server-versie, editie en verificatiemodus (SERVERPROPERTY)',
  schema: sqlServerSchema,
};

const flag = z.boolean().nullable();

export const sqlBacoSchema = z.object({
  login: z.string(),
  /** Whether the connected login may see other logins (ALTER ANY LOGIN or VIEW on the login); without it zero rows prove nothing. */
  canSeeLogins: z.boolean(),
  exists: z.boolean(),
  /** sys.server_principals.type: S = SQL login, U = Windows login, G = Windows group. */
  type: z.string().nullable(),
  isDisabled: flag,
  isLocked: flag,
  isExpired: flag,
  isMustChange: flag,
  isPolicyChecked: flag,
  isExpirationChecked: flag,
  daysUntilExpiration: z.number().int().nullable(),
});
export type SqlBacoFacts = z.infer<typeof sqlBacoSchema>;

export const sqlBacoFact: FactDef<SqlBacoFacts> = {
  probe: 'sql.baco',
  describe: 'The BACO SQL login: sys.server_principals, sys.sql_logins policy flags, LOGINPROPERTY lock and expiry',
  describeNl: 'De SQL-aanmelding BACO: sys.server_principals, beleidsvlaggen uit sys.sql_logins, blokkering en verloop uit LOGINPROPERTY',
  schema: sqlBacoSchema,
};

export const sqlPermissionsSchema = z.object({
  /** The service account whose rights were examined. */
  login: z.string(),
  /** True when the facts were gathered while connected as the service account itself (group membership resolved). */
  connectedAsServiceAccount: z.boolean(),
  /**
   * Whether a service account was named (--service-account). False: `login` is merely the connected login, which is no
   * evidence about the service account. Added in issue 13; absent in older snapshots (then unknown unless
   * connectedAsServiceAccount is false, which implies one was named).
   */
  serviceAccountNamed: z.boolean().optional(),
  /**
   * IS_SRVROLEMEMBER('sysadmin'); null when SQL Server cannot tell. For a login other than the connected one a 0 is not
   * proof (AD groups, an unavailable DC: IS_SRVROLEMEMBER docs), which sql.service-account takes into account.
   */
  isSysadmin: z.boolean().nullable(),
  exactDatabases: z.array(z.object({
    name: z.string(),
    kind: z.enum(['globe', 'synergy', 'exact']),
    canRead: z.boolean().nullable(),
    /** sys.databases.state_desc (ONLINE, OFFLINE, RESTORING...). */
    state: z.string().optional(),
    /** The Exact fingerprint tables found (cicmpy, humres, BacoSettings, SDKGroups); null when it could not be looked into. */
    tables: z.array(z.string()).nullable().optional(),
    /** False when the kind rests on the name alone (the tables could not be looked into). Added in issue 13. */
    kindDetermined: z.boolean().optional(),
  })),
  /**
   * User databases whose kind could not be determined (offline, restoring, no access, tables not visible): never
   * dropped silently. Added in issue 13.
   */
  undeterminedDatabases: z.array(z.object({ name: z.string(), state: z.string().nullish(), reason: z.string() })).optional(),
  clickkerDatabase: z.object({
    name: z.string(),
    exists: z.boolean().nullable(),
    canRead: z.boolean().nullable(),
    canWrite: z.boolean().nullable(),
  }),
  /**
   * The named service account in each Synergy database's humres (Exact's users). Absent when no service account was
   * named, and in snapshots from collectors before issue 13 (sql.synergy-user is then unknown).
   */
  synergyUser: z.object({
    account: z.string(),
    databases: z.array(z.object({
      name: z.string(),
      /** False when humres could not be read (offline, no access, a column missing); `reason` says why. */
      looked: z.boolean(),
      reason: z.string().optional(),
      /** humres rows whose usr_id is the account, or only its bare user name (`exact` false). */
      rows: z.array(z.object({
        resId: z.number().int().nullable(),
        usrId: z.string(),
        exact: z.boolean(),
        blocked: z.boolean().nullable(),
        /** ldatuitdienst (leave date) on or before the probe's time. */
        hasLeft: z.boolean().nullable(),
      })),
    })),
  }).optional(),
});
export type SqlPermissionsFacts = z.infer<typeof sqlPermissionsSchema>;

export const sqlPermissionsFact: FactDef<SqlPermissionsFacts> = {
  probe: 'sql.permissions',
  describe: "The service account's SQL rights: sysadmin, read on each Exact database, read/write on the Clickker database",
  describeNl: 'De SQL-rechten van het serviceaccount: sysadmin, lezen op elke Exact-database, lezen/schrijven op de Clickker-database',
  schema: sqlPermissionsSchema,
};
