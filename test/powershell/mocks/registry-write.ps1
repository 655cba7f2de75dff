# Registry writes and key reads through the provider cmdlets for HKLM: paths, on the same state registry.ps1 reads
# ($ClickkerMock.registry): New-Item, New-ItemProperty, Set-ItemProperty, Remove-Item, Get-Item (a key). Any other path
# goes on down the chain (iis.ps1, then the real cmdlet). What is written is stored typed (@{ type; value }), so a
# later Get-ItemProperty gives the .NET type of its RegistryValueKind (registry.ps1).
# Shapes, from https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_registry_provider
# and the cmdlets' pages (view=powershell-5.1):
#   - Get-Item on a key is a Microsoft.Win32.RegistryKey: Name 'HKEY_LOCAL_MACHINE\...', GetValueNames(), GetValue(name)
#     (DWord as Int32, String as String, ExpandString expanded: RegistryKey.GetValue docs), ValueCount, SubKeyCount;
#   - New-Item -Path <key> -Force creates the missing parent keys; New-Item on an existing key without -Force writes
#     "A key at this path already exists." (ResourceExists);
#   - New-ItemProperty -PropertyType DWord|String -Force replaces a value of that name; Set-ItemProperty -Type sets it;
#   - Remove-Item -Recurse removes the key and its subkeys; a missing key is ItemNotFoundException (PathNotFound);
#   - without an elevated token every HKLM write fails with SecurityException "Requested registry access is not
#     allowed." (PermissionDenied): scenario key `registryDenyWrite = $true`.
foreach ($n in 'New-Item', 'New-ItemProperty', 'Set-ItemProperty', 'Remove-Item', 'Get-Item') {
    $ClickkerMockNext["registry:$n"] = Get-ClickkerNext $n 'Microsoft.PowerShell.Management'
}
if ($null -eq $ClickkerMock['registry']) { $ClickkerMock['registry'] = @{} }

function Find-ClickkerRegistryKeyName {
    param([string] $Path)
    $want = ConvertTo-ClickkerRegistryKey $Path
    foreach ($k in @($ClickkerMock['registry'].Keys)) { if ((ConvertTo-ClickkerRegistryKey $k) -eq $want) { return $k } }
    $null
}

function Write-ClickkerRegistryError {
    param($Cmdlet, [string] $Kind, [string] $Path, [string] $Command)
    $shown = ConvertTo-ClickkerRegistryKey $Path
    switch ($Kind) {
        'denied' { $e = New-Object System.Security.SecurityException -ArgumentList 'Requested registry access is not allowed.'; $id = 'System.Security.SecurityException'; $cat = 'PermissionDenied' }
        'missing' { $e = New-Object System.Management.Automation.ItemNotFoundException -ArgumentList "Cannot find path '$shown' because it does not exist."; $id = 'PathNotFound'; $cat = 'ObjectNotFound' }
        'exists' { $e = New-Object System.IO.IOException -ArgumentList 'A key at this path already exists.'; $id = 'System.IO.IOException'; $cat = 'ResourceExists' }
    }
    $Cmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $e, "$id,Microsoft.PowerShell.Commands.$Command", $cat, $Path))
}

function New-ClickkerRegistryKeyObject {
    param([string] $KeyName)
    $native = (ConvertTo-ClickkerRegistryKey $KeyName) -replace '^HKLM:\\', 'HKEY_LOCAL_MACHINE\'
    $values = $ClickkerMock['registry'][$KeyName]
    $o = [pscustomobject]@{ Name = $native; ValueCount = @($values.Keys).Count; SubKeyCount = 0; PSPath = "Microsoft.PowerShell.Core\Registry::$native"; PSChildName = ($native -split '\\')[-1] }
    $o.PSObject.TypeNames.Insert(0, 'Microsoft.Win32.RegistryKey')
    $o | Add-Member -NotePropertyName ClickkerKey -NotePropertyValue $KeyName
    $o | Add-Member -MemberType ScriptMethod -Name GetValueNames -Value { [string[]] @($ClickkerMock['registry'][$this.ClickkerKey].Keys) }
    $o | Add-Member -MemberType ScriptMethod -Name GetValue -Value {
        param([string] $Name)
        $vals = $ClickkerMock['registry'][$this.ClickkerKey]
        foreach ($k in $vals.Keys) { if ($k -eq $Name) { return (ConvertTo-ClickkerRegistryValue $vals[$k]) } }
        $null
    }
    $o
}

function Set-ClickkerRegistryValue {
    param([string] $KeyName, [string] $Name, $Value, [string] $Kind)
    $vals = $ClickkerMock['registry'][$KeyName]
    foreach ($k in @($vals.Keys)) { if ($k -eq $Name) { $vals.Remove($k) } }
    $vals[$Name] = @{ type = $Kind; value = $Value }
}

