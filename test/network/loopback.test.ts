// Each failure class against a Node-built peer on loopback. Names map to 127.0.0.1 through an injected lookup.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createNetworkSource, NETWORK_PROBE, probeEndpoints, type EndpointFacts } from '../../src/probes/network/index.js';
import { endpointSchema } from '../../src/facts/network.js';
import { createPki, type Pki } from './support/pki.js';
import {
  httpPeer, httpsPeer, loopbackLookup, proxy407, refusedPort, silentPeer, tcpBlackHole, type Peer,
} from './support/peers.js';

let pki: Pki;
const peers: Peer[] = [];
let valid: Peer;
let chain: Peer;
let expired: Peer;
let wrongHost: Peer;
let selfSigned: Peer;
let corp: Peer;
let silent: Peer;
let blackHole: Peer;
let plain: Peer;
let statuses: Peer;
let refused: number;

const T = 1200;

beforeAll(async () => {
  pki = createPki();
  const ok = (pair = pki.valid) => httpsPeer(pair, (_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('ok'); });
  valid = await ok();
  expired = await ok(pki.expired);
  wrongHost = await ok(pki.wrongHost);
  selfSigned = await ok(pki.selfSigned);
  corp = await ok(pki.corpLeaf);
  chain = await httpsPeer(pki.valid, (req, res) => {
    const go = (location: string) => { res.writeHead(302, { location }); res.end(); };
    if (req.url === '/') return go('/step1');
    if (req.url === '/step1') return go(`https://vendor.test:${chain.port}/step2`);
    if (req.url === '/step2') { res.writeHead(200); res.end('arrived'); return undefined; }
    if (req.url === '/loop') return go('/loop');
    if (req.url === '/to-refused') return go(`https://vendor.test:${refused}/`);
    if (req.url === '/forbidden') { res.writeHead(403, { via: '1.1 filter.test' }); res.end('blocked'); return undefined; }
    if (req.url === '/api') { res.writeHead(401, { 'www-authenticate': 'Bearer' }); res.end(); return undefined; }
    if (req.url === '/down') { res.writeHead(503); res.end(); return undefined; }
    if (req.url === '/proxy-auth') { res.writeHead(407, { 'proxy-authenticate': 'Basic realm="transparent"' }); res.end(); return undefined; }
    res.writeHead(404); res.end();
    return undefined;
  });
  plain = await httpPeer((_req, res) => { res.writeHead(200); res.end('plain'); });
  statuses = chain;
  silent = await silentPeer();
  blackHole = await tcpBlackHole();
  refused = await refusedPort();
  peers.push(valid, expired, wrongHost, selfSigned, corp, chain, plain, silent, blackHole);
}, 60_000);

afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  pki?.cleanup();
});

const trustTestRoot = () => ({ lookup: loopbackLookup, publicRoots: [pki.root.cert], env: {}, timeoutMs: T });

async function one(url: string, extra: Record<string, unknown> = {}): Promise<EndpointFacts> {
  const [facts] = await probeEndpoints([url], { ...trustTestRoot(), ...extra });
  expect(endpointSchema.safeParse(facts).success).toBe(true);
  return facts as EndpointFacts;
}

