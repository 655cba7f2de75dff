// The probe scripts themselves, run by the real pwsh over the mock layer, end to end: for every host fixture the
// Windows cmdlets return what that host's recorded facts imply (support/scenarios.ts, shapes from the captures), the
// unchanged probe script runs inside the bridge's own one-line envelope, and its JSON must parse with the fact's zod
// schema, equal the fixture's facts, and give the same verdict for every check. Then the unhappy paths the scripts
// claim to handle: access denied, a cmdlet missing, a single object instead of an array, a localized display name.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { judgeEndpoint } from '../../checks/network-endpoints.js';
import { networkSchema, type NetworkFacts } from '../../src/facts/network.js';
import { NETWORK_PROBE } from '../../src/probes/network/index.js';
import { runScript } from '../../src/probes/powershell/bridge.js';
import { PsSession } from '../../src/probes/powershell/session.js';
import { createWindowsNetworkSource } from '../../src/probes/windows-network.js';
import { createPki, type Pki } from '../network/support/pki.js';
import { httpPeer, httpsPeer, loopbackLookup, refusedPort, type Peer } from '../network/support/peers.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import { packagePath } from '../../src/core/paths.js';
import { fact, runProbe, statuses } from './support/probe-rerun.js';
import { pwshHost, realPwsh } from './support/pwsh.js';
import { MOCKED_PROBES, scenarioFor, type MockedProbe } from './support/scenarios.js';

const ps = pwshHost();
afterAll(() => ps.close());

const DIR = packagePath('fixtures', 'hosts');
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();

describe.each(FIXTURES)('fixture %s through the real probe scripts', (name) => {
  const doc = JSON.parse(readFileSync(`${DIR}/${name}.json`, 'utf8')) as { host: string; probes: Record<string, ProbeRecord> };
  const identity = doc.probes.identity;
  const elevated = identity?.ok ? (identity.data as { IsElevated?: boolean }).IsElevated ?? null : null;

  it('gives the same facts, and every check the same verdict', async () => {
    const rerun = structuredClone(doc);
    for (const probe of MOCKED_PROBES) {
      const recorded = doc.probes[probe]!;
      const got = await runProbe(ps, probe, scenarioFor(probe as MockedProbe, recorded, doc.host), elevated);
      if (recorded.ok) {
        expect({ probe, ok: got.ok, ...(got.ok ? {} : { error: got.error }) }).toEqual({ probe, ok: true });
        if (got.ok) expect({ probe, fact: fact(probe, got.data) }).toEqual({ probe, fact: fact(probe, recorded.data) });
      } else {
        // A client has no ServerManager: the script reports it as unsupported (the fixture kept 5.1's older
        // "not recognized" record, kind not-found); both say "could not look", never "absent".
        const want = recorded.error.kind === 'not-found' && probe === 'windowsFeatures' ? 'unsupported' : recorded.error.kind;
        expect({ probe, kind: got.ok ? 'ok' : got.error.kind }).toEqual({ probe, kind: want });
      }
      rerun.probes[probe] = got;
    }
    expect(statuses(rerun, `${name} (rerun)`)).toEqual(statuses(doc, name));
  });
});

