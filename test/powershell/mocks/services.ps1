# The service control manager as the install scripts meet it: Get-CimInstance Win32_Service, Invoke-CimMethod
# (Change, Delete), New-CimSession's InvokeMethod with a CimMethodParametersCollection (how service-set.ps1 hands over a
# password without a cmdlet parameter), Get-/Stop-/Start-/Set-/New-Service, and sc.exe (config start=, failure). One
# state, $ClickkerMock.services: @{ <name> = @{ DisplayName; Description; PathName; StartMode; DelayedAutoStart;
# StartName; State; Recovery } }; passwords handed over land in $ClickkerMock.servicePasswords (to prove they arrived).
# Shapes, from https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/win32-service and its Change and Delete
# method pages:
#   - StartMode reads 'Auto' | 'Manual' | 'Disabled' (captures/07-get-service-json-status-enum-inspec.txt: "Auto",
#     StartName "LocalSystem"); Change takes 'Boot' | 'System' | 'Automatic' | 'Manual' | 'Disabled' and answers 21
#     (invalid parameter) for anything else; a parameter left out is not changed; ReturnValue 2 is access denied;
#   - DelayedAutoStart (bool) is the DelayedAutostart registry value, which Change does not touch and
#     `sc.exe config <name> start= delayed-auto` sets (start= auto clears it): learn.microsoft.com sc-config;
#   - State 'Running' | 'Stopped'; New-Service creates a stopped service running as LocalSystem;
#   - Start-Service on a Disabled service: ServiceCommandException "Service '<display> (<name>)' cannot be started
#     due to the following error: Cannot start service <name> on computer '.'."; Get-Service of a missing name:
#     "Cannot find any service with service name '<name>'." (NoServiceFoundForGivenName);
#   - sc.exe prints "[SC] ChangeServiceConfig SUCCESS" (config) or "[SC] ChangeServiceConfig2 SUCCESS" (failure) and
#     exits 0; a missing service: "[SC] OpenService FAILED 1060:" + "The specified service does not exist as an
#     installed service." and exit code 1060; access denied: "[SC] OpenService FAILED 5:" + "Access is denied.", 5
#     (learn.microsoft.com: sc-config, sc-failure; system error codes 5 and 1060).
# Fault: scenario `servicesDenied = $true` (a token without the right to change services).
if ($null -eq $ClickkerMock['services']) { $ClickkerMock['services'] = @{} }
if ($null -eq $ClickkerMock['servicePasswords']) { $ClickkerMock['servicePasswords'] = @{} }
$ClickkerMockNext['services:Get-CimInstance'] = Get-ClickkerNext 'Get-CimInstance' 'CimCmdlets'

function Find-ClickkerServiceName {
    param([string] $Name)
    foreach ($k in @($ClickkerMock['services'].Keys)) { if ($k -eq $Name) { return $k } }
    $null
}

function ConvertTo-ClickkerWin32Service {
    param([string] $Name)
    $s = $ClickkerMock['services'][$Name]
    $o = [pscustomobject]@{
        Name = $Name; DisplayName = [string] $s['DisplayName']; Description = [string] $s['Description']; PathName = [string] $s['PathName']
        StartMode = [string] $s['StartMode']; DelayedAutoStart = [bool] $s['DelayedAutoStart']; StartName = [string] $s['StartName']
        State = [string] $s['State']; Started = ($s['State'] -eq 'Running'); Status = 'OK'; ServiceType = 'Own Process'; ExitCode = [uint32] 0
    }
    $o.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_Service')
    $o
}

function Get-CimInstance {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string] $ClassName, [string] $Namespace = 'root/cimv2', [string] $Filter, [string[]] $Property, [string] $Query, [string[]] $ComputerName, [uint32] $OperationTimeoutSec)
    if ($ClassName -ne 'Win32_Service') { return & $ClickkerMockNext['services:Get-CimInstance'] @PSBoundParameters }
    Enter-ClickkerMock 'Get-CimInstance'
    foreach ($k in @($ClickkerMock['services'].Keys)) { ConvertTo-ClickkerWin32Service $k }
}

