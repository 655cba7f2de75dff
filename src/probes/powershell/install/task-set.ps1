# clickker step: task-set
param([string]$Name, [string]$Execute, [string]$Arguments, [string]$User, [string]$Daily, [string]$Password, [string]$HasPassword)
if ($HasPassword -ne '1') { throw ('a password is needed to register task ' + $Name + ' running as ' + $User) }
if ($Arguments -eq '') { $action = New-ScheduledTaskAction -Execute $Execute } else { $action = New-ScheduledTaskAction -Execute $Execute -Argument $Arguments }
$at = [datetime]::ParseExact($Daily, 'HH:mm', [System.Globalization.CultureInfo]::InvariantCulture)
$trigger = New-ScheduledTaskTrigger -Daily -At $at
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable
$null = Register-ScheduledTask -TaskName $Name -TaskPath '\' -Action $action -Trigger $trigger -Settings $settings -User $User -Password $Password -RunLevel Highest -Force
'null'
