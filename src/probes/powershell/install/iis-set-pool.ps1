# clickker step: iis-set-pool
param([string]$Name, [string]$RuntimeVersion, [string]$PipelineMode, [string]$Identity, [string]$PasswordFile)
# The password never travels as script text or a cmdlet parameter (script-block logging 4104 records script text,
# module logging 4103 parameter values): it is read from a file only Administrators and SYSTEM can read, which is
# deleted at once, and handed to IIS through Microsoft.Web.Administration properties (not logged).
# A gMSA (name ending in $) runs the pool as SpecificUser with an empty password (learn.microsoft.com: Group Managed
# Service Accounts Overview). IIS's own Microsoft.Web.Administration 7.0.0.0 is loaded by path, not by partial name,
# which may load IIS Express's (windows-behaviour.md).
Import-Module WebAdministration -ErrorAction Stop
$path = 'IIS:\AppPools\' + $Name
if (-not (Test-Path -LiteralPath $path)) { $null = New-WebAppPool -Name $Name }
Set-ItemProperty -LiteralPath $path -Name managedRuntimeVersion -Value $RuntimeVersion
Set-ItemProperty -LiteralPath $path -Name managedPipelineMode -Value $PipelineMode
$builtIn = @('ApplicationPoolIdentity', 'NetworkService', 'LocalService', 'LocalSystem')
if ($builtIn -contains $Identity) {
  Set-ItemProperty -LiteralPath $path -Name processModel.identityType -Value $Identity
  'null'
  return
}
$plain = $null
if ($PasswordFile -ne '') {
  $plain = [System.IO.File]::ReadAllText($PasswordFile)
  [System.IO.File]::Delete($PasswordFile)
} elseif ($Identity.EndsWith('$')) {
  $plain = ''
} elseif ([string](Get-Item -LiteralPath $path).processModel.userName -eq $Identity) {
  'null'
  return
} else {
  throw ('a password is needed to run application pool ' + $Name + ' as ' + $Identity)
}
$null = [System.Reflection.Assembly]::LoadFrom([System.IO.Path]::Combine($env:windir, 'System32\inetsrv\Microsoft.Web.Administration.dll'))
$manager = New-Object Microsoft.Web.Administration.ServerManager
$pool = $manager.ApplicationPools[$Name]
$pool.ProcessModel.IdentityType = [Microsoft.Web.Administration.ProcessModelIdentityType]::SpecificUser
$pool.ProcessModel.UserName = $Identity
$pool.ProcessModel.Password = $plain
$manager.CommitChanges()
$plain = $null
'null'
