import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { check, detectReleases } from '../../checks/synergy-release.js';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { packagePath } from '../../src/core/paths.js';
import { loadRequirements, parseRequirements } from '../../src/core/requirements.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { synergySchema } from '../../src/facts/synergy.js';
import { cloneRequirements, judge, NOW, REQ } from '../support/checks.js';
import { failed, ok } from '../support/snapshot.js';
import { allChecks } from '../../checks/index.js';

const EMPTY = { UninstallEntries: null, InstallFolders: null, DbConfigs: null, IisApplications: null };
const ESE = 'C:\\Program Files\\Exact Synergy Enterprise';
const run = (over: Record<string, unknown>, o: Parameters<typeof judge>[2] = {}) => judge(check.id, { synergy: ok({ ...EMPTY, ...over }) }, o);
const uninstall = (DisplayName: string, DisplayVersion: string | null = null) => ({ UninstallEntries: { DisplayName, DisplayVersion, InstallLocation: `${ESE}\\` } });

describe('synergy.release: detection sources', () => {
  it('an uninstall entry whose DisplayVersion starts with the release', () => {
    const r = run(uninstall('Exact Synergy Enterprise', '503.0'));
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('Exact Synergy release 503 (uninstall entry "Exact Synergy Enterprise" version 503.0)');
  });

  it('an uninstall entry whose DisplayName carries the release', () => {
    const r = run(uninstall('Exact Synergy Enterprise 504'));
    expect(r.summary).toBe('Exact Synergy release 504 (uninstall entry "Exact Synergy Enterprise 504")');
  });

  it('an install folder named after the release (ProductUpdater installs)', () => {
    const r = run({ InstallFolders: { Path: 'D:\\Exact Synergy Enterprise 502\\', BinFiles: null } });
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('Exact Synergy release 502 (install folder D:\\Exact Synergy Enterprise 502\\)');
  });

  it('a bin file version, ProductVersion first, FileVersion when that is absent', () => {
    const r = run({ InstallFolders: { Path: ESE, BinFiles: [{ Name: 'Exact.Services.dll', ProductVersion: '504.0.115.0', FileVersion: '1.0.0.0' }, { Name: 'Exact.SQLAzure.Tool.exe', FileVersion: '504.0.23.0' }] } });
    expect(r.status).toBe('pass');
    expect((r.evidence.detected as { source: string }[]).map((d) => d.source)).toEqual([
      `${ESE}\\bin\\Exact.Services.dll version 504.0.115.0`,
      `${ESE}\\bin\\Exact.SQLAzure.Tool.exe version 504.0.23.0`,
    ]);
  });

  it('agreeing sources make one release, each source shown', () => {
    const r = run({ ...uninstall('Exact Synergy Enterprise 503', '503.1'), InstallFolders: { Path: 'C:\\Exact Synergy Enterprise 503', BinFiles: null } });
    expect(r.status).toBe('pass');
    expect(r.evidence.detected).toHaveLength(2);
  });

  it('conflicting sources make the release unknown, naming each', () => {
    const r = run({ ...uninstall('Exact Synergy Enterprise', '503.0'), InstallFolders: { Path: 'D:\\Exact Synergy Enterprise 502', BinFiles: null } });
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/conflicting releases \(503 from uninstall entry .*; 502 from install folder D:\\Exact Synergy Enterprise 502\); state the right one with --synergy-release/);
  });

  it('ignores entries that are not Exact and numbers that are not releases', () => {
    const found = detectReleases(synergySchema.parse({
      ...EMPTY,
      UninstallEntries: [
        { DisplayName: 'Microsoft SQL Server 2019 (64-bit)', DisplayVersion: '15.0.2000.5' },
        { DisplayName: 'Exact Globe Next 2012', DisplayVersion: '4.11.0' },
        { DisplayName: 'Exact Synergy Enterprise', DisplayVersion: '1.503' },
      ],
      InstallFolders: [{ Path: 'C:\\Exact\\Synergy.5030', BinFiles: [{ Name: 'Exact.Core.dll', FileVersion: '18.2.3.0' }] }],
    }));
    expect(found).toEqual([]);
  });

  it('unknown when Synergy is there but no source shows the release', () => {
    const r = run({ InstallFolders: { Path: ESE, BinFiles: [] }, IisApplications: { Site: 'Default Web Site', Path: '/Synergy', PhysicalPath: ESE, HasEntityService: true } });
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/^Exact Synergy was found but its release could not be read from .*; state it with --synergy-release 503$/);
  });

  it('unknown when there is no Synergy at all', () => {
    const r = run({});
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/^no Exact Synergy installation was found/);
  });

  it('unknown with the reason when the synergy probe failed', () => {
    const r = judge(check.id, { synergy: failed('timeout', 'the Synergy probe did not finish in 60 s') });
    expect(r.reason).toBe('probe synergy timed out: the Synergy probe did not finish in 60 s');
  });
});

