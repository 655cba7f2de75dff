# clickker step: service-stop
param([string]$Name)
$s = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
if ($null -ne $s -and [string]$s.State -ne 'Stopped') { Stop-Service -InputObject (Get-Service -Name $Name) -Force }
'null'
