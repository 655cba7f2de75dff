# clickker step: iis-get-app
param([string]$Site, [string]$Path)
Import-Module WebAdministration -ErrorAction Stop
$a = @(Get-WebApplication -Site $Site | Where-Object { $_.path -eq $Path }) | Select-Object -First 1
if ($null -eq $a) { 'null'; return }
ConvertTo-Json -Compress -InputObject ([ordered]@{ PhysicalPath = [string]$a.PhysicalPath; AppPool = [string]$a.applicationPool })