describe('the unhappy paths the scripts claim to handle', () => {
  const ws2019 = JSON.parse(readFileSync(`${DIR}/ws2019-ready.json`, 'utf8')) as { probes: Record<string, { ok: true; data: unknown }> };

  it('Get-WindowsOptionalFeature without elevation: DISM\'s COMException 0x800702E4 is needs-elevation', async () => {
    const got = await runProbe(ps, 'optionalFeatures', { faults: { 'Get-WindowsOptionalFeature': 'elevation-required' } }, null);
    expect(got).toMatchObject({ ok: false, error: { kind: 'needs-elevation', message: 'The requested operation requires elevation.' } });
  });

  it('access denied: elevated it stays access-denied, otherwise it asks for elevation', async () => {
    const scenario = { faults: { 'Get-CimInstance': 'access-denied' } };
    expect(await runProbe(ps, 'os', scenario, true)).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
    expect(await runProbe(ps, 'os', scenario, false)).toMatchObject({ ok: false, error: { kind: 'needs-elevation' } });
  });

  it('a registry key the token may not read is access-denied, not "no .NET"', async () => {
    const got = await runProbe(ps, 'dotnet', { registry: { 'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full': 'access-denied' } }, true);
    expect(got).toMatchObject({ ok: false, error: { kind: 'access-denied', message: 'Requested registry access is not allowed.' } });
  });

  it('no .NET Framework 4.5+ key prints null (the fact is "absent", which the key proves)', async () => {
    const got = await runProbe(ps, 'dotnet', { registry: {} });
    expect(got).toEqual({ ok: true, data: null, ms: 0 });
  });

  it('Get-WindowsFeature missing (a client): unsupported, with the script\'s own words', async () => {
    const got = await runProbe(ps, 'windowsFeatures', { missing: ['Get-WindowsFeature'] });
    expect(got).toMatchObject({ ok: false, error: { kind: 'unsupported', message: expect.stringMatching(/not a Windows Server edition/) } });
  });

  it('a single feature prints as an array of one (the script wraps it with @() and -InputObject)', async () => {
    const one = [{ Name: 'Web-Server', DisplayName: 'Web Server (IIS)', Installed: true, InstallState: 'Installed' }];
    const got = await runProbe(ps, 'windowsFeatures', { windowsFeatures: one });
    expect(got).toEqual({ ok: true, data: [{ Name: 'Web-Server', DisplayName: 'Web Server (IIS)', Installed: true, InstallState: 1 }], ms: 0 });
    const none = await runProbe(ps, 'optionalFeatures', { optionalFeatures: [{ FeatureName: 'TelnetClient', State: 'Disabled' }] });
    expect(none).toEqual({ ok: true, data: [], ms: 0 });
  });

  it('a localized display name (a German server) changes nothing: the checks go by Name and the enum number', async () => {
    const base = ws2019.probes.windowsFeatures!.data as { Name: string; DisplayName: string; Installed: boolean; InstallState: number }[];
    // German DisplayNames as Get-WindowsFeature prints them on a de-DE server; Name and InstallState are not localized.
    const german = base.map((f) => ({ ...f, DisplayName: f.Name === 'Web-Server' ? 'Webserver (IIS)' : `${f.DisplayName} (Rolle) – äöü` }));
    const got = await runProbe(ps, 'windowsFeatures', { windowsFeatures: german });
    expect(got.ok).toBe(true);
    const data = (got as { data: { DisplayName: string }[] }).data;
    expect(data.find((f) => f.DisplayName === 'Webserver (IIS)')).toBeDefined();
    expect(data.some((f) => f.DisplayName.endsWith('– äöü'))).toBe(true); // UTF-8 all the way
    const doc = JSON.parse(readFileSync(`${DIR}/ws2019-ready.json`, 'utf8')) as { probes: Record<string, ProbeRecord> };
    const before = statuses(doc, 'ws2019-ready');
    doc.probes.windowsFeatures = got;
    expect(statuses(doc, 'ws2019-ready (German)')['iis.features']).toBe(before['iis.features']);
  });

  it('every pending-restart signal the script names is found from its registry evidence', async () => {
    const all = ['CBS.RebootPending', 'WindowsUpdate.RebootRequired', 'Session.PendingFileRenameOperations', 'ComputerName.RenamePending', 'Updates.UpdateExeVolatile', 'ServerManager.CurrentRebootAttempts'];
    const got = await runProbe(ps, 'pendingReboot', scenarioFor('pendingReboot', { ok: true, data: { Reasons: all } }));
    expect(got).toEqual({ ok: true, data: { Reasons: all }, ms: 0 });
    // PendingFileRenameOperations holding only empty strings is no signal.
    const empty = await runProbe(ps, 'pendingReboot', { registry: { 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager': { PendingFileRenameOperations: { type: 'MultiString', value: ['', ''] } } } });
    expect(empty).toEqual({ ok: true, data: { Reasons: [] }, ms: 0 });
  });

  it('the real .NET Framework key of capture 16 (Windows 10, Release 528372) gives .NET 4.8', async () => {
    // captures/16-ndp-v4-full-itemproperty-win10-528372.txt, value by value.
    const got = await runProbe(ps, 'dotnet', {
      registry: {
        'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full': {
          CBS: { type: 'DWord', value: 1 }, Install: { type: 'DWord', value: 1 }, InstallPath: 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\',
          Release: { type: 'DWord', value: 528372 }, Servicing: { type: 'DWord', value: 0 }, TargetVersion: '4.0.0', Version: '4.8.04084',
        },
      },
    });
    expect(got).toEqual({ ok: true, data: { Release: 528372, Version: '4.8.04084' }, ms: 0 });
  });
});

describe('synergy.ps1 on the real pwsh: the uninstall entries through Get-ItemProperty', () => {
  // The registry part runs for real over the registry mock (Get-ItemProperty -Path 'HKLM:\...\Uninstall\*', both
  // views; shapes: captures/16-ndp-v4-full-itemproperty-win10-528372.txt for a key's values). IIS here is iis.ps1's
  // default (captures/39-get-website-ws2019-default.txt: Default Web Site only), read through the mock
  // Microsoft.Web.Administration at %windir%\System32\inetsrv: a successful look that finds no Synergy application.
  // The IIS half with Synergy applications, the entity service and not elevated: iis-probes-real.test.ts.
  const UNINSTALL = 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
  const UNINSTALL32 = 'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall';

  it.each(['ws2019-synergy501', 'ws2019-synergy505', 'ws2019-ready'])('%s: the entries the script keeps give the release check the fixture\'s verdict', async (name) => {
    const doc = JSON.parse(readFileSync(`${DIR}/${name}.json`, 'utf8')) as { host: string; probes: Record<string, ProbeRecord> };
    const recorded = doc.probes.synergy as { ok: true; data: { UninstallEntries: unknown } };
    const raw = recorded.data.UninstallEntries;
    const entries = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { DisplayName: string; DisplayVersion: string; InstallLocation: string }[];
    const registry: Record<string, unknown> = {
      // What every server also has under Uninstall: entries the script must leave out (no match, no DisplayName).
      [`${UNINSTALL}\\{90160000-008C-0000-1000-0000000FF1CE}`]: { DisplayName: 'Microsoft Visual C++ 2015 x64 Minimum Runtime', DisplayVersion: '14.0.24215' },
      [`${UNINSTALL}\\KB4486153`]: { Comments: 'no DisplayName' },
    };
    // The first entry in the 64-bit view, the others in the 32-bit view (Exact's installers are 32-bit).
    entries.forEach((e, i) => {
      registry[`${i === 0 ? UNINSTALL : UNINSTALL32}\\{E${i}ACT-0000}`] = { DisplayName: e.DisplayName, DisplayVersion: e.DisplayVersion, InstallLocation: e.InstallLocation, Publisher: 'Exact' };
    });
    const got = await runProbe(ps, 'synergy', { registry });
    if (!got.ok) throw new Error(JSON.stringify(got));
    const data = fact('synergy', got.data) as { UninstallEntries: unknown[]; IisRead: boolean; IisInstalled: boolean; IisApplications: unknown[]; InstallFolders: unknown[]; DbConfigs: unknown[] };
    const want = (fact('synergy', recorded.data) as { UninstallEntries: unknown[] }).UninstallEntries;
    expect(want.length).toBeGreaterThan(0);
    expect(data.UninstallEntries).toEqual(want); // the Visual C++ entry and the one without a name are left out
    expect(data).toMatchObject({ IisRead: true, IisInstalled: true, IisApplications: [], InstallFolders: [], DbConfigs: [] });
    // capture -> real script -> fact -> verdict: the release check decides from the uninstall entries as before.
    const rerun = structuredClone(doc);
    rerun.probes.synergy = { ok: true, data: { ...recorded.data, UninstallEntries: (got.data as { UninstallEntries: unknown }).UninstallEntries }, ms: 0 };
    expect(statuses(rerun, `${name} (synergy rerun)`)['synergy.release']).toBe(statuses(doc, name)['synergy.release']);
  });

  it('no uninstall entry at all, and a key the token may not read: nothing claimed, nothing thrown', async () => {
    const got = await runProbe(ps, 'synergy', { registry: { [`${UNINSTALL}\\{A}`]: 'access-denied' } });
    if (!got.ok) throw new Error(JSON.stringify(got));
    expect(fact('synergy', got.data)).toMatchObject({ UninstallEntries: [], IisRead: true, IisInstalled: true, IisApplications: [] });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The .NET network probes, whose logic runs for real here: rootStore.ps1 reads X509Store LocalMachine\Root and \CA,
// and dotnetEndpoints.ps1 makes each request with HttpWebRequest, in runspaces, as on Windows. What differs is the
// store and TLS underneath: on Linux .NET's LocalMachine\Root is OpenSSL's CA bundle, chosen by SSL_CERT_FILE and
// SSL_CERT_DIR ("X509Store" in https://learn.microsoft.com/en-us/dotnet/standard/security/cross-platform-cryptography),
// and HttpWebRequest verifies against that same store, as SChannel verifies against the Windows store. So the
// "Windows store" of each test is a bundle file it writes, and each peer is a loopback server with a test PKI.
// URLs are IP literals: .NET resolves names itself, and no name may reach a resolver.
describe('the Windows network source on the real pwsh: rootStore.ps1 and dotnetEndpoints.ps1', () => {
  let pki: Pki;
  const peers: Peer[] = [];
  const work = mkdtempSync(join(tmpdir(), 'clickker-store-'));
  beforeAll(() => { pki = createPki(); });
  afterAll(async () => {
    await Promise.all(peers.map((p) => p.close()));
    pki?.cleanup();
    rmSync(work, { recursive: true, force: true });
  });
  const peer = async (p: Promise<Peer>) => { const x = await p; peers.push(x); return x; };

  /** A bridge session on the real pwsh whose LocalMachine\Root holds exactly `roots`, with no proxy in its environment. */
  async function sessionWithStore(roots: string[]): Promise<PsSession> {
    const bundle = join(work, `roots-${Math.random().toString(16).slice(2)}.pem`);
    writeFileSync(bundle, roots.join(''));
    const emptyDir = mkdtempSync(join(work, 'dir-'));
    const saved = { ...process.env };
    process.env.SSL_CERT_FILE = bundle;
    process.env.SSL_CERT_DIR = emptyDir;
    for (const k of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY', 'no_proxy', 'NO_PROXY']) delete process.env[k];
    try {
      return await PsSession.start({ executable: realPwsh() });
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  }

  async function collectNetwork(urls: string[], roots: string[]) {
    const source = createWindowsNetworkSource({ startSession: () => sessionWithStore(roots), lookup: loopbackLookup, publicRoots: [pki.root.cert], env: {}, rootStoreTimeoutMs: 120_000 });
    const out = await source.run([NETWORK_PROBE], { timeoutMs: 15_000, powershell: realPwsh(), endpoints: urls.map((url) => ({ url })) });
    const record = out[NETWORK_PROBE]!;
    if (!record.ok) throw new Error(`network probe failed: ${JSON.stringify(record)}`);
    // capture -> real script -> fact: the record parses with the network fact's schema.
    return networkSchema.parse(record.data);
  }
  const endpoint = (facts: NetworkFacts, url: string) => facts.endpoints.find((e) => e.url === url)!;

  it('a corporate root in the machine store: both views trust the inspecting proxy\'s chain, the verdict says inspection', async () => {
    const corp = await peer(httpsPeer(pki.corpLeaf, (_q, res) => { res.writeHead(200); res.end('ok'); }));
    const url = `https://127.0.0.1:${corp.port}/`;
    const facts = await collectNetwork([url], [pki.corpRoot.cert]);
    expect(facts.windows?.rootStore).toMatchObject({ ok: true, roots: 1, intermediates: 0, skipped: 0 });
    expect(facts.windows?.dotnetView).toMatchObject({ ok: true });
    const e = endpoint(facts, url);
    expect(e.dotnet).toMatchObject({ ok: true, status: 200, error: null, securityProtocol: 'SystemDefault' });
    expect(e.tls).toMatchObject({ ok: true, authorized: true, inspection: { reason: 'private-root' } });
    expect(judgeEndpoint(e).status).toBe('warn');
  });

  it('reached (200, 404), refused and untrusted endpoints: the real WebException statuses, and their verdicts', async () => {
    const good = await peer(httpsPeer(pki.valid, (_q, res) => { res.writeHead(200); res.end('ok'); }));
    const missing = await peer(httpPeer((_q, res) => { res.writeHead(404); res.end(); }));
    const corp = await peer(httpsPeer(pki.corpLeaf, (_q, res) => { res.writeHead(200); res.end('ok'); }));
    const closed = await refusedPort();
    const urls = {
      good: `https://127.0.0.1:${good.port}/`, missing: `http://127.0.0.1:${missing.port}/api`,
      refused: `https://127.0.0.1:${closed}/`, untrusted: `https://127.0.0.1:${corp.port}/`,
    };
    // The store holds the public test root only: the corporate chain is untrusted for .NET and for Node.
    const facts = await collectNetwork(Object.values(urls), [pki.root.cert]);
    expect(facts.windows?.rootStore).toMatchObject({ ok: true, roots: 1 });
    // Where .NET 10 and .NET Framework differ, this holds to what both share: ServicePoint.Certificate stays unset on
    // .NET 10 (the script's issuer is null; .NET Framework fills it in), and a refused connection is
    // WebExceptionStatus UnknownError there with the socket's message (ConnectFailure on .NET Framework). The verdicts
    // below do not depend on either.
    expect(endpoint(facts, urls.good).dotnet).toMatchObject({ ok: true, status: 200, issuer: null });
    expect(endpoint(facts, urls.missing).dotnet).toMatchObject({ ok: true, status: 404 });
    expect(endpoint(facts, urls.refused).dotnet).toMatchObject({ ok: false, status: null, error: expect.stringMatching(/Connection refused/) });
    // An untrusted chain: on .NET 10 also UnknownError (TrustFailure on .NET Framework), the reason in the message.
    expect(endpoint(facts, urls.untrusted).dotnet).toMatchObject({ ok: false, status: null, error: expect.stringContaining('The remote certificate was rejected') });
    const verdicts = Object.fromEntries(Object.entries(urls).map(([k, url]) => [k, judgeEndpoint(endpoint(facts, url)).status]));
    expect(verdicts).toEqual({ good: 'pass', missing: 'pass', refused: 'fail', untrusted: 'fail' });
  });

  it('rootStore.ps1 alone: every certificate of both stores, as DER, with thumbprint and subject as .NET gives them', async () => {
    const session = await sessionWithStore([pki.root.cert, pki.corpRoot.cert]);
    try {
      const out = await runScript(session, 'rootStore.ps1', {}, 120_000);
      if (!out.ok) throw new Error(JSON.stringify(out));
      const certs = (out.data as { Certificates: { Store: string; Thumbprint: string; Subject: string; Der: string }[] }).Certificates;
      const want = [pki.root.cert, pki.corpRoot.cert].map((pem) => new X509Certificate(pem));
      expect(certs.map((c) => [c.Store, c.Thumbprint, c.Der]).sort()).toEqual(
        want.map((c) => ['Root', c.fingerprint.replaceAll(':', ''), c.raw.toString('base64')]).sort());
      // .NET names the RDNs last-encoded first, as Windows does (openssl -subj '/CN=../O=..' encodes CN first).
      expect(certs.map((c) => c.Subject).sort()).toEqual(['O=Clickker Test, CN=Clickker Test Root CA', 'O=Example Corp, CN=Corp Inspection CA']);
    } finally {
      await session.kill();
    }
  });
});
