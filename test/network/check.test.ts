// From live loopback probes to the network.endpoints verdict: the source's record, the snapshot loader, the check,
// and the WinHTTP comparison. One readable line per endpoint.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { check, judgeEndpoint, winhttpDisagreement, winhttpRoute, type EndpointVerdict } from '../../checks/network-endpoints.js';
import { defaultOptions } from '../../src/core/evaluate.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import { allChecks } from '../../checks/index.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { runChecks } from '../../src/core/runner.js';
import type { EvaluationOptions, Result } from '../../src/core/types.js';
import { endpointSchema, type EndpointFacts } from '../../src/facts/network.js';
import { createNetworkSource, networkSource, NETWORK_PROBE } from '../../src/probes/network/index.js';
import { makeSnapshot } from '../support/snapshot.js';
import { createPki, type Pki } from './support/pki.js';
import { httpsPeer, loopbackLookup, refusedPort, silentPeer, type Peer } from './support/peers.js';

const { requirements } = loadRequirements();
const NOW = new Date('2026-11-22T12:00:00Z');

function judge(probes: Record<string, ProbeRecord>, options: Partial<EvaluationOptions> = {}): Result {
  const { facts } = makeSnapshot(probes);
  const results = runChecks({ checks: allChecks(requirements), facts, requirements, options: defaultOptions(options), selection: { only: [check.id] }, now: NOW });
  const r = results.find((x) => x.id === check.id);
  if (!r) throw new Error('no result');
  return r;
}

let pki: Pki;
const peers: Peer[] = [];
let good: Peer;
let corp: Peer;
let silent: Peer;
let refused: number;

beforeAll(async () => {
  pki = createPki();
  const ok = (pair = pki.valid) => httpsPeer(pair, (_req, res) => { res.writeHead(200); res.end('ok'); });
  good = await ok();
  corp = await ok(pki.corpLeaf);
  silent = await silentPeer();
  refused = await refusedPort();
  peers.push(good, corp, silent);
}, 60_000);

afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  pki?.cleanup();
});

describe('the network source', () => {
  test('has the probe id and reports "not configured" without endpoints', async () => {
    expect(networkSource.probes).toEqual([NETWORK_PROBE]);
    const out = await networkSource.run([NETWORK_PROBE], { timeoutMs: 500 });
    expect(out[NETWORK_PROBE]).toMatchObject({ ok: false, error: { kind: 'not-configured' } });
  });

  test('live loopback facts load as a snapshot and judge one line per endpoint', async () => {
    const source = createNetworkSource({ lookup: loopbackLookup, publicRoots: [pki.root.cert], ca: [pki.corpRoot.cert], env: {} });
    const urls = [
      `https://vendor.test:${good.port}/`,
      `https://vendor.test:${corp.port}/`,
      `https://vendor.test:${silent.port}/`,
      `https://vendor.test:${refused}/`,
      'https://nxdomain.test/',
    ];
    const started = Date.now();
    const records = await source.run([NETWORK_PROBE], { timeoutMs: 800, endpoints: urls.map((url) => ({ url })) });
    expect(Date.now() - started).toBeLessThan(2000);
    const record = records[NETWORK_PROBE] as ProbeRecord;
    expect(record.ok).toBe(true);
    const r = judge({ [NETWORK_PROBE]: record }, { endpoints: urls });
    expect(r.status).toBe('fail');
    const lines = (r.evidence.found as EndpointVerdict[]).map((v) => `${v.status} ${v.layer}: ${v.detail}`);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('pass http: HTTP 200, TLSv1.3');
    expect(lines[1]).toBe("warn tls: HTTP 200, TLSv1.3; TLS inspection by Corp Inspection CA (Example Corp): ask for this host on the proxy's inspection bypass list");
    expect(lines[2]).toMatch(/^fail tls: TLS: ETIMEDOUT TLS handshake with vendor.test: no answer within \d+ ms/);
    expect(lines[3]).toMatch(/^fail tcp: TCP: ECONNREFUSED connection to 127\.0\.0\.1:\d+ refused/);
    expect(lines[4]).toBe('fail dns: DNS: ENOTFOUND nxdomain.test does not exist in DNS (NXDOMAIN)');
    expect(r.summary).toMatch(/^3 of 5 endpoints unreachable: /);
  });
});

