// Registry keys the fixes write, shared by the Windows executor, the simulated host and the fix actions.

/** .NET Framework 4.x, 64-bit view. */
export const DOTNET_KEY64 = 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319';
/** .NET Framework 4.x, 32-bit view (WOW6432Node). */
export const DOTNET_KEY32 = 'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319';
/** The DWORD values that let .NET 4.x applications use TLS 1.2: both set to 1 in both views. */
export const STRONG_CRYPTO_VALUES = ['SchUseStrongCrypto', 'SystemDefaultTlsVersions'] as const;
