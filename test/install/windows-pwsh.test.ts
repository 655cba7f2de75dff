// The whole installer on the real pwsh 7.6: every install operation script (IIS, services, tasks, ACLs, registry, the
// Programs and Features entry, the event log, account SIDs, Windows features) runs unchanged over the mock layer
// (test/powershell/mocks/, each shape cited from a capture or a Microsoft page), through the real Windows executor
// and bridge; icacls/sc/appcmd run as that layer's functions (support/pwsh-windows.ts). Apply -> verify (a fresh run
// plans no change) -> rollback, and per family the unhappy paths Windows produces. SQL Server is the host model.
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { install, planInstall, rollbackInstall } from '../../src/install/installer.js';
import { params, samplePackage, secrets, tempDirs } from './support/host.js';
import { pwshWindows, type PwshWindows } from './support/pwsh-windows.js';
import type { Scenario } from '../powershell/support/pwsh.js';

jest.setTimeout(300_000);
const tmp = tempDirs('pwshwin');
const SVC_SID = 'S-1-5-21-2874601739-1130471152-3391012846-2613';
const HOSTILE_PASSWORD = "p'w\"$(Stop-Computer)`‘’;\r\nx";
const servers: PwshWindows[] = [];
afterAll(async () => { for (const s of servers) await s.close(); });

/** A Windows Server 2019 with IIS and Exact Synergy's own application and pool, the service account in VDBERG. */
function server(extra: Scenario = {}): Scenario {
  return {
    accounts: { 'VDBERG\\svc-clickker': SVC_SID },
    iis: {
      sites: [{ Name: 'Default Web Site', Id: 1, State: 'Started', PhysicalPath: '%SystemDrive%\\inetpub\\wwwroot', Applications: [{ Path: '/Synergy', PhysicalPath: 'C:\\Program Files\\Exact Synergy Enterprise', AppPool: 'Synergy' }] }],
      pools: { Synergy: { managedRuntimeVersion: 'v4.0', managedPipelineMode: 'Integrated', identityType: 'ApplicationPoolIdentity', userName: '', password: '' } },
    },
    // Keys every Windows has, with another product's entry beside ours.
    registry: {
      'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{90160000-008C-0000-1000-0000000FF1CE}': { DisplayName: 'Office 16 Click-to-Run Extensibility Component' },
      'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\MSSQLSERVER': { EventMessageFile: 'C:\\Program Files\\Microsoft SQL Server\\MSSQL13.MSSQLSERVER\\MSSQL\\Binn\\sqlevn70.rll' },
    },
    ...extra,
  };
}

async function machine(scenario: Scenario): Promise<PwshWindows> {
  const m = await pwshWindows(scenario);
  servers.push(m);
  return m;
}

type State = {
  iis: { sites: { Applications: { Path: string; PhysicalPath: string; AppPool: string }[] }[]; pools: Record<string, Record<string, string>>; backups?: string[] };
  services: Record<string, Record<string, unknown>>; servicePasswords: Record<string, string>; tasks: Record<string, unknown>;
  acls: Record<string, { protected: boolean; rules: { sid: string; inherited: boolean }[] }>; registry: Record<string, Record<string, unknown>>;
  events: { id: number; type: string; source: string }[];
};

describe('the installer on real PowerShell, over a mocked Windows Server 2019', () => {
  const pkg = samplePackage();

  it('installs, a fresh run finds every Windows step in place, and rollback leaves the server as it was', async () => {
    const win = await machine(server());
    const before = await win.state() as unknown as State;
    const dir = tmp();
    const p = params(dir);
    const input = { pkg, params: p, secrets: { ...secrets(), serviceAccountPassword: HOSTILE_PASSWORD }, stateDir: join(dir, 'state'), tool: { name: 'clickker', version: 'test' }, verify: { attempts: 1, delayMs: 0 } };
    const exec = win.exec();
    let runId = '';
    try {
      expect((await planInstall({ ...input, exec })).filter((x) => x.refused)).toEqual([]);
      const r = await install({ ...input, exec });
      runId = r.runId;
      expect(r.changed).toEqual(expect.arrayContaining(['iis.app-pool', 'iis.application']));
    } finally {
      await exec.close();
    }
    const s = await win.state() as unknown as State;
    // WebAdministration reads identityType as a string; the password went through ServerManager, byte-exact.
    expect(s.iis.pools.Clickker).toEqual({ managedRuntimeVersion: 'v4.0', managedPipelineMode: 'Integrated', identityType: 'SpecificUser', userName: 'VDBERG\\svc-clickker', password: HOSTILE_PASSWORD });
    expect(s.iis.sites[0]!.Applications).toContainEqual({ Path: '/clickker', PhysicalPath: join(p.installDir, 'web'), AppPool: 'Clickker' });
    expect(s.iis.backups).toEqual([`clickker-${runId}`]);
    // Win32_Service as Windows reports it: StartMode Auto, delayed start (sc.exe), recovery, the account, running.
    expect(s.services.ClickkerSync).toMatchObject({ PathName: `"${join(p.installDir, 'bin', 'Clickker.Sync.exe')}" --service`, StartMode: 'Auto', DelayedAutoStart: true, Recovery: 'restart/60000/restart/60000/restart/60000', StartName: 'VDBERG\\svc-clickker', State: 'Running' });
    expect(s.servicePasswords.ClickkerSync).toBe(HOSTILE_PASSWORD);
    expect(Object.keys(s.tasks)).toEqual(['Clickker Nightly Cleanup']);
    // The config file: inheritance cut, exactly Administrators and the service account (by SID, through icacls).
    const webConfig = s.acls[join(p.installDir, 'web', 'Web.config')]!;
    expect(webConfig.protected).toBe(true);
    expect(webConfig.rules.map((x) => x.sid).sort()).toEqual([SVC_SID, 'S-1-5-32-544'].sort());
    // Programs and Features, typed as the registry holds it; the event source registered on first use.
    expect(s.registry['HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Clickker']).toMatchObject({ DisplayName: { type: 'String', value: 'Clickker Exact Synergy API' }, NoModify: { type: 'DWord', value: 1 } });
    expect(Object.keys(s.registry)).toContain('HKLM:\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\Clickker');
    expect(s.events.map((e) => [e.source, e.id])).toContainEqual(['Clickker', expect.any(Number)]);
    expect(readdirSync(win.secretDir)).toEqual([]);

    // A new run (no cache) reads every Windows step back in its wanted state: the account compared by SID, the
    // task's user without its domain (Server 2016+) included.
    const again = win.exec();
    try {
      const planned = await planInstall({ ...input, exec: again });
      expect(planned.filter((x) => !x.test?.inState && !x.step.id.startsWith('sql.')).map((x) => x.step.id)).toEqual([]);
    } finally {
      await again.close();
    }

    const back = win.exec();
    try {
      await rollbackInstall({ ...input, exec: back });
    } finally {
      await back.close();
    }
    const end = await win.state() as unknown as State;
    expect(end.iis.pools).toEqual(before.iis.pools);
    expect(end.iis.sites).toEqual(before.iis.sites);
    expect(end.services).toEqual({});
    expect(end.tasks).toEqual({});
    // Kept on purpose: the event source (what happened stays recorded); the other product's entry untouched.
    expect(end.registry).toEqual({ ...before.registry, 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\Clickker': expect.anything() });
    expect(existsSync(p.installDir)).toBe(false);
  });
});
