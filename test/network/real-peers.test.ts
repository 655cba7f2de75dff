// The probes against real third-party peers from Debian, started on loopback ports by this suite:
// openssl s_server (TLS endpoint), tinyproxy (forward proxy, with and without Basic auth), mitmdump (TLS inspection).
// Through a proxy the target is always localhost: the proxy resolves names itself.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { probeEndpoints, type EndpointFacts } from '../../src/probes/network/index.js';
import { networkSchema } from '../../src/facts/network.js';
import { binaryPath, PEER_PACKAGES } from './support/binaries.js';
import { createPki, type Pki } from './support/pki.js';
import {
  httpsPeer, loopbackLookup, refusedPort, startMitmdump, startOpensslServer, startTinyproxy, type ChildPeer, type Peer,
} from './support/peers.js';

const T = 5000;
let pki: Pki;
const peers: Peer[] = [];
let sserver: ChildPeer;
let sserver12: ChildPeer;
let tiny: ChildPeer;
let tinyAuth: ChildPeer;
let tinyRestricted: ChildPeer;
let mitm: ChildPeer & { caCert: string };
let origin: Peer;
let refused: number;

const AUTH = { user: 'alice', password: 'pw-Zx81-never-shown' };

test('every real peer binary is installed (the suite fails, never skips, without them)', () => {
  const missing = Object.keys(PEER_PACKAGES).filter((b) => binaryPath(b) === null);
  expect(missing.map((b) => `${b} (Debian package ${PEER_PACKAGES[b]})`)).toEqual([]);
});

beforeAll(async () => {
  pki = createPki();
  // Every peer that did start is closed in afterAll, even when another one failed to start.
  const settled = await Promise.allSettled([
    startOpensslServer(pki.valid),
    startOpensslServer(pki.valid, ['-tls1_2', '-cipher', 'ECDHE-ECDSA-AES128-GCM-SHA256']),
    startTinyproxy(),
    startTinyproxy({ auth: AUTH }),
    startMitmdump(pki.root.certFile),
  ]);
  for (const s of settled) if (s.status === 'fulfilled') peers.push(s.value);
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw (failure as PromiseRejectedResult).reason;
  const value = <T,>(i: number) => (settled[i] as PromiseFulfilledResult<T>).value;
  sserver = value<ChildPeer>(0);
  sserver12 = value<ChildPeer>(1);
  tiny = value<ChildPeer>(2);
  tinyAuth = value<ChildPeer>(3);
  mitm = value<ChildPeer & { caCert: string }>(4);
  origin = await httpsPeer(pki.valid, (_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('origin'); });
  peers.push(origin);
  refused = await refusedPort();
  tinyRestricted = await startTinyproxy({ connectPorts: [sserver.port] });
  peers.push(tinyRestricted);
}, 90_000);

afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  pki?.cleanup();
}, 30_000);

const base = () => ({ lookup: loopbackLookup, publicRoots: [pki.root.cert], env: {}, timeoutMs: T });

async function one(url: string, extra: Record<string, unknown> = {}): Promise<EndpointFacts> {
  const facts = await probeEndpoints([url], { ...base(), ...extra });
  expect(networkSchema.safeParse({ endpoints: facts }).success).toBe(true);
  return facts[0] as EndpointFacts;
}

