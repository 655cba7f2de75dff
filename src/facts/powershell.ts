import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';
import { psVersion } from './ps.js';

export const powershellSchema = z.object({
  PSVersion: psVersion,
  /** Desktop = Windows PowerShell (.NET Framework); Core = PowerShell 6+; absent on 4.0 and older. */
  PSEdition: z.nullish(z.string()),
});

export type PowershellFacts = z.infer<typeof powershellSchema>;

export const powershellFact: FactDef<PowershellFacts> = {
  probe: 'powershell',
  describe: '$PSVersionTable.PSVersion and PSEdition of the PowerShell that ran the probes',
  describeNl: '$PSVersionTable.PSVersion en PSEdition van de PowerShell die de metingen uitvoerde',
  schema: powershellSchema,
};
