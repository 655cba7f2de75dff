import { describe, expect, it } from '@jest/globals';
import { certificateProblem, check } from '../../checks/iis-https-binding.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import { bindingSchema } from '../../src/facts/iis-sites.js';
import { judge, judgeAll, NOW } from '../support/checks.js';
import { cert, HTTP, https, site, synergyData } from '../support/iis-data.js';
import { msDate } from '../support/ps-data.js';
import { failed, ok } from '../support/snapshot.js';

const DAY = 86_400_000;
const inDays = (n: number) => msDate(new Date(NOW.getTime() + n * DAY).toISOString());

function run(bindings: unknown, externalAccess = false, synergy: ProbeRecord = ok(synergyData())) {
  return judge(check.id, { synergy, iisSites: ok([site(bindings)]) }, { options: { externalAccess } });
}

describe('iis.https-binding', () => {
  it('passes with a valid, trusted, current certificate for the binding host name', () => {
    const r = run([HTTP, https()]);
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('HTTPS on Default Web Site (*:443:synergy.contoso.nl) with a valid certificate');
  });

  describe.each([
    ['expired', { NotAfter: msDate('2026-11-01T00:00:00Z') }, 'certificate expired on 2026-11-01'],
    ['expiring this very moment', { NotAfter: msDate(NOW.toISOString()) }, 'certificate expired on 2026-11-22'],
    ['not yet valid', { NotBefore: msDate('2026-12-01T00:00:00Z') }, 'certificate not valid before 2026-12-01'],
    ['without its private key', { HasPrivateKey: false }, 'the certificate has no private key'],
    ['with an untrusted chain', { ChainValid: false, Issuer: 'CN=synergy.contoso.nl' }, 'the certificate chain is not trusted (issuer CN=synergy.contoso.nl; self-signed or an unknown CA)'],
    ['for another host name', { DnsNames: ['www.contoso.nl', 'mail.contoso.nl'] }, 'the certificate is for www.contoso.nl and mail.contoso.nl, not synergy.contoso.nl'],
  ])('a certificate %s', (_what, over, problem) => {
    it('is a warning without --external-access', () => {
      const r = run([https('*:443:synergy.contoso.nl', cert(over))]);
      expect(r.status).toBe('warn');
      expect(r.summary).toBe(`No usable HTTPS binding: *:443:synergy.contoso.nl: ${problem}; needed when external parties must reach Clickker (--external-access)`);
    });

    it('is a failure with --external-access', () => {
      const r = run([https('*:443:synergy.contoso.nl', cert(over))], true);
      expect(r.status).toBe('fail');
      expect(r.summary).toBe(`No usable HTTPS binding: *:443:synergy.contoso.nl: ${problem} (external access is wanted)`);
      expect(r.evidence.externalAccess).toBe(true);
    });
  });

  it('no HTTPS binding: a warning, or a failure with --external-access, naming the site as IIS does', () => {
    const r = run([HTTP]);
    expect(r.status).toBe('warn');
    expect(r.summary).toBe('The Synergy website Default Web Site has no HTTPS binding; needed when external parties must reach Clickker (--external-access)');
    expect(run([HTTP], true).status).toBe('fail');
  });

  it('a hash without a certificate in the store', () => {
    const r = run([https('*:443:', null)]);
    expect(r.summary).toMatch(/certificate 3F1D7A2C9B4E6F8A0C1D2E3F4A5B6C7D8E9F0A1B is not in the My store/);
    const none = run([{ ...https('*:443:', null), CertificateHash: null }]);
    expect(none.summary).toMatch(/\*:443:: no certificate bound/);
  });

  it.each([29, 1])('warns when the certificate expires within 30 days (%i days left), even with --external-access', (days) => {
    const r = run([https('*:443:synergy.contoso.nl', cert({ NotAfter: inDays(days) }))], true);
    expect(r.status).toBe('warn');
    expect(r.summary).toMatch(/^HTTPS certificate expires soon \(\d{4}-\d\d-\d\d\)$/);
    expect(r.remediation?.text).toMatch(/less than 30 days remain/);
  });

  it('passes with 31 days left', () => {
    expect(run([https('*:443:synergy.contoso.nl', cert({ NotAfter: inDays(31) }))]).status).toBe('pass');
  });

  it.each([
    ['no host name in the binding', '*:443:', ['other.example.nl'], 'pass'],
    ['an IP-specific binding without host', '10.0.0.15:443:', ['other.example.nl'], 'pass'],
    ['a wildcard certificate', '*:443:synergy.contoso.nl', ['*.contoso.nl'], 'pass'],
    ['a wildcard one level too shallow', '*:443:synergy.eu.contoso.nl', ['*.contoso.nl'], 'warn'],
    ['a host name in other case', '*:443:Synergy.Contoso.NL', ['synergy.contoso.nl'], 'pass'],
    ['a certificate printed with a single DNS name (bare string)', '*:443:synergy.contoso.nl', 'synergy.contoso.nl', 'pass'],
    ['a certificate without DNS names', '*:443:synergy.contoso.nl', [], 'pass'],
    ['an IPv6-specific binding with the right name', '[::1]:443:synergy.contoso.nl', ['synergy.contoso.nl'], 'pass'],
    ['an IPv6-specific binding with the wrong name', '[2001:db8::15]:443:synergy.contoso.nl', ['www.contoso.nl'], 'warn'],
    ['an IPv6-specific binding without host', '[2001:db8::15]:443:', ['www.contoso.nl'], 'pass'],
  ])('host names: %s', (_what, binding, names, status) => {
    expect(run([https(binding, cert({ DnsNames: names }))]).status).toBe(status);
  });

  it('one good binding is enough', () => {
    const r = run([https('*:443:old.contoso.nl', cert({ NotAfter: msDate('2025-01-01T00:00:00Z') })), https('*:443:synergy.contoso.nl')]);
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('HTTPS on Default Web Site (*:443:synergy.contoso.nl) with a valid certificate');
    expect((r.evidence.found as { problem: string | null }[]).map((f) => f.problem)).toEqual(['certificate expired on 2025-01-01', null]);
  });

  it('looks only at the site that hosts Synergy', () => {
    const other = site([https()], { Name: 'Intranet', Id: 2 });
    const r = judge(check.id, { synergy: ok(synergyData()), iisSites: ok([site([HTTP]), other]) });
    expect(r.status).toBe('warn');
    expect(r.summary).toMatch(/has no HTTPS binding/);
  });

  describe('depends on synergy.website', () => {
    it('is unknown when synergy.website fails', () => {
      const results = judgeAll(check.id, { synergy: ok(synergyData(null)), iisSites: ok([site([https()])]) });
      expect(results.map((r) => [r.id, r.status])).toEqual([['iis.https-binding', 'unknown'], ['synergy.website', 'fail']]);
      const r = results[0]!;
      // In words, not a status code (it said "(it is fail)", "(nu: fail)").
      expect(r.reason).toBe('needs synergy.website to pass first (it failed)');
      expect(r.nl?.reason).toBe('eerst moet synergy.website slagen (die is mislukt)');
      expect(r.evidence).toEqual({ prerequisite: 'synergy.website', prerequisiteStatus: 'fail' });
    });

    it('is unknown when synergy.website could not be evaluated', () => {
      const r = judge(check.id, { synergy: failed('timeout', 'no answer'), iisSites: ok([site([https()])]) });
      expect(r.reason).toBe('needs synergy.website to pass first (it could not be evaluated)');
    });

    it('is evaluated when synergy.website only warns (site stopped)', () => {
      const r = judge(check.id, { synergy: ok(synergyData()), iisSites: ok([site([https()], { State: 'Stopped' })]) });
      expect(r.status).toBe('pass');
    });

    it('is unknown when the iisSites probe failed', () => {
      const r = judge(check.id, { synergy: ok(synergyData()), iisSites: failed('needs-elevation', 'Cannot read configuration file due to insufficient permissions') });
      expect(r.status).toBe('unknown');
      expect(r.reason).toMatch(/^needs an elevated prompt \(probe iisSites/);
    });
  });

  it('certificateProblem checks in a fixed order: expiry before trust', () => {
    const b = bindingSchema.parse(https('*:443:x.example.nl', cert({ NotAfter: msDate('2026-01-01T00:00:00Z'), ChainValid: false, HasPrivateKey: false, DnsNames: ['y.example.nl'] })));
    expect(certificateProblem(b, NOW)?.en).toBe('certificate expired on 2026-01-01');
    expect(certificateProblem(bindingSchema.parse(https()), NOW)).toBeNull();
  });

  it('names the IPv6 binding host it compared', () => {
    const r = run([https('[2001:db8::15]:443:synergy.contoso.nl', cert({ DnsNames: ['www.contoso.nl'] }))]);
    expect(r.summary).toMatch(/the certificate is for www\.contoso\.nl, not synergy\.contoso\.nl/);
  });
});
