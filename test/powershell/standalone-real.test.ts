// The standalone collector (clickker collect --emit-script) run end to end by the real pwsh 7.6, as an
// administrator would run it (-File, with -OutFile or to stdout), over the mock layer. The collector runs each probe
// in a runspace of its own, so the mocks come in as a module that PowerShell auto-loads there
// (mocks/ClickkerMocks): the Windows-only cmdlets (Get-CimInstance, Get-WindowsFeature, Get-WindowsOptionalFeature)
// answer from the scenario; the rest meet Linux as it is (no registry, no WindowsIdentity: "could not look"). The
// snapshot it writes must be one clickker accepts. Endpoints are a closed loopback port given with -Endpoints:
// nothing leaves the machine. Without -Endpoints the collector, not being on Windows, refuses its built-in defaults.
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProbeRecord } from '../../src/core/facts.js';
import { parseSnapshot } from '../../src/facts/snapshot.js';
import { emitStandaloneScript } from '../../src/probes/powershell/standalone.js';
import { realPwsh, type Scenario } from './support/pwsh.js';

jest.setTimeout(180_000);
const here = dirname(fileURLToPath(import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'clickker-standalone-real-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ACCOUNT = "CORP\\o'brien \u2019$(Stop-Computer)`";
const OS = {
  Caption: 'Microsoft Windows Server 2016 Standard', Version: '10.0.14393', BuildNumber: '14393', ProductType: 3,
  OSArchitecture: '64-bit', OSLanguage: 1043, LastBootUpTime: '/Date(1794197557000)/',
};
const FEATURES = [
  { Name: 'Web-Server', DisplayName: 'Web Server (IIS)', Installed: true, InstallState: 1 },
  { Name: 'Web-Asp-Net45', DisplayName: 'ASP.NET 4.6', Installed: false, InstallState: 5 },
];
// IIS features as DISM lists them (captures/44-get-windowsoptionalfeature-state-enum-names-ws2019.txt).
const OPTIONAL = [{ FeatureName: 'IIS-WebServerRole', State: 2 }, { FeatureName: 'IIS-ASPNET45', State: 0 }];

/** Runs the emitted script with pwsh -File; returns stdout and the exit status. */
function runCollector(args: string[], scenario: Scenario, defaults: string[] = [CLOSED]): { status: number | null; stdout: string; stderr: string } {
  const script = join(work, `collect-clickker-${Math.random().toString(16).slice(2)}.ps1`);
  // 45 s per probe: each probe's runspace auto-loads the whole mock module (a dozen files, the IIS mock assembly);
  // at a load average of 25 on 2 cores that has taken over 20 s. The hung probe costs this once.
  writeFileSync(script, emitStandaloneScript({ endpoints: defaults, probeTimeoutSeconds: PROBE_TIMEOUT_S }));
  const scenarioFile = join(work, `scenario-${Math.random().toString(16).slice(2)}.json`);
  writeFileSync(scenarioFile, JSON.stringify(scenario));
  const r = spawnSync(realPwsh(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', script, ...args], {
    encoding: 'utf8', timeout: 150_000,
    // Windows always sets COMPUTERNAME (the snapshot's host); Linux does not.
    env: { ...process.env, COMPUTERNAME: 'WS2016-MOCK', TERM: 'dumb', CLICKKER_MOCK_SCENARIO: scenarioFile, PSModulePath: join(here, 'mocks') },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const data = (r: ProbeRecord | undefined) => (r?.ok ? r.data : r);
/** A loopback port nothing listens on. */
const CLOSED = 'https://127.0.0.1:1/';
const PROBE_TIMEOUT_S = 45;
const REFUSED = 'not on Windows: the default endpoints are not requested from here; give -Endpoints to request those URLs';

describe('the standalone collector in the real pwsh', () => {
  it('-OutFile: writes a snapshot clickker accepts, with the mocked facts, a hung probe timed out and the account byte-exact', () => {
    const out = join(work, 'host.json');
    const r = runCollector(['-OutFile', out, '-ServiceAccount', ACCOUNT, '-Endpoints', CLOSED], {
      // The hang is ServerManager's: on a server with it, optionalFeatures.ps1 no longer runs DISM (issue 13).
      cim: { Win32_OperatingSystem: OS }, windowsFeatures: FEATURES, faults: { 'Get-WindowsFeature': 'hang' },
    });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { probes: Record<string, ProbeRecord> };
    const loaded = parseSnapshot(doc, out);
    expect(loaded.snapshot.schema).toBe('clickker.snapshot/v1');
    expect(loaded.snapshot.host).toBe('WS2016-MOCK');
    const p = loaded.snapshot.probes;
    // pwsh 7 prints a [DateTime] as ISO 8601 where 5.1 prints "\/Date(ms)\/": the same instant either way.
    const os = data(p.os) as typeof OS;
    expect({ ...os, LastBootUpTime: Date.parse(os.LastBootUpTime) }).toEqual({ ...OS, LastBootUpTime: 1794197557000 });
    expect(p.windowsFeatures).toMatchObject({ ok: false, error: { kind: 'timeout', message: `no answer within ${PROBE_TIMEOUT_S} s; the probe was stopped` } });
    expect(p.optionalFeatures).toMatchObject({ ok: false, error: { kind: 'unsupported', message: expect.stringContaining('reads Get-WindowsFeature') } });
    expect(data(p.serviceAccount)).toMatchObject({ Account: ACCOUNT, Resolved: false });
    // What Linux cannot answer is "could not look", never "absent".
    expect(p.identity).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
    expect(p.dotnetTls).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
    // The endpoint probe requested the closed loopback port it was given, through the real HttpWebRequest (whose
    // WebExceptionStatus for a refused connection is UnknownError on .NET 10, ConnectFailure on .NET Framework).
    const endpoints = data(p['network.endpoints']) as { endpoints: { url: string; dotnet: { ok: boolean; error: string } }[] };
    expect(endpoints.endpoints).toEqual([{ url: CLOSED, dotnet: expect.objectContaining({ ok: false, error: expect.stringMatching(/Connection refused/) }) }]);
  });

  it('stdout: without -OutFile the snapshot JSON is the script\'s output', () => {
    const r = runCollector([], { cim: { Win32_OperatingSystem: OS }, missing: ['Get-WindowsFeature'], optionalFeatures: OPTIONAL });
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { probes: Record<string, ProbeRecord> };
    const loaded = parseSnapshot(doc, 'stdout');
    expect(data(loaded.snapshot.probes.os)).toMatchObject({ Caption: OS.Caption, ProductType: 3 });
    // ServerManager missing (a client): the script's own NotSupportedException, kind unsupported.
    expect(loaded.snapshot.probes.windowsFeatures).toMatchObject({ ok: false, error: { kind: 'unsupported' } });
    // No ServerManager: DISM is asked (issue 13), and its mocked features come back.
    expect(data(loaded.snapshot.probes.optionalFeatures)).toEqual(OPTIONAL);
    expect(loaded.snapshot.probes.serviceAccount).toMatchObject({ ok: false, error: { kind: 'not-configured' } });
    // Not on Windows and no -Endpoints: the built-in defaults are not requested (could not look, never "absent").
    expect(loaded.snapshot.probes['network.endpoints']).toEqual({ ok: false, error: { kind: 'unsupported', message: REFUSED }, ms: 0 });
  });

  it('built-in real endpoints are never requested off Windows without -Endpoints; given ones are, with commas', () => {
    // Hosts under .invalid (RFC 6761) as the built-in defaults, as `collect --emit-script` bakes in the profile's list.
    const real = ['https://clickker-default.invalid/', 'https://api.clickker-default.invalid/health'];
    const refused = runCollector([], { cim: { Win32_OperatingSystem: OS } }, real);
    expect(refused.status).toBe(0);
    const a = parseSnapshot(JSON.parse(refused.stdout), 'stdout').snapshot.probes['network.endpoints'];
    expect(a).toEqual({ ok: false, error: { kind: 'unsupported', message: REFUSED }, ms: 0 });
    const given = runCollector(['-Endpoints', `${CLOSED},http://127.0.0.1:1/x`], { cim: { Win32_OperatingSystem: OS } }, real);
    const b = data(parseSnapshot(JSON.parse(given.stdout), 'stdout').snapshot.probes['network.endpoints']) as { endpoints: { url: string }[] };
    expect(b.endpoints.map((e) => e.url)).toEqual([CLOSED, 'http://127.0.0.1:1/x']);
  });
});
