// The probe scripts themselves, run by the real pwsh over the mock layer, end to end: for every host fixture the
// Windows cmdlets return what that host's recorded facts imply (support/scenarios.ts, shapes from the captures), the
// unchanged probe script runs inside the bridge's own one-line envelope, and its JSON must parse with the fact's zod
// schema, equal the fixture's facts, and give the same verdict for every check. Then the unhappy paths the scripts
// claim to handle: access denied, a cmdlet missing, a single object instead of an array, a localized display name.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import { packagePath } from '../../src/core/paths.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { parseSnapshot } from '../../src/facts/snapshot.js';
import { allChecks } from '../../checks/index.js';
import { FACTS_BY_PROBE } from '../../src/facts/index.js';
import { buildInvocation, newNonce, parseProbeOutput, readEnvelope } from '../../src/probes/powershell/envelope.js';
import { classifyPsError, PROBES_BY_ID, readProbeScript } from '../../src/probes/powershell/probes.js';
import { pwshHost, type Scenario } from './support/pwsh.js';
import { MOCKED_PROBES, scenarioFor, type MockedProbe } from './support/scenarios.js';

const ps = pwshHost();
afterAll(() => ps.close());

const NOW = new Date('2026-11-22T12:00:00Z');
const DIR = packagePath('fixtures', 'hosts');
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
const requirements = loadRequirements();

/** Runs one probe script as the bridge does (its envelope, its error classification), over `scenario`. */
async function runProbe(probe: string, scenario: Scenario, elevated: boolean | null = true, params: Record<string, string> = {}): Promise<ProbeRecord> {
  const nonce = newNonce();
  const r = await ps.run(buildInvocation(readProbeScript(PROBES_BY_ID.get(probe)!.file), params, nonce), scenario);
  expect(r.error).toBeNull(); // the envelope catches everything the script throws
  const read = readEnvelope(r.stdout, nonce);
  if (read.kind === 'garbled') throw new Error(read.reason);
  const env = read.envelope;
  if (!env.ok) return { ok: false, error: { kind: classifyPsError(env.error, elevated), message: env.error.message ?? '' }, ms: 0 };
  const parsed = parseProbeOutput(env.data);
  if (!parsed.ok) return { ok: false, error: { kind: 'bad-output', message: parsed.message }, ms: 0 };
  return { ok: true, data: parsed.data, ms: 0 };
}

/** A fact as the checks see it: the probe's data through its zod schema. */
function fact(probe: string, data: unknown): unknown {
  const parsed = FACTS_BY_PROBE.get(probe)!.schema.safeParse(data);
  if (!parsed.success) throw new Error(`${probe}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

function statuses(doc: unknown, file: string): Record<string, string> {
  const loaded = parseSnapshot(doc, file);
  const evaluation = evaluate({
    hosts: [{ facts: loaded.facts, collectedAt: loaded.snapshot.collectedAt, collector: loaded.snapshot.collector, file }],
    requirements, checks: allChecks(requirements.requirements), options: defaultOptions({ confirmations: new Set(['all']) }), now: NOW,
  });
  return Object.fromEntries(evaluation.results.map((r) => [r.id, `${r.status}: ${r.summary}`]));
}

describe.each(FIXTURES)('fixture %s through the real probe scripts', (name) => {
  const doc = JSON.parse(readFileSync(`${DIR}/${name}.json`, 'utf8')) as { host: string; probes: Record<string, ProbeRecord> };
  const identity = doc.probes.identity;
  const elevated = identity?.ok ? (identity.data as { IsElevated?: boolean }).IsElevated ?? null : null;

  it('gives the same facts, and every check the same verdict', async () => {
    const rerun = structuredClone(doc);
    for (const probe of MOCKED_PROBES) {
      const recorded = doc.probes[probe]!;
      const got = await runProbe(probe, scenarioFor(probe as MockedProbe, recorded, doc.host), elevated);
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
    const got = await runProbe('optionalFeatures', { faults: { 'Get-WindowsOptionalFeature': 'elevation-required' } }, null);
    expect(got).toMatchObject({ ok: false, error: { kind: 'needs-elevation', message: 'The requested operation requires elevation.' } });
  });

  it('access denied: elevated it stays access-denied, otherwise it asks for elevation', async () => {
    const scenario = { faults: { 'Get-CimInstance': 'access-denied' } };
    expect(await runProbe('os', scenario, true)).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
    expect(await runProbe('os', scenario, false)).toMatchObject({ ok: false, error: { kind: 'needs-elevation' } });
  });

  it('a registry key the token may not read is access-denied, not "no .NET"', async () => {
    const got = await runProbe('dotnet', { registry: { 'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full': 'access-denied' } }, true);
    expect(got).toMatchObject({ ok: false, error: { kind: 'access-denied', message: 'Requested registry access is not allowed.' } });
  });

  it('no .NET Framework 4.5+ key prints null (the fact is "absent", which the key proves)', async () => {
    const got = await runProbe('dotnet', { registry: {} });
    expect(got).toEqual({ ok: true, data: null, ms: 0 });
  });

  it('Get-WindowsFeature missing (a client): unsupported, with the script\'s own words', async () => {
    const got = await runProbe('windowsFeatures', { missing: ['Get-WindowsFeature'] });
    expect(got).toMatchObject({ ok: false, error: { kind: 'unsupported', message: expect.stringMatching(/not a Windows Server edition/) } });
  });

  it('a single feature prints as an array of one (the script wraps it with @() and -InputObject)', async () => {
    const one = [{ Name: 'Web-Server', DisplayName: 'Web Server (IIS)', Installed: true, InstallState: 'Installed' }];
    const got = await runProbe('windowsFeatures', { windowsFeatures: one });
    expect(got).toEqual({ ok: true, data: [{ Name: 'Web-Server', DisplayName: 'Web Server (IIS)', Installed: true, InstallState: 1 }], ms: 0 });
    const none = await runProbe('optionalFeatures', { optionalFeatures: [{ FeatureName: 'TelnetClient', State: 'Disabled' }] });
    expect(none).toEqual({ ok: true, data: [], ms: 0 });
  });

  it('a localized display name (a German server) changes nothing: the checks go by Name and the enum number', async () => {
    const base = ws2019.probes.windowsFeatures!.data as { Name: string; DisplayName: string; Installed: boolean; InstallState: number }[];
    // German DisplayNames as Get-WindowsFeature prints them on a de-DE server; Name and InstallState are not localized.
    const german = base.map((f) => ({ ...f, DisplayName: f.Name === 'Web-Server' ? 'Webserver (IIS)' : `${f.DisplayName} (Rolle) – äöü` }));
    const got = await runProbe('windowsFeatures', { windowsFeatures: german });
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
    const got = await runProbe('pendingReboot', scenarioFor('pendingReboot', { ok: true, data: { Reasons: all } }));
    expect(got).toEqual({ ok: true, data: { Reasons: all }, ms: 0 });
    // PendingFileRenameOperations holding only empty strings is no signal.
    const empty = await runProbe('pendingReboot', { registry: { 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager': { PendingFileRenameOperations: { type: 'MultiString', value: ['', ''] } } } });
    expect(empty).toEqual({ ok: true, data: { Reasons: [] }, ms: 0 });
  });

  it('the real .NET Framework key of capture 16 (Windows 10, Release 528372) gives .NET 4.8', async () => {
    // captures/16-ndp-v4-full-itemproperty-win10-528372.txt, value by value.
    const got = await runProbe('dotnet', {
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
