import { describe, expect, it } from '@jest/globals';
import { check, judgeEndpoint, type EndpointVerdict } from '../../checks/network-endpoints.js';
import { endpointSchema } from '../../src/facts/network.js';
import { judge, REQ } from '../support/checks.js';
import { endpoint, type EndpointOver } from '../support/ps-data.js';
import { failed, ok } from '../support/snapshot.js';

const URLS = REQ.endpoints.synergy!.map((e) => e.url);
const PROXY = 'http://proxy.contoso.local:8080';
// <defaultProxy useDefaultCredentials> defaults to false (learn.microsoft.com: <defaultProxy> element): a default
// HttpWebRequest answers a proxy's 407 with nothing, and there is no prompt; the probe takes credentials in --proxy.
const NO_PROXY_CREDENTIALS = 'a .NET service sends no credentials to a proxy unless its configuration sets <defaultProxy useDefaultCredentials="true">; give this probe credentials with --proxy http://user:password@host:port';

/** All synergy endpoints healthy except the ones given. */
function run(special: Record<string, EndpointOver> = {}, options = {}, extra: Record<string, unknown>[] = []) {
  const endpoints = [...URLS.map((u) => endpoint(u, special[u])), ...extra];
  return judge(check.id, { 'network.endpoints': ok({ endpoints }) }, { options });
}
const one = (over: EndpointOver) => judgeEndpoint(endpointSchema.parse(endpoint('https://api.cloud.clickker.nl', over)));
const found = (r: { evidence: { found?: unknown } }) => r.evidence.found as EndpointVerdict[];