# Win32_Service.Change / Delete on the state; the answer is the method's ReturnValue.
function Invoke-ClickkerServiceMethod {
    param([string] $Name, [string] $Method, [hashtable] $Arguments)
    if ($ClickkerMock['servicesDenied']) { return [uint32] 2 }
    $k = Find-ClickkerServiceName $Name
    if ($null -eq $k) { return [uint32] 5 }
    $s = $ClickkerMock['services'][$k]
    if ($Method -eq 'Delete') { $ClickkerMock['services'].Remove($k); return [uint32] 0 }
    if ($Method -ne 'Change') { throw "mock: Win32_Service.$Method is not modelled" }
    $modes = @{ Boot = 'Boot'; System = 'System'; Automatic = 'Auto'; Manual = 'Manual'; Disabled = 'Disabled' }
    if ($Arguments.ContainsKey('StartMode') -and -not $modes.ContainsKey([string] $Arguments['StartMode'])) { return [uint32] 21 }
    if ($Arguments.ContainsKey('StartName') -and -not $Arguments.ContainsKey('StartPassword')) { return [uint32] 22 }
    if ($Arguments.ContainsKey('PathName')) { $s['PathName'] = [string] $Arguments['PathName'] }
    if ($Arguments.ContainsKey('DisplayName')) { $s['DisplayName'] = [string] $Arguments['DisplayName'] }
    if ($Arguments.ContainsKey('StartMode')) { $s['StartMode'] = $modes[[string] $Arguments['StartMode']] }
    if ($Arguments.ContainsKey('StartName')) {
        $s['StartName'] = [string] $Arguments['StartName']
        $ClickkerMock['servicePasswords'][$k] = [string] $Arguments['StartPassword']
    }
    [uint32] 0
}

function Invoke-CimMethod {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline = $true)] $InputObject, [Parameter(Mandatory = $true)] [string] $MethodName, [System.Collections.IDictionary] $Arguments = @{})
    Enter-ClickkerMock 'Invoke-CimMethod'
    $args2 = @{}
    foreach ($k in $Arguments.Keys) { $args2[[string] $k] = $Arguments[$k] }
    [pscustomobject]@{ ReturnValue = (Invoke-ClickkerServiceMethod $InputObject.Name $MethodName $args2); PSComputerName = $null }
}

function New-CimSession {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $ComputerName)
    Enter-ClickkerMock 'New-CimSession'
    $o = [pscustomobject]@{ ComputerName = 'localhost'; Protocol = 'DCOM' }
    $o.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimSession')
    # CimSession.InvokeMethod(namespace, instance, methodName, CimMethodParametersCollection) -> CimMethodResult, whose
    # ReturnValue is a CimMethodParameter (https://learn.microsoft.com/en-us/dotnet/api/microsoft.management.infrastructure.cimsession.invokemethod).
    $o | Add-Member -MemberType ScriptMethod -Name InvokeMethod -Value {
        param($Namespace, $Instance, $MethodName, $Parameters)
        $h = @{}
        foreach ($p in $Parameters.Items) { $h[$p.Name] = $p.Value }
        $code = Invoke-ClickkerServiceMethod $Instance.Name $MethodName $h
        [pscustomobject]@{ ReturnValue = [pscustomobject]@{ Name = 'ReturnValue'; Value = $code; CimType = 'UInt32' }; OutParameters = @() }
    }
    $o | Add-Member -MemberType ScriptMethod -Name Dispose -Value { }
    $o
}

function Remove-CimSession {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true)] $CimSession)
    Enter-ClickkerMock 'Remove-CimSession'
}

$ClickkerNewObject['Net:Microsoft.Management.Infrastructure.CimMethodParametersCollection'] = 'New-ClickkerCimParameters'
function New-ClickkerCimParameters {
    [CmdletBinding()]
    param([string] $TypeName, [object[]] $ArgumentList, [System.Collections.IDictionary] $Property)
    # The collection's constructor needs libmi (MI, absent on Linux); CimMethodParameter.Create does not, so the
    # parameters added to it are the real type.
    Enter-ClickkerMock 'New-Object'
    $c = [pscustomobject]@{ Items = [System.Collections.ArrayList]::new() }
    $c | Add-Member -MemberType ScriptMethod -Name Add -Value { param([Microsoft.Management.Infrastructure.CimMethodParameter] $p) $null = $this.Items.Add($p) }
    $c
}

function Get-ClickkerServiceController {
    param([string] $Name, $Cmdlet)
    $k = Find-ClickkerServiceName $Name
    if ($null -eq $k) {
        $e = New-Object System.InvalidOperationException -ArgumentList "Cannot find any service with service name '$Name'."
        $Cmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $e, 'NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand', 'ObjectNotFound', $Name))
        return
    }
    $s = $ClickkerMock['services'][$k]
    $o = [pscustomobject]@{ Name = $k; ServiceName = $k; DisplayName = [string] $s['DisplayName']; Status = [string] $s['State'] }
    $o.PSObject.TypeNames.Insert(0, 'System.ServiceProcess.ServiceController')
    $o
}

