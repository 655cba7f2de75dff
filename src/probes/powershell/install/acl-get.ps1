# clickker step: acl-get
param([string]$Path)
if (-not (Test-Path -LiteralPath $Path)) { 'null'; return }
$acl = Get-Acl -LiteralPath $Path
$rules = @($acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier]) | ForEach-Object { [string]$_.IdentityReference.Value } | Sort-Object -Unique)
$principals = @($rules | ForEach-Object {
  $name = $null
  try { $name = (New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $_).Translate([System.Security.Principal.NTAccount]).Value } catch { $name = $null }
  [ordered]@{ Sid = $_; Name = $name }
})
$owner = [string]$acl.GetOwner([System.Security.Principal.SecurityIdentifier]).Value
ConvertTo-Json -Compress -Depth 3 -InputObject ([ordered]@{ InheritanceDisabled = [bool]$acl.AreAccessRulesProtected; Principals = $principals; OwnerSid = $owner })
