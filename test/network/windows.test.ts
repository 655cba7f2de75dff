// The network source on Windows: the machine's trusted roots exported through PowerShell for Node's view, and the .NET
// view of each endpoint merged into Node's record. Loopback only: endpoint names go to 127.0.0.1 through an injected
// lookup (or are IP literals), and no real host is resolved or contacted.
// There is no Windows or PowerShell here: test/powershell/support/fake-powershell.mjs STANDS IN FOR POWERSHELL. It is
// started through node-powershell exactly as powershell.exe is and replays what rootStore.ps1 and dotnetEndpoints.ps1
// print (certificates made by the tests, HttpWebRequest results and WebException-shaped failures written by the
// tests), or hangs, or prints garbage. What .NET, SChannel and the Windows store really do is not exercised here.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { check, judgeEndpoint } from '../../checks/network-endpoints.js';
import { defaultOptions } from '../../src/core/evaluate.js';
import type { ProbeOptions } from '../../src/core/probe-sources.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import { allChecks } from '../../checks/index.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { runChecks } from '../../src/core/runner.js';
import { networkSchema, type NetworkFacts } from '../../src/facts/network.js';
import { createNetworkSource, NETWORK_PROBE } from '../../src/probes/network/index.js';
import { loadProbeSources } from '../../src/probes/sources.js';
import { createWindowsNetworkSource, dotnetViewsOf, mergeDotnetView, windowsRootsOf, type WindowsNetworkOptions } from '../../src/probes/windows-network.js';
import { onlyDataLiterals, standIn, type Scenario } from '../powershell/support/stand-in.js';
import { makeSnapshot } from '../support/snapshot.js';
import { createPki, type Pki } from './support/pki.js';
import { httpsPeer, loopbackLookup, refusedPort, type Peer } from './support/peers.js';

const { requirements } = loadRequirements();
const NOW = new Date('2026-11-22T12:00:00Z');

let pki: Pki;
let good: Peer;
let corp: Peer;
let refused: number;
const peers: Peer[] = [];

beforeAll(async () => {
  pki = createPki();
  good = await httpsPeer(pki.valid, (_req, res) => { res.writeHead(200); res.end('ok'); });
  corp = await httpsPeer(pki.corpLeaf, (_req, res) => { res.writeHead(200); res.end('ok'); });
  refused = await refusedPort();
  peers.push(good, corp);
}, 60_000);

afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  pki?.cleanup();
});

const der = (pem: string) => new X509Certificate(pem).raw.toString('base64');
/** What rootStore.ps1 prints for these certificates. */
const roots = (...certs: { store: string; pem?: string; der?: string }[]) => ({
  data: JSON.stringify({ Certificates: certs.map((c) => ({ Store: c.store, Thumbprint: 'AB12', Subject: 'CN=x', Der: c.der ?? der(c.pem!) })) }),
});

type View = Record<string, unknown>;
/** What dotnetEndpoints.ps1 prints: the .NET view of each URL. */
const dotnetViews = (views: Record<string, View>) => ({
  data: JSON.stringify({ endpoints: Object.entries(views).map(([url, dotnet]) => ({ url, dotnet })) }),
});
// Since issue 13 the script makes each request as a .NET 4.7 app (SecurityProtocol SystemDefault) and records
// powershell.exe's own default ("Ssl3, Tls", capture 32) as processSecurityProtocol.
const ok200 = (over: View = {}): View => ({ ok: true, status: 200, error: null, webStatus: null, proxy: null, proxySource: 'default', securityProtocol: 'SystemDefault', processSecurityProtocol: 'Ssl3, Tls', ms: 40, ...over });
const webError = (webStatus: string, message: string, over: View = {}): View => ({
  ok: false, status: null, error: `${webStatus}: ${message}`, webStatus, proxy: null, proxySource: 'default', securityProtocol: 'SystemDefault', processSecurityProtocol: 'Ssl3, Tls', ms: 30, ...over,
});

