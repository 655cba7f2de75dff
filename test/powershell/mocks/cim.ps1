# Get-CimInstance for the classes the probes read. Scenario key `cim`: @{ Win32_OperatingSystem = @{ ... } } (a
# class's value may be one hashtable or an array of them).
# Types of Win32_OperatingSystem per https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/win32-operatingsystem
# (Caption, Version, BuildNumber, OSArchitecture: string; ProductType, OSLanguage: uint32; LastBootUpTime: datetime),
# as printed in captures/09-win32_operatingsystem-list-win11-22621.txt and 10-...-win10-18363.txt. The objects carry
# the CimInstance type name PowerShell shows for them. LastBootUpTime may be given as ISO 8601 or as 5.1's
# "/Date(<ms>)/" (what the fixtures hold): it becomes a local [DateTime] either way.
$ClickkerCimTypes = @{
    Win32_OperatingSystem = @{ ProductType = [uint32]; OSLanguage = [uint32]; LastBootUpTime = [datetime]; BuildNumber = [string]; Version = [string] }
}

function ConvertTo-ClickkerCimValue {
    param($Value, [type] $Type)
    if ($null -eq $Value -or $null -eq $Type) { return $Value }
    if ($Type -eq [datetime]) {
        if ([string] $Value -match '^/Date\((-?\d+)\)/$') { return [System.DateTimeOffset]::FromUnixTimeMilliseconds([int64] $Matches[1]).LocalDateTime }
        return [datetime]::Parse([string] $Value, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::RoundtripKind).ToLocalTime()
    }
    return ($Value -as $Type)
}

function Get-CimInstance {
    [CmdletBinding(DefaultParameterSetName = 'ClassNameComputerSet')]
    param(
        [Parameter(Position = 0)] [string] $ClassName,
        [string] $Namespace = 'root/cimv2',
        [string] $Filter,
        [string[]] $Property,
        [string] $Query,
        [string[]] $ComputerName,
        [uint32] $OperationTimeoutSec
    )
    Enter-ClickkerMock 'Get-CimInstance'
    $cim = $ClickkerMock['cim']
    if ($null -eq $cim -or -not $cim.ContainsKey($ClassName)) {
        # What CIM says for a class it does not have: CimException "Invalid class" (HRESULT 0x80041010, WBEM_E_INVALID_CLASS).
        throw (New-Object System.Runtime.InteropServices.COMException -ArgumentList 'Invalid class ', -2147217392)
    }
    $types = $ClickkerCimTypes[$ClassName]
    foreach ($row in @($cim[$ClassName])) {
        $o = [ordered]@{}
        foreach ($k in $row.Keys) { $o[$k] = ConvertTo-ClickkerCimValue $row[$k] $(if ($types) { $types[$k] } else { $null }) }
        $obj = [pscustomobject] $o
        $obj.PSObject.TypeNames.Insert(0, "Microsoft.Management.Infrastructure.CimInstance#root/cimv2/$ClassName")
        $obj
    }
}
