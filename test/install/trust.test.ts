// Issue 14: the installer against a simulated host that behaves as Windows, IIS and SQL Server do (each behaviour
// cited where the simulator models it: src/install/simulated/*). Each test fails on the defect it is named after.
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseServiceAccount } from '../../src/install/account.js';
import type { Executor } from '../../src/install/executor.js';
import { install, planInstall, planRollback, resumeInstall, rollbackInstall, uninstall, type InstallInput } from '../../src/install/installer.js';
import { Journal } from '../../src/install/journal.js';
import type { OpenedPackage } from '../../src/install/package.js';
import type { SimulatedExecutor } from '../../src/install/simulated/executor.js';
import type { InstallParams } from '../../src/install/step.js';
import { UNINSTALL_KEY } from '../../src/install/steps/registration.js';
import { hostState, newHost, params, samplePackage, secrets, SERVICE_PASSWORD, tempDirs } from './support/host.js';

const tmp = tempDirs('trust');
const pkg = samplePackage();
const tool = { name: 'clickker', version: 'test' };
const SVC = 'VDBERG\\svc-clickker';
const SVC_SID = 'S-1-5-21-2874601739-1130471152-3391012846-2613';

function world(exec: SimulatedExecutor = newHost(), over: Partial<InstallParams> = {}, p: OpenedPackage = pkg) {
  const root = tmp();
  const stateDir = tmp();
  const prm = params(root, over);
  const input: InstallInput & { params: InstallParams } = { exec, pkg: p, params: prm, secrets: secrets(), stateDir, tool, verify: { attempts: 1, delayMs: 0 } };
  return { exec, root, stateDir, params: prm, input };
}
const changing = async (input: InstallInput & { params: InstallParams }) => (await planInstall(input)).filter((s) => !s.test?.inState).map((s) => s.step.id);

describe('database owner', () => {
  it('connected as the service account, the database ends up owned by sa and the account is an ordinary reader/writer', async () => {
    const w = world();
    expect(w.exec.model.sql.connectedAs).toBe(SVC); // the snapshot's SQL session ran as the service account
    await install(w.input);
    const db = w.exec.model.sql.databases!.Clickker!;
    expect(db.owner).toBe('sa');
    expect(db.users).toEqual({ [SVC]: ['db_datareader', 'db_datawriter'] });
    expect(await w.exec.sql().user('Clickker', SVC)).toEqual({ exists: true, roles: ['db_datareader', 'db_datawriter'] });
  });

  it('the simulator refuses roles for dbo as SQL Server does (Msg 15405), and verification sees dbo', async () => {
    const w = world(newHost((m) => { m.sql.databases!.Clickker = { exact: false, owner: SVC, createdBy: 'older-run', history: [], users: {} }; }));
    await expect(w.exec.sql().addRole('Clickker', SVC, 'db_datareader')).rejects.toThrow(/special principal 'dbo'.*15405/);
    expect(await w.exec.sql().user('Clickker', SVC)).toEqual({ exists: true, roles: ['db_owner'], dbo: true });
    // An earlier clickker left the account as owner: the plan hands ownership to sa, then maps the account as a user.
    const plan = await planInstall(w.input);
    expect(plan.find((s) => s.step.id === 'sql.database')!.test!.changes[0]!.en).toMatch(/make sa the owner of \[Clickker\].*dbo/);
    expect(plan.find((s) => s.step.id === 'sql.access')!.test!.changes[0]!.en).toMatch(/once sa owns \[Clickker\]: create user/);
  });

  it('--reduce-sql-rights leaves the account neither sysadmin nor owner: reader/writer only', async () => {
    const w = world(newHost(), { reduceSqlRights: true });
    await install(w.input);
    expect(w.exec.model.sql.logins![SVC]!.serverRoles).toEqual([]);
    expect(await w.exec.sql().ownedBy('Clickker', SVC)).toBe(false);
    expect((await w.exec.sql().user('Clickker', SVC)).roles.sort()).toEqual(['db_datareader', 'db_datawriter']);
  });
});

