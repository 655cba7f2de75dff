import { describe, expect, it } from '@jest/globals';
import { check, STRONG_CRYPTO_FIX } from '../../checks/dotnet-tls12.js';
import { judge, script } from '../support/checks.js';
import { failed, ok } from '../support/snapshot.js';

const NONE = { StrongCrypto64: null, StrongCrypto32: null, SystemDefaultTls64: null, SystemDefaultTls32: null, Tls12ClientEnabled: null, Tls12ClientDisabledByDefault: null };
const run = (over: Record<string, unknown>) => judge(check.id, { dotnetTls: ok({ ...NONE, ...over }) });

describe('dotnet.tls12', () => {
  it.each([
    ['everything set', { StrongCrypto64: 1, StrongCrypto32: 1, SystemDefaultTls64: 1, SystemDefaultTls32: 1 }],
    ['SchUseStrongCrypto in both views', { StrongCrypto64: 1, StrongCrypto32: 1 }],
    ['SystemDefaultTlsVersions in both views', { SystemDefaultTls64: 1, SystemDefaultTls32: 1 }],
    ['one setting per view', { StrongCrypto64: 1, SystemDefaultTls32: 1 }],
    ['TLS 1.2 client explicitly on', { StrongCrypto64: 1, StrongCrypto32: 1, Tls12ClientEnabled: 1, Tls12ClientDisabledByDefault: 0 }],
    ['values printed as strings', { StrongCrypto64: '1', StrongCrypto32: '1' }],
  ])('passes: %s', (_what, over) => {
    const r = run(over);
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('.NET Framework 4.x may use TLS 1.2 (64-bit and 32-bit)');
  });

  it.each([
    ['only the 64-bit view', { StrongCrypto64: 1, SystemDefaultTls64: 1 }, 'the 32-bit framework'],
    ['only the 32-bit view', { StrongCrypto32: 1 }, 'the 64-bit framework'],
    ['nothing set (a fresh server)', {}, 'either framework'],
    ['set to 0', { StrongCrypto64: 0, StrongCrypto32: 0, SystemDefaultTls64: 0, SystemDefaultTls32: 0 }, 'either framework'],
  ])('warns: %s', (_what, over, which) => {
    const r = run(over);
    expect(r.status).toBe('warn');
    expect(r.summary).toBe(`Strong cryptography is not enabled for ${which}: a .NET 4.x application that does not target 4.7 or opt in may offer only SSL 3.0/TLS 1.0. `
      + 'The Clickker service targets .NET 4.7 and uses the operating system default (TLS 1.2) regardless');
    expect(script(r)).toBe(STRONG_CRYPTO_FIX);
  });

  it.each([
    // learn.microsoft.com "TLS, DTLS, and SSL protocol version settings": Enabled = 0 switches a protocol off;
    // DisabledByDefault = 1 leaves it usable by an application that asks for it explicitly.
    ['Enabled = 0', { Tls12ClientEnabled: 0 }, /TLS 1\.2 is switched off for clients in SCHANNEL \(Enabled = 0\): no application/],
    ['DisabledByDefault = 1', { Tls12ClientDisabledByDefault: 1 }, /DisabledByDefault = 1\): only applications that ask for TLS 1\.2 explicitly can use it; the Clickker service leaves the choice to Windows/],
  ])('fails when SCHANNEL keeps TLS 1.2 from the service (%s), even with strong crypto on, and says what it means', (_what, over, words) => {
    const r = run({ StrongCrypto64: 1, StrongCrypto32: 1, ...over });
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(words);
    expect(r.summary.includes('no application')).toBe((over as { Tls12ClientEnabled?: number }).Tls12ClientEnabled === 0);
    expect(script(r)).toMatch(/SCHANNEL\\Protocols\\TLS 1\.2\\Client/);
  });

  it('names what powershell.exe itself offered, from the .NET view of the endpoints, as a diagnosis (issue 13)', () => {
    // capture 32: ServicePointManager.SecurityProtocol in powershell.exe is "Ssl3, Tls" by default.
    const endpoints = [{ url: 'https://www.clickker.nl', dotnet: { ok: true, status: 200, securityProtocol: 'SystemDefault', processSecurityProtocol: 'Ssl3, Tls' } }];
    const r = judge(check.id, { dotnetTls: ok(NONE), 'network.endpoints': ok({ endpoints }) });
    expect(r.status).toBe('warn');
    expect(r.summary).toContain('on this server powershell.exe offered only Ssl3, Tls');
    expect(r.evidence.processSecurityProtocol).toBe('Ssl3, Tls');
  });

  it('the fix sets both values in both registry views', () => {
    expect(STRONG_CRYPTO_FIX.split('\n')).toHaveLength(4);
    expect(STRONG_CRYPTO_FIX).toContain('WOW6432Node');
    expect(STRONG_CRYPTO_FIX.match(/SchUseStrongCrypto/g)).toHaveLength(2);
  });

  it('is unknown when the probe failed', () => {
    const r = judge(check.id, { dotnetTls: failed('error', 'registry read failed') });
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('probe dotnetTls failed (error): registry read failed');
  });
});
