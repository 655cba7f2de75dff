# Windows accounts and their SIDs: System.Security.Principal.NTAccount and SecurityIdentifier, made with New-Object
# (what account-sid.ps1 and acl-get.ps1 do). On Linux both types exist but every member throws
# PlatformNotSupportedException ("Windows Principal functionality is not supported on this platform"), and a type
# that exists cannot be replaced by Add-Type, so New-Object for these two names returns objects with the same members:
# Value, Translate([type]), ToString(). The two names are registered with loader.ps1's New-Object; any other type goes
# to the real cmdlet.
# Scenario key `accounts`: @{ 'DOMAIN\name' = 'S-1-5-21-...' } beside the well-known accounts below.
# Behaviour, from https://learn.microsoft.com/en-us/dotnet/api/system.security.principal.ntaccount.translate and
# https://learn.microsoft.com/en-us/windows/win32/api/winbase/nf-winbase-lookupaccountnamew:
#   - an account that does not map throws IdentityNotMappedException "Some or all identity references could not be
#     translated." (wrapped by PowerShell in a MethodInvocationException);
#   - a name without a domain is looked up among well-known, built-in, local and then domain accounts: the first match
#     wins (here: the one account whose name after the backslash matches, case-insensitively);
#   - SecurityIdentifier.Translate(NTAccount) gives DOMAIN\name, BUILTIN\Administrators for S-1-5-32-544 (the name is
#     the server's language: captures/43-get-localgroupmember-administrators-win.txt shows the English one).
#   - new SecurityIdentifier('not a sid') throws ArgumentException "Value was invalid."
$ClickkerWellKnownAccounts = [ordered]@{
    'BUILTIN\Administrators' = 'S-1-5-32-544'
    'BUILTIN\Users' = 'S-1-5-32-545'
    'NT AUTHORITY\SYSTEM' = 'S-1-5-18'
    'NT AUTHORITY\NETWORK SERVICE' = 'S-1-5-20'
    'NT AUTHORITY\LOCAL SERVICE' = 'S-1-5-19'
    'CREATOR OWNER' = 'S-1-3-0'
}

function Get-ClickkerAccounts {
    $all = [ordered]@{}
    foreach ($k in $ClickkerWellKnownAccounts.Keys) { $all[$k] = $ClickkerWellKnownAccounts[$k] }
    $extra = $ClickkerMock['accounts']
    if ($null -ne $extra) { foreach ($k in $extra.Keys) { $all[[string] $k] = [string] $extra[$k] } }
    $all
}

function Resolve-ClickkerAccountName {
    param([string] $Name)
    $all = Get-ClickkerAccounts
    $wanted = $Name -replace '^\.\\', "$([Environment]::MachineName)\"
    foreach ($k in $all.Keys) { if ($k -eq $wanted) { return $all[$k] } }
    if ($wanted.Contains('\')) { return $null }
    $short = @($all.Keys | Where-Object { ($_ -split '\\')[-1] -eq $wanted })
    if ($short.Count -ge 1) { return $all[$short[0]] }
    $null
}

function New-ClickkerNotMapped {
    New-Object System.Security.Principal.IdentityNotMappedException -ArgumentList 'Some or all identity references could not be translated.'
}

function New-ClickkerIdentity {
    param([string] $Kind, [string] $Value)
    $o = [pscustomobject]@{ Value = $Value }
    $o.PSObject.TypeNames.Insert(0, "System.Security.Principal.$Kind")
    $o | Add-Member -MemberType ScriptMethod -Name ToString -Value { $this.Value } -Force
    if ($Kind -eq 'NTAccount') {
        $o | Add-Member -MemberType ScriptMethod -Name Translate -Value {
            param([type] $TargetType)
            if ($TargetType -eq [System.Security.Principal.NTAccount]) { return $this }
            $sid = Resolve-ClickkerAccountName $this.Value
            if ($null -eq $sid) { throw (New-ClickkerNotMapped) }
            New-ClickkerIdentity 'SecurityIdentifier' $sid
        }
    } else {
        $o | Add-Member -MemberType ScriptMethod -Name Translate -Value {
            param([type] $TargetType)
            if ($TargetType -eq [System.Security.Principal.SecurityIdentifier]) { return $this }
            $all = Get-ClickkerAccounts
            foreach ($k in $all.Keys) { if ($all[$k] -eq $this.Value) { return (New-ClickkerIdentity 'NTAccount' $k) } }
            throw (New-ClickkerNotMapped)
        }
    }
    $o
}

$ClickkerNewObject['Net:System.Security.Principal.NTAccount'] = 'New-ClickkerAccountObject'
$ClickkerNewObject['Net:NTAccount'] = 'New-ClickkerAccountObject'
$ClickkerNewObject['Net:System.Security.Principal.SecurityIdentifier'] = 'New-ClickkerAccountObject'
$ClickkerNewObject['Net:SecurityIdentifier'] = 'New-ClickkerAccountObject'
function New-ClickkerAccountObject {
    [CmdletBinding()]
    param([string] $TypeName, [object[]] $ArgumentList, [System.Collections.IDictionary] $Property)
    $short = $TypeName -replace '^System\.Security\.Principal\.', ''
    Enter-ClickkerMock 'New-Object'
    $value = [string] @($ArgumentList)[-1]
    if ($short -eq 'SecurityIdentifier' -and $value -notmatch '^S-1-\d+(-\d+)+$') { throw (New-Object System.ArgumentException -ArgumentList 'Value was invalid.') }
    if (@($ArgumentList).Count -eq 2) { $value = [string] $ArgumentList[0] + '\' + $value }
    New-ClickkerIdentity $short $value
}