describe('openssl s_server as the TLS endpoint', () => {
  test('TLS 1.3 by default: version, cipher, SNI, the chain it sends, and its -www status page', async () => {
    const f = await one(`https://vendor.test:${sserver.port}/`);
    expect(f.tls).toMatchObject({ ok: true, protocol: 'TLSv1.3', sni: 'vendor.test', inspectedBy: null });
    expect(f.tls?.cipher?.name).toMatch(/^TLS_/);
    expect(f.tls?.chain?.map((c) => c.subject)).toEqual(['CN=vendor.test', 'CN=Clickker Test Issuing CA, O=Clickker Test', 'CN=Clickker Test Root CA, O=Clickker Test']);
    expect(f.http).toMatchObject({ ok: true, status: 200 });
  });

  test('restricted to TLS 1.2 and one cipher: both are reported as negotiated', async () => {
    const f = await one(`https://vendor.test:${sserver12.port}/`);
    expect(f.tls).toMatchObject({ ok: true, protocol: 'TLSv1.2', cipher: { name: 'ECDHE-ECDSA-AES128-GCM-SHA256' } });
  });

  test('the same server without its root among the trusted CAs: unknown issuer, suspected inspection', async () => {
    const f = await one(`https://vendor.test:${sserver.port}/`, { publicRoots: [pki.corpRoot.cert] });
    expect(f.tls).toMatchObject({ ok: false, error: { code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', kind: 'unknown-issuer' }, inspection: { reason: 'untrusted-root', suspected: true } });
  });
});

describe('tinyproxy as the forward proxy', () => {
  test('--proxy: CONNECT through tinyproxy to openssl s_server, TLS end to end, route recorded', async () => {
    const f = await one(`https://localhost:${sserver.port}/`, { proxy: `http://127.0.0.1:${tiny.port}` });
    expect(f.proxy).toBe(`http://127.0.0.1:${tiny.port}`);
    expect(f.route).toMatchObject({ via: 'proxy', decidedBy: '--proxy' });
    expect(f.dns).toMatchObject({ ok: true, host: '127.0.0.1' });
    expect(f.tcp).toMatchObject({ ok: true, port: tiny.port });
    expect(f.tunnel).toMatchObject({ ok: true, status: 200, credentials: false });
    expect(f.tls).toMatchObject({ ok: true, sni: 'localhost', inspectedBy: null });
    expect(f.http).toMatchObject({ ok: true, status: 200 });
  });

  test('HTTPS_PROXY from the environment decides the route; NO_PROXY sends a matching host direct', async () => {
    const env = { HTTPS_PROXY: `http://127.0.0.1:${tiny.port}`, NO_PROXY: 'vendor.test,.internal.test' };
    const [proxied, direct] = await probeEndpoints([`https://localhost:${origin.port}/`, `https://vendor.test:${origin.port}/`], { ...base(), env });
    expect(proxied?.route).toMatchObject({ via: 'proxy', decidedBy: 'HTTPS_PROXY' });
    expect(proxied?.tunnel).toMatchObject({ ok: true });
    expect(proxied?.http).toMatchObject({ ok: true, status: 200 });
    expect(direct?.route).toMatchObject({ via: 'direct', decidedBy: 'NO_PROXY', bypass: 'vendor.test' });
    expect(direct?.tunnel).toBeUndefined();
    expect(direct?.http).toMatchObject({ ok: true, status: 200 });
  });

  test('the target refuses: tinyproxy answers CONNECT with an error status, reported as the proxy failing upstream', async () => {
    const f = await one(`https://localhost:${refused}/`, { proxy: `http://127.0.0.1:${tiny.port}` });
    expect(f.tunnel).toMatchObject({ ok: false, error: { kind: 'proxy-upstream' } });
    expect(f.tunnel?.status).toBeGreaterThanOrEqual(500);
    expect(f.tunnel?.server).toMatch(/tinyproxy/);
  });

  test('a port outside its ConnectPort list: 403 from the proxy, recognised as the proxy refusing', async () => {
    const f = await one(`https://localhost:${origin.port}/`, { proxy: `http://127.0.0.1:${tinyRestricted.port}` });
    expect(f.tunnel).toMatchObject({ ok: false, status: 403, error: { code: 'PROXY_FORBIDDEN', kind: 'proxy-denied' } });
    const allowed = await one(`https://localhost:${sserver.port}/`, { proxy: `http://127.0.0.1:${tinyRestricted.port}` });
    expect(allowed.http).toMatchObject({ ok: true, status: 200 });
  });
});

describe('tinyproxy with Basic authentication', () => {
  test('without credentials: 407 with the Basic challenge, "proxy needs authentication"', async () => {
    const f = await one(`https://localhost:${sserver.port}/`, { proxy: `http://127.0.0.1:${tinyAuth.port}` });
    expect(f.tunnel).toMatchObject({ ok: false, status: 407, credentials: false, error: { code: 'PROXY_AUTH_REQUIRED', kind: 'proxy-auth' } });
    expect(f.tunnel?.authenticate).toMatch(/^Basic realm=/);
    expect(f.tunnel?.error?.message).toMatch(/needs authentication/);
  });

  test('with credentials in the proxy URL: through; the credentials appear nowhere in the facts', async () => {
    const proxy = `http://${AUTH.user}:${encodeURIComponent(AUTH.password)}@127.0.0.1:${tinyAuth.port}`;
    const f = await one(`https://localhost:${sserver.port}/`, { proxy });
    expect(f.tunnel).toMatchObject({ ok: true, status: 200, credentials: true });
    expect(f.http).toMatchObject({ ok: true, status: 200 });
    expect(f.proxy).toBe(`http://***@127.0.0.1:${tinyAuth.port}`);
    const text = JSON.stringify(f);
    expect(text).not.toContain(AUTH.password);
    expect(text).not.toContain(AUTH.user);
    expect(text).not.toContain(Buffer.from(`${AUTH.user}:${AUTH.password}`).toString('base64'));
  });

  test('with wrong credentials from HTTPS_PROXY: "rejected the credentials" (tinyproxy says 401), still not echoed', async () => {
    const env = { HTTPS_PROXY: `http://${AUTH.user}:wrong-secret-123@127.0.0.1:${tinyAuth.port}` };
    const f = await one(`https://localhost:${sserver.port}/`, { env });
    expect(f.route).toMatchObject({ decidedBy: 'HTTPS_PROXY' });
    // tinyproxy 1.11 answers wrong credentials on CONNECT with 401 rather than 407; both mean the same here.
    expect(f.tunnel).toMatchObject({ ok: false, status: 401, credentials: true, error: { code: 'PROXY_AUTH_REQUIRED', kind: 'proxy-auth' } });
    expect(f.tunnel?.error?.message).toMatch(/rejected the credentials/);
    expect(JSON.stringify(f)).not.toContain('wrong-secret-123');
  });
});

describe('mitmdump as an intercepting proxy', () => {
  test('its CA is not trusted: the chain for the right host ends in "mitmproxy": suspected TLS inspection', async () => {
    const f = await one(`https://localhost:${origin.port}/`, { proxy: `http://127.0.0.1:${mitm.port}` });
    expect(f.tunnel).toMatchObject({ ok: true, status: 200 });
    expect(f.tls).toMatchObject({ ok: false, authorized: false, inspectedBy: 'mitmproxy', inspection: { reason: 'untrusted-root', suspected: true } });
    expect(['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN']).toContain(f.tls?.error?.code);
    expect(f.tls?.chain?.[0]?.issuer).toMatch(/CN=mitmproxy/);
  });

  test('its CA trusted as the Windows store would (ca): the chain verifies, and it is TLS inspection by mitmproxy', async () => {
    const f = await one(`https://localhost:${origin.port}/`, { proxy: `http://127.0.0.1:${mitm.port}`, ca: [mitm.caCert] });
    expect(f.tls).toMatchObject({ ok: true, authorized: true, inspectedBy: 'mitmproxy', inspection: { reason: 'private-root', root: 'mitmproxy' } });
    expect(f.http).toMatchObject({ ok: true, status: 200 });
  });

  test('its CA even counted as public: the expected issuer family gives it away', async () => {
    const [f] = await probeEndpoints([{ url: `https://localhost:${origin.port}/`, expectedIssuers: ['Clickker Test'] }], {
      ...base(), proxy: `http://127.0.0.1:${mitm.port}`, publicRoots: [pki.root.cert, mitm.caCert],
    });
    expect(f?.tls).toMatchObject({ ok: true, inspectedBy: 'mitmproxy', inspection: { reason: 'unexpected-issuer' } });
  });

  test('direct to the same origin (no proxy): no inspection', async () => {
    const f = await one(`https://localhost:${origin.port}/`);
    expect(f.tls).toMatchObject({ ok: true, inspectedBy: null });
  });
});