describe('synergy.release: the supported window', () => {
  it.each([
    [501, 'fail', 'Exact Synergy release 501 is older than the supported releases 502, 503 and 504'],
    [502, 'pass', 'Exact Synergy release 502 '],
    [504, 'pass', 'Exact Synergy release 504 '],
    // Issue 13: the vendor says "Release 502 or higher" and "only the last 3 releases", and 505 exists (Exact ESE SQL
    // Azure doc): newer than the requirements file knows is a warning to confirm, known or not; older is a fail.
    [505, 'warn', 'Exact Synergy release 505 exists but is newer than the supported list (supported: 502, 503 and 504); confirm with Clickker'],
    [509, 'warn', 'Exact Synergy release 509 is newer than the releases the requirements file knows (supported: 502, 503 and 504); confirm with Clickker'],
    [264, 'fail', 'Exact Synergy release 264 is older'],
  ])('release %i: %s', (release, status, summary) => {
    const r = run(uninstall(`Exact Synergy Enterprise ${release}`));
    expect(r.status).toBe(status);
    expect(r.summary.startsWith(summary)).toBe(true);
    expect(r.evidence).toMatchObject({ expected: 'one of 502, 503 and 504', found: release });
  });

  it('the fix for a too-old release is an update; for a too-new one, asking Clickker', () => {
    expect(run(uninstall('Exact Synergy Enterprise 501')).remediation?.text).toMatch(/^Update Exact Synergy .* to 502, 503 and 504/);
    expect(run(uninstall('Exact Synergy Enterprise 505')).remediation?.text).toMatch(/^Ask Clickker to confirm release 505/);
  });
});

describe('synergy.release: the synergyRelease option (--synergy-release)', () => {
  it('states the release when nothing is detected', () => {
    const r = run({}, { options: { synergyRelease: 503 } });
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('Exact Synergy release 503 (stated with --synergy-release)');
  });

  it('is judged like a detected one', () => {
    expect(run({}, { options: { synergyRelease: 501 } }).status).toBe('fail');
    expect(run({}, { options: { synergyRelease: 505 } }).status).toBe('warn');
  });

  it('warns when the stated release differs from what the server shows', () => {
    const r = run(uninstall('Exact Synergy Enterprise 504'), { options: { synergyRelease: 503 } });
    expect(r.status).toBe('warn');
    expect(r.summary).toBe('Stated release 503 differs from what the server shows (504)');
    expect(r.evidence.detected).toHaveLength(1);
  });

  it('settles a conflict when it names one of the detected releases', () => {
    const r = run({ ...uninstall('Exact Synergy Enterprise', '503.0'), InstallFolders: { Path: 'D:\\Synergy_502', BinFiles: null } }, { options: { synergyRelease: 503 } });
    expect(r.status).toBe('pass');
  });
});

describe('synergy.release: a new release is a requirements edit, not a code change', () => {
  it('505 passes once the requirements data lists it', () => {
    const req = cloneRequirements();
    req.synergy.supportedReleases = [503, 504, 505];
    const r = run(uninstall('Exact Synergy Enterprise 505', '505.0'), { requirements: req });
    expect(r.status).toBe('pass');
    expect(r.evidence.expected).toBe('one of 503, 504 and 505');
    expect(run(uninstall('Exact Synergy Enterprise 502'), { requirements: req }).summary).toMatch(/502 is older than the supported releases 503, 504 and 505/);
  });

  it('the ws2019-synergy505 fixture is ready with a warning, and passes with an edited requirements file', () => {
    const doc = JSON.parse(readFileSync(packagePath('requirements', 'synergy-api.json'), 'utf8'));
    doc.synergy.supportedReleases = [503, 504, 505];
    const edited = parseRequirements(Buffer.from(JSON.stringify(doc)), 'requirements/synergy-api.next.json');
    const host = loadSnapshot(packagePath('fixtures', 'hosts', 'ws2019-synergy505.json'));
    const judgeWith = (requirements: ReturnType<typeof loadRequirements>) => evaluate({
      hosts: [{ facts: host.facts }], requirements, checks: allChecks(requirements.requirements), options: defaultOptions({ confirmations: new Set(['all']) }), now: NOW,
    });
    const before = judgeWith(loadRequirements());
    expect(before.outcome.verdict).toBe('ready');
    expect(before.results.find((r) => r.id === 'synergy.release')?.status).toBe('warn');
    const after = judgeWith(edited);
    expect(after.outcome).toMatchObject({ verdict: 'ready', exitCode: 0 });
    expect(after.results.find((r) => r.id === 'synergy.release')).toMatchObject({ status: 'pass', summary: expect.stringMatching(/^Exact Synergy release 505 /) });
    expect(REQ.synergy.supportedReleases).toEqual([502, 503, 504]);
  });
});
