# clickker step: task-remove
param([string]$Name)
$t = @(Get-ScheduledTask -TaskPath '\' -ErrorAction SilentlyContinue | Where-Object { $_.TaskName -eq $Name }) | Select-Object -First 1
if ($null -ne $t) { $t | Unregister-ScheduledTask -Confirm:$false }
'null'
