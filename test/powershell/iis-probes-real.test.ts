// iisSites.ps1 and the IIS half of synergy.ps1, run unchanged by the real pwsh over the mock layer: Microsoft.Web.
// Administration is iis.ps1's mock assembly (ServerManager.Sites -> Site -> Bindings / Applications ->
// VirtualDirectories), loaded from %windir%\System32\inetsrv as on Windows; the certificate store is certs.ps1. For
// every fixture the sites come from its recorded iisSites fact (support/iis-scenario.ts): capture/fixture -> real
// script -> fact (zod) -> verdict. Then the unhappy path: not elevated, ServerManager cannot read applicationHost.config.
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProbeRecord } from '../../src/core/facts.js';
import { packagePath } from '../../src/core/paths.js';
import type { IisSite } from '../../src/facts/iis-sites.js';
import type { SynergyFacts } from '../../src/facts/synergy.js';
import { httpPeer, type Peer } from '../network/support/peers.js';
import { asPrinted, iisScenario } from './support/iis-scenario.js';
import { fact, runProbe, statuses } from './support/probe-rerun.js';
import { pwshHost } from './support/pwsh.js';

const ps = pwshHost();
const peers: Peer[] = [];
const work = mkdtempSync(join(tmpdir(), 'clickker-iis-'));
afterAll(async () => {
  ps.close();
  await Promise.all(peers.map((p) => p.close()));
  rmSync(work, { recursive: true, force: true });
});

const DIR = packagePath('fixtures', 'hosts');
type Doc = { host: string; probes: Record<string, ProbeRecord> };
const load = (name: string) => JSON.parse(readFileSync(`${DIR}/${name}.json`, 'utf8')) as Doc;
const WITH_SITES = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort()
  .filter((name) => load(name).probes.iisSites?.ok);

describe('iisSites.ps1 on the real pwsh over the Microsoft.Web.Administration mock', () => {
  it.each(WITH_SITES)('%s: the fixture\'s sites, bindings, certificates and applications, and every verdict', async (name) => {
    const doc = load(name);
    const recorded = fact<IisSite[]>('iisSites', (doc.probes.iisSites as { data: unknown }).data);
    const got = await runProbe(ps, 'iisSites', iisScenario(recorded));
    if (!got.ok) throw new Error(JSON.stringify(got));
    expect(fact('iisSites', got.data)).toEqual(asPrinted(recorded));
    const rerun = structuredClone(doc);
    rerun.probes.iisSites = got;
    expect(statuses(rerun, `${name} (iisSites rerun)`)).toEqual(statuses(doc, name));
  });

  it('a certificate that is not in the store, and a chain build that throws: both named, neither passed', async () => {
    const doc = load('ws2019-ready');
    const sites = fact<IisSite[]>('iisSites', (doc.probes.iisSites as { data: unknown }).data);
    const scenario = iisScenario(sites);
    const before = statuses(doc, 'ws2019-ready')['iis.https-binding'];
    expect(before).toMatch(/^pass/);
    // The chain engine threw: ChainValid null, "could not be checked", not a pass.
    const certs = scenario.certificates as Record<string, { ChainValid: boolean | null }>;
    for (const c of Object.values(certs)) c.ChainValid = null;
    const threw = await runProbe(ps, 'iisSites', scenario);
    const rerun = structuredClone(doc);
    rerun.probes.iisSites = threw;
    expect(statuses(rerun, 'chain threw')['iis.https-binding']).toMatch(/^(?!pass).*could not be checked/);
    // The bound certificate is gone from LocalMachine\My: Certificate null, the hash still named.
    const gone = await runProbe(ps, 'iisSites', { ...scenario, certificates: {} });
    if (!gone.ok) throw new Error(JSON.stringify(gone));
    const https = fact<IisSite[]>('iisSites', gone.data)[0]!.Bindings.find((b) => b.Protocol === 'https')!;
    expect(https).toMatchObject({ Certificate: null, CertificateHash: expect.stringMatching(/^[0-9A-F]{40}$/) });
    rerun.probes.iisSites = gone;
    // A warning without --external-access (the binding matters when outside parties must reach Clickker).
    expect(statuses(rerun, 'certificate gone')['iis.https-binding']).toMatch(/^warn: .*certificate [0-9A-F]{40} is not in the My store/);
  });

  it('not elevated: new ServerManager reads applicationHost.config on first use and is refused; no "no sites"', async () => {
    // Before get_Sites() the script read .Sites, whose exception PowerShell drops (the property reads $null), and an
    // unelevated run printed [] - "no sites" - instead of an error.
    const got = await runProbe(ps, 'iisSites', { iisDenied: true }, false);
    expect(got).toMatchObject({ ok: false, error: { kind: 'needs-elevation', message: expect.stringContaining('Cannot read configuration file due to insufficient permissions') } });
    const elevated = await runProbe(ps, 'iisSites', { iisDenied: true }, true);
    expect(elevated).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
  });
});

