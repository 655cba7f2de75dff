// The whole installer on the real pwsh 7.6: every install operation script (IIS, services, tasks, ACLs, registry, the
// Programs and Features entry, the event log, account SIDs, Windows features) runs unchanged over the mock layer
// (test/powershell/mocks/, each shape cited from a capture or a Microsoft page), through the real Windows executor
// and bridge; icacls/sc/appcmd run as that layer's functions (support/pwsh-windows.ts). Apply -> verify (a fresh run
// plans no change) -> rollback, and per family the unhappy paths Windows produces. SQL Server is the host model.
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { install, planInstall, rollbackInstall } from '../../src/install/installer.js';
import { INSTALL_OPERATIONS, type PsOperation } from '../../src/install/windows/scripts.js';
import { fixesFor } from '../support/fixes.js';
import { params, samplePackage, secrets, tempDirs } from './support/host.js';
import { pwshWindows, type PwshWindows } from './support/pwsh-windows.js';
import type { Scenario } from '../powershell/support/pwsh.js';

jest.setTimeout(900_000);
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
    // The password reached IIS, the SCM and Task Scheduler, but never as script text or a parameter value: what
    // script-block logging (4104: the invocation and the script) and module logging (4103: the values) would record
    // holds neither it nor its base64.
    const logged = win.calls.flatMap((c) => [c.line, ...Object.values(c.params)]).join('\n');
    for (const form of [HOSTILE_PASSWORD, Buffer.from(HOSTILE_PASSWORD, 'utf8').toString('base64'), "p'w\"$(Stop"]) expect(logged).not.toContain(form);
    expect(win.calls.filter((c) => c.params.PasswordFile).map((c) => c.op).sort()).toEqual(['iis-set-pool', 'service-set', 'task-set']);

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

/** The service step's spec as the sample package's manifest gives it (what install would ask for). */
const SERVICE = (installDir: string) => ({
  name: 'ClickkerSync', displayName: 'Clickker Synchronisation', binaryPath: `"${join(installDir, 'bin', 'Clickker.Sync.exe')}" --service`,
  startMode: 'Automatic' as const, delayedStart: true, restartOnFailure: true, account: 'VDBERG\\svc-clickker',
});

describe('run without elevation: every family fails with what Windows says, and nothing reads as absent', () => {
  // A token that is not elevated: IIS's redirection.config unreadable, the SCM and ACLs refuse, HKLM is read-only,
  // DISM asks for elevation.
  const denied = () => machine(server({ iisDenied: true, servicesDenied: true, aclDenied: true, registryDenyWrite: true, faults: { 'Install-WindowsFeature': 'elevation-required' } }));
  it('IIS, services, ACLs, registry, event log and features each reject with the cause', async () => {
    const win = await denied();
    const exec = win.exec();
    const dir = tmp();
    try {
      await expect(exec.iis.appPool('Synergy')).rejects.toThrow(/PowerShell \(iis-get-pool\): .*insufficient permissions/);
      await expect(exec.iis.setAppPool({ name: 'Clickker', managedRuntimeVersion: 'v4.0', pipelineMode: 'Integrated', identity: 'ApplicationPoolIdentity' }, undefined)).rejects.toThrow(/insufficient permissions/);
      await expect(exec.services.set(SERVICE(dir), HOSTILE_PASSWORD)).rejects.toThrow(/PowerShell \(service-set\): .*Access is denied/);
      await expect(exec.files.protection(dir)).rejects.toThrow(/PowerShell \(acl-get\): Attempted to perform an unauthorized operation/);
      await expect(exec.files.protect(dir, 'VDBERG\\svc-clickker')).rejects.toThrow(/icacls\.exe exited with 5: .*Access is denied\./);
      // In Dutch: what clickker was doing is Dutch, icacls' own words are quoted as Windows wrote them.
      await expect(exec.files.protect(dir, 'VDBERG\\svc-clickker')).rejects.toMatchObject({ nl: expect.stringMatching(/ beveiligen: \S*icacls\.exe eindigde met 5: .*Access is denied\./) });
      await expect(exec.registry.setValues('HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Clickker', { DisplayName: 'Clickker', NoModify: 1 })).rejects.toThrow(/Requested registry access is not allowed/);
      await expect(exec.registry.setDword('HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319', 'SchUseStrongCrypto', 1)).rejects.toThrow(/Requested registry access is not allowed/);
      await expect(exec.eventLog.write({ type: 'Information', id: 1000, message: 'installed' })).rejects.toThrow(/Requested registry access is not allowed/);
      await expect(exec.features.install(['Web-ASP'], { client: false })).rejects.toThrow(/PowerShell \(features-install\): The requested operation requires elevation/);
    } finally {
      await exec.close();
    }
    const s = await win.state() as unknown as State;
    expect(s.services).toEqual({});
    expect(Object.keys(s.iis.pools)).toEqual(['Synergy']);
    expect(Object.keys(s.registry)).toEqual(Object.keys(server().registry as object));
  });
});

