# clickker step: iis-set-pool
param([string]$Name, [string]$RuntimeVersion, [string]$PipelineMode, [string]$Identity, [string]$Password, [string]$HasPassword)
Import-Module WebAdministration -ErrorAction Stop
$path = 'IIS:\AppPools\' + $Name
if (-not (Test-Path -LiteralPath $path)) { $null = New-WebAppPool -Name $Name }
Set-ItemProperty -LiteralPath $path -Name managedRuntimeVersion -Value $RuntimeVersion
Set-ItemProperty -LiteralPath $path -Name managedPipelineMode -Value $PipelineMode
$builtIn = @('ApplicationPoolIdentity', 'NetworkService', 'LocalService', 'LocalSystem')
if ($builtIn -contains $Identity) {
  Set-ItemProperty -LiteralPath $path -Name processModel.identityType -Value $Identity
} elseif ($HasPassword -eq '1') {
  Set-ItemProperty -LiteralPath $path -Name processModel -Value @{ userName = $Identity; password = $Password; identityType = 'SpecificUser' }
} elseif ([string](Get-Item -LiteralPath $path).processModel.userName -ne $Identity) {
  throw ('a password is needed to run application pool ' + $Name + ' as ' + $Identity)
}
'null'
