# The Application event log through New-EventLog and Write-EventLog (Windows PowerShell 5.1 only; pwsh 7 has neither).
# Registered sources live where Windows keeps them, as registry keys
# HKLM:\SYSTEM\CurrentControlSet\Services\EventLog\<log>\<source> in $ClickkerMock.registry (registry.ps1's state:
# Test-Path sees them), written events in $ClickkerMock.events (@{ log; source; id; type; message }).
# Behaviour, from https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.management/new-eventlog and
# write-eventlog (view=powershell-5.1) and https://learn.microsoft.com/en-us/dotnet/api/system.diagnostics.eventlog.createeventsource
# (a source is a registry key under its log's key, and may belong to one log only):
#   - New-EventLog for a source that is registered already writes InvalidOperationException 'The "<source>" source is
#     already registered on the "localhost" computer.';
#   - Write-EventLog with a source not registered: InvalidOperationException 'The source name "<source>" does not
#     exist on computer "localhost".'; -EntryType is System.Diagnostics.EventLogEntryType (Error, Warning,
#     Information, SuccessAudit, FailureAudit); -EventId is 0..65535.
#   - without an elevated token New-EventLog fails: SecurityException "Requested registry access is not allowed."
#     (scenario `registryDenyWrite = $true`, the same token as registry-write.ps1's).
if ($null -eq $ClickkerMock['events']) { $ClickkerMock['events'] = [System.Collections.ArrayList]::new() }

function Get-ClickkerEventSourceKey {
    param([string] $Source)
    foreach ($k in @($ClickkerMock['registry'].Keys)) {
        $n = ConvertTo-ClickkerRegistryKey $k
        if ($n -match '^HKLM:\\SYSTEM\\CurrentControlSet\\Services\\EventLog\\([^\\]+)\\([^\\]+)$' -and $Matches[2] -eq $Source) { return $Matches[1] }
    }
    $null
}

function New-EventLog {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)] [string] $LogName, [Parameter(Mandatory = $true, Position = 1)] [string[]] $Source, [string[]] $ComputerName)
    Enter-ClickkerMock 'New-EventLog'
    if ($ClickkerMock['registryDenyWrite']) { throw (New-Object System.Security.SecurityException -ArgumentList 'Requested registry access is not allowed.') }
    foreach ($s in $Source) {
        if ($null -ne (Get-ClickkerEventSourceKey $s)) {
            $e = New-Object System.InvalidOperationException -ArgumentList "The `"$s`" source is already registered on the `"localhost`" computer."
            $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $e, 'Microsoft.PowerShell.Commands.NewEventLogCommand', 'InvalidOperation', $null))
            continue
        }
        $ClickkerMock['registry']["HKLM:\SYSTEM\CurrentControlSet\Services\EventLog\$LogName\$s"] = @{ EventMessageFile = @{ type = 'ExpandString'; value = '%SystemRoot%\Microsoft.NET\Framework64\v4.0.30319\EventLogMessages.dll' } }
    }
}

function Write-EventLog {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)] [string] $LogName, [Parameter(Mandatory = $true, Position = 1)] [string] $Source,
        [Parameter(Mandatory = $true, Position = 3)] [ValidateRange(0, 65535)] [int] $EventId,
        [Parameter(Position = 2)] [System.Diagnostics.EventLogEntryType] $EntryType = 'Information',
        [Parameter(Mandatory = $true, Position = 4)] [string] $Message, [int16] $Category, [byte[]] $RawData, [string] $ComputerName
    )
    Enter-ClickkerMock 'Write-EventLog'
    $log = Get-ClickkerEventSourceKey $Source
    if ($null -eq $log) { throw (New-Object System.InvalidOperationException -ArgumentList "The source name `"$Source`" does not exist on computer `"localhost`".") }
    if ($log -ne $LogName) { throw (New-Object System.ArgumentException -ArgumentList "The source '$Source' is not registered in log '$LogName'. (It is registered in log '$log'.)") }
    $null = $ClickkerMock['events'].Add(@{ log = $LogName; source = $Source; id = $EventId; type = [string] $EntryType; message = $Message })
}