function Get-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $Name)
    Enter-ClickkerMock 'Get-Service'
    foreach ($n in $Name) { Get-ClickkerServiceController $n $PSCmdlet }
}

function Stop-Service {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline = $true)] $InputObject, [string[]] $Name, [switch] $Force)
    Enter-ClickkerMock 'Stop-Service'
    $n = if ($InputObject) { $InputObject.Name } else { $Name[0] }
    if ($ClickkerMock['servicesDenied']) { throw "Service '$n' cannot be stopped due to the following error: Cannot open $n service on computer '.'." }
    $ClickkerMock['services'][(Find-ClickkerServiceName $n)]['State'] = 'Stopped'
}

function Start-Service {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline = $true)] $InputObject, [string[]] $Name)
    Enter-ClickkerMock 'Start-Service'
    $n = if ($InputObject) { $InputObject.Name } else { $Name[0] }
    $s = $ClickkerMock['services'][(Find-ClickkerServiceName $n)]
    if ($s['StartMode'] -eq 'Disabled') { throw "Service '$($s['DisplayName']) ($n)' cannot be started due to the following error: Cannot start service $n on computer '.'." }
    $s['State'] = 'Running'
}

function Set-Service {
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory = $true)] [string] $Name, [string] $Description, [string] $DisplayName)
    Enter-ClickkerMock 'Set-Service'
    $k = Find-ClickkerServiceName $Name
    if ($null -eq $k) { throw "Service $Name was not found on computer '.'." }
    if ($PSBoundParameters.ContainsKey('Description')) { $ClickkerMock['services'][$k]['Description'] = $Description }
    if ($PSBoundParameters.ContainsKey('DisplayName')) { $ClickkerMock['services'][$k]['DisplayName'] = $DisplayName }
}

function New-Service {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0, Mandatory = $true)] [string] $Name, [Parameter(Position = 1, Mandatory = $true)] [string] $BinaryPathName,
        [string] $DisplayName, [string] $Description, [ValidateSet('Boot', 'System', 'Automatic', 'Manual', 'Disabled')] [string] $StartupType = 'Automatic'
    )
    Enter-ClickkerMock 'New-Service'
    if ($ClickkerMock['servicesDenied']) { throw "Service '$Name ($Name)' cannot be created due to the following error: Access is denied" }
    if ($null -ne (Find-ClickkerServiceName $Name)) { throw "Service '$Name ($Name)' cannot be created due to the following error: The specified service already exists" }
    $mode = @{ Automatic = 'Auto' }[$StartupType]
    if (-not $mode) { $mode = $StartupType }
    $ClickkerMock['services'][$Name] = @{ DisplayName = $(if ($DisplayName) { $DisplayName } else { $Name }); Description = $Description; PathName = $BinaryPathName; StartMode = $mode; DelayedAutoStart = $false; StartName = 'LocalSystem'; State = 'Stopped' }
    Get-ClickkerServiceController $Name $PSCmdlet
}

# sc.exe: the console text and the exit code (a function sets $LASTEXITCODE as a program would).
function sc.exe {
    $a = @($args | ForEach-Object { [string] $_ })
    Enter-ClickkerMock 'sc.exe'
    if ($ClickkerMock['servicesDenied']) { "[SC] OpenService FAILED 5:"; ''; 'Access is denied.'; ''; $global:LASTEXITCODE = 5; return }
    $k = Find-ClickkerServiceName $a[1]
    if ($null -eq $k) { '[SC] OpenService FAILED 1060:'; ''; 'The specified service does not exist as an installed service.'; ''; $global:LASTEXITCODE = 1060; return }
    $s = $ClickkerMock['services'][$k]
    if ($a[0] -eq 'config' -and $a[2] -eq 'start=' -and @('auto', 'delayed-auto', 'demand', 'disabled') -contains $a[3]) {
        $s['StartMode'] = @{ 'auto' = 'Auto'; 'delayed-auto' = 'Auto'; 'demand' = 'Manual'; 'disabled' = 'Disabled' }[$a[3]]
        $s['DelayedAutoStart'] = ($a[3] -eq 'delayed-auto')
        '[SC] ChangeServiceConfig SUCCESS'; $global:LASTEXITCODE = 0; return
    }
    if ($a[0] -eq 'failure' -and $a[2] -eq 'reset=' -and $a[4] -eq 'actions=') {
        $s['Recovery'] = $a[5]
        '[SC] ChangeServiceConfig2 SUCCESS'; $global:LASTEXITCODE = 0; return
    }
    'DESCRIPTION:'; '        Modifies a service entry in the registry and Service Database.'; $global:LASTEXITCODE = 1639
}
