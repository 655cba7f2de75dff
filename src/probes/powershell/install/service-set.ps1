# clickker step: service-set
param([string]$Name, [string]$DisplayName, [string]$Description, [string]$BinaryPath, [string]$StartMode, [string]$Account, [string]$Password, [string]$HasPassword)
$s = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
if ($null -eq $s) {
  if ($HasPassword -ne '1') { throw ('a password is needed to create service ' + $Name + ' running as ' + $Account) }
  $secure = ConvertTo-SecureString -String $Password -AsPlainText -Force
  $credential = New-Object System.Management.Automation.PSCredential -ArgumentList $Account, $secure
  $null = New-Service -Name $Name -BinaryPathName $BinaryPath -DisplayName $DisplayName -StartupType $StartMode -Credential $credential
} else {
  if ([string]$s.State -ne 'Stopped') { Stop-Service -InputObject (Get-Service -Name $Name) -Force }
  $arguments = @{ PathName = $BinaryPath; DisplayName = $DisplayName; StartMode = $StartMode }
  if ($HasPassword -eq '1') { $arguments['StartName'] = $Account; $arguments['StartPassword'] = $Password }
  $r = Invoke-CimMethod -InputObject $s -MethodName Change -Arguments $arguments
  if ($r.ReturnValue -ne 0) { throw ('Win32_Service.Change returned ' + [string]$r.ReturnValue + ' for ' + $Name) }
}
if ($Description -ne '') { Set-Service -Name $Name -Description $Description }
Start-Service -InputObject (Get-Service -Name $Name)
'null'
