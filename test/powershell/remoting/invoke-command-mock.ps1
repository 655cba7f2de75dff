# STANDS IN FOR Invoke-Command -ComputerName (PowerShell remoting) in the tests: there is no WinRM here.
# What remoting returns, per Microsoft's documentation:
# - each object that comes back carries the note property PSComputerName, the target it came from
#   (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/invoke-command, "-ComputerName";
#   https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_remote_output);
# - a target that cannot be reached is a non-terminating error (so -ErrorVariable collects it), a
#   PSRemotingTransportException whose ErrorRecord has TargetObject = the computer name, FullyQualifiedErrorId
#   'CannotConnect,PSSessionStateBroken' or 'AccessDenied,PSSessionStateBroken', and the messages quoted in
#   https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_remote_troubleshooting.
# Targets named REFUSED* fail as WinRM refused, DENIED* as access denied; the rest answer with a small snapshot.
# The call's parameters are kept in $global:ClickkerRemotingCall for the test to read.
function Invoke-Command {
    [CmdletBinding()]
    param([string[]] $ComputerName, [string] $FilePath, [int] $ThrottleLimit, [object[]] $ArgumentList, [pscredential] $Credential)
    $global:ClickkerRemotingCall = @{ ComputerName = $ComputerName; FilePath = $FilePath; ThrottleLimit = $ThrottleLimit; ArgumentList = $ArgumentList }
    foreach ($c in $ComputerName) {
        if ($c -like 'REFUSED*') {
            $ex = New-Object System.Management.Automation.Remoting.PSRemotingTransportException -ArgumentList ("Connecting to remote server $c failed with the following error message : WinRM cannot complete the operation. Verify that the specified computer name is valid, that the computer is accessible over the network, and that a firewall exception for the WinRM service is enabled and allows access from this computer.")
            $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $ex, 'CannotConnect,PSSessionStateBroken', 'OpenError', $c))
        } elseif ($c -like 'DENIED*') {
            $ex = New-Object System.Management.Automation.Remoting.PSRemotingTransportException -ArgumentList ("Connecting to remote server $c failed with the following error message : Access is denied.")
            $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $ex, 'AccessDenied,PSSessionStateBroken', 'OpenError', $c))
        } else {
            $text = '{"schema":"clickker.snapshot/v1","collectedAt":"2026-12-04T10:00:00.000Z","host":"' + $c + '","collector":{"name":"clickker-standalone","version":"0.1.0"},"probes":{}}'
            $answer = [psobject] $text
            Add-Member -InputObject $answer -NotePropertyName PSComputerName -NotePropertyValue $c
            $answer
        }
    }
}
