import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';
import { psArray, psDate, psInt } from './ps.js';

export const certificateSchema = z.object({
  Subject: z.nullish(z.string()),
  Issuer: z.nullish(z.string()),
  Thumbprint: z.nullish(z.string()),
  NotBefore: z.optional(psDate),
  NotAfter: z.optional(psDate),
  DnsNames: z.optional(psArray(z.string())),
  HasPrivateKey: z.nullish(z.boolean()),
  /** X509Chain.Build on the server: chain builds to a trusted root and is not revoked; null = the build threw. */
  ChainValid: z.nullish(z.boolean()),
  /** Server Authentication (1.3.6.1.5.5.7.3.1) in the EKU, or no EKU extension; null = not read. Added in issue 13. */
  ServerAuth: z.nullish(z.boolean()),
});

export const bindingSchema = z.object({
  Protocol: z.string(),
  BindingInformation: z.string(),
  SslFlags: z.nullish(psInt),
  CertificateHash: z.nullish(z.string()),
  CertificateStoreName: z.nullish(z.string()),
  Certificate: z.nullish(certificateSchema),
});

export const applicationSchema = z.object({
  Path: z.string(),
  PhysicalPath: z.nullish(z.string()),
  ApplicationPool: z.nullish(z.string()),
});

export const siteSchema = z.object({
  Name: z.string(),
  Id: z.nullish(psInt),
  /** Started/Stopped, or the ObjectState integer (1 Started, 3 Stopped) in PS 5.1. */
  State: z.nullish(z.union([z.string(), z.number()])),
  PhysicalPath: z.nullish(z.string()),
  Bindings: psArray(bindingSchema),
  Applications: z.optional(psArray(applicationSchema)),
});

export const iisSitesSchema = psArray(siteSchema);
export type IisSite = z.infer<typeof siteSchema>;
export type IisBinding = z.infer<typeof bindingSchema>;
export type IisCertificate = z.infer<typeof certificateSchema>;

export const iisSitesFact: FactDef<IisSite[]> = {
  probe: 'iisSites',
  describe: 'IIS sites with bindings, applications, physical paths and the certificates bound to HTTPS',
  describeNl: 'IIS-sites met bindingen, toepassingen, fysieke paden en de certificaten die aan HTTPS zijn gekoppeld',
  schema: iisSitesSchema,
};