describe('a server without the modules (pwsh 7, no IIS management tools, no ServerManager)', () => {
  it('each operation fails naming the command or module, never answering "not there"', async () => {
    const win = await machine(server({ missing: ['Import-Module', 'New-CimSession', 'Get-Acl', 'Get-ScheduledTask', 'Write-EventLog', 'Install-WindowsFeature'] }));
    const exec = win.exec();
    const dir = tmp();
    try {
      // The real Import-Module finds no WebAdministration module.
      await expect(exec.iis.sites()).rejects.toThrow(/WebAdministration/);
      await expect(exec.iis.application('Default Web Site', '/clickker')).rejects.toThrow(/WebAdministration/);
      await expect(exec.services.set(SERVICE(dir), HOSTILE_PASSWORD)).rejects.toThrow(/New-CimSession/);
      await expect(exec.files.protection(dir)).rejects.toThrow(/Get-Acl/);
      // task-get asks Get-ScheduledTask with -ErrorAction SilentlyContinue: a missing command is not silenced by it.
      await expect(exec.tasks.get('Clickker Nightly Cleanup')).rejects.toThrow(/Get-ScheduledTask/);
      await expect(exec.eventLog.write({ type: 'Information', id: 1000, message: 'installed' })).rejects.toThrow(/Write-EventLog/);
      // A command that does not exist binds no -ErrorAction: the bridge's Stop preference ends the script.
      await expect(exec.features.install(['Web-ASP'], { client: false })).rejects.toThrow(/PowerShell \(features-install\): The term 'Install-WindowsFeature' is not recognized/);
    } finally {
      await exec.close();
    }
  });
});

