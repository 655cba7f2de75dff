import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';

/** Who ran the collector, and whether the token is elevated (Administrators SID S-1-5-32-544 enabled in the token). */
export const identitySchema = z.object({
  User: z.string(),
  Sid: z.nullish(z.string()),
  IsElevated: z.boolean(),
  /** Member of local Administrators by SID, elevated or not; null when it could not be determined. */
  IsAdministratorsMember: z.nullish(z.boolean()),
});

export type IdentityFacts = z.infer<typeof identitySchema>;

export const identityFact: FactDef<IdentityFacts> = {
  probe: 'identity',
  describe: 'The account that ran the collector and whether its token is elevated',
  describeNl: 'Het account dat het verzamelen uitvoerde en of het token verhoogd is',
  schema: identitySchema,
};
