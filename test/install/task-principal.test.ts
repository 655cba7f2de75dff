// Issue 14, "same user name in two domains": task-get.ps1 reads the task's user from the registered definition
// (IRegisteredTask.Xml, Task/Principals/Principal/UserId), run by the real pwsh 7.6 over stand-ins defined here for
// the two Windows-only calls it makes: Get-ScheduledTask (the user without the domain, as on Server 2016+:
// ComputerManagementDsc #200, #352) and the Task Scheduler COM object (Schedule.Service). The definitions returned
// are in the Task Scheduler schema's shape with its namespace, as Windows writes them; the SID form is the one
// observed on Server 2016 for a task registered with a password (dahall/TaskScheduler #29), the DOMAIN\user form the
// one seen on Windows 7 in a domain (dahall/TaskScheduler #835); MS-TSCH 2.5.6 allows both.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/cli.js';
import { realPwsh } from '../powershell/support/pwsh.js';
import { tempDirs } from './support/host.js';

const tmp = tempDirs('task-get');
const SCRIPT = join(ROOT, 'src', 'probes', 'powershell', 'install', 'task-get.ps1');

const definition = (userId: string) => `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo><URI>\\\\Clickker Nightly Cleanup</URI></RegistrationInfo>
  <Principals>
    <Principal id="Author">
      <UserId>${userId}</UserId>
      <LogonType>Password</LogonType>
      <RunLevel>HighestAvailable</RunLevel>
    </Principal>
  </Principals>
  <Actions Context="Author"><Exec><Command>C:\\Clickker\\bin\\Clickker.Sync.exe</Command><Arguments>--cleanup</Arguments></Exec></Actions>
</Task>`;

/** Runs task-get.ps1 in the real pwsh; `getTask` is the body of the COM folder's GetTask (throw = unreadable). */
function taskGet(getTask: string): Record<string, unknown> {
  const prelude = `
$ErrorActionPreference = 'Stop'
function Get-ScheduledTask {
  param([string] $TaskPath, $ErrorAction)
  $action = [pscustomobject]@{ Execute = 'C:\\Clickker\\bin\\Clickker.Sync.exe'; Arguments = '--cleanup' }
  $trigger = [pscustomobject]@{ StartBoundary = '2026-12-04T02:30:00'; CimClass = [pscustomobject]@{ CimClassName = 'MSFT_TaskDailyTrigger' } }
  [pscustomobject]@{ TaskName = 'Clickker Nightly Cleanup'; Actions = @($action); Triggers = @($trigger); Principal = [pscustomobject]@{ UserId = 'svc-clickker' } }
}
function New-Object {
  param([string] $ComObject)
  if ($ComObject -ne 'Schedule.Service') { throw 'only Schedule.Service' }
  $service = [pscustomobject]@{}
  $service | Add-Member -MemberType ScriptMethod -Name Connect -Value { }
  $service | Add-Member -MemberType ScriptMethod -Name GetFolder -Value {
    param($path)
    $folder = [pscustomobject]@{}
    $folder | Add-Member -MemberType ScriptMethod -Name GetTask -Value { param($name) ${getTask} }
    $folder
  }
  $service
}
& '${SCRIPT}' -Name 'Clickker Nightly Cleanup'
`;
  const file = join(tmp(), 'run.ps1');
  writeFileSync(file, prelude);
  const r = spawnSync(realPwsh(), ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', file], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, TERM: 'dumb' } });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.trim()) as Record<string, unknown>;
}

describe('task-get.ps1 reads the task user from the registered definition (real pwsh)', () => {
  it('a SID there (Server 2016): RegisteredUser is the SID, User the bare name', () => {
    const sid = 'S-1-5-21-2874601739-1130471152-3391012846-2613';
    const xml = definition(sid).replace(/'/g, "''");
    expect(taskGet(`[pscustomobject]@{ Xml = '${xml}' }`)).toEqual({ Execute: 'C:\\Clickker\\bin\\Clickker.Sync.exe', Arguments: '--cleanup', User: 'svc-clickker', Daily: '02:30', RegisteredUser: sid });
  });

  it('DOMAIN\\user there: RegisteredUser keeps the domain', () => {
    const xml = definition('VDBERG\\svc-clickker').replace(/'/g, "''");
    expect(taskGet(`[pscustomobject]@{ Xml = '${xml}' }`).RegisteredUser).toBe('VDBERG\\svc-clickker');
  });

  it('the definition cannot be read (COM refuses): RegisteredUser is empty, the rest is still answered', () => {
    const r = taskGet(`throw (New-Object -TypeName System.UnauthorizedAccessException -ArgumentList 'Access is denied.')`);
    expect(r).toMatchObject({ User: 'svc-clickker', RegisteredUser: '' });
  });
});
