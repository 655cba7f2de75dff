# clickker step: service-set
param([string]$Name, [string]$DisplayName, [string]$Description, [string]$BinaryPath, [string]$StartMode, [string]$Account, [string]$PasswordFile)
# The password is read from a file only Administrators and SYSTEM can read (deleted at once) and handed over through
# .NET calls (CimMethodParametersCollection), never as script text or a cmdlet parameter value: script-block logging
# (4104) and module logging (4103) record those (windows-behaviour.md). A gMSA (name ending in $) has no password:
# StartName with an empty StartPassword (learn.microsoft.com: Win32_Service Change method; gMSA overview).
$plain = $null
if ($PasswordFile -ne '') {
  $plain = [System.IO.File]::ReadAllText($PasswordFile)
  [System.IO.File]::Delete($PasswordFile)
} elseif ($Account.EndsWith('$')) {
  $plain = ''
}
$s = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
if ($null -eq $s) {
  if ($null -eq $plain) { throw ('a password is needed to create service ' + $Name + ' running as ' + $Account) }
  $null = New-Service -Name $Name -BinaryPathName $BinaryPath -DisplayName $DisplayName -StartupType $StartMode
  $s = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
} elseif ([string]$s.State -ne 'Stopped') {
  Stop-Service -InputObject (Get-Service -Name $Name) -Force
}
# New-CimSession without -ComputerName is a DCOM session to this computer, as CimSession.Create($null) is
# (learn.microsoft.com: New-CimSession, example 1); the cmdlet takes no secret, and it can be mocked off Windows.
$session = New-CimSession
$arguments = New-Object Microsoft.Management.Infrastructure.CimMethodParametersCollection
$arguments.Add([Microsoft.Management.Infrastructure.CimMethodParameter]::Create('PathName', $BinaryPath, [Microsoft.Management.Infrastructure.CimType]::String, [Microsoft.Management.Infrastructure.CimFlags]::In))
$arguments.Add([Microsoft.Management.Infrastructure.CimMethodParameter]::Create('DisplayName', $DisplayName, [Microsoft.Management.Infrastructure.CimType]::String, [Microsoft.Management.Infrastructure.CimFlags]::In))
$arguments.Add([Microsoft.Management.Infrastructure.CimMethodParameter]::Create('StartMode', $StartMode, [Microsoft.Management.Infrastructure.CimType]::String, [Microsoft.Management.Infrastructure.CimFlags]::In))
if ($null -ne $plain) {
  $arguments.Add([Microsoft.Management.Infrastructure.CimMethodParameter]::Create('StartName', $Account, [Microsoft.Management.Infrastructure.CimType]::String, [Microsoft.Management.Infrastructure.CimFlags]::In))
  $arguments.Add([Microsoft.Management.Infrastructure.CimMethodParameter]::Create('StartPassword', $plain, [Microsoft.Management.Infrastructure.CimType]::String, [Microsoft.Management.Infrastructure.CimFlags]::In))
}
$r = $session.InvokeMethod('root/cimv2', $s, 'Change', $arguments)
$plain = $null
Remove-CimSession -CimSession $session
$code = [int]$r.ReturnValue.Value
if ($code -ne 0) { throw ('Win32_Service.Change returned ' + [string]$code + ' for ' + $Name) }
if ($Description -ne '') { Set-Service -Name $Name -Description $Description }
Start-Service -InputObject (Get-Service -Name $Name)
'null'
