import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';
import type { FactDef } from '../core/facts.js';

/** The machine-wide WinHTTP proxy (netsh winhttp show proxy), which a .NET service uses. */
export const winhttpProxySchema = z.object({
  Direct: z.boolean(),
  ProxyServer: z.string().nullish(),
  BypassList: z.string().nullish(),
});

export type WinhttpProxyFacts = z.infer<typeof winhttpProxySchema>;

export const winhttpProxyFact: FactDef<WinhttpProxyFacts> = {
  probe: 'winhttpProxy',
  describe: 'The WinHTTP proxy a .NET Framework service uses',
  describeNl: 'De WinHTTP-proxy (netsh winhttp) van deze server',
  schema: winhttpProxySchema,
};