describe('objects that were there before, and are not ours', () => {
  it('Exact\'s own application path, a service of the same name running another program: refused at plan time', async () => {
    const dir = tmp();
    const win = await machine(server({
      services: { ClickkerSync: { DisplayName: 'Other', Description: '', PathName: '"D:\\Other\\other.exe"', StartMode: 'Auto', DelayedAutoStart: false, StartName: 'LocalSystem', State: 'Running' } },
    }));
    const exec = win.exec();
    try {
      const planned = await planInstall({ exec, pkg: samplePackage(), params: params(dir, { appPath: '/Synergy' }), secrets: secrets(), stateDir: join(dir, 'state'), tool: { name: 'clickker', version: 'test' } });
      const refused = Object.fromEntries(planned.filter((x) => x.refused).map((x) => [x.step.id, x.refused?.en]));
      expect(refused['iis.application']).toMatch(/Synergy/);
      expect(refused['service:ClickkerSync']).toMatch(/D:\\Other\\other\.exe.*not Clickker's/);
    } finally {
      await exec.close();
    }
  });

  it('a Disabled, stopped service of an earlier installation comes back exactly so after rollback', async () => {
    const dir = tmp();
    const p = params(dir);
    const was = { DisplayName: 'Clickker Synchronisation', Description: 'old', PathName: `"${join(p.installDir, 'bin', 'Clickker.Sync.exe')}" --service --old`, StartMode: 'Disabled', DelayedAutoStart: false, StartName: 'VDBERG\\svc-clickker', State: 'Stopped' };
    const win = await machine(server({ services: { ClickkerSync: was } }));
    const input = { pkg: samplePackage(), params: p, secrets: secrets(), stateDir: join(dir, 'state'), tool: { name: 'clickker', version: 'test' }, verify: { attempts: 1, delayMs: 0 } };
    const exec = win.exec();
    try {
      await install({ ...input, exec });
      expect(((await win.state()) as unknown as State).services.ClickkerSync).toMatchObject({ StartMode: 'Auto', DelayedAutoStart: true, State: 'Running' });
      await rollbackInstall({ ...input, exec });
    } finally {
      await exec.close();
    }
    // sc.exe set the delayed start when installing; Win32_Service.Change keeps it, and restore puts Disabled back.
    expect(((await win.state()) as unknown as State).services.ClickkerSync).toMatchObject({ PathName: was.PathName, DisplayName: was.DisplayName, Description: 'old', StartMode: 'Disabled', State: 'Stopped', StartName: was.StartName });
  });

  it('a file owned by a user, an event source already registered, a removed feature payload', async () => {
    const dir = tmp();
    const user = 'S-1-5-21-2874601739-1130471152-3391012846-1107';
    const win = await machine(server({
      acls: { [dir]: { protected: false, owner: user, rules: [{ sid: user, rights: 'FullControl', inherited: false }] } },
      registry: { 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\Clickker': { EventMessageFile: 'x' } },
      windowsFeatures: [{ Name: 'Web-ASP', DisplayName: 'ASP', Installed: false, InstallState: 5 }, { Name: 'Web-CGI', DisplayName: 'CGI', Installed: false, InstallState: 0 }],
      featureSources: ['wim:D:\\sources\\install.wim:4'],
    }));
    const exec = win.exec();
    try {
      // The journal-owner check reads the owner's SID: a user's, not an administrator's.
      expect(await exec.files.owner(dir)).toBe(user);
      expect(await exec.files.protection(dir)).toEqual({ inheritanceDisabled: false, principals: [user], sids: [user] });
      await exec.eventLog.write({ type: 'Information', id: 1000, message: 'installed' });
      // Without a source holding the payload, ServerManager says Failed (0x800f081f); with one, both install.
      expect(await exec.features.install(['Web-ASP', 'Web-CGI'], { client: false })).toEqual({ success: false, restartNeeded: false, message: expect.stringMatching(/^Install-WindowsFeature: Failed: .*source files could not be found.*0x800f081f$/) });
      expect(await exec.features.install(['Web-ASP', 'Web-CGI'], { client: false, source: 'wim:D:\\sources\\install.wim:4' })).toEqual({ success: true, restartNeeded: false, message: 'Install-WindowsFeature: Success' });
      expect(await exec.accounts.sid('VDBERG\\nobody')).toBeNull();
      await expect(exec.files.protect(dir, 'VDBERG\\nobody')).rejects.toThrow(/cannot be resolved to a SID/);
    } finally {
      await exec.close();
    }
    const s = await win.state() as unknown as State;
    expect(s.events).toEqual([{ log: 'Application', source: 'Clickker', id: 1000, type: 'Information', message: 'installed' }]);
  });
});

describe('every operation on real PowerShell', () => {
  it('each install operation runs, with exactly the parameters its script declares (PowerShell binds them)', async () => {
    const dir = tmp();
    const win = await machine(server({
      windowsFeatures: ['Web-Server', 'Web-Basic-Auth', 'Web-Windows-Auth', 'Web-ASP', 'Web-CGI'].map((Name) => ({ Name, DisplayName: Name, Installed: Name === 'Web-Server', InstallState: Name === 'Web-Server' ? 1 : Name === 'Web-ASP' ? 5 : 0 })),
      featureSources: ['wim:D:\\sources\\install.wim:4'],
    }));
    const input = { pkg: samplePackage(), params: params(dir), secrets: secrets(), stateDir: join(dir, 'state'), tool: { name: 'clickker', version: 'test' }, verify: { attempts: 1, delayMs: 0 } };
    const exec = win.exec();
    try {
      await install({ ...input, exec });
      await rollbackInstall({ ...input, exec });
      // What a fresh install does not reach: an upgrade's stop, a pre-existing service put back, a site started.
      await install({ ...input, exec });
      await exec.services.stop('ClickkerSync');
      await exec.services.restore('ClickkerSync', { binaryPath: 'x', displayName: 'Clickker', startMode: 'Disabled', delayedStart: false, account: 'VDBERG\\svc-clickker', state: 'Stopped' });
      await exec.iis.startWebsite('Default Web Site');
      // The checks' fixes: the missing role services (Web-ASP's payload removed: from the install image), strong crypto.
      const fixes = fixesFor('ws2019-iis-partial', {
        only: ['iis.features', 'dotnet.tls12'], ctx: { source: 'wim:D:\\sources\\install.wim:4' },
        edit: (d) => { d.dotnetTls = { StrongCrypto64: 1, SystemDefaultTls64: null, StrongCrypto32: null, SystemDefaultTls32: null, Tls12ClientEnabled: null, Tls12ClientDisabledByDefault: null }; },
      });
      for (const a of fixes.actions) await a.apply!(exec, { source: 'wim:D:\\sources\\install.wim:4' });
    } finally {
      await exec.close();
    }
    expect([...new Set(win.calls.map((c) => c.op))].sort()).toEqual(Object.keys(INSTALL_OPERATIONS).sort());
    for (const c of win.calls) expect([c.op, Object.keys(c.params).sort()]).toEqual([c.op, [...INSTALL_OPERATIONS[c.op as PsOperation].params].sort()]);
    const s = await win.state() as unknown as State & { windowsFeatures: { Name: string; InstallState: number }[] };
    expect(s.windowsFeatures.map((f) => [f.Name, f.InstallState])).toEqual(['Web-Server', 'Web-Basic-Auth', 'Web-Windows-Auth', 'Web-ASP', 'Web-CGI'].map((n) => [n, 1]));
    expect(s.registry['HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319']).toEqual({ SchUseStrongCrypto: { type: 'DWord', value: 1 }, SystemDefaultTlsVersions: { type: 'DWord', value: 1 } });
    // sc.exe, icacls and appcmd got argument arrays and answered with their exit codes.
    expect(win.tools.filter((t) => t.file === 'sc.exe').map((t) => t.args.slice(0, 4))).toContainEqual(['config', 'ClickkerSync', 'start=', 'delayed-auto']);
    expect(win.tools.every((t) => t.exitCode === 0)).toBe(true);
  });
});

