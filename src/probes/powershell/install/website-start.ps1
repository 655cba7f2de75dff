# clickker step: website-start
param([string]$Name)
Import-Module WebAdministration -ErrorAction Stop
$site = @(Get-Website | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
if ($null -eq $site) { throw ('IIS has no website named ' + $Name) }
Start-Website -Name $site.Name
'null'
