import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';
import { psArray } from './ps.js';

const right = z.nullish(z.boolean());

/** The configured service account on this server: resolved SID, local Administrators membership, logon rights. */
export const serviceAccountSchema = z.object({
  Account: z.string(),
  Sid: z.nullish(z.string()),
  Resolved: z.boolean(),
  /**
   * With Resolved false: true when the name was looked up and does not exist (IdentityNotMappedException), false when
   * it could not be looked up (LookupError says why). Added in issue 13; absent in older snapshots.
   */
  NotFound: z.optional(z.boolean()),
  LookupError: z.nullish(z.string()),
  /** Where the groups came from: s4u (complete token), ldap (AD tokenGroups: domain groups only), none. */
  GroupSource: z.optional(z.string()),
  /** Why no S4U token could be had, when GroupSource is not s4u. Added in issue 13. */
  S4uError: z.nullish(z.string()),
  /** Member of local Administrators (SID S-1-5-32-544), directly or through a group; null = could not tell. */
  IsLocalAdmin: z.nullish(z.boolean()),
  AdminVia: z.optional(psArray(z.string())),
  /** Each right held by the account or one of its groups (secedit USER_RIGHTS); null = could not be read. */
  Rights: z.object({
    SeBatchLogonRight: right,
    SeServiceLogonRight: right,
    SeDenyBatchLogonRight: right,
    SeDenyServiceLogonRight: right,
  }),
});

export type ServiceAccountFacts = z.infer<typeof serviceAccountSchema>;

export const serviceAccountFact: FactDef<ServiceAccountFacts> = {
  probe: 'serviceAccount',
  describe: 'The service account: SID, local Administrators membership, log on as a batch job / as a service rights',
  describeNl: 'Het serviceaccount: SID, lidmaatschap van de lokale groep Administrators, de rechten Aanmelden als batchtaak / als service',
  schema: serviceAccountSchema,
};
