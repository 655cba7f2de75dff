# clickker step: service-get
param([string]$Name)
$s = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
if ($null -eq $s) { 'null'; return }
ConvertTo-Json -Compress -InputObject ([ordered]@{ BinaryPath = [string]$s.PathName; DisplayName = [string]$s.DisplayName; StartMode = [string]$s.StartMode; Account = [string]$s.StartName; State = [string]$s.State })