describe('synergy.ps1\'s IIS half on the real pwsh: applications, the entity service file, one GET of $metadata', () => {
  const UNINSTALL = 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';

  it.each(['ws2019-ready', 'ws2019-synergy505', 'ws2016-ready'])('%s: IisApplications, InstallFolders and DbConfigs as recorded, and the synergy verdicts', async (name) => {
    const doc = load(name);
    const sites = fact<IisSite[]>('iisSites', (doc.probes.iisSites as { data: unknown }).data);
    const recorded = fact<SynergyFacts>('synergy', (doc.probes.synergy as { data: unknown }).data);
    const app = recorded.IisApplications.find((a) => a.HasEntityService)!;
    expect(app).toBeDefined();
    // The application's folder: on Linux the script's '\' are part of a file name, so '<dir>\Services\...' is one
    // file beside <dir>. db.config with a password the script must never print.
    const dir = mkdtempSync(join(work, 'app-'));
    const folder = join(dir, 'Synergy');
    mkdirSync(folder);
    writeFileSync(`${folder}\\Services\\Exact.Entity.REST.svc`, '<%@ ServiceHost Service="Exact.Entity.REST" %>');
    const db = recorded.DbConfigs?.[0];
    if (!db) throw new Error(`${name}: no db.config recorded`);
    writeFileSync(`${folder}\\db.config`, `Server=${db.Server};Database=${db.Database};User ID=synergy;Password=s3cret-Pa55`);
    // The entity service: a loopback peer on the site's http binding, addressed by its IP as host name.
    let asked = '';
    const peer = await httpPeer((q, res) => { asked = q.url ?? ''; res.writeHead(200, { 'content-type': 'application/xml' }); res.end('<edmx:Edmx Version="1.0"/>'); });
    peers.push(peer);
    const onHost = sites.map((s) => s.Name !== app.Site ? s : {
      ...s,
      Bindings: s.Bindings.map((b) => b.Protocol === 'http' ? { ...b, BindingInformation: `127.0.0.1:${peer.port}:127.0.0.1` } : b),
      Applications: (s.Applications ?? []).map((a) => a.Path === app.Path ? { ...a, PhysicalPath: folder } : a),
    });
    const registry: Record<string, unknown> = {};
    recorded.UninstallEntries.forEach((e, i) => { registry[`${UNINSTALL}\\{E${i}ACT-0000}`] = { ...e, Publisher: 'Exact' }; });
    const got = await runProbe(ps, 'synergy', { ...iisScenario(onHost), registry });
    if (!got.ok) throw new Error(JSON.stringify(got));
    expect(JSON.stringify(got.data)).not.toContain('s3cret');
    const data = fact<SynergyFacts>('synergy', got.data);
    expect(data).toMatchObject({ IisRead: true, IisInstalled: true, IisError: null });
    expect(data.IisApplications).toEqual([{ Site: app.Site, Path: app.Path, PhysicalPath: folder, HasEntityService: true, Error: null }]);
    expect(data.InstallFolders.map((f) => f.Path)).toEqual([folder]);
    expect(data.DbConfigs).toEqual([{ Path: `${folder}\\db.config`, Server: db.Server, Database: db.Database }]);
    expect(asked).toBe(`${app.Path}/Services/Exact.Entity.REST.svc/$metadata`);
    expect(data.EntityService).toMatchObject({ Url: `http://127.0.0.1:${peer.port}${app.Path}/Services/Exact.Entity.REST.svc/$metadata`, Status: 200, GlobeLoginFailed: false, Error: null });
    // fact -> verdict: with the temporary folder named as the recorded one, every check but the entity service's
    // (which the fixture did not record) says what it said; the entity service has its 200 now.
    const rerunData = JSON.parse(JSON.stringify(got.data).replaceAll(JSON.stringify(`${folder}\\db.config`).slice(1, -1), JSON.stringify(db.Path).slice(1, -1))
      .replaceAll(JSON.stringify(folder).slice(1, -1), JSON.stringify(app.PhysicalPath ?? '').slice(1, -1))) as Record<string, unknown>;
    const rerun = structuredClone(doc);
    rerun.probes.synergy = { ok: true, data: rerunData, ms: 0 };
    const before = statuses(doc, name);
    const after = statuses(rerun, `${name} (synergy rerun)`);
    for (const id of ['synergy.website', 'synergy.release']) expect({ id, verdict: after[id] }).toEqual({ id, verdict: before[id] });
  });

  it('not elevated: IisRead false with the reason, so no check calls Synergy absent', async () => {
    const got = await runProbe(ps, 'synergy', { iisDenied: true }, false);
    if (!got.ok) throw new Error(JSON.stringify(got));
    const data = fact<SynergyFacts>('synergy', got.data);
    expect(data).toMatchObject({ IisRead: false, IisInstalled: true, IisError: expect.stringContaining('insufficient permissions'), IisApplications: [] });
    const doc = load('ws2019-ready');
    doc.probes.synergy = got;
    expect(statuses(doc, 'synergy not elevated')['synergy.website']).toMatch(/^unknown/);
  });
});
