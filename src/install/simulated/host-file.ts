// The simulated host's file (`--simulate FILE`, schema clickker.simulated-host/v1): the state the install steps and
// fixes change (IIS, services, scheduled tasks, file ACLs, Windows features, registry values, SQL Server logins and
// databases), and the snapshot it takes its other facts from. Parts the file leaves out are seeded from the snapshot.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import '../../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';
import { InputError } from '../../core/errors.js';
import { say } from '../../core/text.js';
import type { FactDef, ProbeRecord } from '../../core/facts.js';
import { issueError, parseJsonDocument } from '../../core/json-document.js';
import { loadSnapshot } from '../../facts/snapshot.js';
import { dotnetTlsFact } from '../../facts/dotnet-tls.js';
import { iisSitesFact } from '../../facts/iis-sites.js';
import { identityFact } from '../../facts/identity.js';
import { pendingRebootFact } from '../../facts/pending-reboot.js';
import { serviceAccountFact } from '../../facts/service-account.js';
import { sqlPermissionsFact } from '../../facts/sql.js';
import { windowsFeaturesFact } from '../../facts/windows-features.js';
import { DOTNET_KEY32, DOTNET_KEY64 } from '../../facts/dotnet-tls.js';

export const SIMULATED_HOST_SCHEMA = 'clickker.simulated-host/v1';

const appSchema = z.object({ path: z.string(), physicalPath: z.string(), appPool: z.string() });
const siteSchema = z.object({ name: z.string(), state: z.string().default('Started'), applications: z.array(appSchema).default(() => []) });
const dbSchema = z.object({
  exact: z.boolean().default(false),
  /** The login that owns the database (sys.databases.owner_sid): CREATE DATABASE makes the creating login the owner. */
  owner: z.string().default('sa'),
  createdBy: z.string().nullable().default(null),
  history: z.array(z.object({ name: z.string(), sha256: z.string() })).default(() => []),
  /** Database user -> roles. */
  users: z.record(z.string(), z.array(z.string())).default(() => ({})),
});

