# clickker step: service-remove
param([string]$Name)
$s = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
if ($null -eq $s) { 'null'; return }
if ([string]$s.State -ne 'Stopped') { Stop-Service -InputObject (Get-Service -Name $Name) -Force }
$r = Invoke-CimMethod -InputObject $s -MethodName Delete
if ($r.ReturnValue -ne 0) { throw ('Win32_Service.Delete returned ' + [string]$r.ReturnValue + ' for ' + $Name) }
'null'
