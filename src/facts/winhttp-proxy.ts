import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';

/**
 * The machine-wide WinHTTP proxy (netsh winhttp show proxy). Context only: a .NET Framework service does not use it by
 * default (HttpWebRequest takes the Internet Explorer/WinINET settings of its account, or <defaultProxy> in its
 * .config; checks/network-endpoints.ts, learn.microsoft.com "<defaultProxy> element"); some Windows components do.
 */
export const winhttpProxySchema = z.object({
  Direct: z.boolean(),
  ProxyServer: z.nullish(z.string()),
  BypassList: z.nullish(z.string()),
});

export type WinhttpProxyFacts = z.infer<typeof winhttpProxySchema>;

export const winhttpProxyFact: FactDef<WinhttpProxyFacts> = {
  probe: 'winhttpProxy',
  describe: 'The machine-wide WinHTTP proxy (netsh winhttp); a .NET Framework service uses its account\'s Internet Explorer (WinINET) proxy settings or its <defaultProxy> config instead',
  describeNl: 'De WinHTTP-proxy van deze server (netsh winhttp); een .NET Framework-service gebruikt in plaats daarvan de Internet Explorer-proxyinstellingen (WinINET) van zijn account of <defaultProxy> in zijn config',
  schema: winhttpProxySchema,
};