const base = (over: Partial<EndpointFacts> = {}): EndpointFacts => endpointSchema.parse({
  url: 'https://api.cloud.clickker.nl',
  proxy: null,
  route: { via: 'direct', decidedBy: 'none', proxy: null, bypass: null },
  dns: { ok: true, host: 'api.cloud.clickker.nl', addresses: ['203.0.113.10'], ms: 3 },
  tcp: { ok: true, address: '203.0.113.10', ms: 10 },
  tls: { ok: true, protocol: 'TLSv1.3', authorized: true, inspectedBy: null, ms: 20 },
  http: { ok: true, status: 200, ms: 40 },
  ...over,
});

const viaProxy = (decidedBy = 'HTTPS_PROXY'): Partial<EndpointFacts> => ({
  proxy: 'http://proxy.corp.local:8080',
  route: { via: 'proxy', decidedBy, proxy: 'http://proxy.corp.local:8080', bypass: null },
  dns: { ok: true, host: 'proxy.corp.local', addresses: ['192.0.2.8'], ms: 2 },
});

describe('stage-specific lines', () => {
  test('a refused CONNECT (407) names the proxy and the challenge', () => {
    const v = judgeEndpoint(base({ ...viaProxy(), tls: undefined, http: undefined, tunnel: { ok: false, status: 407, authenticate: 'Basic realm="corp"', credentials: false, error: { code: 'PROXY_AUTH_REQUIRED', kind: 'proxy-auth', message: 'the proxy http://proxy.corp.local:8080 needs authentication (HTTP 407, Basic realm="corp"): give credentials in the proxy URL or at the prompt' }, ms: 3 } }));
    expect(v).toMatchObject({ status: 'fail', layer: 'proxy' });
    expect(v.detail).toMatch(/needs authentication \(HTTP 407, Basic realm="corp"\)/);
  });

  test('DNS failing for the proxy host says so', () => {
    const v = judgeEndpoint(base({ ...viaProxy(), dns: { ok: false, host: 'proxy.corp.local', error: { code: 'ENOTFOUND', message: 'proxy.corp.local does not exist in DNS (NXDOMAIN)' }, ms: 2 }, tcp: undefined, tls: undefined, http: undefined }));
    expect(v.detail).toBe('DNS of the proxy host proxy.corp.local: ENOTFOUND proxy.corp.local does not exist in DNS (NXDOMAIN)');
  });

  test('an untrusted chain that looks like inspection says probably inspection, and the bypass', () => {
    const v = judgeEndpoint(base({ tls: { ok: false, authorized: false, inspectedBy: 'mitmproxy', inspection: { reason: 'untrusted-root', root: 'mitmproxy', suspected: true }, error: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'the issuer mitmproxy is not trusted here' }, ms: 5 } }));
    expect(v.status).toBe('fail');
    expect(v.detail).toMatch(/^TLS: UNABLE_TO_VERIFY_LEAF_SIGNATURE .*; probably TLS inspection by mitmproxy, whose CA this machine does not trust: ask for this host/);
  });

  test('a probe defect is "could not evaluate", never a network verdict', () => {
    const v = judgeEndpoint(endpointSchema.parse({ url: 'https://api.cloud.clickker.nl', proxy: null, error: { code: 'ERR_PROBE_CRASHED', kind: 'crashed', message: 'the probe failed: boom' } }));
    expect(v).toMatchObject({ status: 'unknown', layer: 'none', detail: 'the probe failed before a verdict: ERR_PROBE_CRASHED the probe failed: boom' });
  });

  test('redirects are named in a pass', () => {
    const v = judgeEndpoint(base({ http: { ok: true, status: 200, redirects: [{ status: 301, location: '/nl/' }], finalUrl: 'https://api.cloud.clickker.nl/nl/', ms: 30 } }));
    expect(v.detail).toBe('HTTP 200 after 1 redirect to https://api.cloud.clickker.nl/nl/, TLSv1.3');
  });
});

