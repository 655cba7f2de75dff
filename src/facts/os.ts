import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';
import type { FactDef } from '../core/facts.js';
import { psDate, psInt } from './ps.js';

/** Win32_OperatingSystem ProductType: 1 workstation, 2 domain controller, 3 server. */
export const osSchema = z.object({
  Caption: z.string().nullish(),
  Version: z.string(),
  BuildNumber: psInt,
  ProductType: psInt.pipe(z.number().min(1).max(3)),
  OSArchitecture: z.string().nullish(),
  OSLanguage: psInt.nullish(),
  LastBootUpTime: psDate.optional(),
}).nullable();

export type OsFacts = z.infer<typeof osSchema>;

export const osFact: FactDef<OsFacts> = {
  probe: 'os',
  describe: 'Win32_OperatingSystem: version, build, product type, architecture, language, last boot',
  describeNl: 'Win32_OperatingSystem: versie, build, producttype, architectuur, taal, laatste opstart',
  schema: osSchema,
};
