# clickker probe: pendingReboot
# Registry evidence of a pending restart, one reason key per signal found (keys explained in src/facts/pending-reboot.ts).
# Reads HKLM only; no elevation needed. Prints {"Reasons": [...]}; an empty list means no signal was found.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

function Get-RegistryValue {
    param([string] $Path, [string] $Name)
    $item = Get-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction SilentlyContinue
    if ($null -eq $item) { return $null }
    return $item.$Name
}

$reasons = New-Object System.Collections.Generic.List[string]

if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending') {
    $reasons.Add('CBS.RebootPending')
}
if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired') {
    $reasons.Add('WindowsUpdate.RebootRequired')
}
$renames = Get-RegistryValue -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -Name 'PendingFileRenameOperations'
if ($null -ne $renames -and @($renames | Where-Object { $_ }).Count -gt 0) {
    $reasons.Add('Session.PendingFileRenameOperations')
}
$active = Get-RegistryValue -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\ComputerName\ActiveComputerName' -Name 'ComputerName'
$pending = Get-RegistryValue -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName' -Name 'ComputerName'
if ($null -ne $active -and $null -ne $pending -and $active -ne $pending) {
    $reasons.Add('ComputerName.RenamePending')
}
$volatile = Get-RegistryValue -Path 'HKLM:\SOFTWARE\Microsoft\Updates' -Name 'UpdateExeVolatile'
if ($null -ne $volatile -and [int64] $volatile -ne 0) {
    $reasons.Add('Updates.UpdateExeVolatile')
}
if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\ServerManager\CurrentRebootAttempts') {
    $reasons.Add('ServerManager.CurrentRebootAttempts')
}
# The further signals in windows-behaviour.md ("Windows features, restarts"): a second rename queue, CBS packages
# waiting or a restart already under way, Windows Update services pending, a domain join or SPN change by Netlogon.
$renames2 = Get-RegistryValue -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -Name 'PendingFileRenameOperations2'
if ($null -ne $renames2 -and @($renames2 | Where-Object { $_ }).Count -gt 0) {
    $reasons.Add('Session.PendingFileRenameOperations2')
}
if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\PackagesPending') {
    $reasons.Add('CBS.PackagesPending')
}
if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootInProgress') {
    $reasons.Add('CBS.RebootInProgress')
}
if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Services\Pending') {
    $pendingServices = @(Get-ChildItem -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Services\Pending' -ErrorAction SilentlyContinue)
    if ($pendingServices.Count -gt 0) { $reasons.Add('WindowsUpdate.ServicesPending') }
}
if ($null -ne (Get-RegistryValue -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\Netlogon' -Name 'JoinDomain')) {
    $reasons.Add('Netlogon.JoinDomain')
}
if ($null -ne (Get-RegistryValue -Path 'HKLM:\SYSTEM\CurrentControlSet\Services\Netlogon' -Name 'AvoidSpnSet')) {
    $reasons.Add('Netlogon.AvoidSpnSet')
}

[pscustomobject]@{ Reasons = [string[]] $reasons.ToArray() } | ConvertTo-Json -Depth 3
