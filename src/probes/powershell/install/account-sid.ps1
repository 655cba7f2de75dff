# clickker step: account-sid
param([string]$Account)
# NTAccount.Translate (LookupAccountName): a name without a domain is looked up among well-known, built-in, local and
# primary-domain accounts. An account that does not resolve answers a null Sid, not an error.
$sid = $null
try { $sid = (New-Object System.Security.Principal.NTAccount -ArgumentList $Account).Translate([System.Security.Principal.SecurityIdentifier]).Value } catch { $sid = $null }
ConvertTo-Json -Compress -InputObject ([ordered]@{ Sid = $sid })
