# clickker step: account-sid
param([string]$Account)
$sid = (New-Object System.Security.Principal.NTAccount -ArgumentList $Account).Translate([System.Security.Principal.SecurityIdentifier]).Value
ConvertTo-Json -Compress -InputObject ([ordered]@{ Sid = [string]$sid })