describe('DNS', () => {
  test.each([
    ['nxdomain.test', 'ENOTFOUND', 'nxdomain'],
    ['dns-timeout.test', 'EAI_AGAIN', 'timeout'],
    ['dns-refused.test', 'ECONNREFUSED', 'refused'],
  ])('%s: the resolver error is recorded as %s (%s), nothing later runs', async (host, code, kind) => {
    const f = await one(`https://${host}/`);
    expect(f.dns).toMatchObject({ ok: false, host, error: { code, kind } });
    expect(f.tcp).toBeUndefined();
  });

  test('a resolver that never answers costs the stage timer, then DNS_TIMEOUT', async () => {
    const started = Date.now();
    const f = await one('https://dns-silent.test/', { stageTimeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(f.dns).toMatchObject({ ok: false, error: { code: 'DNS_TIMEOUT', kind: 'timeout' } });
  });

  test('the addresses are recorded; an IP literal needs no resolver', async () => {
    const f = await one(`https://vendor.test:${valid.port}/`);
    expect(f.dns).toMatchObject({ ok: true, host: 'vendor.test', addresses: ['127.0.0.1'] });
    const ip = await one(`https://127.0.0.1:${valid.port}/`);
    expect(ip.dns).toMatchObject({ ok: true, addresses: ['127.0.0.1'], ms: 0 });
    expect(ip.tls).toMatchObject({ ok: true, sni: null });
  });
});

describe('TCP', () => {
  test('refused port: ECONNREFUSED, kind refused, per address', async () => {
    const f = await one(`https://vendor.test:${refused}/`);
    expect(f.tcp).toMatchObject({ ok: false, port: refused, error: { code: 'ECONNREFUSED', kind: 'refused' } });
    expect(f.tcp?.attempts).toEqual([expect.objectContaining({ address: '127.0.0.1', ok: false })]);
    expect(f.tls).toBeUndefined();
  });

  test('a black hole (SYN dropped): the connect times out at the stage limit', async () => {
    const started = Date.now();
    const f = await one(`https://vendor.test:${blackHole.port}/`, { stageTimeoutMs: 500 });
    const took = Date.now() - started;
    expect(f.tcp).toMatchObject({ ok: false, error: { code: 'ETIMEDOUT', kind: 'timeout' } });
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(2000);
  });
});

describe('TLS', () => {
  test('valid chain from a CA passed in as a public root: version, cipher, SNI, chain with fingerprints', async () => {
    const f = await one(`https://vendor.test:${valid.port}/`);
    expect(f.tcp).toMatchObject({ ok: true, address: '127.0.0.1' });
    expect(f.tls).toMatchObject({ ok: true, authorized: true, sni: 'vendor.test', alpn: 'http/1.1', inspectedBy: null, issuer: 'CN=Clickker Test Issuing CA, O=Clickker Test' });
    expect(f.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(f.tls?.cipher?.name).toBeTruthy();
    const certs = f.tls?.chain ?? [];
    expect(certs.map((c) => c.subject)).toEqual(['CN=vendor.test', 'CN=Clickker Test Issuing CA, O=Clickker Test', 'CN=Clickker Test Root CA, O=Clickker Test']);
    expect(certs[0]?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(certs[0]?.subjectAltName).toContain('DNS:vendor.test');
    expect(new Date(certs[0]?.validTo ?? '').getTime()).toBeGreaterThan(Date.now());
    expect(certs[2]?.selfSigned).toBe(true);
    expect(f.http).toMatchObject({ ok: true, status: 200 });
  });

  test('the same chain with the CA trusted but not public: TLS inspection by the issuing CA (private root)', async () => {
    const f = await one(`https://vendor.test:${valid.port}/`, { publicRoots: undefined, ca: [pki.root.cert] });
    expect(f.tls).toMatchObject({ ok: true, authorized: true, inspectedBy: 'Clickker Test Issuing CA', inspection: { reason: 'private-root', root: 'Clickker Test Root CA' } });
  });

  test('an issuer outside the expected family is TLS inspection even when the root is public', async () => {
    const [f] = await probeEndpoints([{ url: `https://vendor.test:${corp.port}/`, expectedIssuers: ['Clickker Test'] }], {
      lookup: loopbackLookup, publicRoots: [pki.root.cert, pki.corpRoot.cert], env: {}, timeoutMs: T,
    });
    expect(f?.tls).toMatchObject({ ok: true, inspectedBy: 'Corp Inspection CA (Example Corp)', inspection: { reason: 'unexpected-issuer' } });
    const [g] = await probeEndpoints([{ url: `https://vendor.test:${valid.port}/`, expectedIssuers: ['clickker test'] }], trustTestRoot());
    expect(g?.tls).toMatchObject({ ok: true, inspectedBy: null });
  });

  test('a chain for the right host that ends in an unknown root: suspected inspection, with Node\'s code', async () => {
    const f = await one(`https://vendor.test:${corp.port}/`);
    expect(f.tls).toMatchObject({
      ok: false, authorized: false,
      error: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', kind: 'unknown-issuer' },
      inspectedBy: 'Corp Inspection CA (Example Corp)', inspection: { reason: 'untrusted-root', suspected: true },
    });
    // The diagnosis goes on: what answers over the untrusted connection is recorded too.
    expect(f.http).toMatchObject({ status: 200 });
  });

  test('expired certificate: CERT_HAS_EXPIRED with the end date', async () => {
    const f = await one(`https://vendor.test:${expired.port}/`);
    expect(f.tls).toMatchObject({ ok: false, error: { code: 'CERT_HAS_EXPIRED', kind: 'expired' } });
    expect(f.tls?.error?.message).toContain('2021-01-01');
    expect(f.tls?.chain?.[0]?.validTo).toBe('2021-01-01T00:00:00.000Z');
    expect(f.tls?.inspectedBy).toBeNull();
  });

  test('wrong-host certificate: ERR_TLS_CERT_ALTNAME_INVALID naming the certificate\'s names', async () => {
    const f = await one(`https://vendor.test:${wrongHost.port}/`);
    expect(f.tls).toMatchObject({ ok: false, error: { code: 'ERR_TLS_CERT_ALTNAME_INVALID', kind: 'hostname-mismatch' } });
    expect(f.tls?.error?.message).toContain('other.test');
    expect(f.tls?.inspectedBy).toBeNull();
  });

  test('self-signed certificate: DEPTH_ZERO_SELF_SIGNED_CERT, not mistaken for inspection', async () => {
    const f = await one(`https://vendor.test:${selfSigned.port}/`);
    expect(f.tls).toMatchObject({ ok: false, error: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', kind: 'self-signed' }, inspectedBy: null });
    expect(f.tls?.chain).toHaveLength(1);
  });

  test('a peer that accepts and never answers: TLS handshake timeout after TCP succeeded', async () => {
    const started = Date.now();
    const f = await one(`https://vendor.test:${silent.port}/`, { stageTimeoutMs: 400 });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(f.tcp).toMatchObject({ ok: true });
    expect(f.tls).toMatchObject({ ok: false, sni: 'vendor.test', error: { code: 'ETIMEDOUT', kind: 'timeout' } });
    expect(f.http).toBeUndefined();
  });

  test('plain HTTP on an https URL: the peer does not speak TLS', async () => {
    const f = await one(`https://vendor.test:${plain.port}/`);
    expect(f.tls).toMatchObject({ ok: false, error: { kind: 'not-tls' } });
  });
});

describe('HTTP', () => {
  test('302 -> 302 -> 200: each hop recorded, final status and URL', async () => {
    const f = await one(`https://vendor.test:${chain.port}/`);
    expect(f.http).toMatchObject({
      ok: true, method: 'GET', status: 200, finalUrl: `https://vendor.test:${chain.port}/step2`,
      redirects: [
        { status: 302, location: '/step1', url: `https://vendor.test:${chain.port}/step1` },
        { status: 302, location: `https://vendor.test:${chain.port}/step2`, url: `https://vendor.test:${chain.port}/step2` },
      ],
    });
  });

  test('a redirect loop stops at the bound: TOO_MANY_REDIRECTS', async () => {
    const f = await one(`https://vendor.test:${chain.port}/loop`, { maxRedirects: 3 });
    expect(f.http).toMatchObject({ ok: false, error: { code: 'TOO_MANY_REDIRECTS', kind: 'redirect-loop' } });
    expect(f.http?.redirects).toHaveLength(3);
  });

  test('a redirect to a host that refuses: the hop and its layer are named', async () => {
    const f = await one(`https://vendor.test:${chain.port}/to-refused`);
    expect(f.http).toMatchObject({ ok: false, status: 302, error: { code: 'ECONNREFUSED', kind: 'refused' } });
    expect(f.http?.error?.message).toMatch(/redirect 1 to .* failed at tcp/);
  });

  test.each([
    ['/forbidden', false, 403, 'forbidden'],
    ['/down', false, 503, 'server-error'],
    ['/proxy-auth', false, 407, 'proxy-auth'],
    ['/api', true, 401, undefined],
    ['/nowhere', true, 404, undefined],
  ])('%s: status recognised (ok=%s, %s)', async (p, ok, status, kind) => {
    const f = await one(`https://vendor.test:${statuses.port}${p}`);
    expect(f.http).toMatchObject({ ok, status });
    expect(f.http?.error?.kind).toBe(kind);
  });

  test('a plain http:// endpoint has no TLS stage', async () => {
    const f = await one(`http://vendor.test:${plain.port}/`);
    expect(f.tls).toBeUndefined();
    expect(f.http).toMatchObject({ ok: true, status: 200 });
  });
});

describe('proxy answers 407 (Node-built proxy)', () => {
  test('CONNECT answered 407: its own reason, the challenge recorded, no credentials sent', async () => {
    const proxy = await proxy407();
    try {
      const f = await one(`https://localhost:${valid.port}/`, { proxy: `http://127.0.0.1:${proxy.port}` });
      expect(f.route).toMatchObject({ via: 'proxy', decidedBy: '--proxy', proxy: `http://127.0.0.1:${proxy.port}` });
      expect(f.dns).toMatchObject({ ok: true, host: '127.0.0.1' });
      expect(f.tunnel).toMatchObject({ ok: false, status: 407, credentials: false, authenticate: 'Basic realm="clickker-test"', error: { code: 'PROXY_AUTH_REQUIRED', kind: 'proxy-auth' } });
      expect(f.tls).toBeUndefined();
      expect(proxy.connects).toEqual([`localhost:${valid.port}`]);
    } finally {
      await proxy.close();
    }
  });

  test('a proxy that offers only NTLM/Negotiate: the message says Windows authentication', async () => {
    const proxy = await proxy407('NTLM, Negotiate');
    try {
      const f = await one(`https://localhost:${valid.port}/`, { proxy: `http://127.0.0.1:${proxy.port}` });
      expect(f.tunnel?.error?.message).toMatch(/Windows authentication/);
    } finally {
      await proxy.close();
    }
  });
});

describe('never hang, never serialise', () => {
  test('five black holes among healthy endpoints cost the budget once', async () => {
    const urls = [
      ...Array.from({ length: 5 }, () => `https://vendor.test:${silent.port}/`),
      ...Array.from({ length: 5 }, () => `https://vendor.test:${valid.port}/`),
    ];
    const started = Date.now();
    const facts = await probeEndpoints(urls.map((url, i) => ({ url: `${url}?n=${i}` })), { ...trustTestRoot(), timeoutMs: 800 });
    const took = Date.now() - started;
    expect(took).toBeLessThan(800 * 2); // serialised it would be 5 x 800 ms; the bench measures the ratio itself
    expect(facts.slice(0, 5).every((f) => f.tls?.error?.kind === 'timeout')).toBe(true);
    expect(facts.slice(5).every((f) => f.http?.status === 200)).toBe(true);
  });

  test('a black-holed proxy (ProbeOptions.proxy) costs the budget once for all endpoints behind it', async () => {
    const source = createNetworkSource({ lookup: loopbackLookup, publicRoots: [pki.root.cert], env: {} });
    const endpoints = Array.from({ length: 6 }, (_, i) => ({ url: `https://localhost:${valid.port}/?n=${i}` }));
    const started = Date.now();
    const out = await source.run([NETWORK_PROBE], { timeoutMs: 700, endpoints, proxy: `http://127.0.0.1:${blackHole.port}` });
    expect(Date.now() - started).toBeLessThan(700 * 2); // serialised: 6 x 700 ms
    const record = out[NETWORK_PROBE];
    expect(record?.ok).toBe(true);
    const facts = (record as { data: { endpoints: EndpointFacts[] } }).data.endpoints;
    expect(facts).toHaveLength(6);
    for (const f of facts) {
      expect(f.route).toMatchObject({ via: 'proxy', decidedBy: '--proxy' });
      expect(f.tcp).toMatchObject({ ok: false, port: blackHole.port, error: { kind: 'timeout' } });
    }
  });

  test('onPending names the endpoints still running and their stage; it stops when all are done', async () => {
    const seen: string[][] = [];
    const facts = await probeEndpoints([`https://vendor.test:${silent.port}/`, `https://vendor.test:${valid.port}/`], {
      ...trustTestRoot(), timeoutMs: 700, pendingIntervalMs: 200,
      onPending: (pending) => seen.push(pending.map((p) => `${new URL(p.url).port} ${p.stage}`)),
    });
    expect(facts).toHaveLength(2);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[seen.length - 1]).toEqual([`${silent.port} tls`]);
    const count = seen.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(seen.length).toBe(count);
  });

  test('an abort signal ends every stage at once', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    const [f] = await probeEndpoints([`https://vendor.test:${silent.port}/`], { ...trustTestRoot(), timeoutMs: 5000, signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(f?.tls?.error).toMatchObject({ kind: 'aborted' });
  });

  test('an unusable URL is a recorded error, not an exception', async () => {
    const [f] = await probeEndpoints(['ftp://vendor.test/', 'not a url'], trustTestRoot());
    expect(f?.dns?.error).toMatchObject({ code: 'ERR_INVALID_URL' });
  });
});
