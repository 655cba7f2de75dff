import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';
import { psInt } from './ps.js';

/** NDP\v4\Full registry values; null (no output) means the key is absent, i.e. no .NET Framework 4.5 or later. */
export const dotnetSchema = z.nullable(z.object({
  Release: z.nullish(psInt),
  Version: z.nullish(z.string()),
}));

export type DotnetFacts = z.infer<typeof dotnetSchema>;

export const dotnetFact: FactDef<DotnetFacts> = {
  probe: 'dotnet',
  describe: "HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full: Release and Version",
  describeNl: 'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full: Release en Version',
  schema: dotnetSchema,
};
