import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';
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
    DisplayVersion: z.string().nullish(),
    InstallLocation: z.string().nullish(),
  })),
  InstallFolders: psArray(z.object({
    Path: z.string(),
    BinFiles: psArray(z.object({
      Name: z.string(),
      FileVersion: z.string().nullish(),
      ProductVersion: z.string().nullish(),
    })).optional(),
  })),
  /** db.config files with the password already removed by the probe. */
  DbConfigs: psArray(z.object({
    Path: z.string(),
    Server: z.string().nullish(),
    Database: z.string().nullish(),
  })).optional(),
  /** IIS applications whose physical folder holds Services\Exact.Entity.REST.svc. */
  IisApplications: psArray(z.object({
    Site: z.string(),
    Path: z.string(),
    PhysicalPath: z.string().nullish(),
    HasEntityService: z.boolean(),
    /** Why this application could not be examined (e.g. its folder's drive no longer exists). Added in issue 13. */
    Error: z.string().nullish(),
  })),
  /**
   * Whether IIS's configuration could be read (Microsoft.Web.Administration from %windir%\System32\inetsrv); when
   * false, IisApplications is empty because nothing could be looked at, and IisError says why. Added in issue 13:
   * absent in older snapshots.
   */
  IisRead: z.boolean().optional(),
  /** False when Microsoft.Web.Administration.dll is not in inetsrv: IIS is not installed (a successful look). */
  IisInstalled: z.boolean().optional(),
  IisError: z.string().nullish(),
  /**
   * One authenticated GET (NTLM/Negotiate as `Account`, the account the probe ran as) of
   * Services/Exact.Entity.REST.svc/$metadata on the first Synergy application. GlobeLoginFailed: the body said "Failed
   * to login to Globe", the BACO symptom. Added in issue 13; null when no application serves the entity service.
   */
  EntityService: z.object({
    Url: z.string().nullish(),
    Account: z.string().nullish(),
    Status: z.number().int().nullish(),
    GlobeLoginFailed: z.boolean().nullish(),
    Error: z.string().nullish(),
    Ms: z.number().nullish(),
  }).nullish(),
});

export type SynergyFacts = z.infer<typeof synergySchema>;

export const synergyFact: FactDef<SynergyFacts> = {
  probe: 'synergy',
  describe: 'Exact Synergy detection evidence: uninstall entries, install folders and bin file versions, db.config, IIS applications',
  describeNl: "Aanwijzingen voor Exact Synergy: vermeldingen in Programma's en onderdelen, installatiemappen en bestandsversies in bin, db.config, IIS-toepassingen",
  schema: synergySchema,
};
