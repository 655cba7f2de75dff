// SQL Server facts, gathered with mssql (not PowerShell), so their property names are our own camelCase.
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';

export const sqlServerSchema = z.object({
  /** The server as the user named it (HOST[\INSTANCE][,PORT]). */
  server: z.string(),
  connectedAs: z.string(),
  productVersion: z.nullish(z.string()),
  productMajorVersion: z.nullish(z.number().check(z.int())),
  edition: z.nullish(z.string()),
  /** SERVERPROPERTY('IsIntegratedSecurityOnly'): true = Windows authentication only, so no SQL login can log in. */
  isIntegratedSecurityOnly: z.nullable(z.boolean()),
  /**
   * How the probe's own connection was protected: 'verified' = TLS with the server certificate checked,
   * 'unverified' = TLS without the check (--sql-trust-server-certificate), 'off' = no TLS (the password crossed the
   * network in clear). Absent in snapshots from collectors that did not record it.
   */
  encryption: z.optional(z.enum(['verified', 'unverified', 'off'])),
});
export type SqlServerFacts = z.infer<typeof sqlServerSchema>;

export const sqlServerFact: FactDef<SqlServerFacts> = {
  probe: 'sql.server',
  describe: 'SQL Server version, edition and authentication mode (SERVERPROPERTY)',
  describeNl: 'SQL Server-versie, editie en verificatiemodus (SERVERPROPERTY)',
  schema: sqlServerSchema,
};

const flag = z.nullable(z.boolean());

export const sqlBacoSchema = z.object({
  login: z.string(),
  /** Whether the connected login may see other logins (ALTER ANY LOGIN or VIEW on the login); without it zero rows prove nothing. */
  canSeeLogins: z.boolean(),
  exists: z.boolean(),
  /** sys.server_principals.type: S = SQL login, U = Windows login, G = Windows group. */
  type: z.nullable(z.string()),
  isDisabled: flag,
  isLocked: flag,
  isExpired: flag,
  isMustChange: flag,
  isPolicyChecked: flag,
  isExpirationChecked: flag,
  daysUntilExpiration: z.nullable(z.number().check(z.int())),
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
  serviceAccountNamed: z.optional(z.boolean()),
  /**
   * IS_SRVROLEMEMBER('sysadmin'); null when SQL Server cannot tell. For a login other than the connected one a 0 is not
   * proof (AD groups, an unavailable DC: IS_SRVROLEMEMBER docs), which sql.service-account takes into account.
   */
  isSysadmin: z.nullable(z.boolean()),
  exactDatabases: z.array(z.object({
    name: z.string(),
    kind: z.enum(['globe', 'synergy', 'exact']),
    canRead: z.nullable(z.boolean()),
    /** sys.databases.state_desc (ONLINE, OFFLINE, RESTORING...). */
    state: z.optional(z.string()),
    /** The Exact fingerprint tables found (cicmpy, humres, BacoSettings, SDKGroups); null when it could not be looked into. */
    tables: z.optional(z.nullable(z.array(z.string()))),
    /** False when the kind rests on the name alone (the tables could not be looked into). Added in issue 13. */
    kindDetermined: z.optional(z.boolean()),
  })),
  /**
   * User databases whose kind could not be determined (offline, restoring, no access, tables not visible): never
   * dropped silently. Added in issue 13.
   */
  undeterminedDatabases: z.optional(z.array(z.object({ name: z.string(), state: z.nullish(z.string()), reason: z.string() }))),
  clickkerDatabase: z.object({
    name: z.string(),
    exists: z.nullable(z.boolean()),
    canRead: z.nullable(z.boolean()),
    canWrite: z.nullable(z.boolean()),
  }),
  /**
   * The named service account in each Synergy database's humres (Exact's users). Absent when no service account was
   * named, and in snapshots from collectors before issue 13 (sql.synergy-user is then unknown).
   */
  synergyUser: z.optional(z.object({
    account: z.string(),
    databases: z.array(z.object({
      name: z.string(),
      /** False when humres could not be read (offline, no access, a column missing); `reason` says why. */
      looked: z.boolean(),
      reason: z.optional(z.string()),
      /** humres rows whose usr_id is the account, or only its bare user name (`exact` false). */
      rows: z.array(z.object({
        resId: z.nullable(z.number().check(z.int())),
        usrId: z.string(),
        exact: z.boolean(),
        blocked: z.nullable(z.boolean()),
        /** ldatuitdienst (leave date) on or before the probe's time. */
        hasLeft: z.nullable(z.boolean()),
      })),
    })),
  })),
});
export type SqlPermissionsFacts = z.infer<typeof sqlPermissionsSchema>;

export const sqlPermissionsFact: FactDef<SqlPermissionsFacts> = {
  probe: 'sql.permissions',
  describe: "The service account's SQL rights: sysadmin, read on each Exact database, read/write on the Clickker database",
  describeNl: 'De SQL-rechten van het serviceaccount: sysadmin, lezen op elke Exact-database, lezen/schrijven op de Clickker-database',
  schema: sqlPermissionsSchema,
};
