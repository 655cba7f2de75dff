// Issue 13, network.endpoints: false passes and false fails a field review found, each rebuilt from documented
// behaviour. Sources are named at each case.
import { describe, expect, it } from '@jest/globals';
import { check, judgeEndpoint } from '../../checks/network-endpoints.js';
import { offDomain, registrableDomain } from '../../checks/network-domain.js';
import { endpointSchema } from '../../src/facts/network.js';
import { judge, REQ } from '../support/checks.js';
import { endpoint, type EndpointOver } from '../support/ps-data.js';
import { ok } from '../support/snapshot.js';

const URLS = REQ.endpoints.synergy!.map((e) => e.url);
const one = (over: EndpointOver, url = 'https://api.cloud.clickker.nl') => judgeEndpoint(endpointSchema.parse(endpoint(url, over)));
const INSPECTED = { ok: true, protocol: 'TLSv1.2', authorized: true, issuer: 'CN=Contoso Proxy CA', inspectedBy: 'CN=Contoso Proxy CA, O=Contoso', ms: 20 };

describe('HTTP success is decided before TLS inspection is noted', () => {
  it.each([
    ['a 403 block page', { ok: false, status: 403, error: { code: 'HTTP_403', message: 'answered 403 Forbidden' }, ms: 9 }],
    ['a 502 from the gateway', { ok: false, status: 502, ms: 9 }],
  ])('%s behind a trusted inspection root is a fail, with the inspection as a note', (_what, http) => {
    const v = one({ dotnet: undefined, tls: INSPECTED, http });
    expect(v.status).toBe('fail');
    expect(v.layer).toBe('http');
    expect(v.detail).toMatch(/^HTTP: .*; TLS inspection by CN=Contoso Proxy CA, O=Contoso: ask for this host/);
  });

  it('a redirect to a block page on the gateway\'s own host is a warning naming where it went, not "reachable, but inspected"', () => {
    const v = one({ dotnet: undefined, tls: INSPECTED, http: { ok: true, status: 200, redirects: [{ status: 307, location: 'https://gateway.contoso.local/aup' }], finalUrl: 'https://gateway.contoso.local/aup', ms: 9 } });
    expect(v.status).toBe('warn');
    expect(v.detail).toMatch(/it was sent to gateway\.contoso\.local \(https:\/\/gateway\.contoso\.local\/aup\), outside clickker\.nl/);
  });
});

describe('a redirect off the endpoint\'s registrable domain is not "reachable"', () => {
  it('a 307 to a captive portal that ends in 200 warns and names the portal (Node view)', () => {
    const v = one({ dotnet: undefined, http: { ok: true, status: 200, redirects: [{ status: 307, location: 'http://portal.hotel-wifi.example/login' }], finalUrl: 'http://portal.hotel-wifi.example/login', ms: 9 } });
    expect(v).toMatchObject({ status: 'warn', layer: 'http' });
    expect(v.detail).toContain('portal.hotel-wifi.example');
  });

  it('the .NET view\'s ResponseUri on another domain warns too', () => {
    const v = one({ dotnet: { ok: true, status: 200, finalUrl: 'https://aup.webgateway.example.com/blocked?u=api.cloud.clickker.nl', proxySource: 'default' } });
    expect(v).toMatchObject({ status: 'warn', layer: 'dotnet' });
    expect(v.detail).toContain('aup.webgateway.example.com');
  });

  it('a redirect within the domain (clickker.nl -> www.clickker.nl) and to a known sign-in host passes', () => {
    expect(one({ dotnet: undefined, http: { ok: true, status: 200, redirects: [{ status: 301, location: 'https://www.clickker.nl/en/' }], finalUrl: 'https://www.clickker.nl/en/', ms: 9 } }, 'https://clickker.nl').status).toBe('pass');
    // Azure DevOps signs in through login.microsoftonline.com (azure-devops-docs allow-list-ip-url.md).
    expect(offDomain('https://sense-applications.visualstudio.com', 'https://login.microsoftonline.com/common/oauth2')).toBeNull();
  });

  it('registrable domains: two labels, three under a ccTLD second level', () => {
    expect(registrableDomain('api.cloud.clickker.nl')).toBe('clickker.nl');
    expect(registrableDomain('sense-applications.visualstudio.com')).toBe('visualstudio.com');
    expect(registrableDomain('portal.example.co.uk')).toBe('example.co.uk');
    expect(registrableDomain('127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('remediation names the endpoint that failed', () => {
  it('Test-NetConnection for the failing host, not a fixed one', () => {
    const failing = URLS.find((u) => !u.includes('api.cloud'))!;
    const r = judge(check.id, { 'network.endpoints': ok({ endpoints: URLS.map((u) => endpoint(u, u === failing ? { http: { ok: false, status: 503, ms: 1 }, dotnet: { ok: false, status: 503, error: 'ProtocolError: (503) Server Unavailable.' } } : {})) }) });
    expect(r.status).toBe('fail');
    const host = new URL(failing).hostname;
    expect(r.remediation?.commands?.[0]?.script).toBe(`Test-NetConnection -ComputerName '${host}' -Port 443`);
    expect(r.remediation?.text).toContain(host);
  });

  it('the generic fix no longer says netsh winhttp changes what a .NET service uses', () => {
    expect(check.remediation.commands?.[0]?.script).not.toMatch(/winhttp import proxy/);
    expect(check.remediation.commands?.[0]?.script).toMatch(/netsh winhttp does not change what it uses/);
  });
});