describe('WinHTTP against the route this probe took', () => {
  const direct = { Direct: true, ProxyServer: null, BypassList: null };
  const corp = { Direct: false, ProxyServer: 'proxy.corp.local:8080', BypassList: '<local>;*.corp.local' };

  test('the WinHTTP route honours per-scheme entries and the bypass list', () => {
    expect(winhttpRoute(direct, 'https://x.example')).toBeNull();
    expect(winhttpRoute(corp, 'https://www.clickker.nl')).toBe('proxy.corp.local:8080');
    expect(winhttpRoute(corp, 'https://intranet.corp.local')).toBeNull();
    expect(winhttpRoute(corp, 'https://intranet')).toBeNull();
    expect(winhttpRoute({ Direct: false, ProxyServer: 'http=p1:80;https=p2:8443', BypassList: null }, 'https://www.clickker.nl')).toBe('p2:8443');
  });

  test('agreement is silent, whatever the spelling', () => {
    expect(winhttpDisagreement(direct, base())).toBeNull();
    expect(winhttpDisagreement(corp, base(viaProxy()))).toBeNull();
    expect(winhttpDisagreement({ ...corp, ProxyServer: 'http://PROXY.corp.local:8080' }, base(viaProxy()))).toBeNull();
  });

  test('the service goes via a proxy, the probe went direct: a pass becomes a warning naming both', () => {
    const v = judgeEndpoint(base(), corp);
    expect(v.status).toBe('warn');
    expect(v.layer).toBe('proxy');
    expect(v.detail).toBe('HTTP 200, TLSv1.3; the WinHTTP proxy (netsh winhttp) goes via proxy.corp.local:8080, but this probe went direct; a .NET service uses the Internet Explorer proxy settings of its own account (or its <defaultProxy> config), not WinHTTP');
  });

  test('the probe used HTTPS_PROXY, WinHTTP goes direct', () => {
    const v = judgeEndpoint(base(viaProxy()), direct);
    expect(v.status).toBe('warn');
    expect(v.detail).toMatch(/the WinHTTP proxy \(netsh winhttp\) goes direct, but this probe went via http:\/\/proxy\.corp\.local:8080 \(HTTPS_PROXY\); a \.NET service uses the Internet Explorer proxy settings/);
  });

  test('a failure stays a failure, with the disagreement as a hint', () => {
    const v = judgeEndpoint(base({ tcp: { ok: false, error: { code: 'ETIMEDOUT', message: 'timed out' }, ms: 1000 }, tls: undefined, http: undefined }), corp);
    expect(v.status).toBe('fail');
    expect(v.detail).toMatch(/^TCP: ETIMEDOUT timed out; the WinHTTP proxy \(netsh winhttp\) goes via proxy.corp.local:8080/);
  });

  test('with a .NET view, that view decides; WinHTTP disagreeing with .NET\'s default proxy is a warning, as context', () => {
    // HttpWebRequest uses the Internet Explorer (WinINET) settings of its account, not WinHTTP (learn.microsoft.com:
    // <defaultProxy> element; "Understanding Web Proxy Configuration").
    const v = judgeEndpoint(base({ dotnet: { ok: true, status: 200, proxy: null, proxySource: 'default' } }), corp);
    expect(v.status).toBe('warn');
    expect(v.layer).toBe('proxy');
    expect(v.detail).toMatch(/^\.NET Framework connects \(HTTP 200\); the WinHTTP proxy \(netsh winhttp\) goes via proxy\.corp\.local:8080, but \.NET's default proxy .* went direct/);
    expect(judgeEndpoint(base({ dotnet: { ok: true, status: 200, proxy: 'http://proxy.corp.local:8080/', proxySource: 'default' } }), corp).status).toBe('pass');
  });

  test('through the runner: winhttpProxy facts are optional evidence', () => {
    const endpoints = requirements.endpoints.synergy?.map((e) => ({ ...base(), url: e.url })) ?? [];
    const without = judge({ [NETWORK_PROBE]: { ok: true, data: { endpoints }, ms: 5 } });
    expect(without.status).toBe('pass');
    const failedWinhttp = judge({ [NETWORK_PROBE]: { ok: true, data: { endpoints }, ms: 5 }, winhttpProxy: { ok: false, error: { kind: 'unsupported', message: 'not Windows' }, ms: 0 } });
    expect(failedWinhttp.status).toBe('pass');
    const differing = judge({ [NETWORK_PROBE]: { ok: true, data: { endpoints }, ms: 5 }, winhttpProxy: { ok: true, data: corp, ms: 5 } });
    expect(differing.status).toBe('warn');
    expect(differing.summary).toMatch(/^Reachable, but www\.clickker\.nl: HTTP 200, TLSv1\.3; the WinHTTP proxy/);
  });
});