describe('accounts are compared by SID', () => {
  it('Get-ScheduledTask answers the user without the domain (Server 2016+), and the task still verifies', async () => {
    const w = world();
    expect(w.exec.model.taskUserIdWithoutDomain).toBe(true);
    await install(w.input);
    expect((await w.exec.tasks.get('Clickker Nightly Cleanup'))!.user).toBe('svc-clickker');
    expect(await changing(w.input)).toEqual([]);
  });

  describe('the same user name in two domains (the server is in VISSER, the account is VDBERG\\svc-clickker)', () => {
    const VISSER_SID = 'S-1-5-21-1004336348-1177238915-682003330-1105';
    // LookupAccountName resolves a bare name in the server's own domain first (learn.microsoft.com: LookupAccountNameW):
    // 'svc-clickker' is VISSER's account here. VDBERG's is not listed, so the simulator gives it a stable SID of its own.
    const twoDomains = (mode: 'sid' | 'account' | 'unreadable') => newHost((m) => {
      delete m.accounts[SVC];
      m.accounts['VISSER\\svc-clickker'] = VISSER_SID;
      m.taskRegisteredUserId = mode;
    });

    it.each(['sid', 'account'] as const)('the registered definition holds the %s: the task verifies, and the plan said how it would', async (mode) => {
      const w = world(twoDomains(mode));
      expect(await w.exec.accounts.sid('svc-clickker')).toBe(VISSER_SID);
      const plan = await planInstall(w.input);
      expect(plan.find((p) => p.step.id === 'task:Clickker Nightly Cleanup')!.test!.notes!.map((n) => n.en).join('\n')).toMatch(/this server's own domain also has an account named 'svc-clickker'.*verified by the SID in its registered definition/);
      await install(w.input);
      const task = (await w.exec.tasks.get('Clickker Nightly Cleanup'))!;
      expect(task.user).toBe('svc-clickker');
      expect(task.registeredUser).toBe(mode === 'sid' ? await w.exec.accounts.sid(SVC) : SVC);
      expect(await changing(w.input)).toEqual([]);
    });

    it('the definition cannot be read: the step says it cannot tell, never "still differs"', async () => {
      const w = world(twoDomains('unreadable'));
      await expect(install(w.input)).rejects.toThrow(/step task:Clickker Nightly Cleanup failed: applied, but it cannot be verified: Windows reports the task's user as 'svc-clickker' without a domain, that name resolves to another account .*cannot tell whether it runs as VDBERG\\svc-clickker/);
      const j = Journal.load(w.stateDir)!;
      expect(j.step('task:Clickker Nightly Cleanup').error).not.toMatch(/still differs/);
    });

    it('a task that really runs as another account still differs', async () => {
      const w = world(twoDomains('sid'));
      await install(w.input);
      w.exec.model.tasks['Clickker Nightly Cleanup']!.user = 'VISSER\\svc-clickker';
      const t = (await planInstall(w.input)).find((p) => p.step.id === 'task:Clickker Nightly Cleanup')!.test!;
      expect(t.changes[0]!.en).toBe(`change scheduled task 'Clickker Nightly Cleanup': runs as ${VISSER_SID} -> VDBERG\\svc-clickker`);
      expect(t.unverifiable).toBeUndefined();
    });
  });

  it('a protected file is judged by the SIDs on it, not by the names', async () => {
    const w = world();
    await install(w.input);
    const p = await w.exec.files.protection(join(w.params.installDir, 'web', 'Web.config'));
    expect(p!.sids.sort()).toEqual(['S-1-5-32-544', SVC_SID].sort());
  });
});

describe('the service account is checked before anything is planned', () => {
  it.each([
    ['svc-clickker', /has no domain.*15401/],
    ['svc-clickker@vdberg.local', /user principal name/],
    ['NT AUTHORITY\\NETWORK SERVICE', /built-in identity/],
    ['VDBERG\\a-name-much-too-long-for-sam', /not a valid account name/],
    ['VDBERG\\', /expected DOMAIN\\user/],
  ])('%s is refused', (text, problem) => {
    const a = parseServiceAccount(text, 'SRV01');
    expect('problem' in a && a.problem.en).toMatch(problem);
  });

  it.each([
    ['VDBERG\\svc-clickker', { name: 'VDBERG\\svc-clickker', kind: 'domain' }],
    ['.\\clickker', { name: 'SRV01\\clickker', kind: 'local' }],
    ['VDBERG\\gmsa-clickker$', { name: 'VDBERG\\gmsa-clickker$', kind: 'gmsa' }],
  ])('%s is accepted', (text, want) => {
    expect(parseServiceAccount(text, 'SRV01')).toEqual(want);
  });

  it('SQL Server in the simulator refuses a Windows login without a domain (15401), as the real one does', async () => {
    await expect(newHost().sql().createWindowsLogin('svc-clickker')).rejects.toThrow(/15401/);
  });
});

describe('a group managed service account', () => {
  it('installs end to end without any password: pool SpecificUser, service and task (LogonType Password)', async () => {
    const gmsa = 'VDBERG\\gmsa-clickker$';
    const exec = newHost((m) => { m.accounts[gmsa] = 'S-1-5-21-2874601739-1130471152-3391012846-3001'; m.sql.connectedAs = 'VDBERG\\admin'; });
    const w = world(exec, { serviceAccount: gmsa });
    w.input.secrets = { values: secrets().values }; // no password: a gMSA has none
    await install(w.input);
    expect(exec.model.iis.appPools.Clickker!.identity).toBe(gmsa);
    expect(exec.model.services.ClickkerSync!.account).toBe(gmsa);
    expect(exec.model.tasks['Clickker Nightly Cleanup']).toMatchObject({ user: gmsa, logonType: 'Password' });
    expect(await changing(w.input)).toEqual([]);
  });
});

describe('the moment between CREATE DATABASE and its marker', () => {
  it('a crash there: --resume finishes the database (the journal vouches), --rollback drops it after a backup', async () => {
    const probe = world();
    await install(probe.input);
    // find the change that is the CREATE DATABASE: the model has the database without a marker right after it
    for (let k = 0; k < 40; k++) {
      const w = world();
      (w.exec.options as { failAfterChanges?: number }).failAfterChanges = k;
      await install(w.input).catch(() => undefined);
      const db = w.exec.model.sql.databases!.Clickker;
      if (!db || db.createdBy !== null) continue;
      (w.exec.options as { failAfterChanges?: number }).failAfterChanges = undefined;
      const plan = await planInstall({ ...w.input, runId: Journal.load(w.stateDir)!.doc.runId });
      expect(plan.find((s) => s.step.id === 'sql.database')!.refused?.en).toMatch(/not created by clickker/); // a new run is not vouched for
      const resumed = await resumeInstall({ ...w.input, params: undefined });
      expect(resumed.changed).toContain('sql.database');
      expect(w.exec.model.sql.databases!.Clickker!.createdBy).toBe(Journal.load(w.stateDir)!.doc.runId);
      const w2 = world();
      (w2.exec.options as { failAfterChanges?: number }).failAfterChanges = k;
      await install(w2.input).catch(() => undefined);
      (w2.exec.options as { failAfterChanges?: number }).failAfterChanges = undefined;
      await rollbackInstall({ ...w2.input, params: undefined });
      expect(w2.exec.model.sql.databases!.Clickker).toBeUndefined();
      expect(Object.values(w2.exec.model.sql.backups)).toEqual(['Clickker']);
      return;
    }
    throw new Error('no interruption left the database unmarked');
  });
});

describe('never harm what the installation did not create', () => {
  const exe = (dir: string) => `"${join(dir, 'bin', 'Clickker.Sync.exe')}" --service`;

  it('a service of an earlier installation that was Disabled and Stopped comes back exactly so after rollback', async () => {
    const root = tmp();
    const installDir = join(root, 'Program Files', 'Clickker');
    const exec = newHost((m) => {
      m.services.ClickkerSync = { binaryPath: exe(installDir), displayName: 'Clickker (old)', startMode: 'Disabled', delayedStart: false, restartsOnFailure: false, account: SVC, state: 'Stopped' };
    });
    const w = world(exec, { installDir });
    const before = structuredClone(exec.model.services.ClickkerSync);
    await install(w.input);
    expect(exec.model.services.ClickkerSync).toMatchObject({ startMode: 'Automatic', delayedStart: true, restartsOnFailure: true, state: 'Running' });
    await rollbackInstall({ ...w.input, params: undefined });
    expect(exec.model.services.ClickkerSync).toEqual(before);
  });

  it('a service that runs a program from elsewhere is not taken over', async () => {
    const w = world(newHost((m) => {
      m.services.ClickkerSync = { binaryPath: '"C:\\Tools\\other.exe"', displayName: 'Someone else', startMode: 'Manual', delayedStart: false, restartsOnFailure: false, account: 'LocalSystem', state: 'Stopped' };
    }));
    const plan = await planInstall(w.input);
    expect(plan.find((s) => s.step.id === 'service:ClickkerSync')!.refused?.en).toMatch(/runs "C:\\Tools\\other.exe".*not Clickker's/);
  });

  it('an application pool that serves other applications is refused, naming them', async () => {
    const w = world(newHost((m) => {
      m.iis.appPools.Clickker = { managedRuntimeVersion: 'v2.0', pipelineMode: 'Classic', identity: 'ApplicationPoolIdentity' };
      m.iis.sites![0]!.applications.push({ path: '/reports', physicalPath: 'C:\\inetpub\\reports', appPool: 'Clickker' });
    }));
    const plan = await planInstall(w.input);
    expect(plan.find((s) => s.step.id === 'iis.app-pool')!.refused?.en).toMatch(/also serves Default Web Site\/reports.*pool of its own/);
    await expect(install(w.input)).rejects.toThrow(/also serves/);
    expect(w.exec.model.iis.appPools.Clickker!.pipelineMode).toBe('Classic');
  });

  it('--app-path /Synergy (Exact\'s own application) is refused', async () => {
    const w = world(newHost(), { appPath: '/Synergy' });
    const plan = await planInstall(w.input);
    expect(plan.find((s) => s.step.id === 'iis.application')!.refused?.en).toMatch(/\/Synergy exists and serves C:\\Program Files\\Exact Synergy Enterprise.*not Clickker's/);
  });

  it('rollback backs the database up (COPY_ONLY) before dropping it, says where, and --rollback --plan shows it first', async () => {
    const w = world(newHost((m) => { m.computerName = 'SQL01'; }));
    await install(w.input);
    const { entries } = await planRollback(w.input);
    const db = entries.find((e) => e.id === 'sql.database')!;
    expect(db.lines.map((l) => l.en).join('\n')).toMatch(/back up database \[Clickker\] \(COPY_ONLY\) to Clickker-rollback-\S+\.bak in the default backup folder of SQL01\\EXACT\nthen DROP database \[Clickker\]/);
    expect(w.exec.model.sql.databases!.Clickker).toBeDefined(); // the plan changed nothing
    // The state folder is Administrators and SYSTEM only: SQL Server's service account cannot write a backup there
    // (Msg 3201), so even a local server backs up to its own default backup folder.
    await w.exec.files.secureFolder(w.stateDir, []);
    await expect(w.exec.sql().backupDatabase('Clickker', join(w.stateDir, 'backups', 'x.bak'))).rejects.toThrow(/Operating system error 5\(Access is denied\.\).*3201/);
    const r = await rollbackInstall(w.input);
    expect(r.undone).toContain('sql.database');
    const [file] = Object.keys(w.exec.model.sql.backups);
    expect(file).toMatch(/^Clickker-rollback-.*\.bak$/);
    expect(w.exec.model.sql.backups[file!]).toBe('Clickker');
    expect(readFileSync(Journal.load(w.stateDir)!.doc.log, 'utf8')).toContain(`backed up (COPY_ONLY) to ${file} in the default backup folder of SQL01\\EXACT`);
  });
});

/** The sample package as version 1.1.0: the API dll changed, web/index.html dropped, a third script added. */
function upgradePackage(undo: boolean): OpenedPackage {
  const placed = pkg.placed.filter((p) => p.target !== 'web/index.html').map((p) => (p.target === 'bin/Clickker.Sync.exe'
    ? { ...p, entry: { ...p.entry, read: () => Buffer.concat([p.entry.read(), Buffer.from('v1.1.0')]) } }
    : p));
  const scripts = [...pkg.manifest.database!.scripts, 'sql/003-more.sql'];
  const extra: Record<string, string> = { 'sql/003-more.sql': 'CREATE TABLE dbo.More (Id int);', 'sql/003-undo.sql': 'DROP TABLE dbo.More;' };
  return {
    ...pkg, placed,
    manifest: { ...pkg.manifest, version: '1.1.0', database: { ...pkg.manifest.database!, scripts, undoScripts: undo ? { 'sql/003-more.sql': 'sql/003-undo.sql' } : {} } },
    checksum: { sha256: 'f'.repeat(64), verifiedAgainst: null },
    text: (n: string) => extra[n] ?? pkg.text(n),
  } as OpenedPackage;
}

describe('upgrades', () => {
  it('stop -> replace (obsolete files removed) -> migrate -> start; a running executable is never overwritten', async () => {
    const w = world();
    await install(w.input);
    const exePath = join(w.params.installDir, 'bin', 'Clickker.Sync.exe');
    // The simulator refuses to overwrite a running service's program, as Windows does.
    await expect(w.exec.files.write(exePath, Buffer.from('x'))).rejects.toThrow(/being used by another process/);
    const v2 = { ...w.input, pkg: upgradePackage(true) };
    const plan = await planInstall(v2);
    // (Web.config names the version, so it is rewritten too)
    expect(plan.filter((s) => !s.test?.inState).map((s) => s.step.id)).toEqual(['upgrade.stop-services', 'files', 'config:web/Web.config', 'sql.script:sql/003-more.sql', 'windows.programs-and-features']);
    expect(plan.find((s) => s.step.id === 'files')!.test!.changes.map((c) => c.en).join('\n')).toMatch(/remove 1 file\(s\) the earlier version placed.*web\/index.html/);
    const r = await install(v2);
    expect(r.changed).toEqual(['upgrade.stop-services', 'files', 'config:web/Web.config', 'sql.script:sql/003-more.sql', 'service:ClickkerSync', 'windows.programs-and-features']);
    expect(existsSync(join(w.params.installDir, 'web', 'index.html'))).toBe(false);
    expect(readFileSync(exePath, 'utf8')).toMatch(/v1\.1\.0$/);
    expect(w.exec.model.services.ClickkerSync!.state).toBe('Running');
    expect(w.exec.model.eventLog.map((e) => e.id)).toEqual([1000, 1002]);
    expect(w.exec.model.registry![UNINSTALL_KEY]!.DisplayVersion).toBe('1.1.0');
  });

  it('rolling back an upgrade puts the earlier files back and reverses the scripts that declare an undo', async () => {
    const w = world();
    await install(w.input);
    const v1 = hostState(w.exec, w.root);
    const v2 = { ...w.input, pkg: upgradePackage(true) };
    await install(v2);
    await rollbackInstall(v2);
    expect(w.exec.model.sql.databases!.Clickker!.history.map((h) => h.name)).toEqual(['sql/001-schema.sql', 'sql/002-settings.sql']);
    expect(hostState(w.exec, w.root)).toEqual(v1);
    expect(w.exec.model.services.ClickkerSync!.state).toBe('Running');
  });

  it('a script without an undo makes the rollback of the upgrade refuse before anything is undone', async () => {
    const w = world();
    await install(w.input);
    const v2 = { ...w.input, pkg: upgradePackage(false) };
    await install(v2);
    const after = hostState(w.exec, w.root);
    const { entries } = await planRollback(v2);
    expect(entries.find((e) => e.id === 'sql.script:sql/003-more.sql')!.refuse?.en).toMatch(/declares no undo script/);
    await expect(rollbackInstall(v2)).rejects.toThrow(/nothing was undone/);
    expect(hostState(w.exec, w.root)).toEqual(after);
  });
});

describe('secrets and the state folder', () => {
  it('a file holding a secret gets its restricted ACL while still empty, before the secret is written', async () => {
    const w = world();
    const sizes: { path: string; size: number }[] = [];
    const protect = w.exec.files.protect.bind(w.exec.files);
    (w.exec.files as Executor['files']).protect = async (path, account) => {
      sizes.push({ path, size: statSync(path).size });
      await protect(path, account);
    };
    await install(w.input);
    const firstOfTemp = sizes.filter((s) => /\.secret\.tmp$/.test(s.path));
    expect(firstOfTemp.length).toBe(2);
    expect(firstOfTemp.every((s) => s.size === 0)).toBe(true);
    // moved over the target keeping its ACL (NTFS keeps a moved file's DACL)
    expect((await w.exec.files.protection(join(w.params.installDir, 'web', 'Web.config')))!.inheritanceDisabled).toBe(true);
  });

  it('an unprotected file is readable by local Users in the simulator (what %ProgramData% hands down)', async () => {
    const w = world();
    // An install folder that already exists keeps what its parent hands down (clickker secures only one it creates).
    mkdirSync(w.params.installDir, { recursive: true });
    await install(w.input);
    const p = await w.exec.files.protection(join(w.params.installDir, 'web', 'health'));
    expect(p!.sids).toContain('S-1-5-32-545');
  });

  it('uninstall removes everything clickker created, with --keep-database the database stays', async () => {
    const w = world();
    const start = hostState(w.exec, w.root);
    await install(w.input);
    const kept = await uninstall(w.input, { keepDatabase: true });
    expect(kept.kept).toEqual(expect.arrayContaining(['sql.database', 'sql.access', 'sql.login']));
    expect(w.exec.model.sql.databases!.Clickker).toBeDefined();
    expect(w.exec.model.services.ClickkerSync).toBeUndefined();
    expect(w.exec.model.registry![UNINSTALL_KEY]).toBeUndefined();
    expect(Journal.load(w.stateDir)!.doc.state).toBe('uninstalled');
    const w2 = world();
    await install(w2.input);
    await uninstall(w2.input, { keepDatabase: false });
    const end = hostState(w2.exec, w2.root);
    expect(end.model.sql.databases).toEqual(start.model.sql.databases);
    expect(end.files).toEqual({});
    expect(w2.exec.model.eventLog.map((e) => e.id)).toEqual([1000, 1020]);
  });

  it('the password never reaches the simulated host\'s file, the journal or the log', async () => {
    const w = world();
    await install(w.input);
    const j = readFileSync(Journal.file(w.stateDir), 'utf8');
    expect(j).not.toContain(SERVICE_PASSWORD);
    expect(JSON.stringify(w.exec.model)).not.toContain(SERVICE_PASSWORD);
  });
});
