import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';
import type { FactDef } from '../core/facts.js';
import { psArray, psDate, psInt } from './ps.js';

export const certificateSchema = z.object({
  Subject: z.string().nullish(),
  Issuer: z.string().nullish(),
  Thumbprint: z.string().nullish(),
  NotBefore: psDate.optional(),
  NotAfter: psDate.optional(),
  DnsNames: psArray(z.string()).optional(),
  HasPrivateKey: z.boolean().nullish(),
  /** X509Chain.Build on the server: chain builds to a trusted root and is not revoked; null = the build threw. */
  ChainValid: z.boolean().nullish(),
  /** Server Authentication (1.3.6.1.5.5.7.3.1) in the EKU, or no EKU extension; null = not read. Added in issue 13. */
  ServerAuth: z.boolean().nullish(),
});

export const bindingSchema = z.object({
  Protocol: z.string(),
  BindingInformation: z.string(),
  SslFlags: psInt.nullish(),
  CertificateHash: z.string().nullish(),
  CertificateStoreName: z.string().nullish(),
  Certificate: certificateSchema.nullish(),
});

export const applicationSchema = z.object({
  Path: z.string(),
  PhysicalPath: z.string().nullish(),
  ApplicationPool: z.string().nullish(),
});

export const siteSchema = z.object({
  Name: z.string(),
  Id: psInt.nullish(),
  /** Started/Stopped, or the ObjectState integer (1 Started, 3 Stopped) in PS 5.1. */
  State: z.union([z.string(), z.number()]).nullish(),
  PhysicalPath: z.string().nullish(),
  Bindings: psArray(bindingSchema),
  Applications: psArray(applicationSchema).optional(),
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
