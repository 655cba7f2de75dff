# The mock layer: functions named like the Windows-only cmdlets and programs the probe and install scripts call,
# returning objects rebuilt from recorded Windows output (each mock file cites its source). Dot-source it into the
# scope the script under test runs in; PowerShell resolves a function before a cmdlet or an external program of the
# same name, so the script itself runs unchanged:
#   . test/powershell/mocks/loader.ps1 -Scenario $hashtable
# $Scenario (a hashtable, e.g. ConvertFrom-Json -AsHashtable of what a test built) holds one key per mock file's
# data (see README.md beside this file) and these keys of its own:
#   missing  = @('Get-WindowsFeature', ...)   cmdlets not defined at all (a client without ServerManager, ...)
#   faults   = @{ 'Get-CimInstance' = 'access-denied' | 'elevation-required' | 'not-found' | 'hang' | 'hang-tree' |
#                'crash' | 'garbage' }
#   latency  = @{ 'Get-CimInstance' = 250 }   milliseconds each call of that mock sleeps first
# Latency hook (for speed tests): besides $Scenario.latency, a $ClickkerMockLatency hashtable (cmdlet name ->
# milliseconds) set in the caller's scope before loading is honoured; Scenario.latency entries win.
param($Scenario)
if ($null -eq $Scenario) { $Scenario = @{} }
$ClickkerMock = $Scenario
if ($null -eq (Get-Variable -Name ClickkerMockLatency -ErrorAction SilentlyContinue) -or $ClickkerMockLatency -isnot [hashtable]) {
    $ClickkerMockLatency = @{}
}
if ($Scenario.ContainsKey('latency') -and $null -ne $Scenario.latency) {
    foreach ($k in $Scenario.latency.Keys) { $ClickkerMockLatency[$k] = [int] $Scenario.latency[$k] }
}

# Called first by every mock: its latency, then its fault, if the scenario gives one.
function Enter-ClickkerMock {
    param([string] $Name)
    $ms = $ClickkerMockLatency[$Name]
    if ($ms) { Start-Sleep -Milliseconds ([int] $ms) }
    $faults = $ClickkerMock['faults']
    if ($null -eq $faults -or -not $faults.ContainsKey($Name)) { return }
    switch ([string] $faults[$Name]) {
        # What Windows raises: E_ACCESSDENIED as UnauthorizedAccessException (HResult 0x80070005);
        # DISM's elevation refusal is a COMException with ERROR_ELEVATION_REQUIRED 0x800702E4
        # (https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--500-999-).
        'access-denied' { throw (New-Object System.UnauthorizedAccessException -ArgumentList 'Access is denied.') }
        'elevation-required' { throw (New-Object System.Runtime.InteropServices.COMException -ArgumentList 'The requested operation requires elevation.', -2147024156) }
        'not-found' { throw (New-Object System.Management.Automation.ItemNotFoundException -ArgumentList "Cannot find the object that $Name looked for.") }
        'hang' { Start-Sleep -Seconds 3600 }
        # Faults of the process itself, for the bridge's tests: a hang that has started a child of its own (the
        # budget must kill the whole tree; both pids go to $Scenario.pidFile), the process ending mid-command, and
        # a probe that writes to the console without a newline (it lands in front of the answer line).
        'hang-tree' {
            $child = Start-Process -FilePath 'sleep' -ArgumentList '3600' -PassThru
            [System.IO.File]::WriteAllText([string] $ClickkerMock['pidFile'], "$PID $($child.Id)")
            Start-Sleep -Seconds 3600
        }
        'crash' { [System.Environment]::Exit(3) }
        'garbage' { [Console]::Out.Write('<<not an answer>>'); [Console]::Out.Flush() }
        default { throw "unknown mock fault $($faults[$Name]) for $Name" }
    }
}

