import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';
import { psArray } from './ps.js';

/**
 * Evidence that Exact Synergy Enterprise is installed, and which product update (release) it is.
 * No public Exact source says where the release is stored (shared domain-facts §1.3), so every source
 * is gathered and the check weighs them, showing each one.
 */
export const synergySchema = z.object({
  UninstallEntries: psArray(z.object({
    DisplayName: z.string(),
    DisplayVersion: z.nullish(z.string()),
    InstallLocation: z.nullish(z.string()),
  })),
  InstallFolders: psArray(z.object({
    Path: z.string(),
    BinFiles: z.optional(psArray(z.object({
      Name: z.string(),
      FileVersion: z.nullish(z.string()),
      ProductVersion: z.nullish(z.string()),
    }))),
  })),
  /** db.config files with the password already removed by the probe. */
  DbConfigs: z.optional(psArray(z.object({
    Path: z.string(),
    Server: z.nullish(z.string()),
    Database: z.nullish(z.string()),
  }))),
  /** IIS applications whose physical folder holds Services\Exact.Entity.REST.svc. */
  IisApplications: psArray(z.object({
    Site: z.string(),
    Path: z.string(),
    PhysicalPath: z.nullish(z.string()),
    HasEntityService: z.boolean(),
    /** Why this application could not be examined (e.g. its folder's drive no longer exists). Added in issue 13. */
    Error: z.nullish(z.string()),
  })),
  /**
   * Whether IIS's configuration could be read (Microsoft.Web.Administration from %windir%\System32\inetsrv); when
   * false, IisApplications is empty because nothing could be looked at, and IisError says why. Added in issue 13:
   * absent in older snapshots.
   */
  IisRead: z.optional(z.boolean()),
  /** False when Microsoft.Web.Administration.dll is not in inetsrv: IIS is not installed (a successful look). */
  IisInstalled: z.optional(z.boolean()),
  IisError: z.nullish(z.string()),
  /**
   * One authenticated GET (NTLM/Negotiate as `Account`, the account the probe ran as) of
   * Services/Exact.Entity.REST.svc/$metadata on the first Synergy application. GlobeLoginFailed: the body said "Failed
   * to login to Globe", the BACO symptom. Added in issue 13; null when no application serves the entity service.
   */
  EntityService: z.nullish(z.object({
    Url: z.nullish(z.string()),
    Account: z.nullish(z.string()),
    Status: z.nullish(z.number().check(z.int())),
    GlobeLoginFailed: z.nullish(z.boolean()),
    Error: z.nullish(z.string()),
    Ms: z.nullish(z.number()),
  })),
});

export type SynergyFacts = z.infer<typeof synergySchema>;

export const synergyFact: FactDef<SynergyFacts> = {
  probe: 'synergy',
  describe: 'Exact Synergy detection evidence: uninstall entries, install folders and bin file versions, db.config, IIS applications',
  describeNl: "Aanwijzingen voor Exact Synergy: vermeldingen in Programma's en onderdelen, installatiemappen en bestandsversies in bin, db.config, IIS-toepassingen",
  schema: synergySchema,
};
