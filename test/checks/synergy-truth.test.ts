// Issue 13, Exact Synergy checks. Sources: the vendor text ("Release 502 or higher", "only the last 3 releases"),
// Exact's ESE SQL Azure document (release 505 exists), Exact's advice to run Globe and Synergy on the same release
// (domain-facts §1.1), windows-behaviour.md on LoadWithPartialName and Join-Path.
import { describe, expect, it } from '@jest/globals';
import { check as release, gather } from '../../checks/synergy-release.js';
import { check as website } from '../../checks/synergy-website.js';
import { synergySchema } from '../../src/facts/synergy.js';
import { judge } from '../support/checks.js';
import { failed, ok } from '../support/snapshot.js';

const base = { UninstallEntries: [], InstallFolders: [], DbConfigs: [], IisApplications: [] };
const entry = (DisplayName: string, DisplayVersion: string | null = null) => ({ DisplayName, DisplayVersion, InstallLocation: null });
const APP = { Site: 'Default Web Site', Path: '/Synergy', PhysicalPath: 'D:\\Exact\\Synergy', HasEntityService: true };
const SITES = [{ Name: 'Default Web Site', State: 1, Bindings: [] }];

describe('synergy.release: only Exact Synergy Enterprise entries are release evidence', () => {
  it('a Globe client, Exact Integration or an add-on with a three-digit version is not Synergy evidence', () => {
    const s = synergySchema.parse({ ...base, UninstallEntries: [entry('Exact Synergy Enterprise', '503.12'), entry('Exact Integration Services', '264.0'), entry('Exact Event Manager 401')] });
    expect(gather(s).synergy.map((e) => e.release)).toEqual([503]);
    const r = judge(release.id, { synergy: ok(s) });
    expect(r.status).toBe('pass');
  });

  it('Globe+ on a different release is reported: a warning on an otherwise supported Synergy', () => {
    const s = { ...base, UninstallEntries: [entry('Exact Synergy Enterprise', '503.1'), entry('Exact Globe+', '504.2')] };
    const r = judge(release.id, { synergy: ok(s) });
    expect(r.status).toBe('warn');
    expect(r.summary).toMatch(/Exact Globe\+ on this server shows release 504 .*Exact advises the same release for Globe\+ and Synergy/);
  });

  it('Globe+ on the same release adds nothing', () => {
    expect(judge(release.id, { synergy: ok({ ...base, UninstallEntries: [entry('Exact Synergy Enterprise', '503.1'), entry('Exact Globe+', '503.0')] }) }).status).toBe('pass');
  });
});

describe('synergy.website: "no website" needs a successful look at IIS', () => {
  it('IIS could not be read (IisRead false): unknown with the reason, never a fail', () => {
    const r = judge(website.id, { synergy: ok({ ...base, IisRead: false, IisError: 'Could not load file or assembly Microsoft.Web.Administration' }), iisSites: ok(SITES) });
    expect(r.status).toBe('unknown');
    expect(r.reason).toMatch(/^IIS's configuration could not be read \(Could not load file or assembly/);
  });

  it('IIS not installed (IisInstalled false, a successful look): fail', () => {
    expect(judge(website.id, { synergy: ok({ ...base, IisRead: true, IisInstalled: false }), iisSites: failed('not-found', 'IIS is not installed') }).status).toBe('fail');
  });

  it('an application whose drive no longer exists is named, and does not hide the Synergy application beside it', () => {
    const broken = { Site: 'Old', Path: '/Synergy', PhysicalPath: 'Q:\\gone', HasEntityService: false, Error: "Cannot find drive. A drive with the name 'Q' does not exist." };
    expect(judge(website.id, { synergy: ok({ ...base, IisRead: true, IisApplications: [broken, APP] }), iisSites: ok(SITES) }).status).toBe('pass');
    const alone = judge(website.id, { synergy: ok({ ...base, IisRead: true, IisApplications: [broken] }), iisSites: ok(SITES) });
    expect(alone.status).toBe('unknown');
    expect(alone.reason).toMatch(/^Old\/Synergy could not be examined \(Cannot find drive/);
  });

  it('an older snapshot (no IisRead) with no application: a fail only when iisSites shows IIS was read or absent', () => {
    expect(judge(website.id, { synergy: ok(base), iisSites: ok(SITES) }).status).toBe('fail');
    expect(judge(website.id, { synergy: ok(base), iisSites: failed('not-found', "The specified module 'WebAdministration' was not loaded") }).status).toBe('fail');
    expect(judge(website.id, { synergy: ok(base), iisSites: failed('access-denied', 'Filename: redirection.config Error: Cannot read configuration file due to insufficient permissions') }).status).toBe('unknown');
  });
});