export const hostModelSchema = z.object({
  schema: z.literal(SIMULATED_HOST_SCHEMA, { error: `expected "${SIMULATED_HOST_SCHEMA}"` }),
  /** The snapshot (clickker.snapshot/v1) of the host's other facts, relative to this file. */
  snapshot: z.string().min(1),
  computerName: z.string().default('SIMULATED'),
  /**
   * Windows accounts by name -> SID (what NTAccount.Translate answers). A name without a domain resolves as
   * LookupAccountName does: well-known and built-in names, local accounts, then the primary domain
   * (learn.microsoft.com: LookupAccountNameW). Seeded with the service account of the snapshot.
   */
  accounts: z.record(z.string(), z.string()).default(() => ({})),
  /**
   * Get-ScheduledTask's Principal.UserId: DOMAIN\user on Server 2012 R2, the user without the domain on Server 2016
   * and 2019 (ComputerManagementDsc #200, #352; windows-behaviour.md). True: as on Server 2016+.
   */
  taskUserIdWithoutDomain: z.boolean().default(true),
  /**
   * What the registered task definition (IRegisteredTask::get_Xml, learn.microsoft.com; Task/Principals/Principal/
   * UserId, MS-TSCH 2.5.6) holds for the task's user: 'sid' as observed on Server 2016 for a task registered with a
   * password (dahall/TaskScheduler #29: "<UserId>S-1-5-21-…</UserId>", LogonType Password), 'account' (DOMAIN\user,
   * seen on Windows 7 in a domain: dahall/TaskScheduler #835), or 'unreadable' (the definition could not be read).
   */
  taskRegisteredUserId: z.enum(['sid', 'account', 'unreadable']).default('sid'),
  /** File owners (SID) by path; a path not listed is owned by Administrators (what an elevated administrator creates). */
  owners: z.record(z.string(), z.string()).default(() => ({})),
  /** The Application event log entries of source Clickker. */
  eventLog: z.array(z.object({ type: z.string(), id: z.number().int(), message: z.string() })).default(() => []),
  elevated: z.boolean().optional(),
  /** Milliseconds each operation takes: a rehearsal that runs at the pace of a real server (and can be interrupted). */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Installing a Windows feature leaves it InstallPending with a restart pending, as on a real server. */
  featureInstallNeedsRestart: z.boolean().default(false),
  pendingReboot: z.array(z.string()).optional(),
  iis: z.object({
    sites: z.array(siteSchema).optional(),
    appPools: z.record(z.string(), z.object({ managedRuntimeVersion: z.string(), pipelineMode: z.string(), identity: z.string() })).default(() => ({})),
    backups: z.array(z.string()).default(() => []),
  }).default(() => ({ appPools: {}, backups: [] })),
  services: z.record(z.string(), z.object({
    binaryPath: z.string(), displayName: z.string(), description: z.string().optional(), startMode: z.string(), account: z.string(), state: z.string(),
    delayedStart: z.boolean().default(false), restartsOnFailure: z.boolean().default(false),
  })).default(() => ({})),
  tasks: z.record(z.string(), z.object({
    execute: z.string(), arguments: z.string(), user: z.string(), daily: z.string().nullable(),
    /** Password (a stored password) or ServiceAccount; a gMSA task is registered with LogonType Password and no password. */
    logonType: z.string().default('Password'),
  })).default(() => ({})),
  /**
   * Explicit ACLs by path. `inheritable`: granted with (OI)(CI) by secureFolder, so what is created inside the folder
   * (and has no ACL of its own) gets these principals (learn.microsoft.com: icacls, "(OI) object inherit, (CI)
   * container inherit"; a copied file takes the inheritable permissions of its new folder: "How permissions are handled
   * when you copy and move files and folders").
   */
  acls: z.record(z.string(), z.object({ inheritanceDisabled: z.boolean(), principals: z.array(z.string()), inheritable: z.boolean().optional() })).default(() => ({})),
  /** Windows features by name -> InstallState (Installed, Available, Removed, InstallPending, UninstallPending). */
  features: z.record(z.string(), z.string()).optional(),
  /** Registry values (DWORD as numbers, REG_SZ as strings): key -> name -> value. */
  registry: z.record(z.string(), z.record(z.string(), z.union([z.number().int(), z.string()]))).optional(),
  /** HTTP answers by URL, overriding what the model would answer. */
  http: z.record(z.string(), z.number().int()).default(() => ({})),
  sql: z.object({
    /** False: SQL Server cannot be reached (every SQL operation fails). */
    reachable: z.boolean().default(true),
    /** The login the installer connects as (the service account unless --sql-user); seeded from the snapshot. */
    connectedAs: z.string().optional(),
    /** BACKUP DATABASE files written: path -> database. */
    backups: z.record(z.string(), z.string()).default(() => ({})),
    logins: z.record(z.string(), z.object({ serverRoles: z.array(z.string()).default(() => []) })).optional(),
    databases: z.record(z.string(), dbSchema).optional(),
  }).default(() => ({ reachable: true, backups: {} })),
}).strict();

export type HostModel = z.infer<typeof hostModelSchema>;

/** A key of `rec` equal to `name` ignoring case (Windows accounts, SQL names under a case-insensitive collation). */
export function keyOf(rec: Record<string, unknown>, name: string): string | undefined {
  const low = name.toLowerCase();
  return Object.keys(rec).find((k) => k.toLowerCase() === low);
}

