# clickker step: service-restore
param([string]$Name, [string]$DisplayName, [string]$Description, [string]$BinaryPath, [string]$StartMode, [string]$State)
# Puts a service back as it was captured: command, display name, start mode (Automatic, Manual or Disabled) and
# status; the account is not touched. Delayed start is set by the executor with sc.exe (PowerShell 5.1's
# Set-Service has no AutomaticDelayedStart).
$s = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
if ($null -eq $s) { throw ('service ' + $Name + ' does not exist') }
if ([string]$s.State -ne 'Stopped') { Stop-Service -InputObject (Get-Service -Name $Name) -Force }
$mode = $StartMode
if ($mode -eq 'Auto') { $mode = 'Automatic' }
$r = Invoke-CimMethod -InputObject $s -MethodName Change -Arguments @{ PathName = $BinaryPath; DisplayName = $DisplayName; StartMode = $mode }
if ($r.ReturnValue -ne 0) { throw ('Win32_Service.Change returned ' + [string]$r.ReturnValue + ' for ' + $Name) }
Set-Service -Name $Name -Description $Description
if ($State -eq 'Running' -and $mode -ne 'Disabled') { Start-Service -InputObject (Get-Service -Name $Name) }
'null'
