# clickker step: task-get
param([string]$Name)
$t = @(Get-ScheduledTask -TaskPath '\' -ErrorAction SilentlyContinue | Where-Object { $_.TaskName -eq $Name }) | Select-Object -First 1
if ($null -eq $t) { 'null'; return }
$action = @($t.Actions)[0]
$trigger = @($t.Triggers | Where-Object { $_.CimClass.CimClassName -eq 'MSFT_TaskDailyTrigger' }) | Select-Object -First 1
$daily = $null
if ($null -ne $trigger) { $daily = ([datetime]$trigger.StartBoundary).ToString('HH:mm', [System.Globalization.CultureInfo]::InvariantCulture) }
ConvertTo-Json -Compress -InputObject ([ordered]@{ Execute = [string]$action.Execute; Arguments = [string]$action.Arguments; User = [string]$t.Principal.UserId; Daily = $daily })
