# clickker step: task-get
param([string]$Name)
$t = @(Get-ScheduledTask -TaskPath '\' -ErrorAction SilentlyContinue | Where-Object { $_.TaskName -eq $Name }) | Select-Object -First 1
if ($null -eq $t) { 'null'; return }
$action = @($t.Actions)[0]
$trigger = @($t.Triggers | Where-Object { $_.CimClass.CimClassName -eq 'MSFT_TaskDailyTrigger' }) | Select-Object -First 1
$daily = $null
if ($null -ne $trigger) { $daily = ([datetime]$trigger.StartBoundary).ToString('HH:mm', [System.Globalization.CultureInfo]::InvariantCulture) }
# Principal.UserId has no domain on Server 2016+ (ComputerManagementDsc #200, #352). The registered definition
# (IRegisteredTask.Xml, learn.microsoft.com; Task/Principals/Principal/UserId, MS-TSCH 2.5.6) keeps the account: a SID
# on Server 2016 (dahall/TaskScheduler #29) or DOMAIN\user. Unreadable: left empty, and the caller says it cannot tell.
$registeredUser = ''
try {
  $scheduler = New-Object -ComObject Schedule.Service
  $scheduler.Connect()
  $definitionXml = [xml]$scheduler.GetFolder('\').GetTask($Name).Xml
  $registeredUser = [string](@($definitionXml.Task.Principals.Principal)[0].UserId)
} catch {
  $registeredUser = ''
}
ConvertTo-Json -Compress -InputObject ([ordered]@{ Execute = [string]$action.Execute; Arguments = [string]$action.Arguments; User = [string]$t.Principal.UserId; Daily = $daily; RegisteredUser = $registeredUser })
