# clickker step: task-set
param([string]$Name, [string]$Execute, [string]$Arguments, [string]$User, [string]$Daily, [string]$PasswordFile)
# A gMSA (name ending in $) is registered with New-ScheduledTaskPrincipal -LogonType Password and no password
# (learn.microsoft.com: Group Managed Service Accounts Overview). Any other account: the password is read from a file
# only Administrators and SYSTEM can read (deleted at once) and given to the Task Scheduler's COM interface
# (ITaskFolder::RegisterTaskDefinition, TASK_LOGON_PASSWORD), never as script text or a cmdlet parameter value
# (script-block logging 4104 and module logging 4103 record those; windows-behaviour.md). Variable names differ from
# the parameters in more than case: PowerShell names are case-insensitive, and $Daily is a [string].
$at = [datetime]::ParseExact($Daily, 'HH:mm', [System.Globalization.CultureInfo]::InvariantCulture)
if ($User.EndsWith('$')) {
  if ($Arguments -eq '') { $action = New-ScheduledTaskAction -Execute $Execute } else { $action = New-ScheduledTaskAction -Execute $Execute -Argument $Arguments }
  $trigger = New-ScheduledTaskTrigger -Daily -At $at
  $settings = New-ScheduledTaskSettingsSet -StartWhenAvailable
  $principal = New-ScheduledTaskPrincipal -UserId $User -LogonType Password -RunLevel Highest
  $null = Register-ScheduledTask -TaskName $Name -TaskPath '\' -Action $action -Trigger $trigger -Settings $settings -Principal $principal -Force
  'null'
  return
}
if ($PasswordFile -eq '') { throw ('a password is needed to register task ' + $Name + ' running as ' + $User) }
$plain = [System.IO.File]::ReadAllText($PasswordFile)
[System.IO.File]::Delete($PasswordFile)
# The same task through COM (learn.microsoft.com: Task Scheduler scripting objects): daily trigger at local time,
# start when available, highest run level, logon type TASK_LOGON_PASSWORD (1), TASK_CREATE_OR_UPDATE (6).
$service = New-Object -ComObject Schedule.Service
$service.Connect()
$definition = $service.NewTask(0)
$definition.Settings.StartWhenAvailable = $true
$definition.Principal.RunLevel = 1
$definition.Principal.LogonType = 1
$dailyTrigger = $definition.Triggers.Create(2)
$dailyTrigger.StartBoundary = $at.ToString('yyyy-MM-ddTHH:mm:ss', [System.Globalization.CultureInfo]::InvariantCulture)
$dailyTrigger.DaysInterval = 1
$execAction = $definition.Actions.Create(0)
$execAction.Path = $Execute
$execAction.Arguments = $Arguments
$null = $service.GetFolder('\').RegisterTaskDefinition($Name, $definition, 6, $User, $plain, 1)
$plain = $null
'null'
