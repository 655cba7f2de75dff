// The installer's PowerShell operations in the real pwsh 7.6, through the real Windows executor (its PsRunner, the
// bridge envelope, the shipped .ps1 operation files), over mocked ScheduledTasks cmdlets that return what Windows
// returns (test/powershell/mocks/tasks.ps1): apply -> verify on real PowerShell semantics.
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepContext } from '../../src/install/step.js';
import { taskStep } from '../../src/install/steps/services.js';
import type { ManifestTask } from '../../src/install/manifest.js';
import { WindowsExecutor } from '../../src/install/windows/executor.js';
import type { PsSession } from '../../src/probes/powershell/session.js';
import { realPwsh, startMockedSession, type Scenario } from '../powershell/support/pwsh.js';

jest.setTimeout(120_000);
/** Where the executor puts a password for the one operation that reads it (the state folder's secrets/). */
const secretDir = () => mkdtempSync(join(tmpdir(), 'clickker-secrets-'));
const sessions: PsSession[] = [];
afterAll(async () => { for (const s of sessions) await s.kill(); });

function executor(scenario: Scenario): WindowsExecutor {
  return new WindowsExecutor({
    powershell: realPwsh(),
    startSession: async () => {
      const s = await startMockedSession(scenario);
      sessions.push(s);
      return s;
    },
    collect: async () => ({}),
    computerName: 'WS01',
    secretDir: secretDir(),
  });
}

const TASK: ManifestTask = { name: 'Clickker Sync', executable: 'bin/Clickker.Sync.exe', arguments: ['--all', 'C:\\Program Files\\x y'], daily: '03:00' } as ManifestTask;

function context(exec: WindowsExecutor): StepContext {
  return {
    exec,
    params: { serviceAccount: 'CORP\\svc-clickker', installDir: 'C:\\Clickker', sqlServer: 'SQL01', database: 'Clickker', site: 'Default Web Site', appPath: '/clickker', baseUrl: 'https://x', exactDatabases: [], reduceSqlRights: false },
    secrets: { serviceAccountPassword: "pa'ss\u2019$(x)`" },
    stateDir: '/tmp', runId: 'test', log: () => undefined,
  } as unknown as StepContext;
}

describe('scheduled tasks on real PowerShell, Windows Server 2016+ answers', () => {
  it('task-set registers through the real cmdlet parameters, and task-get reads back what Windows returns: the user without its domain', async () => {
    const exec = executor({});
    const ctx = context(exec);
    expect(await exec.tasks.get(TASK.name)).toBeNull();
    await taskStep(TASK).apply(ctx, {});
    const have = await exec.tasks.get(TASK.name);
    // Server 2016 and 2019 report Principal.UserId without the domain (ComputerManagementDsc #200, #352).
    // The registered definition keeps the account as given when it does not resolve to a SID (MS-TSCH 2.5.6).
    expect(have).toEqual({ execute: expect.stringContaining('Clickker.Sync.exe'), arguments: '--all "C:\\Program Files\\x y"', user: 'svc-clickker', daily: '03:00', registeredUser: 'CORP\\svc-clickker' });
  });

  // Issue 14 compares accounts by SID (account-sid.ps1: NTAccount.Translate). The account model (mocks/accounts.ps1)
  // answers Translate as LookupAccountName does: 'CORP\svc-clickker' and the bare 'svc-clickker' Windows gives back
  // for the task resolve to one SID, so the step verifies; an account the server cannot resolve does not.
  it('after apply, the task step finds the task in the wanted state (apply -> verify)', async () => {
    const exec = executor({ accounts: { 'CORP\\svc-clickker': 'S-1-5-21-1004336348-1177238915-682003330-1105' } });
    const ctx = context(exec);
    await taskStep(TASK).apply(ctx, {});
    expect(await taskStep(TASK).test(ctx)).toMatchObject({ inState: true, changes: [] });
  });

  it('the same user name in another domain is told apart by the SID the registered definition keeps', async () => {
    const exec = executor({ accounts: { 'CORP\\svc-clickker': 'S-1-5-21-1004336348-1177238915-682003330-1105', 'OTHER\\svc-clickker': 'S-1-5-21-3623811015-3361044348-30300820-1013' } });
    const ctx = context(exec);
    ctx.params.serviceAccount = 'OTHER\\svc-clickker';
    await taskStep(TASK).apply(ctx, {});
    // Both report Principal.UserId 'svc-clickker'; the definition holds OTHER's SID.
    expect(await exec.tasks.get(TASK.name)).toMatchObject({ user: 'svc-clickker', registeredUser: 'S-1-5-21-3623811015-3361044348-30300820-1013' });
    expect(await taskStep(TASK).test(ctx)).toMatchObject({ inState: true });
    ctx.params.serviceAccount = 'CORP\\svc-clickker';
    expect(await taskStep(TASK).test(ctx)).toMatchObject({ inState: false });
  });

  it('a gMSA task is registered without a password (New-ScheduledTaskPrincipal -LogonType Password) and verifies', async () => {
    const exec = executor({ accounts: { 'CORP\\gmsa-clickker$': 'S-1-5-21-1004336348-1177238915-682003330-1188' } });
    const ctx = context(exec);
    ctx.params.serviceAccount = 'CORP\\gmsa-clickker$';
    ctx.secrets = { ...ctx.secrets, serviceAccountPassword: undefined };
    await taskStep(TASK).apply(ctx, {});
    expect(await exec.tasks.get(TASK.name)).toMatchObject({ user: 'gmsa-clickker$' });
    expect(await taskStep(TASK).test(ctx)).toMatchObject({ inState: true, changes: [] });
  });

  it('on Server 2012 R2 (UserId with the domain) apply -> verify holds', async () => {
    const exec = executor({ taskUserIdWithDomain: true });
    const ctx = context(exec);
    expect((await taskStep(TASK).test(ctx)).inState).toBe(false);
    await taskStep(TASK).apply(ctx, {});
    expect(await taskStep(TASK).test(ctx)).toMatchObject({ inState: true, changes: [] });
  });

  it('rollback of a task this run created removes it (task-remove pipes the task to Unregister-ScheduledTask)', async () => {
    const exec = executor({});
    const ctx = context(exec);
    const undo = await taskStep(TASK).capture(ctx);
    await taskStep(TASK).apply(ctx, undo);
    expect((await taskStep(TASK).rollback(ctx, undo)).map((l) => l.en)).toEqual([`removed scheduled task '${TASK.name}' (created by this run)`]);
    expect(await exec.tasks.get(TASK.name)).toBeNull();
  });
});