function New-Item {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $Path, [string] $Name, [string] $ItemType, [object] $Value, [switch] $Force)
    if (-not (Test-ClickkerRegistryPath ([string] $Path))) { return & $ClickkerMockNext['registry:New-Item'] @PSBoundParameters }
    Enter-ClickkerMock 'New-Item'
    $key = [string] $Path
    if ($Name) { $key = $key.TrimEnd('\') + '\' + $Name }
    if ($ClickkerMock['registryDenyWrite']) { Write-ClickkerRegistryError $PSCmdlet 'denied' $key 'NewItemCommand'; return }
    $existing = Find-ClickkerRegistryKeyName $key
    if ($null -ne $existing -and -not $Force) { Write-ClickkerRegistryError $PSCmdlet 'exists' $key 'NewItemCommand'; return }
    if ($null -ne $existing) { throw 'mock: New-Item -Force on an existing registry key is not modelled' }
    # The missing parents are created with it (-Force); without -Force a missing parent is an error.
    $parts = (ConvertTo-ClickkerRegistryKey $key) -split '\\'
    for ($i = 2; $i -le $parts.Count; $i++) {
        $sub = ($parts[0..($i - 1)] -join '\')
        # A key the state holds only as the parent of others (HKLM:\SOFTWARE) exists all the same.
        $implied = @($ClickkerMock['registry'].Keys | Where-Object { (ConvertTo-ClickkerRegistryKey $_).StartsWith($sub + '\', [System.StringComparison]::OrdinalIgnoreCase) }).Count -gt 0
        if ($null -eq (Find-ClickkerRegistryKeyName $sub) -and ($i -eq $parts.Count -or -not $implied)) {
            if ($i -lt $parts.Count -and -not $Force) { Write-ClickkerRegistryError $PSCmdlet 'missing' $sub 'NewItemCommand'; return }
            $ClickkerMock['registry'][$sub] = @{}
        }
    }
    New-ClickkerRegistryKeyObject (Find-ClickkerRegistryKeyName $key)
}

function New-ItemProperty {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]] $Path, [Alias('PSPath')] [string[]] $LiteralPath,
        [Parameter(Mandatory = $true)] [string] $Name, [Alias('Type')] [string] $PropertyType = 'String', [object] $Value, [switch] $Force
    )
    $target = [string] (@($Path) + @($LiteralPath) | Where-Object { $_ } | Select-Object -First 1)
    if (-not (Test-ClickkerRegistryPath $target)) { return & $ClickkerMockNext['registry:New-ItemProperty'] @PSBoundParameters }
    Enter-ClickkerMock 'New-ItemProperty'
    if ($ClickkerMock['registryDenyWrite']) { Write-ClickkerRegistryError $PSCmdlet 'denied' $target 'NewItemPropertyCommand'; return }
    $k = Find-ClickkerRegistryKeyName $target
    if ($null -eq $k) { Write-ClickkerRegistryError $PSCmdlet 'missing' $target 'NewItemPropertyCommand'; return }
    $exists = @($ClickkerMock['registry'][$k].Keys | Where-Object { $_ -eq $Name }).Count -gt 0
    if ($exists -and -not $Force) {
        $e = New-Object System.IO.IOException -ArgumentList 'The property already exists.'
        $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $e, 'System.IO.IOException,Microsoft.PowerShell.Commands.NewItemPropertyCommand', 'ResourceExists', $target))
        return
    }
    Set-ClickkerRegistryValue $k $Name $Value $PropertyType
    [pscustomobject]@{ $Name = (ConvertTo-ClickkerRegistryValue $ClickkerMock['registry'][$k][$Name]) }
}

function Set-ItemProperty {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]] $Path, [Alias('PSPath')] [string[]] $LiteralPath,
        [Parameter(Position = 1)] [string] $Name, [Parameter(Position = 2)] [object] $Value, [string] $Type, [switch] $Force, [switch] $PassThru
    )
    $target = [string] (@($Path) + @($LiteralPath) | Where-Object { $_ } | Select-Object -First 1)
    if (-not (Test-ClickkerRegistryPath $target)) { return & $ClickkerMockNext['registry:Set-ItemProperty'] @PSBoundParameters }
    Enter-ClickkerMock 'Set-ItemProperty'
    if ($ClickkerMock['registryDenyWrite']) { Write-ClickkerRegistryError $PSCmdlet 'denied' $target 'SetItemPropertyCommand'; return }
    $k = Find-ClickkerRegistryKeyName $target
    if ($null -eq $k) { Write-ClickkerRegistryError $PSCmdlet 'missing' $target 'SetItemPropertyCommand'; return }
    $kind = $Type
    if (-not $kind) { $kind = if ($Value -is [int]) { 'DWord' } else { 'String' } }
    Set-ClickkerRegistryValue $k $Name $Value $kind
}

function Remove-Item {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Position = 0)] [string[]] $Path, [Alias('PSPath')] [string[]] $LiteralPath, [switch] $Recurse, [switch] $Force)
    $target = [string] (@($Path) + @($LiteralPath) | Where-Object { $_ } | Select-Object -First 1)
    if (-not (Test-ClickkerRegistryPath $target)) { return & $ClickkerMockNext['registry:Remove-Item'] @PSBoundParameters }
    Enter-ClickkerMock 'Remove-Item'
    if ($ClickkerMock['registryDenyWrite']) { Write-ClickkerRegistryError $PSCmdlet 'denied' $target 'RemoveItemCommand'; return }
    $k = Find-ClickkerRegistryKeyName $target
    if ($null -eq $k) { Write-ClickkerRegistryError $PSCmdlet 'missing' $target 'RemoveItemCommand'; return }
    $root = ConvertTo-ClickkerRegistryKey $k
    foreach ($other in @($ClickkerMock['registry'].Keys)) {
        $n = ConvertTo-ClickkerRegistryKey $other
        if ($n -eq $root -or $n.StartsWith($root + '\', [System.StringComparison]::OrdinalIgnoreCase)) { $ClickkerMock['registry'].Remove($other) }
    }
}

function Get-Item {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $Path, [Alias('PSPath')] [string[]] $LiteralPath, [switch] $Force)
    $target = [string] (@($Path) + @($LiteralPath) | Where-Object { $_ } | Select-Object -First 1)
    if (-not (Test-ClickkerRegistryPath $target)) { return & $ClickkerMockNext['registry:Get-Item'] @PSBoundParameters }
    Enter-ClickkerMock 'Get-Item'
    $k = Find-ClickkerRegistryKeyName $target
    if ($null -eq $k) { Write-ClickkerRegistryError $PSCmdlet 'missing' $target 'GetItemCommand'; return }
    New-ClickkerRegistryKeyObject $k
}
