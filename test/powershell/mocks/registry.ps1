# Registry reads through the provider cmdlets (Test-Path, Get-ItemProperty) for HKLM: paths; any other path goes to
# the real cmdlet. Scenario key `registry`: @{ 'HKLM:\SOFTWARE\...' = @{ ValueName = <value> } }; a key with no
# values is @{}; a value is plain (a string) or typed @{ type = 'DWord' | 'QWord' | 'String' | 'ExpandString' |
# 'MultiString' | 'Binary'; value = ... }.
# Shapes: Get-ItemProperty on a key gives one PSCustomObject with the values, then PSPath, PSParentPath, PSChildName,
# PSDrive, PSProvider (captures/16-ndp-v4-full-itemproperty-win10-528372.txt); the .NET type of each value follows
# RegistryValueKind (https://learn.microsoft.com/en-us/dotnet/api/microsoft.win32.registryvaluekind): DWord Int32
# (0x80000000 and above read negative), QWord Int64, MultiString String[], Binary Byte[]. A missing key is
# ItemNotFoundException "Cannot find path '<path>' because it does not exist." (PathNotFound); a missing -Name is
# PSArgumentException "Property <name> does not exist at path <path>." — both non-terminating, as the provider
# writes them (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/get-itemproperty).

function ConvertTo-ClickkerRegistryKey {
    param([string] $Path)
    $p = $Path -replace '^(Microsoft\.PowerShell\.Core\\)?Registry::HKEY_LOCAL_MACHINE\\?', 'HKLM:\'
    $p = $p -replace '^HKLM:(?!\\)', 'HKLM:\'
    $p.TrimEnd('\')
}

function Test-ClickkerRegistryPath {
    param([string] $Path)
    $Path -match '^(HKLM:|(Microsoft\.PowerShell\.Core\\)?Registry::HKEY_LOCAL_MACHINE)'
}

function Get-ClickkerRegistryKey {
    param([string] $Path)
    $want = ConvertTo-ClickkerRegistryKey $Path
    $reg = $ClickkerMock['registry']
    if ($null -eq $reg) { return $null }
    foreach ($k in $reg.Keys) {
        if ((ConvertTo-ClickkerRegistryKey $k) -eq $want) { return , $reg[$k] }
    }
    return $null
}

function ConvertTo-ClickkerRegistryValue {
    param($Value)
    if ($Value -isnot [System.Collections.IDictionary]) { return , $Value }
    switch ([string] $Value['type']) {
        'DWord' {
            $v = [int64] $Value['value']
            if ($v -ge 2147483648) { $v -= 4294967296 }
            return , [int32] $v
        }
        'QWord' { return , [int64] $Value['value'] }
        'String' { return , [string] $Value['value'] }
        'ExpandString' { return , [System.Environment]::ExpandEnvironmentVariables([string] $Value['value']) }
        'MultiString' { return , [string[]] @($Value['value']) }
        'Binary' { return , [byte[]] @($Value['value']) }
        default { throw "mock registry: unknown value type $($Value['type'])" }
    }
}

function Test-Path {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Position = 0)] [string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath')] [Alias('PSPath')] [string[]] $LiteralPath,
        [Microsoft.PowerShell.Commands.TestPathType] $PathType = 'Any',
        [switch] $IsValid,
        [string] $Filter
    )
    $paths = @($Path) + @($LiteralPath) | Where-Object { $_ }
    if (@($paths | Where-Object { Test-ClickkerRegistryPath $_ }).Count -eq 0) {
        return Microsoft.PowerShell.Management\Test-Path @PSBoundParameters
    }
    Enter-ClickkerMock 'Test-Path'
    foreach ($p in $paths) {
        # Registry keys are containers; values are not items.
        $PathType -ne 'Leaf' -and $null -ne (Get-ClickkerRegistryKey $p)
    }
}

function Get-ItemProperty {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Position = 0)] [string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath')] [Alias('PSPath')] [string[]] $LiteralPath,
        [Parameter(Position = 1)] [Alias('PSProperty')] [string[]] $Name
    )
    $paths = @($Path) + @($LiteralPath) | Where-Object { $_ }
    if (@($paths | Where-Object { Test-ClickkerRegistryPath $_ }).Count -eq 0) {
        return Microsoft.PowerShell.Management\Get-ItemProperty @PSBoundParameters
    }
    Enter-ClickkerMock 'Get-ItemProperty'
    # -Path takes wildcards (-LiteralPath does not): 'HKLM:\...\Uninstall\*' is every subkey of Uninstall, each read
    # as its own key; no match is no output and no error, as the provider does for a wildcard.
    $expanded = New-Object System.Collections.Generic.List[string]
    foreach ($p in @($Path) | Where-Object { $_ }) {
        if ([System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($p) -and $null -ne $ClickkerMock['registry']) {
            $pattern = ConvertTo-ClickkerRegistryKey $p
            foreach ($k in $ClickkerMock['registry'].Keys) {
                $candidate = ConvertTo-ClickkerRegistryKey $k
                if ($candidate -like $pattern -and @($candidate.Split('\')).Count -eq @($pattern.Split('\')).Count) { $expanded.Add($k) }
            }
        } else {
            $expanded.Add($p)
        }
    }
    $paths = @($expanded.ToArray()) + @($LiteralPath) | Where-Object { $_ }
    foreach ($p in $paths) {
        $key = Get-ClickkerRegistryKey $p
        $shown = ConvertTo-ClickkerRegistryKey $p
        if ($null -eq $key) {
            $e = New-Object System.Management.Automation.ItemNotFoundException -ArgumentList "Cannot find path '$shown' because it does not exist."
            $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $e, 'PathNotFound,Microsoft.PowerShell.Commands.GetItemPropertyCommand', 'ObjectNotFound', $p))
            continue
        }
        if ($key -eq 'access-denied') {
            # Reading a key the token may not read: the provider reports SecurityException "Requested registry access is not allowed."
            $e = New-Object System.Security.SecurityException -ArgumentList 'Requested registry access is not allowed.'
            $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $e, 'System.Security.SecurityException,Microsoft.PowerShell.Commands.GetItemPropertyCommand', 'PermissionDenied', $p))
            continue
        }
        $native = $shown -replace '^HKLM:\\', 'HKEY_LOCAL_MACHINE\'
        $o = [ordered]@{}
        $names = if ($Name) { $Name } else { @($key.Keys) }
        foreach ($n in $names) {
            $found = @($key.Keys | Where-Object { $_ -eq $n })
            if ($found.Count -eq 0) {
                $e = New-Object System.Management.Automation.PSArgumentException -ArgumentList "Property $n does not exist at path $native."
                $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $e, 'System.Management.Automation.PSArgumentException,Microsoft.PowerShell.Commands.GetItemPropertyCommand', 'InvalidArgument', $n))
                continue
            }
            $o[$found[0]] = ConvertTo-ClickkerRegistryValue $key[$found[0]]
        }
        if ($o.Count -eq 0) { continue }
        $o['PSPath'] = "Microsoft.PowerShell.Core\Registry::$native"
        $o['PSParentPath'] = 'Microsoft.PowerShell.Core\Registry::' + ($native.Substring(0, $native.LastIndexOf('\')))
        $o['PSChildName'] = $native.Substring($native.LastIndexOf('\') + 1)
        $o['PSDrive'] = 'HKLM'
        $o['PSProvider'] = 'Microsoft.PowerShell.Core\Registry'
        [pscustomobject] $o
    }
}
