// The Windows executor through its real process boundaries: node-powershell starting a PowerShell, the one-line
// base64 invocation and the nonce-checked envelope, execa starting appcmd.exe and icacls.exe with argument arrays.
// There is no Windows here: support/fake-windows.mjs STANDS IN FOR POWERSHELL AND THOSE TOOLS (it answers each
// operation from a JSON state instead of running the script). SQL Server is the host model here.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { install, planInstall, rollbackInstall } from '../../src/install/installer.js';
import { INSTALL_OPERATIONS, type PsOperation } from '../../src/install/windows/scripts.js';
import { WindowsExecutor } from '../../src/install/windows/executor.js';
import type { FixContext } from '../../src/core/fix.js';
import { fixesFor } from '../support/fixes.js';
import { newHost, params, samplePackage, secrets, tempDirs } from './support/host.js';

/**
 * The real checks' fixes for ws2019-iis-partial (4 role services missing, Web-ASP's payload removed) with only the
 * 64-bit SchUseStrongCrypto set, as the dotnetTls probe reports it on a server half-hardened by hand.
 */
const partialHostFixes = (ctx: FixContext = {}) => fixesFor('ws2019-iis-partial', {
  only: ['iis.features', 'dotnet.tls12'], ctx,
  edit: (d) => { d.dotnetTls = { StrongCrypto64: 1, SystemDefaultTls64: null, StrongCrypto32: null, SystemDefaultTls32: null, Tls12ClientEnabled: null, Tls12ClientDisabledByDefault: null }; },
});

const here = dirname(fileURLToPath(import.meta.url));
const FAKE = join(here, 'support', 'fake-windows.mjs');
const tmp = tempDirs('win');
const SVC_SID = 'S-1-5-21-2874601739-1130471152-3391012846-2613';
/** Quotes of every kind, $( ), a backtick, a line break: must arrive byte-exact, never as script text. */
const HOSTILE_PASSWORD = "p'w\"$(Stop-Computer)`‘’;\r\nx";

beforeAll(() => chmodSync(FAKE, 0o755));

/** The stand-in's pretend Windows, as it stores it. */
interface FakeState {
  sites: { Name: string; State: string; Applications: { Path: string; PhysicalPath: string; AppPool: string }[] }[];
  pools: Record<string, unknown>;
  services: Record<string, unknown>;
  tasks: Record<string, unknown>;
  acls: Record<string, { protected: boolean; sids: string[] }>;
  backups: string[];
  passwords: Record<string, string>;
  registry: Record<string, Record<string, number>>;
  sids: Record<string, string>;
  features: Record<string, string>;
}

interface Fake { dir: string; stateFile: string; logFile: string; exec: () => WindowsExecutor; state: () => FakeState; log: () => { op?: string; tool?: string; params?: Record<string, string>; args?: string[]; logged?: string[] }[] }

function fakeWindows(): Fake {
  const dir = tmp();
  const stateFile = join(dir, 'windows.json');
  const logFile = join(dir, 'log.jsonl');
  writeFileSync(stateFile, JSON.stringify({
    sites: [{ Name: 'Default Web Site', State: 'Started', Applications: [{ Path: '/Synergy', PhysicalPath: 'C:\\Program Files\\Exact Synergy Enterprise', AppPool: 'Synergy' }] }],
    pools: { Synergy: { ManagedRuntimeVersion: 'v4.0', PipelineMode: 'Integrated', Identity: 'ApplicationPoolIdentity' } },
    services: {}, tasks: {}, acls: {}, backups: [], passwords: {}, registry: {},
    sids: { 'VDBERG\\svc-clickker': SVC_SID },
    features: { 'Web-Server': 'Installed', 'Web-Basic-Auth': 'Available', 'Web-Windows-Auth': 'Available', 'Web-ASP': 'Removed', 'Web-CGI': 'Available' },
  }));
  const env = `CLICKKER_FAKE_WIN_STATE='${stateFile}' CLICKKER_FAKE_WIN_LOG='${logFile}'`;
  const wrapper = join(dir, 'powershell');
  writeFileSync(wrapper, `#!/bin/sh\n${env} exec '${FAKE}' "$@"\n`, { mode: 0o755 });
  const root = join(dir, 'Windows');
  mkdirSync(join(root, 'System32', 'inetsrv'), { recursive: true });
  for (const [file, name] of [[join(root, 'System32', 'inetsrv', 'appcmd.exe'), 'appcmd.exe'], [join(root, 'System32', 'icacls.exe'), 'icacls.exe'], [join(root, 'System32', 'sc.exe'), 'sc.exe']]) {
    writeFileSync(file!, `#!/bin/sh\n${env} CLICKKER_FAKE_WIN_TOOL='${name}' exec '${FAKE}' "$@"\n`, { mode: 0o755 });
  }
  return {
    dir, stateFile, logFile,
    exec: () => {
      const e = new WindowsExecutor({ powershell: wrapper, systemRoot: root, computerName: 'SRV-FAKE', collect: async () => ({}), secretDir: join(dir, 'state', 'secrets') });
      const model = newHost();
      e.sql = () => model.sql();
      return e;
    },
    state: () => JSON.parse(readFileSync(stateFile, 'utf8')) as FakeState,
    log: () => readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { op?: string; params?: Record<string, string> }),
  };
}