describe('network.endpoints', () => {
  it('passes when every endpoint of the profile answers', () => {
    const r = run();
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('All 3 endpoints reachable over HTTPS');
    expect(found(r).map((v) => v.url)).toEqual(URLS);
  });

  describe('each layer, Node view only (no .NET view recorded)', () => {
    it.each([
      ['dns', { dns: { ok: false, error: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND api.cloud.clickker.nl' }, ms: 3 }, tcp: undefined, tls: undefined, http: undefined }, 'DNS: ENOTFOUND getaddrinfo ENOTFOUND api.cloud.clickker.nl'],
      ['tcp', { tcp: { ok: false, error: { code: 'ETIMEDOUT', message: 'connect ETIMEDOUT 203.0.113.41:443' }, ms: 10000 }, tls: undefined, http: undefined }, 'TCP: ETIMEDOUT connect ETIMEDOUT 203.0.113.41:443'],
      ['tcp', { proxy: PROXY, tcp: { ok: false, error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.20.1.15:8080' }, ms: 2 }, tls: undefined, http: undefined }, `TCP via proxy ${PROXY}: ECONNREFUSED connect ECONNREFUSED 10.20.1.15:8080`],
      ['proxy', { proxy: PROXY, tls: undefined, http: { ok: false, status: 407, ms: 9 } }, `the proxy ${PROXY} needs authentication (HTTP 407): ${NO_PROXY_CREDENTIALS}`],
      ['proxy', { tls: undefined, http: { ok: false, status: 407, ms: 9 } }, `the proxy needs authentication (HTTP 407): ${NO_PROXY_CREDENTIALS}`],
      ['tls', { tls: { ok: false, error: { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', message: 'unable to get local issuer certificate' }, ms: 20 }, http: undefined }, 'TLS: UNABLE_TO_GET_ISSUER_CERT_LOCALLY unable to get local issuer certificate'],
      ['http', { http: { ok: false, status: 503, ms: 40 } }, 'HTTP: status 503'],
      ['http', { http: { ok: false, error: { code: 'ECONNRESET', message: 'socket hang up' }, ms: 40 } }, 'HTTP: ECONNRESET socket hang up'],
    ])('%s: %s', (layer, over, detail) => {
      const v = one({ ...over, dotnet: undefined });
      expect(v).toEqual({ url: 'https://api.cloud.clickker.nl', status: 'fail', layer, detail });
      const r = run({ 'https://api.cloud.clickker.nl': { ...over, dotnet: undefined } });
      expect(r.status).toBe('fail');
      expect(r.summary).toBe(`1 of 3 endpoints unreachable: api.cloud.clickker.nl: ${detail}`);
    });

    it('TLS inspection is a warning that asks for the bypass', () => {
      const v = one({ dotnet: undefined, tls: { ok: true, protocol: 'TLSv1.2', authorized: true, issuer: 'CN=Contoso Proxy CA', inspectedBy: 'CN=Contoso Proxy CA, O=Contoso', ms: 20 } });
      expect(v).toMatchObject({ status: 'warn', layer: 'tls', detail: "HTTP 200, TLSv1.2; TLS inspection by CN=Contoso Proxy CA, O=Contoso: ask for this host on the proxy's inspection bypass list" });
    });

    it('a success names the status, the proxy and the TLS protocol', () => {
      expect(one({ proxy: PROXY, dotnet: undefined })).toEqual({ url: 'https://api.cloud.clickker.nl', status: 'pass', layer: 'http', detail: `HTTP 200 via proxy ${PROXY}, TLSv1.3` });
    });

    it('an endpoint without any recorded stage is unknown', () => {
      expect(one({ dns: undefined, tcp: undefined, tls: undefined, http: undefined, dotnet: undefined })).toMatchObject({ status: 'unknown', layer: 'none' });
    });
  });

  describe('the .NET view decides', () => {
    it('.NET connects although Node could not (e.g. the WinHTTP proxy): pass, with Node\'s view as an aside', () => {
      const v = one({ dns: { ok: false, error: { code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND api.cloud.clickker.nl' }, ms: 3 }, dotnet: { ok: true, status: 200, error: null } });
      expect(v).toEqual({
        url: 'https://api.cloud.clickker.nl', status: 'pass', layer: 'dotnet',
        detail: ".NET Framework connects (HTTP 200) (Node's own view: DNS: ENOTFOUND getaddrinfo ENOTFOUND api.cloud.clickker.nl)",
      });
    });

    it('.NET fails although Node connected (SChannel without TLS 1.2): fail', () => {
      const v = one({ dotnet: { ok: false, status: null, error: 'The request was aborted: Could not create SSL/TLS secure channel.' } });
      expect(v).toEqual({ url: 'https://api.cloud.clickker.nl', status: 'fail', layer: 'dotnet', detail: '.NET Framework cannot connect: The request was aborted: Could not create SSL/TLS secure channel.' });
    });

    it('both fail: the .NET error first, Node\'s diagnosis after it', () => {
      const v = one({ tcp: { ok: false, error: { code: 'ETIMEDOUT', message: 'connect ETIMEDOUT 203.0.113.41:443' }, ms: 10000 }, tls: undefined, http: undefined, dotnet: { ok: false, error: 'Unable to connect to the remote server' } });
      expect(v.detail).toBe('.NET Framework cannot connect: Unable to connect to the remote server; TCP: ETIMEDOUT connect ETIMEDOUT 203.0.113.41:443');
    });

    it('an inspection warning survives a .NET success', () => {
      const v = one({ tls: { ok: true, inspectedBy: 'CN=Contoso Proxy CA', ms: 20 }, dotnet: { ok: true, status: 200 } });
      expect(v.status).toBe('warn');
    });
  });

  it('an endpoint of the profile that was not probed is unknown', () => {
    const endpoints = URLS.slice(0, 2).map((u) => endpoint(u));
    const r = judge(check.id, { 'network.endpoints': ok({ endpoints }) });
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('https://api.cloud.clickker.nl was not probed');
    expect(found(r)[2]).toEqual({ url: 'https://api.cloud.clickker.nl', status: 'unknown', layer: 'none', detail: 'not probed' });
  });

  it('a failure outweighs a missing endpoint, a missing endpoint outweighs a warning', () => {
    const endpoints = [endpoint(URLS[0]!, { http: { ok: false, status: 502, ms: 3 }, dotnet: { ok: false, error: 'The remote server returned an error: (502) Bad Gateway.' } }), endpoint(URLS[1]!, { tls: { ok: true, inspectedBy: 'CN=X', ms: 1 } })];
    expect(judge(check.id, { 'network.endpoints': ok({ endpoints }) }).status).toBe('fail');
    expect(judge(check.id, { 'network.endpoints': ok({ endpoints: endpoints.slice(1) }) }).status).toBe('unknown');
  });

  it('matches URLs without regard to case or a trailing slash', () => {
    const endpoints = URLS.map((u) => endpoint(`${u.toUpperCase().replace('HTTPS', 'https')}/`));
    expect(judge(check.id, { 'network.endpoints': ok({ endpoints }) }).status).toBe('pass');
  });

  it('several warnings are all named', () => {
    const tls = { tls: { ok: true, protocol: 'TLSv1.2', inspectedBy: 'CN=Contoso Proxy CA', ms: 5 } };
    const r = run({ [URLS[0]!]: tls, [URLS[2]!]: tls });
    expect(r.status).toBe('warn');
    expect(r.summary).toMatch(/^Reachable, but www\.clickker\.nl: HTTP 200, TLSv1\.2; TLS inspection by CN=Contoso Proxy CA: .*; api\.cloud\.clickker\.nl: HTTP 200, TLSv1\.2; TLS inspection/);
  });

  it('the endpoints option (--endpoint URL) replaces the requirements list', () => {
    const extra = endpoint('https://files.partner.example.nl');
    const r = run({ [URLS[0]!]: { http: { ok: false, status: 500, ms: 1 }, dotnet: { ok: false, error: 'The remote server returned an error: (500) Internal Server Error.' } } }, { endpoints: ['https://files.partner.example.nl'] }, [extra]);
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('All 1 endpoints reachable over HTTPS');
    const missing = run({}, { endpoints: ['https://files.partner.example.nl'] });
    expect(missing.status).toBe('unknown');
    expect(missing.reason).toBe('https://files.partner.example.nl was not probed');
  });

  it('the online profile checks its own endpoints', () => {
    const r = run({}, { profile: 'online' });
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('https://cloud.clickker.nl and https://watcher.clickker.nl were not probed');
    const online = REQ.endpoints.online!.map((e) => endpoint(e.url));
    expect(judge(check.id, { 'network.endpoints': ok({ endpoints: online }) }, { options: { profile: 'online' } }).status).toBe('pass');
  });

  it('is unknown when the probe failed', () => {
    const r = judge(check.id, { 'network.endpoints': failed('timeout', 'the network stage did not finish in 60 s') });
    expect(r.reason).toBe('probe network.endpoints timed out: the network stage did not finish in 60 s');
  });
});

describe('network.endpoints with nothing to check', () => {
  it('is unknown, never a pass, when the endpoint list is empty', async () => {
    const { check } = await import('../../checks/network-endpoints.js');
    const { runChecks } = await import('../../src/core/runner.js');
    const { makeSnapshot, ok } = await import('../support/snapshot.js');
    const { loadRequirements } = await import('../../src/core/requirements.js');
    const { defaultOptions } = await import('../../src/core/evaluate.js');
    const facts = makeSnapshot({ 'network.endpoints': ok({ endpoints: [] }) }).facts;
    const [r] = runChecks({ checks: [check], facts, requirements: loadRequirements().requirements, options: defaultOptions({ endpoints: [] }), now: new Date() });
    expect(r!.status).toBe('unknown');
    expect(r!.reason).toMatch(/no endpoints to check/);
    expect(r!.remediation?.text).toMatch(/--endpoint/);
  });
});

describe('network.endpoints: the .NET view gathered through PowerShell', () => {
  const dotnetOnly = (dotnet: Record<string, unknown>) => endpointSchema.parse({ url: 'https://api.cloud.clickker.nl', dotnet });
  const WINHTTP = { Direct: false, ProxyServer: 'proxy.contoso.local:8080', BypassList: '<local>', Flags: 3 };

  // A view made with powershell.exe's own default (snapshots before issue 13) is not what a .NET 4.7 service gets:
  // "Starting with apps that target .NET Framework 4.7, the default value of this property is SystemDefault"
  // (learn.microsoft.com: ServicePointManager.SecurityProtocol); capture 32 shows powershell.exe's "Ssl3, Tls".
  const SCF = 'SecureChannelFailure: The request was aborted: Could not create SSL/TLS secure channel.';
  it.each([
    ['Ssl3, Tls', 'TLSv1.2', 'pass'],
    ['Tls', 'TLSv1.2', 'pass'],
    ['Ssl3, Tls', 'TLSv1.3', 'unknown'],
  ])('an old view that offered %s failing with SecureChannelFailure while Node got %s: %s', (offered, protocol, status) => {
    const v = one({ tls: { ok: true, protocol, authorized: true, ms: 20 }, dotnet: { ok: false, status: null, error: SCF, webStatus: 'SecureChannelFailure', securityProtocol: offered } });
    expect(v.status).toBe(status);
    expect(v.detail).toContain(`the .NET view was made with powershell.exe's own default (${offered}), not the SystemDefault a .NET 4.7 service gets`);
  });

  it.each([['Tls, Tls11, Tls12'], ['SystemDefault'], ['Tls12, Tls13']])('a SecureChannelFailure with %s offered is the service\'s own failure: fail', (offered) => {
    const v = one({ dotnet: { ok: false, status: null, error: SCF, webStatus: 'SecureChannelFailure', securityProtocol: offered, processSecurityProtocol: 'Ssl3, Tls' } });
    expect(v).toMatchObject({ status: 'fail', layer: 'dotnet' });
  });

  it('an old .NET-only record (standalone) with the process default is unknown, never a fail', () => {
    const v = judgeEndpoint(dotnetOnly({ ok: false, error: SCF, webStatus: 'SecureChannelFailure', securityProtocol: 'Ssl3, Tls' }));
    expect(v.status).toBe('unknown');
    expect(v.detail).toMatch(/collect again with this version of clickker$/);
  });

  it('an old view whose Node side failed too stays a fail, decided by Node', () => {
    const v = one({ tcp: { ok: false, error: { code: 'ECONNREFUSED', message: 'refused' }, ms: 2 }, tls: undefined, http: undefined, dotnet: { ok: false, error: SCF, webStatus: 'SecureChannelFailure', securityProtocol: 'Ssl3, Tls' } });
    expect(v).toMatchObject({ status: 'fail', layer: 'tcp' });
  });

  it('does not blame the protocol for a certificate .NET does not trust', () => {
    const v = one({ dotnet: { ok: false, error: 'TrustFailure: The remote certificate is invalid according to the validation procedure.', webStatus: 'TrustFailure', securityProtocol: 'Ssl3, Tls' } });
    expect(v.detail).toBe('.NET Framework cannot connect: TrustFailure: The remote certificate is invalid according to the validation procedure.');
  });

  it('names the proxy .NET used (its default proxy)', () => {
    expect(one({ dotnet: { ok: true, status: 200, proxy: 'http://proxy.contoso.local:8080/', proxySource: 'default' } }).detail).toBe('.NET Framework connects (HTTP 200 via proxy http://proxy.contoso.local:8080/)');
  });

  it('an old view made through the WinHTTP proxy is not the service\'s route: a warning', () => {
    // HttpWebRequest does not read the WinHTTP proxy (learn.microsoft.com: <defaultProxy> element).
    const v = one({ dotnet: { ok: true, status: 200, proxy: 'http://proxy.contoso.local:8080/', proxySource: 'winhttp' } });
    expect(v).toMatchObject({ status: 'warn', layer: 'proxy' });
    expect(v.detail).toMatch(/went through the WinHTTP proxy, which a \.NET service does not use by default/);
  });

  it('a record holding the .NET view alone (standalone collector) is judged by it; WinHTTP is compared with .NET\'s default proxy, as context', () => {
    expect(judgeEndpoint(dotnetOnly({ ok: true, status: 200, proxy: 'http://proxy.contoso.local:8080/', proxySource: 'default' }), WINHTTP)).toEqual({
      url: 'https://api.cloud.clickker.nl', status: 'pass', layer: 'dotnet', detail: '.NET Framework connects (HTTP 200 via proxy http://proxy.contoso.local:8080/)',
    });
    const direct = judgeEndpoint(dotnetOnly({ ok: true, status: 200, proxy: null, proxySource: 'default' }), WINHTTP);
    expect(direct.status).toBe('warn');
    expect(direct.detail).toMatch(/the WinHTTP proxy \(netsh winhttp\) goes via proxy\.contoso\.local:8080, but \.NET's default proxy \(the Internet Explorer settings of the account this ran as\) went direct; a \.NET service uses the Internet Explorer proxy settings of its own account/);
    // An old standalone record went through WinHTTP itself: nothing to compare.
    expect(judgeEndpoint(dotnetOnly({ ok: false, error: 'ConnectFailure: Unable to connect to the remote server', proxySource: 'winhttp', proxy: 'http://proxy.contoso.local:8080/' }), WINHTTP)).toMatchObject({ status: 'fail', detail: '.NET Framework cannot connect: ConnectFailure: Unable to connect to the remote server' });
    // With Node's view present and no .NET view, Node's route is compared.
    expect(judgeEndpoint(endpointSchema.parse(endpoint('https://api.cloud.clickker.nl', { dotnet: undefined })), WINHTTP).detail).toMatch(/this probe went direct/);
  });
});
