// Issue 13, iis.https-binding: a chain build that threw (ChainValid null) is not "fine"; a certificate without the
// Server Authentication EKU (1.3.6.1.5.5.7.3.1, RFC 5280 4.2.1.12: SChannel refuses it for a server) is not a valid
// HTTPS binding; a Centralized Certificate Store binding (IIS sslFlags bit 2: "CentralCertStore", learn.microsoft.com
// IIS <binding> sslFlags) has no hash and is not "no certificate".
import { describe, expect, it } from '@jest/globals';
import { check } from '../../checks/iis-https-binding.js';
import { judge } from '../support/checks.js';
import { cert, https, site, synergyData } from '../support/iis-data.js';
import { ok } from '../support/snapshot.js';

const run = (bindings: unknown, externalAccess = false) => judge(check.id, { synergy: ok(synergyData()), iisSites: ok([site(bindings)]) }, { options: { externalAccess } });

describe('iis.https-binding: what cannot be judged, and what is not a server certificate', () => {
  it('ChainValid null (the chain build threw): unknown, never a pass', () => {
    const r = run([https('*:443:synergy.contoso.nl', cert({ ChainValid: null }))]);
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('*:443:synergy.contoso.nl: the certificate chain could not be checked (building it failed)');
  });

  it('a certificate without the Server Authentication EKU is not usable (fail with --external-access)', () => {
    const r = run([https('*:443:synergy.contoso.nl', cert({ ServerAuth: false }))], true);
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/the certificate is not for server authentication \(no Server Authentication EKU, 1\.3\.6\.1\.5\.5\.7\.3\.1\)/);
  });

  it('a Centralized Certificate Store binding (SslFlags 2 or 3, no hash) is unknown, not "no certificate bound"', () => {
    const ccs = { Protocol: 'https', BindingInformation: '*:443:synergy.contoso.nl', SslFlags: 3, CertificateHash: null, CertificateStoreName: null, Certificate: null };
    const r = run([ccs], true);
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/Centralized Certificate Store and was not examined/);
    // Without bit 2 and without a hash it really has no certificate.
    expect(run([{ ...ccs, SslFlags: 1 }], true).summary).toMatch(/no certificate bound/);
  });

  it('one good binding beside an undecided one passes', () => {
    expect(run([https('*:443:synergy.contoso.nl', cert()), https('*:8443:synergy.contoso.nl', cert({ ChainValid: null }))]).status).toBe('pass');
  });
});
