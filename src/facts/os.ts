import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';
import { psDate, psInt } from './ps.js';

/** Win32_OperatingSystem ProductType: 1 workstation, 2 domain controller, 3 server. */
export const osSchema = z.nullable(z.object({
  Caption: z.nullish(z.string()),
  Version: z.string(),
  BuildNumber: psInt,
  ProductType: z.pipe(psInt, z.number().check(z.gte(1)).check(z.lte(3))),
  OSArchitecture: z.nullish(z.string()),
  OSLanguage: z.nullish(psInt),
  LastBootUpTime: z.optional(psDate),
}));

export type OsFacts = z.infer<typeof osSchema>;

export const osFact: FactDef<OsFacts> = {
  probe: 'os',
  describe: 'Win32_OperatingSystem: version, build, product type, architecture, language, last boot',
  describeNl: 'Win32_OperatingSystem: versie, build, producttype, architectuur, taal, laatste opstart',
  schema: osSchema,
};
