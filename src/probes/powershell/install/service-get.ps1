# clickker step: service-get
param([string]$Name)
# Win32_Service: StartMode Auto/Manual/Disabled, DelayedAutoStart (Server 2016+), StartName .\user for a local
# account (learn.microsoft.com: Win32_Service class).
$s = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
if ($null -eq $s) { 'null'; return }
$delayed = $false
if ($null -ne $s.PSObject.Properties['DelayedAutoStart']) { $delayed = [bool]$s.DelayedAutoStart }
ConvertTo-Json -Compress -InputObject ([ordered]@{ BinaryPath = [string]$s.PathName; DisplayName = [string]$s.DisplayName; Description = [string]$s.Description; StartMode = [string]$s.StartMode; DelayedAutoStart = $delayed; Account = [string]$s.StartName; State = [string]$s.State })
