# clickker probe: identity
# Who runs the collector, and whether the token is elevated. Runs first: the collector uses IsElevated to decide which
# probes can run. No elevation needed.
# IsElevated: the token has BUILTIN\Administrators (S-1-5-32-544) enabled.
# IsAdministratorsMember: S-1-5-32-544 is in the token at all, enabled or (with UAC, not elevated) deny-only. The
# deny-only form is only visible as a DenyOnlySid claim, so the token's claims are read, never localized group names.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

$administrators = 'S-1-5-32-544'
$current = [System.Security.Principal.WindowsIdentity]::GetCurrent()
$principal = New-Object System.Security.Principal.WindowsPrincipal -ArgumentList $current
$elevated = $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)

$member = $null
try {
    $member = $false
    foreach ($claim in $current.Claims) {
        if ($claim.Value -eq $administrators) { $member = $true }
    }
} catch {
    $member = $null
}
if ($elevated) { $member = $true }

[pscustomobject]@{
    User                   = $current.Name
    Sid                    = $current.User.Value
    IsElevated             = $elevated
    IsAdministratorsMember = $member
} | ConvertTo-Json -Depth 2