export const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Fills the parts of the model the file leaves out from the snapshot's facts. */
function seed(model: HostModel, probes: Readonly<Record<string, ProbeRecord>>): void {
  const data = <T>(def: FactDef<T>): T | undefined => {
    const rec = probes[def.probe];
    if (!rec?.ok) return undefined;
    const parsed = def.schema.safeParse(rec.data);
    return parsed.success ? parsed.data : undefined;
  };
  if (!model.iis.sites) {
    model.iis.sites = (data(iisSitesFact) ?? []).map((s) => ({
      name: s.Name,
      state: s.State === 1 || s.State === 'Started' ? 'Started' : s.State === 3 || s.State === 'Stopped' ? 'Stopped' : String(s.State ?? 'Started'),
      applications: (s.Applications ?? []).map((a) => ({ path: a.Path, physicalPath: a.PhysicalPath ?? '', appPool: a.ApplicationPool ?? 'DefaultAppPool' })),
    }));
    for (const site of model.iis.sites) {
      for (const a of site.applications) {
        model.iis.appPools[a.appPool] ??= { managedRuntimeVersion: 'v4.0', pipelineMode: 'Integrated', identity: 'ApplicationPoolIdentity' };
      }
    }
  }
  if (!model.features) {
    const features = data(windowsFeaturesFact);
    model.features = features ? Object.fromEntries(features.map((f) => [f.Name, f.InstallState])) : {};
  }
  if (!model.registry) {
    const t = data(dotnetTlsFact);
    const values = (a: number | null | undefined, b: number | null | undefined) => ({
      ...(a != null ? { SchUseStrongCrypto: a } : {}), ...(b != null ? { SystemDefaultTlsVersions: b } : {}),
    });
    model.registry = t ? { [DOTNET_KEY64]: values(t.StrongCrypto64, t.SystemDefaultTls64), [DOTNET_KEY32]: values(t.StrongCrypto32, t.SystemDefaultTls32) } : {};
  }
  model.pendingReboot ??= data(pendingRebootFact)?.Reasons ?? [];
  if (model.elevated === undefined) model.elevated = data(identityFact)?.IsElevated ?? true;
  const perms = data(sqlPermissionsFact);
  if (!model.sql.logins) {
    model.sql.logins = perms?.login ? { [perms.login]: { serverRoles: perms.isSysadmin ? ['sysadmin'] : [] } } : {};
  }
  if (!model.sql.databases) {
    // Issue 13: a database that is not ONLINE (OFFLINE, RESTORING...) is not one a grant can be planned on.
    model.sql.databases = Object.fromEntries((perms?.exactDatabases ?? []).filter((d) => d.state === undefined || d.state === 'ONLINE')
      .map((d) => [d.name, { exact: true, owner: 'sa', createdBy: null, history: [], users: {} }]));
  }
  model.sql.connectedAs ??= perms?.login ?? 'sa';
  const svc = data(serviceAccountFact);
  if (svc?.Account && svc.Sid && !keyOf(model.accounts, svc.Account)) model.accounts[svc.Account] = svc.Sid;
  // Well-known SIDs (learn.microsoft.com: "Well-known SIDs").
  model.accounts['BUILTIN\\Administrators'] ??= 'S-1-5-32-544';
  model.accounts['NT AUTHORITY\\SYSTEM'] ??= 'S-1-5-18';
}

export interface LoadedModel {
  model: HostModel;
  /** The snapshot's probe records (facts the model does not own). */
  probes: Record<string, ProbeRecord>;
  snapshotFile: string;
}

/** How errors name the --simulate file. */
const hostFile = (file: string) => say(`simulated host ${file}`, `gesimuleerde host ${file}`);

export function parseModel(doc: unknown, file: string): LoadedModel {
  const parsed = hostModelSchema.safeParse(doc, { reportInput: true }); // a wrong type is told from a missing key
  if (!parsed.success) throw issueError(hostFile(file), parsed.error.issues[0]!);
  const model = parsed.data;
  const snapshotFile = resolve(dirname(file), model.snapshot);
  const { snapshot } = loadSnapshot(snapshotFile);
  const probes = snapshot.probes as Record<string, ProbeRecord>;
  seed(model, probes);
  return { model, probes, snapshotFile };
}

export function loadModel(file: string): LoadedModel {
  const what = hostFile(file);
  if (!existsSync(file)) throw new InputError(say(`${what.en}: no such file`, `${what.nl}: dat bestand bestaat niet`));
  return parseModel(parseJsonDocument(readFileSync(file, 'utf8'), what), file);
}
