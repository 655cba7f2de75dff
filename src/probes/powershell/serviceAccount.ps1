# clickker probe: serviceAccount
# The configured service account on this server: its SID, local Administrators membership (by SID S-1-5-32-544,
# directly or through a group) and its logon rights (held by the account or by one of its groups).
# Parameter: -Account 'DOMAIN\name' (data, never spliced into this text). Needs an elevated prompt (secedit).
# Groups come from an S4U token of the account on this server (domain accounts; includes nested and local groups),
# or else from Active Directory tokenGroups; GroupSource says which. When the groups are unknown, a right or a
# membership that the account does not hold directly prints null (cannot tell), never false.
param(
    [string] $Account
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

# Quotes kept by powershell.exe -File when run from cmd.exe ('CORP\svc' arrives with its single quotes:
# about_PowerShell_exe) and surrounding blanks are not part of the name.
$Account = $Account.Trim()
if ($Account.Length -ge 2 -and (($Account.StartsWith("'") -and $Account.EndsWith("'")) -or ($Account.StartsWith('"') -and $Account.EndsWith('"')))) {
    $Account = $Account.Substring(1, $Account.Length - 2).Trim()
}
if (-not $Account) {
    throw (New-Object System.ArgumentException 'No service account was given (-Account DOMAIN\name)')
}
# .\name is a local account of this computer.
$lookupName = $Account
if ($lookupName.StartsWith('.\')) { $lookupName = $env:COMPUTERNAME + '\' + $lookupName.Substring(2) }
$administrators = 'S-1-5-32-544'
$rightNames = @('SeBatchLogonRight', 'SeServiceLogonRight', 'SeDenyBatchLogonRight', 'SeDenyServiceLogonRight')

function ConvertTo-Sid {
    param([string] $Name)
    try {
        if ($Name -match '^\*?S-1-') { return (New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $Name.TrimStart('*')).Value }
        return (New-Object System.Security.Principal.NTAccount -ArgumentList $Name).Translate([System.Security.Principal.SecurityIdentifier]).Value
    } catch {
        return $null
    }
}

# The account's own lookup tells "does not exist" (IdentityNotMappedException: the name was looked up and is not
# there) from "could not look it up" (a domain controller that does not answer, an RPC timeout, a broken trust).
$sid = $null
$notFound = $false
$lookupError = $null
try {
    if ($lookupName -match '^\*?S-1-') { $sid = (New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $lookupName.TrimStart('*')).Value }
    else { $sid = (New-Object System.Security.Principal.NTAccount -ArgumentList $lookupName).Translate([System.Security.Principal.SecurityIdentifier]).Value }
} catch {
    $x = $_.Exception
    if ($x -is [System.Management.Automation.MethodInvocationException] -and $null -ne $x.InnerException) { $x = $x.InnerException }
    if ($x -is [System.Security.Principal.IdentityNotMappedException]) { $notFound = $true }
    $lookupError = ('{0}: {1}' -f $x.GetType().FullName, $x.Message)
}
$rights = [ordered]@{}
foreach ($right in $rightNames) { $rights[$right] = $null }
if ($null -eq $sid) {
    [pscustomobject]@{
        Account       = $Account
        Sid           = $null
        Resolved      = $false
        NotFound      = $notFound
        LookupError   = $lookupError
        IsLocalAdmin  = $null
        AdminVia      = @()
        Rights        = [pscustomobject] $rights
        GroupSource   = 'none'
    } | ConvertTo-Json -Depth 4
    return
}

# --- the account's groups ------------------------------------------------------------------------------------------
$groups = @{}
$groupSource = 'none'
$s4uError = $null
try {
    $ntName = (New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $sid).Translate([System.Security.Principal.NTAccount]).Value
    $parts = $ntName.Split('\')
    $upn = $null
    if ($parts.Length -eq 2 -and $parts[0] -ne $env:COMPUTERNAME) {
        $dnsDomain = ([System.DirectoryServices.ActiveDirectory.Domain]::GetComputerDomain()).Name
        $upn = '{0}@{1}' -f $parts[1], $dnsDomain
    }
    if ($null -ne $upn) {
        $token = New-Object System.Security.Principal.WindowsIdentity -ArgumentList $upn
        foreach ($group in $token.Groups) { $groups[$group.Value] = $true }
        $groupSource = 's4u'
    }
} catch {
    # Kept: why the S4U token could not be had (no S4U for a local account, a DC that refuses it, no trust).
    $x = $_.Exception
    if ($x -is [System.Management.Automation.MethodInvocationException] -and $null -ne $x.InnerException) { $x = $x.InnerException }
    $s4uError = ('{0}: {1}' -f $x.GetType().FullName, $x.Message)
    $groups = @{}
    $groupSource = 'none'
}
if ($groupSource -eq 'none') {
    try {
        $entry = New-Object System.DirectoryServices.DirectoryEntry -ArgumentList ('LDAP://<SID={0}>' -f $sid)
        $entry.RefreshCache([string[]] @('tokenGroups'))
        foreach ($bytes in $entry.Properties['tokenGroups']) {
            $groups[(New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $bytes, 0).Value] = $true
        }
        $groupSource = 'ldap'
    } catch {
        $groupSource = 'none'
    }
}
$groups.Remove($sid)
# Only an S4U token holds every group (domain, nested, local, well-known). tokenGroups from AD holds domain groups
# only: membership of a local group (BUILTIN\Administrators, Backup Operators) or a well-known SID (Authenticated
# Users) is not in it, so with LDAP a right or a membership not found is unknown, never false.
$groupsKnown = $groupSource -eq 's4u'

# --- local Administrators (by SID) ---------------------------------------------------------------------------------
$memberSids = $null
try {
    $memberSids = @(Get-LocalGroupMember -SID $administrators | ForEach-Object { $_.SID.Value })
} catch {
    # "Failed to compare two elements in the array" (orphaned SIDs) or no LocalAccounts module: ask ADSI WinNT,
    # naming the group by its SID's translation, and read each member's SID bytes.
    try {
        $groupName = (New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $administrators).Translate([System.Security.Principal.NTAccount]).Value.Split('\')[-1]
        $group = [ADSI] ('WinNT://{0}/{1},group' -f $env:COMPUTERNAME, $groupName)
        $memberSids = @($group.Invoke('Members') | ForEach-Object {
            $bytes = $_.GetType().InvokeMember('objectSid', 'GetProperty', $null, $_, $null)
            (New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $bytes, 0).Value
        })
    } catch {
        $memberSids = $null
    }
}

$adminVia = New-Object System.Collections.Generic.List[string]
$isLocalAdmin = $null
if ($groupSource -eq 's4u' -and $groups.ContainsKey($administrators)) {
    $isLocalAdmin = $true
}
if ($null -ne $memberSids) {
    foreach ($member in $memberSids) {
        if ($member -eq $sid) { $adminVia.Add('direct') }
        elseif ($groups.ContainsKey($member)) {
            $label = $member
            try { $label = (New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $member).Translate([System.Security.Principal.NTAccount]).Value } catch { $label = $member }
            $adminVia.Add($label)
        }
    }
    if ($adminVia.Count -gt 0) { $isLocalAdmin = $true }
    elseif ($null -eq $isLocalAdmin -and $groupsKnown) { $isLocalAdmin = $false }
}
# A member of Administrators holds what Administrators holds (the usual holder of the logon rights).
if ($isLocalAdmin -eq $true) { $groups[$administrators] = $true }

# --- user rights (secedit export of the local security policy) ------------------------------------------------------
$temp = Join-Path ([System.IO.Path]::GetTempPath()) ('clickker-rights-{0}.inf' -f [guid]::NewGuid().ToString('N'))
try {
    $null = & secedit.exe /export /cfg $temp /areas USER_RIGHTS /quiet
    if (Test-Path -LiteralPath $temp) {
        $holders = @{}
        foreach ($line in (Get-Content -LiteralPath $temp)) {
            if ($line -match '^\s*(Se\w+)\s*=\s*(.*)$') { $holders[$Matches[1]] = @($Matches[2].Split(',') | ForEach-Object { $_.Trim() } | Where-Object { $_ }) }
        }
        foreach ($right in $rightNames) {
            $held = $false
            if ($holders.ContainsKey($right)) {
                foreach ($holder in $holders[$right]) {
                    $holderSid = ConvertTo-Sid -Name $holder
                    if ($holderSid -eq $sid -or ($null -ne $holderSid -and $groups.ContainsKey($holderSid))) { $held = $true }
                }
            }
            if ($held) { $rights[$right] = $true }
            elseif ($groupsKnown) { $rights[$right] = $false }
            else { $rights[$right] = $null }
        }
    }
} finally {
    Remove-Item -LiteralPath $temp -Force -ErrorAction SilentlyContinue
}

[pscustomobject]@{
    Account      = $Account
    Sid          = $sid
    Resolved     = $true
    IsLocalAdmin = $isLocalAdmin
    AdminVia     = [string[]] $adminVia.ToArray()
    Rights       = [pscustomobject] $rights
    GroupSource  = $groupSource
    S4uError     = $s4uError
} | ConvertTo-Json -Depth 4
