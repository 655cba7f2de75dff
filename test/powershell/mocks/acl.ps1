# File ACLs as the install operations read and change them: Get-Acl (acl-get.ps1) and icacls.exe (the executor runs it
# with argument arrays). State $ClickkerMock.acls: @{ <path> = @{ protected = $bool; owner = <sid>; rules = @( @{ sid;
# rights; inherited = $bool } ) } }; a path that exists on disk but is not there carries what a new file under
# C:\ProgramData or C:\Program Files inherits: Administrators and SYSTEM full control, Users read & execute (all
# inherited), owner Administrators (the default owner of what an administrator creates).
# Shapes, from https://learn.microsoft.com/en-us/dotnet/api/system.security.accesscontrol.commonobjectsecurity.getaccessrules
# and .../objectsecurity.getowner: GetAccessRules(includeExplicit, includeInherited, [SecurityIdentifier]) gives
# FileSystemAccessRule objects whose IdentityReference is a SecurityIdentifier (.Value 'S-1-5-32-544'), with
# FileSystemRights, AccessControlType 'Allow', IsInherited; AreAccessRulesProtected is true once inheritance is cut;
# GetOwner([SecurityIdentifier]).Value is the owner's SID.
# icacls (https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/icacls): /inheritance:r
# removes every inherited ACE; /grant:r *SID:(OI)(CI)(F) replaces that SID's explicit grants; /remove:g *SID removes its
# explicit grants (inherited ones stay). It prints "processed file: <path>" and "Successfully processed 1 files; Failed
# processing 0 files", exit 0; a missing file "<path>: The system cannot find the file specified." with exit 2, access
# denied "<path>: Access is denied." with exit 5 (the Win32 error as exit code), an unparsable grant "Invalid
# parameter" with 87. Fault: scenario `aclDenied = $true` (Get-Acl: UnauthorizedAccessException "Attempted to perform
# an unauthorized operation.").
if ($null -eq $ClickkerMock['acls']) { $ClickkerMock['acls'] = @{} }

function Get-ClickkerAcl {
    param([string] $Path)
    if (-not $ClickkerMock['acls'].ContainsKey($Path)) {
        $ClickkerMock['acls'][$Path] = @{ protected = $false; owner = 'S-1-5-32-544'; rules = [System.Collections.ArrayList] @(
                @{ sid = 'S-1-5-32-544'; rights = 'FullControl'; inherited = $true },
                @{ sid = 'S-1-5-18'; rights = 'FullControl'; inherited = $true },
                @{ sid = 'S-1-5-32-545'; rights = 'ReadAndExecute, Synchronize'; inherited = $true }) }
    }
    $a = $ClickkerMock['acls'][$Path]
    $a['rules'] = [System.Collections.ArrayList] @($a['rules'] | Where-Object { $null -ne $_ })
    $a
}

function Get-Acl {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $Path, [string[]] $LiteralPath)
    Enter-ClickkerMock 'Get-Acl'
    $target = [string] (@($Path) + @($LiteralPath) | Where-Object { $_ } | Select-Object -First 1)
    if ($ClickkerMock['aclDenied']) { throw (New-Object System.UnauthorizedAccessException -ArgumentList 'Attempted to perform an unauthorized operation.') }
    if (-not (Microsoft.PowerShell.Management\Test-Path -LiteralPath $target)) { throw (New-Object System.Management.Automation.ItemNotFoundException -ArgumentList "Cannot find path '$target' because it does not exist.") }
    $a = Get-ClickkerAcl $target
    $o = [pscustomobject]@{ Path = "Microsoft.PowerShell.Core\FileSystem::$target"; AreAccessRulesProtected = [bool] $a['protected']; ClickkerPath = $target }
    $o.PSObject.TypeNames.Insert(0, 'System.Security.AccessControl.FileSecurity')
    $o | Add-Member -MemberType ScriptMethod -Name GetAccessRules -Value {
        param([bool] $IncludeExplicit, [bool] $IncludeInherited, [type] $TargetType)
        foreach ($r in (Get-ClickkerAcl $this.ClickkerPath)['rules']) {
            if (($r['inherited'] -and -not $IncludeInherited) -or (-not $r['inherited'] -and -not $IncludeExplicit)) { continue }
            $id = New-ClickkerIdentity 'SecurityIdentifier' $r['sid']
            if ($TargetType -eq [System.Security.Principal.NTAccount]) { $id = $id.Translate($TargetType) }
            $rule = [pscustomobject]@{ IdentityReference = $id; FileSystemRights = [string] $r['rights']; AccessControlType = 'Allow'; IsInherited = [bool] $r['inherited'] }
            $rule.PSObject.TypeNames.Insert(0, 'System.Security.AccessControl.FileSystemAccessRule')
            $rule
        }
    }
    $o | Add-Member -MemberType ScriptMethod -Name GetOwner -Value {
        param([type] $TargetType)
        $id = New-ClickkerIdentity 'SecurityIdentifier' (Get-ClickkerAcl $this.ClickkerPath)['owner']
        if ($TargetType -eq [System.Security.Principal.NTAccount]) { return $id.Translate($TargetType) }
        $id
    }
    $o
}

function icacls.exe {
    $a = @($args | ForEach-Object { [string] $_ })
    Enter-ClickkerMock 'icacls.exe'
    $target = $a[0]
    if ($ClickkerMock['aclDenied']) { "${target}: Access is denied."; 'Successfully processed 0 files; Failed processing 1 files'; $global:LASTEXITCODE = 5; return }
    if (-not (Microsoft.PowerShell.Management\Test-Path -LiteralPath $target)) { "${target}: The system cannot find the file specified."; 'Successfully processed 0 files; Failed processing 1 files'; $global:LASTEXITCODE = 2; return }
    $acl = Get-ClickkerAcl $target
    $rules = $acl['rules']
    for ($i = 1; $i -lt $a.Count; $i++) {
        switch ($a[$i]) {
            '/inheritance:r' {
                $acl['protected'] = $true
                foreach ($r in @($rules)) { if ($r['inherited']) { $rules.Remove($r) } }
            }
            '/grant:r' {
                while ($i + 1 -lt $a.Count -and -not $a[$i + 1].StartsWith('/')) {
                    $i++
                    if ($a[$i] -notmatch '^\*(S-1-[0-9-]+):((?:\((?:OI|CI|IO|NP)\))*)\((F|M|RX|R|W)\)$') { 'Invalid parameter "' + $a[$i] + '"'; $global:LASTEXITCODE = 87; return }
                    $sid = $Matches[1]; $rights = @{ F = 'FullControl'; M = 'Modify, Synchronize'; RX = 'ReadAndExecute, Synchronize'; R = 'Read, Synchronize'; W = 'Write, Synchronize' }[$Matches[3]]
                    foreach ($r in @($rules)) { if (-not $r['inherited'] -and $r['sid'] -eq $sid) { $rules.Remove($r) } }
                    $null = $rules.Add(@{ sid = $sid; rights = $rights; inherited = $false })
                }
            }
            '/remove:g' {
                $i++
                $sid = $a[$i].TrimStart('*')
                foreach ($r in @($rules)) { if (-not $r['inherited'] -and $r['sid'] -eq $sid) { $rules.Remove($r) } }
            }
            default { 'Invalid parameter "' + $a[$i] + '"'; $global:LASTEXITCODE = 87; return }
        }
    }
    "processed file: $target"
    'Successfully processed 1 files; Failed processing 0 files'
    $global:LASTEXITCODE = 0
}
