# clickker step: iis-remove-app
param([string]$Site, [string]$Path)
Import-Module WebAdministration -ErrorAction Stop
$a = @(Get-WebApplication -Site $Site | Where-Object { $_.path -eq $Path }) | Select-Object -First 1
if ($null -ne $a) { Remove-WebApplication -Site $Site -Name $Path.TrimStart('/') }
'null'