/** A Windows network source (test lookup, the test root as the only public root) driven by a stand-in scenario. */
async function collect(urls: string[], scenario: Scenario, extra: Partial<ProbeOptions> = {}, defaults: WindowsNetworkOptions = {}) {
  const ps = standIn(scenario);
  const source = createWindowsNetworkSource({ lookup: loopbackLookup, publicRoots: [pki.root.cert], env: {}, ...defaults });
  const started = Date.now();
  const out = await source.run([NETWORK_PROBE], { timeoutMs: 3_000, powershell: ps.wrapper, endpoints: urls.map((url) => ({ url })), ...extra });
  const record = out[NETWORK_PROBE]!;
  if (!record.ok) throw new Error(`network probe failed: ${JSON.stringify(record)}`);
  const facts = networkSchema.parse(record.data);
  return { facts, record, ps, ms: Date.now() - started };
}

const byUrl = (facts: NetworkFacts, url: string) => facts.endpoints.find((e) => e.url === url)!;

function judge(probes: Record<string, ProbeRecord>) {
  const { facts } = makeSnapshot(probes);
  const results = runChecks({ checks: allChecks(requirements), facts, requirements, options: defaultOptions(), selection: { only: [check.id] }, now: NOW });
  return results.find((x) => x.id === check.id)!;
}

describe('the Windows certificate stores, for Node', () => {
  it('make a corporate CA read as TLS inspection, not as an outage', async () => {
    const url = `https://vendor.test:${corp.port}/`;
    // Node alone (no Windows roots): the chain does not verify.
    const plain = await createNetworkSource({ lookup: loopbackLookup, publicRoots: [pki.root.cert], env: {} })
      .run([NETWORK_PROBE], { timeoutMs: 3_000, endpoints: [{ url }] });
    const alone = networkSchema.parse((plain[NETWORK_PROBE] as { data: unknown }).data).endpoints[0]!;
    expect(alone.tls?.ok).toBe(false);
    expect(judgeEndpoint(alone).status).toBe('fail');

    const { facts, ps } = await collect([url], {
      probes: { rootStore: roots({ store: 'Root', pem: pki.corpRoot.cert }), dotnetEndpoints: dotnetViews({ [url]: ok200({ issuer: 'CN=Corp Inspection CA, O=Example Corp' }) }) },
    });
    const e = byUrl(facts, url);
    expect(e.tls).toMatchObject({ ok: true, authorized: true, inspection: { reason: 'private-root' } });
    expect(e.http).toMatchObject({ ok: true, status: 200 });
    expect(facts.windows?.rootStore).toMatchObject({ ok: true, roots: 1, intermediates: 0, skipped: 0 });
    const v = judgeEndpoint(e);
    expect(v.status).toBe('warn');
    expect(v.detail).toMatch(/^HTTP 200, TLSv1\.[23]; TLS inspection by .*Corp Inspection CA/);
    // One PowerShell for both: the export first, then the .NET view.
    expect(ps.starts()).toBe(1);
    expect(ps.runs().map((r) => r.probe)).toEqual(['rootStore', 'dotnetEndpoints']);
    expect(ps.runs()[0]!.params).toEqual({});
  });

  it('skips what Node cannot use and counts it; roots first, intermediates after, duplicates once', () => {
    const out = windowsRootsOf(JSON.parse(roots(
      { store: 'Root', pem: pki.root.cert },
      { store: 'Root', der: 'AAAA' },
      { store: 'CA', pem: pki.issuing.cert },
      { store: 'CA', pem: pki.root.cert },
      { store: 'Root', der: Buffer.from('not a certificate').toString('base64') },
    ).data));
    expect(out).toMatchObject({ roots: 1, intermediates: 1, skipped: 2 });
    expect(out.pems).toHaveLength(2);
    expect(new X509Certificate(out.pems[0]!).subject).toContain('Clickker Test Root CA');
    expect(new X509Certificate(out.pems[1]!).subject).toContain('Clickker Test Issuing CA');
  });

  it('reads a single certificate printed bare (Windows PowerShell 5.1 unwraps one-element arrays)', () => {
    const bare = { Certificates: { Store: 'Root', Thumbprint: 'AB', Subject: 'CN=x', Der: der(pki.corpRoot.cert) } };
    expect(windowsRootsOf(bare)).toMatchObject({ roots: 1, skipped: 0 });
  });

  it('an export that hangs is ended at its bound; Node goes on without the roots and no .NET view is taken', async () => {
    const url = `https://vendor.test:${good.port}/`;
    const { facts, ms } = await collect([url], { probes: { rootStore: 'hang' } }, {}, { rootStoreTimeoutMs: 800 });
    expect(facts.windows?.rootStore).toMatchObject({ ok: false, error: expect.stringContaining('no answer within 800 ms') });
    expect(facts.windows?.dotnetView).toMatchObject({ ok: false, error: expect.stringMatching(/^not taken: no answer within 800 ms/) });
    expect(byUrl(facts, url).http).toMatchObject({ ok: true, status: 200 });
    expect(byUrl(facts, url).dotnet).toBeUndefined();
    expect(ms).toBeLessThan(800 + 3_000 + 2_500);
  });
});

