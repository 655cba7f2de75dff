// Turns query rows into the data of the probes sql.server, sql.baco and sql.permissions (shapes in
// src/facts/sql.ts). Facts only: what SQL Server said, normalised; no verdicts.
import type { SqlBacoFacts, SqlPermissionsFacts, SqlServerFacts } from '../../facts/sql.js';
import type { ConnectionPlan } from './config.js';
import { fingerprintOf, recogniseExactDatabase } from './exact-databases.js';
import type { Observed } from './session.js';

type Row = Record<string, unknown>;

/** 1/true -> true, 0/false -> false, anything else (NULL) -> null. */
export function flag(v: unknown): boolean | null {
  if (v === 1 || v === true) return true;
  if (v === 0 || v === false) return false;
  return null;
}

function int(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export function serverFacts(plan: ConnectionPlan, row: Row, observed: Observed): SqlServerFacts {
  const productVersion = str(row.productVersion);
  const major = Number.parseInt(str(row.productMajorVersion) ?? productVersion?.split('.')[0] ?? '', 10);
  return {
    server: plan.address.text,
    connectedAs: str(row.connectedAs) ?? plan.login,
    productVersion,
    productMajorVersion: Number.isInteger(major) ? major : null,
    edition: str(row.edition),
    isIntegratedSecurityOnly: flag(row.isIntegratedSecurityOnly),
    // Encrypted although not asked to (a server with Force Encryption, through SqlClient): the certificate was not checked.
    encryption: observed.encrypted ? (plan.trustServerCertificate || !plan.encrypt ? 'unverified' : 'verified') : 'off',
  };
}

export function bacoFacts(login: string, row: Row): SqlBacoFacts {
  const exists = str(row.name) !== null;
  return {
    login,
    canSeeLogins: exists || row.alterAnyLogin === 1 || row.viewAnyDefinition === 1,
    exists,
    type: str(row.type)?.trim() || null,
    isDisabled: flag(row.isDisabled),
    isLocked: flag(row.isLocked),
    isExpired: flag(row.isExpired),
    isMustChange: flag(row.isMustChange),
    isPolicyChecked: flag(row.isPolicyChecked),
    isExpirationChecked: flag(row.isExpirationChecked),
    daysUntilExpiration: int(row.daysUntilExpiration),
  };
}

/** Login names compare case-insensitively, as on the usual case-insensitive server collations. */
export function sameLogin(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export interface PermissionRows {
  /** The service account the user named, if any; otherwise the connected login is examined. */
  serviceAccount?: string;
  identity: Row;
  databases: readonly Row[];
  clickkerName: string;
  clickker: Row;
}

/** Why a database's tables could not be looked into. */
function lookFailure(online: boolean, state: string | null, hasAccess: unknown): string {
  if (!online) return `the database is ${state}: its tables cannot be read until it is ONLINE`;
  if (hasAccess === 0) return 'the connected login has no access to it (HAS_DBACCESS 0)';
  return 'its tables are not visible to the connected login (OBJECT_ID is NULL without permission on them)';
}

export function permissionsFacts(r: PermissionRows): SqlPermissionsFacts {
  const connectedAs = str(r.identity.connectedAs) ?? '';
  const account = r.serviceAccount?.trim() || undefined;
  const self = account === undefined || sameLogin(account, connectedAs);
  const isSysadmin = flag(self ? r.identity.selfSysadmin : r.identity.accountSysadmin);
  // Rights of another account cannot be read without impersonating it; a sysadmin, though, may do anything.
  const otherwise = isSysadmin === true ? true : null;

  const exactDatabases: SqlPermissionsFacts['exactDatabases'] = [];
  const undeterminedDatabases: NonNullable<SqlPermissionsFacts['undeterminedDatabases']> = [];
  for (const row of r.databases) {
    const name = str(row.name);
    if (name === null) continue;
    const state = str(row.state);
    // HAS_DBACCESS is 0 for an OFFLINE, SUSPECT or single-user database too (HAS_DBACCESS docs): not "no access".
    const online = state === null || state === 'ONLINE';
    const tables = fingerprintOf(row);
    const kind = recogniseExactDatabase({ name, tables });
    if (!kind) {
      // Not Exact after a complete look: not listed. A look that could not be made is recorded, never dropped.
      if (tables === null) undeterminedDatabases.push({ name, state, reason: lookFailure(online, state, row.hasAccess) });
      continue;
    }
    let canRead: boolean | null = otherwise;
    if (self && online) {
      if (row.hasAccess === 0) canRead = false;
      else if (row.hasAccess === 1) canRead = flag(row.canSelect);
      else canRead = null;
    } else if (!online) canRead = null;
    exactDatabases.push({ name, kind, canRead, state: state ?? undefined, tables, kindDetermined: tables !== null });
  }

  const c = r.clickker;
  const exists = c.dbExists === 1 ? true : c.dbExists === 0 && c.viewAnyDatabase === 1 ? false : null;
  let canRead: boolean | null = null;
  let canWrite: boolean | null = null;
  if (exists === true) {
    if (!self) {
      canRead = otherwise;
      canWrite = otherwise;
    } else if (c.hasAccess === 0) {
      canRead = false;
      canWrite = false;
    } else if (c.hasAccess === 1) {
      canRead = flag(c.canSelect);
      const w = [c.canInsert, c.canUpdate, c.canDelete].map(flag);
      canWrite = w.every((x) => x === true) ? true : w.some((x) => x === false) ? false : null;
    }
  }

  return {
    login: account ?? connectedAs,
    connectedAsServiceAccount: self,
    serviceAccountNamed: account !== undefined,
    isSysadmin,
    exactDatabases,
    undeterminedDatabases,
    clickkerDatabase: { name: r.clickkerName, exists, canRead, canWrite },
  };
}

export type SynergyUserFacts = NonNullable<SqlPermissionsFacts['synergyUser']>;
export type SynergyUserLook = SynergyUserFacts['databases'][number];

/** The Synergy databases worth reading humres in: Synergy (or unnamed Exact) databases seen to hold humres. */
export function synergyUserTargets(p: SqlPermissionsFacts): { name: string; skip?: string }[] {
  return p.exactDatabases
    .filter((d) => d.kind !== 'globe')
    .map((d) => {
      if (d.state !== undefined && d.state !== 'ONLINE') return { name: d.name, skip: `the database is ${d.state}` };
      if (d.tables === null || d.tables === undefined) return { name: d.name, skip: 'its tables could not be looked into' };
      if (!d.tables.includes('humres')) return { name: d.name, skip: 'it has no humres table' };
      return { name: d.name };
    })
    .filter((t) => t.skip !== 'it has no humres table');
}

/** One database's answer to synergyUserQuery. */
export function synergyUserLook(name: string, account: string, rows: readonly Row[]): SynergyUserLook {
  const want = account.trim().toLowerCase();
  return {
    name,
    looked: true,
    rows: rows.map((r) => {
      const usrId = str(r.usrId) ?? '';
      return { resId: int(r.resId), usrId, exact: usrId.trim().toLowerCase() === want, blocked: flag(r.blocked), hasLeft: flag(r.hasLeft) };
    }),
  };
}
