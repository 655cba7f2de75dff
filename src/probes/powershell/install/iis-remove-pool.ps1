# clickker step: iis-remove-pool
param([string]$Name)
Import-Module WebAdministration -ErrorAction Stop
if (Test-Path -LiteralPath ('IIS:\AppPools\' + $Name)) { Remove-WebAppPool -Name $Name }
'null'