describe('the .NET view of each endpoint', () => {
  it('is merged by URL, and decides the verdict: Node\'s view is the diagnosis', async () => {
    const passing = `https://vendor.test:${good.port}/`;
    const blocked = `https://vendor.test:${refused}/`;
    const { facts } = await collect([passing, blocked], {
      probes: {
        rootStore: roots({ store: 'Root', pem: pki.root.cert }),
        dotnetEndpoints: dotnetViews({
          // Even as a 4.7 app (SystemDefault) SChannel cannot agree with the server (e.g. SCHANNEL TLS 1.2 switched off).
          [passing]: webError('SecureChannelFailure', 'The request was aborted: Could not create SSL/TLS secure channel.'),
          // .NET goes through its default proxy (the IE settings), which reaches what Node (direct) could not.
          [blocked]: ok200({ proxy: 'http://proxy.corp.example:8080/', proxySource: 'default' }),
        }),
      },
    });
    const a = byUrl(facts, passing);
    const b = byUrl(facts, blocked);
    expect(a.http).toMatchObject({ ok: true, status: 200 });
    expect(a.dotnet).toMatchObject({ ok: false, webStatus: 'SecureChannelFailure', securityProtocol: 'SystemDefault', processSecurityProtocol: 'Ssl3, Tls' });
    expect(b.tcp).toMatchObject({ ok: false, error: { code: 'ECONNREFUSED' } });
    expect(b.dotnet).toMatchObject({ ok: true, status: 200, proxy: 'http://proxy.corp.example:8080/' });

    expect(judgeEndpoint(a)).toEqual({
      url: passing, status: 'fail', layer: 'dotnet',
      detail: '.NET Framework cannot connect: SecureChannelFailure: The request was aborted: Could not create SSL/TLS secure channel.',
    });
    expect(judgeEndpoint(b)).toMatchObject({ status: 'pass', layer: 'dotnet', detail: expect.stringMatching(/^\.NET Framework connects \(HTTP 200 via proxy http:\/\/proxy\.corp\.example:8080\/\) \(Node's own view: TCP: ECONNREFUSED/) });

    // Through the snapshot loader and the check, as preflight judges it.
    const r = runChecks({
      checks: allChecks(requirements), facts: makeSnapshot({ [NETWORK_PROBE]: { ok: true, data: facts, ms: 1 } }).facts, requirements,
      options: defaultOptions({ endpoints: [passing, blocked] }), selection: { only: [check.id] }, now: NOW,
    }).find((x) => x.id === check.id)!;
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/^1 of 2 endpoints unreachable: vendor\.test:\d+: \.NET Framework cannot connect: SecureChannelFailure/);
  });

  it('gets the URLs and its time limit as data, whatever a URL holds', async () => {
    const hostile = `https://vendor.test:${good.port}/a'b\u2019c$(calc)\`d;e`;
    const plain = `https://vendor.test:${good.port}/`;
    const { facts, ps } = await collect([plain, hostile], { probes: { rootStore: roots({ store: 'Root', pem: pki.root.cert }), dotnetEndpoints: 'echo' } }, { timeoutMs: 2_500 }, { dotnetGraceMs: 1_000 });
    const run = ps.runs().find((r) => r.probe === 'dotnetEndpoints')!;
    expect(run.params).toEqual({ Urls: `${plain}\n${hostile}`, TimeoutMs: '2500' });
    for (const line of ps.invocations()) {
      expect(line).not.toMatch(/[\r\n]/);
      expect(onlyDataLiterals(line)).toEqual([]);
      expect(line).not.toContain('$(calc)');
    }
    // The echo is not the document dotnetEndpoints.ps1 prints: no .NET view, and Node's view stands.
    expect(facts.windows?.dotnetView).toMatchObject({ ok: false, error: expect.stringContaining('unexpected document') });
    expect(byUrl(facts, plain).http).toMatchObject({ ok: true });
  });

  it('reads every WebException shape into dotnet, and calls a status reachable by Node\'s rule', () => {
    const views = dotnetViewsOf({
      endpoints: [
        { url: 'https://a.test/', dotnet: webError('NameResolutionFailure', 'The remote name could not be resolved: \'a.test\'') },
        { url: 'https://b.test/', dotnet: webError('ConnectFailure', 'Unable to connect to the remote server <- No connection could be made because the target machine actively refused it 10.0.0.1:443') },
        { url: 'https://c.test/', dotnet: webError('TrustFailure', 'The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel. <- The remote certificate is invalid according to the validation procedure.') },
        { url: 'https://d.test/', dotnet: webError('Timeout', 'no answer within 3000 ms; the request was aborted') },
        // ProtocolError carries the response: 404 counts as reached (an API root), 403 and 407 do not, whatever PowerShell said.
        { url: 'https://e.test/', dotnet: { ...webError('ProtocolError', 'The remote server returned an error: (404) Not Found.'), status: 404 } },
        { url: 'https://f.test/', dotnet: { ...ok200(), status: 403, error: null } },
        { url: 'https://g.test/', dotnet: { ...webError('ProtocolError', 'The remote server returned an error: (407) Proxy Authentication Required.'), status: 407 } },
      ],
    });
    expect([...views.values()].map((v) => [v.ok, v.status, v.webStatus])).toEqual([
      [false, null, 'NameResolutionFailure'], [false, null, 'ConnectFailure'], [false, null, 'TrustFailure'], [false, null, 'Timeout'],
      [true, 404, 'ProtocolError'], [false, 403, null], [false, 407, 'ProtocolError'],
    ]);
    expect(views.get('https://e.test/')?.error).toBeNull();
    expect(views.get('https://f.test/')?.error).toBe('HTTP 403');
    expect(views.get('https://g.test/')?.error).toContain('(407) Proxy Authentication Required');
    // A single endpoint printed bare.
    expect(dotnetViewsOf({ endpoints: { url: 'https://h.test/', dotnet: ok200() } }).get('https://h.test/')).toMatchObject({ ok: true });
  });

  it('merges by URL (trailing slash and case aside) and leaves an endpoint without a view alone', () => {
    const node = [{ url: 'https://A.test', ms: 1 }, { url: 'https://b.test/', ms: 1 }];
    const merged = mergeDotnetView(node, new Map([['https://a.test/', { ok: true, status: 200 }]]));
    expect(merged[0]).toEqual({ url: 'https://A.test', ms: 1, dotnet: { ok: true, status: 200 } });
    expect(merged[1]).toEqual({ url: 'https://b.test/', ms: 1 });
  });

  it('a hanging .NET view costs its bound once; Node\'s view is kept', async () => {
    const urls = [`https://vendor.test:${good.port}/`, `https://vendor.test:${good.port}/two`];
    const { facts, ms } = await collect(urls, { probes: { rootStore: roots({ store: 'Root', pem: pki.root.cert }), dotnetEndpoints: 'hang' } }, { timeoutMs: 1_000 }, { dotnetGraceMs: 500 });
    expect(facts.windows?.dotnetView).toMatchObject({ ok: false, error: expect.stringContaining('no answer within 1500 ms') });
    for (const url of urls) {
      expect(byUrl(facts, url).dotnet).toBeUndefined();
      expect(byUrl(facts, url).http).toMatchObject({ ok: true, status: 200 });
    }
    expect(ms).toBeLessThan(1_500 + 2_500);
  });

  it('garbage instead of an answer: no .NET view, Node\'s view stands', async () => {
    const url = `https://vendor.test:${good.port}/`;
    const { facts } = await collect([url], { probes: { rootStore: roots({ store: 'Root', pem: pki.root.cert }), dotnetEndpoints: 'garbage' } });
    expect(facts.windows?.dotnetView).toMatchObject({ ok: false, error: expect.stringContaining('Wh@t is this?') });
    expect(byUrl(facts, url).dotnet).toBeUndefined();
    expect(judgeEndpoint(byUrl(facts, url))).toMatchObject({ status: 'pass', layer: 'http' });
  });

  it('a script that throws: its message, and Node\'s view', async () => {
    const url = `https://vendor.test:${good.port}/`;
    const { facts } = await collect([url], { probes: { dotnetEndpoints: 'throw:System.ArgumentException:-2147024809:No endpoint URLs were given (-Urls)' } });
    expect(facts.windows?.dotnetView).toEqual({ ok: false, error: 'No endpoint URLs were given (-Urls)', ms: expect.any(Number) });
  });

  it('without PowerShell, Node\'s view stands alone and the record says why', async () => {
    const url = `https://vendor.test:${good.port}/`;
    const source = createWindowsNetworkSource({ lookup: loopbackLookup, publicRoots: [pki.root.cert], env: {} });
    const out = await source.run([NETWORK_PROBE], { timeoutMs: 3_000, powershell: '/nonexistent/clickker/powershell.exe', endpoints: [{ url }] });
    const facts = networkSchema.parse((out[NETWORK_PROBE] as { data: unknown }).data);
    expect(facts.windows?.rootStore).toMatchObject({ ok: false, error: expect.stringContaining('PowerShell was not found') });
    expect(facts.windows?.dotnetView).toMatchObject({ ok: false, error: expect.stringMatching(/^not taken: PowerShell was not found/) });
    expect(byUrl(facts, url).http).toMatchObject({ ok: true, status: 200 });
    expect(judgeEndpoint(byUrl(facts, url))).toMatchObject({ status: 'pass', layer: 'http' });
  });

  it('without endpoints nothing is started', async () => {
    const ps = standIn();
    const out = await createWindowsNetworkSource().run([NETWORK_PROBE], { timeoutMs: 500, powershell: ps.wrapper, endpoints: [] });
    expect(out[NETWORK_PROBE]).toMatchObject({ ok: false, error: { kind: 'not-configured' } });
    expect(ps.starts()).toBe(0);
  });
});

describe('wired into the CLI\'s sources', () => {
  it('on win32: the Windows network source and SQL as the current account, both through PowerShell', async () => {
    // An IP literal needs no resolver; Node's own public roots stay in place and the test root arrives as a Windows root.
    const url = `https://127.0.0.1:${good.port}/`;
    const ps = standIn({ probes: { rootStore: roots({ store: 'Root', pem: pki.root.cert }), dotnetEndpoints: dotnetViews({ [url]: ok200() }) } });
    const sources = await loadProbeSources({ powershellTimeoutMs: 5_000, platform: 'win32' });
    expect(sources.map((s) => s.name)).toEqual(['powershell', 'sql', 'network']);
    const network = sources.find((s) => s.name === 'network')!;
    const out = await network.run([NETWORK_PROBE], { timeoutMs: 3_000, powershell: ps.wrapper, endpoints: [{ url }], proxy: 'direct' });
    const facts = networkSchema.parse((out[NETWORK_PROBE] as { data: unknown }).data);
    expect(facts.windows?.rootStore).toMatchObject({ ok: true, roots: 1 });
    expect(byUrl(facts, url).tls).toMatchObject({ ok: true, authorized: true, inspection: { reason: 'private-root' } });
    expect(byUrl(facts, url).dotnet).toMatchObject({ ok: true, status: 200 });

    const sql = sources.find((s) => s.name === 'sql')!;
    const sqlPs = standIn();
    const records = await sql.run(['sql.server'], {
      timeoutMs: 5_000, powershell: sqlPs.wrapper,
      sql: { server: 'sql01', encrypt: true, trustServerCertificate: false, bacoLogin: 'BACO', clickkerDatabase: 'Clickker' },
    });
    expect(records['sql.server']).toMatchObject({ ok: true, data: { connectedAs: 'CORP\\beheerder', encryption: 'verified' } });
  });

  it('elsewhere: Node\'s view alone, PowerShell never started, SQL as the current account unsupported', async () => {
    const url = `https://127.0.0.1:${good.port}/`;
    const ps = standIn();
    const sources = await loadProbeSources({ powershellTimeoutMs: 5_000, platform: 'linux' });
    const network = sources.find((s) => s.name === 'network')!;
    const out = await network.run([NETWORK_PROBE], { timeoutMs: 3_000, powershell: ps.wrapper, endpoints: [{ url }], proxy: 'direct' });
    const facts = networkSchema.parse((out[NETWORK_PROBE] as { data: unknown }).data);
    expect(facts.windows).toBeUndefined();
    expect(byUrl(facts, url).dotnet).toBeUndefined();
    expect(byUrl(facts, url).tls).toMatchObject({ ok: false }); // the test root is not among Node's roots
    const sql = await sources.find((s) => s.name === 'sql')!.run(['sql.server'], {
      timeoutMs: 1_000, powershell: ps.wrapper,
      sql: { server: 'sql01', encrypt: true, trustServerCertificate: false, bacoLogin: 'BACO', clickkerDatabase: 'Clickker' },
    });
    expect(sql['sql.server']).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
    expect(ps.starts()).toBe(0);
  });
});

describe('a snapshot from the standalone collector: the .NET view alone', () => {
  it('parses, and the check decides by .NET without claiming Node went direct', async () => {
    const { readFileSync } = await import('node:fs');
    const { packagePath } = await import('../../src/core/paths.js');
    const data = JSON.parse(readFileSync(packagePath('test', 'powershell', 'samples', 'dotnetEndpoints.json'), 'utf8')) as unknown;
    const facts = networkSchema.parse(data);
    const winhttp = { Direct: false, ProxyServer: 'proxy.corp.example:8080', BypassList: '<local>', Flags: 3 };
    const verdicts = facts.endpoints.map((e) => judgeEndpoint(e, winhttp));
    expect(verdicts.map((v) => [v.status, v.layer])).toEqual([['pass', 'dotnet'], ['fail', 'dotnet'], ['fail', 'dotnet']]);
    expect(verdicts[0]!.detail).toBe('.NET Framework connects (HTTP 200 via proxy http://proxy.corp.example:8080/)');
    expect(verdicts[1]!.detail).toContain('SecureChannelFailure');
    for (const v of verdicts) expect(v.detail).not.toContain('this probe went direct');
    const r = judge({ [NETWORK_PROBE]: { ok: true, data, ms: 1 }, winhttpProxy: { ok: true, data: winhttp, ms: 1 } });
    expect(r.status).toBe('fail');
  });
});