describe('the Windows executor through the PowerShell and tool stand-ins', () => {
  const pkg = samplePackage();

  it('installs the sample package, re-plans no change from a fresh session, and rolls back', async () => {
    const f = fakeWindows();
    const start = f.state();
    const exec = f.exec();
    const p = params(f.dir);
    const input = { exec, pkg, params: p, secrets: { ...secrets(), serviceAccountPassword: HOSTILE_PASSWORD }, stateDir: join(f.dir, 'state'), tool: { name: 'clickker', version: 'test' }, verify: { attempts: 1, delayMs: 0 } };
    try {
      const planned = await planInstall(input);
      expect(planned.filter((x) => x.refused)).toEqual([]);
      const r = await install(input);
      expect(r.changed).toContain('iis.app-pool');
      const s = f.state();
      expect(s.pools.Clickker).toEqual({ ManagedRuntimeVersion: 'v4.0', PipelineMode: 'Integrated', Identity: 'VDBERG\\svc-clickker' });
      expect(s.sites[0]!.Applications).toContainEqual({ Path: '/clickker', PhysicalPath: join(p.installDir, 'web'), AppPool: 'Clickker' });
      // Delayed automatic start and restart-on-failure recovery, set with sc.exe (argument arrays).
      expect(s.services.ClickkerSync).toEqual({
        BinaryPath: `"${join(p.installDir, 'bin', 'Clickker.Sync.exe')}" --service`, DisplayName: 'Clickker Synchronisation', StartMode: 'Auto', DelayedAutoStart: true,
        Recovery: 'restart/60000/restart/60000/restart/60000', Account: 'VDBERG\\svc-clickker', State: 'Running',
      });
      expect(s.tasks['Clickker Nightly Cleanup']).toEqual({ Execute: join(p.installDir, 'bin', 'Clickker.Sync.exe'), Arguments: '--cleanup --older-than "30 days"', User: 'VDBERG\\svc-clickker', Daily: '02:30' });
      // The password reached "PowerShell" byte-exact, as data, for the pool, the service and the task.
      expect(s.passwords).toEqual({ 'pool:Clickker': HOSTILE_PASSWORD, 'service:ClickkerSync': HOSTILE_PASSWORD, 'task:Clickker Nightly Cleanup': HOSTILE_PASSWORD });
      // ...but never as script text or a parameter value: what script-block logging (4104) and module logging (4103)
      // would record holds neither the password nor its base64, and no password file is left behind.
      const logged = f.log().flatMap((e) => (e as { logged?: string[] }).logged ?? []).join('\n');
      for (const form of [HOSTILE_PASSWORD, Buffer.from(HOSTILE_PASSWORD, 'utf8').toString('base64'), "p'w\"$(Stop"]) expect(logged).not.toContain(form);
      expect(f.log().filter((e) => e.params?.PasswordFile).length).toBe(3);
      expect(readdirSync(join(f.dir, 'state', 'secrets'))).toEqual([]);
      // Programs and Features and the Application event log.
      expect(s.registry['HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Clickker']).toMatchObject({ DisplayName: 'Clickker Exact Synergy API', DisplayVersion: '1.0.0', Publisher: 'Clickker', NoModify: 1 });
      // (no IIS answers here, so the verification request fails: the event says so, as Error 1001)
      expect(r.verification.every((v) => v.ok)).toBe(false);
      expect((s as unknown as { events: { id: number; type: string }[] }).events.map((e) => [e.id, e.type])).toEqual([[1001, 'Error']]);
      // Config files: inheritance cut, exactly Administrators (by SID) and the service account's SID.
      expect(s.acls[join(p.installDir, 'web', 'Web.config')]).toEqual({ protected: true, sids: ['S-1-5-32-544', SVC_SID] });
      // appcmd and icacls received argument arrays, exactly.
      const tools = f.log().filter((e) => e.tool && e.tool !== 'sc.exe');
      // The install folder clickker creates: Administrators and SYSTEM (full), the service account (read), inherited.
      expect(tools[0]).toEqual({ tool: 'icacls.exe', args: [p.installDir, '/inheritance:r', '/grant:r', '*S-1-5-32-544:(OI)(CI)(F)', '*S-1-5-18:(OI)(CI)(F)', `*${SVC_SID}:(OI)(CI)(RX)`] });
      // A secret-holding file is protected while it is still empty (a temporary file beside it), then filled and moved.
      const tmpGrant = tools.find((e) => /[\\/]\.Web\.config\.\d+\.secret\.tmp$/.test(e.args?.[0] ?? ''));
      expect(tmpGrant?.args?.slice(1)).toEqual(['/inheritance:r', '/grant:r', '*S-1-5-32-544:(F)', `*${SVC_SID}:(R)`]);
      expect(tools.find((e) => e.tool === 'appcmd.exe')).toEqual({ tool: 'appcmd.exe', args: ['add', 'backup', `clickker-${r.runId}`] });
      expect(s.backups).toEqual([`clickker-${r.runId}`]);
    } finally {
      await exec.close();
    }
    // A new session (nothing cached) sees every step in place.
    const again = f.exec();
    try {
      const planned = await planInstall({ ...input, exec: again });
      expect(planned.filter((x) => !x.test?.inState).map((x) => x.step.id)).toEqual(['sql.database', 'sql.script:sql/001-schema.sql', 'sql.script:sql/002-settings.sql', 'sql.access', 'sql.exact-read:100', 'sql.exact-read:100_unicode']);
    } finally {
      await again.close();
    }
    const back = f.exec();
    try {
      await rollbackInstall({ ...input, exec: back });
    } finally {
      await back.close();
    }
    const end = f.state();
    // Kept on purpose: the IIS backup and the event log entries (what happened stays recorded).
    expect({ ...end, backups: [], passwords: {}, acls: {}, events: [] }).toEqual({ ...start, backups: [], passwords: {}, acls: {}, events: [] });
  });

  it('every operation is used, and each call sends exactly the parameters its script declares', async () => {
    const f = fakeWindows();
    const input = { pkg, params: params(f.dir), secrets: secrets(), stateDir: join(f.dir, 'state'), tool: { name: 'clickker', version: 'test' }, verify: { attempts: 1, delayMs: 0 } };
    const exec = f.exec();
    try {
      await install({ ...input, exec });
      await rollbackInstall({ ...input, exec });
      // Operations an install on a fresh host does not reach: an upgrade's stop, a pre-existing service put back.
      await install({ ...input, exec });
      await exec.services.stop('ClickkerSync');
      await exec.services.restore('ClickkerSync', { binaryPath: 'x', displayName: 'Clickker', startMode: 'Disabled', delayedStart: false, account: 'VDBERG\\svc-clickker', state: 'Stopped' });
      await exec.iis.startWebsite('Default Web Site');
      for (const a of partialHostFixes().actions) await a.apply!(exec, { source: 'D:\\sources\\sxs' });
    } finally {
      await exec.close();
    }
    const calls = f.log().filter((e) => e.op);
    expect([...new Set(calls.map((c) => c.op))].sort()).toEqual(Object.keys(INSTALL_OPERATIONS).sort());
    for (const c of calls) {
      const declared = [...INSTALL_OPERATIONS[c.op as PsOperation].params].sort();
      expect([c.op, Object.keys(c.params ?? {}).sort()]).toEqual([c.op, declared]);
    }
  });

  it('fix actions act through it: exactly the missing role services, then the strong-crypto registry values', async () => {
    const f = fakeWindows();
    const exec = f.exec();
    try {
      const actions = partialHostFixes({ source: 'D:\\sources\\sxs' }).actions;
      expect(actions.map((x) => x.id)).toEqual(['dotnet.enable-strong-crypto', 'iis.install-role-services']);
      const [tls, iis] = actions;
      await iis!.apply!(exec, { source: 'D:\\sources\\sxs' });
      await tls!.apply!(exec, {});
    } finally {
      await exec.close();
    }
    const s = f.state();
    expect(s.features).toEqual({ 'Web-Server': 'Installed', 'Web-Basic-Auth': 'Installed', 'Web-Windows-Auth': 'Installed', 'Web-ASP': 'Installed', 'Web-CGI': 'Installed' });
    expect(f.log().find((e) => e.op === 'features-install')!.params).toEqual({ Names: 'Web-Basic-Auth\nWeb-Windows-Auth\nWeb-ASP\nWeb-CGI', Source: 'D:\\sources\\sxs', Client: '0' });
    expect(s.registry).toEqual({
      'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319': { SystemDefaultTlsVersions: 1 },
      'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319': { SchUseStrongCrypto: 1, SystemDefaultTlsVersions: 1 },
    });
  });

  it('a PowerShell error becomes a step failure with its message', async () => {
    const f = fakeWindows();
    const exec = f.exec();
    try {
      await expect(exec.iis.setApplication('No Such Site', '/clickker', { physicalPath: 'C:\\x', appPool: 'Synergy' })).rejects.toThrow("PowerShell (iis-set-app): Cannot find path 'IIS:\\Sites\\No Such Site' because it does not exist.");
      // the session survives an error inside a script
      expect(await exec.iis.appPool('Synergy')).toEqual({ managedRuntimeVersion: 'v4.0', pipelineMode: 'Integrated', identity: 'ApplicationPoolIdentity' });
    } finally {
      await exec.close();
    }
  });
});