# Cmdlets that more than one mock file answers for its own paths (Test-Path, Get-Item, Set-ItemProperty for HKLM: and
# IIS:): each file keeps what it replaces, from Get-ClickkerNext, and hands on whatever is not its own. The chain ends
# at the real cmdlet. New-Object is answered per type by one function below instead.
$ClickkerMockNext = @{}
# Returns a command *name*, never a script block or CommandInfo: the job host (src/probes/powershell/jobhost.ps1) copies
# functions and plain Clickker* variables into its pool runspaces but no script block (one keeps the runspace that
# made it), so a chain of names is what works in the session and in every pool runspace alike. An earlier mock of the
# same name is kept as a function of its own (ClickkerNextN_<name>); the chain ends at the module-qualified cmdlet.
function Get-ClickkerNext {
    param([string] $Name, [string] $Module)
    $f = Microsoft.PowerShell.Management\Get-Item -LiteralPath "Function:\$Name" -ErrorAction SilentlyContinue
    if ($null -ne $f) {
        $kept = 'ClickkerNext{0}_{1}' -f @(Microsoft.PowerShell.Management\Get-ChildItem -Path 'Function:\ClickkerNext*').Count, $Name
        $null = Microsoft.PowerShell.Management\New-Item -Path "Function:\global:$kept" -Value $f.ScriptBlock -Force
        return $kept
    }
    "$Module\$Name"
}

# New-Object, answered per type. Five files stand in for a .NET type or COM object that does not work here
# (accounts.ps1: NTAccount and SecurityIdentifier; certs.ps1: X509Chain; services.ps1: CimMethodParametersCollection;
# sqlclient-login.ps1: SqlConnection; tasks.ps1: the Schedule.Service COM object). Each registers a handler, a function
# *name* (see Get-ClickkerNext for why never a script block), under 'Net:<type name>' or 'Com:<ProgID>' (the
# hashtable's keys are case-insensitive, as New-Object's type names are); every other call goes to the real cmdlet.
# The parameter block is New-Object's own, so that a script's call binds here exactly as it binds on Windows
# (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.utility/new-object: set Net, the default,
# [-TypeName] <String> [[-ArgumentList] <Object[]>] (alias Args) [-Property <IDictionary>]; set Com, [-ComObject]
# <String> [-Strict] [-Property <IDictionary>]). pwsh on Linux has no -ComObject at all, so a COM object no file
# models fails here by name.
$ClickkerNewObject = @{}
function New-Object {
    [CmdletBinding(DefaultParameterSetName = 'Net')]
    param(
        [Parameter(ParameterSetName = 'Net', Mandatory = $true, Position = 0)] [string] $TypeName,
        [Parameter(ParameterSetName = 'Net', Position = 1)] [Alias('Args')] [object[]] $ArgumentList,
        [Parameter(ParameterSetName = 'Com', Mandatory = $true, Position = 0)] [string] $ComObject,
        [Parameter(ParameterSetName = 'Com')] [switch] $Strict,
        [System.Collections.IDictionary] $Property
    )
    $com = $PSCmdlet.ParameterSetName -eq 'Com'
    $handler = $ClickkerNewObject[$(if ($com) { "Com:$ComObject" } else { "Net:$TypeName" })]
    if ($handler) { return & $handler @PSBoundParameters }
    if ($com) { throw "mock: COM object $ComObject is not modelled" }
    Microsoft.PowerShell.Utility\New-Object @PSBoundParameters
}

$mockDir = Split-Path -Parent $MyInvocation.MyCommand.Path
# Install operations' mocks after the probes' ones: they chain to them (Get-ClickkerNext).
foreach ($file in 'registry.ps1', 'cim.ps1', 'features.ps1', 'tasks.ps1', 'accounts.ps1', 'registry-write.ps1', 'iis.ps1', 'certs.ps1', 'services.ps1', 'acl.ps1', 'eventlog.ps1', 'features-install.ps1', 'sqlclient-login.ps1') {
    $path = Join-Path -Path $mockDir -ChildPath $file
    if (Test-Path -LiteralPath $path) { . $path }
}
foreach ($name in @($Scenario['missing'])) {
    if ($name) { Remove-Item -LiteralPath "Function:\$name" -ErrorAction SilentlyContinue }
}
Remove-Variable -Name mockDir, file, path, name -ErrorAction SilentlyContinue
