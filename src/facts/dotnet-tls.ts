import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';
import { psInt } from './ps.js';

const dword = z.nullish(psInt);

// The registry values this fact reads, named once for its readers: the dotnet.tls12 check and its fix, and the
// simulated host.
/** .NET Framework 4.x, 64-bit view. */
export const DOTNET_KEY64 = 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319';
/** .NET Framework 4.x, 32-bit view (WOW6432Node). */
export const DOTNET_KEY32 = 'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319';
/** The DWORD values that let .NET 4.x applications use TLS 1.2: both set to 1 in both views. */
export const STRONG_CRYPTO_VALUES = ['SchUseStrongCrypto', 'SystemDefaultTlsVersions'] as const;

/**
 * The registry values that decide whether a .NET Framework 4.x application may use TLS 1.2.
 * *64 = HKLM\SOFTWARE\Microsoft\.NETFramework\v4.0.30319, *32 = the WOW6432Node twin; null = value absent.
 */
export const dotnetTlsSchema = z.object({
  StrongCrypto64: dword,
  StrongCrypto32: dword,
  SystemDefaultTls64: dword,
  SystemDefaultTls32: dword,
  /** SCHANNEL\Protocols\TLS 1.2\Client: Enabled and DisabledByDefault (absent = OS default, enabled on 2016+). */
  Tls12ClientEnabled: dword,
  Tls12ClientDisabledByDefault: dword,
});

export type DotnetTlsFacts = z.infer<typeof dotnetTlsSchema>;

export const dotnetTlsFact: FactDef<DotnetTlsFacts> = {
  probe: 'dotnetTls',
  describe: '.NET 4.x SchUseStrongCrypto / SystemDefaultTlsVersions (64- and 32-bit) and SCHANNEL TLS 1.2 client settings',
  describeNl: '.NET 4.x SchUseStrongCrypto / SystemDefaultTlsVersions (64- en 32-bits) en de SCHANNEL-instellingen voor de TLS 1.2-client',
  schema: dotnetTlsSchema,
};
