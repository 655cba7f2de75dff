# clickker step: features-install
param([string]$Names, [string]$Source, [string]$Client)
$list = @($Names -split [string][char]10 | Where-Object { $_ -ne '' })
if ($Client -eq '1') {
  $a = @{ Online = $true; FeatureName = $list; All = $true; NoRestart = $true }
  if ($Source -ne '') { $a['Source'] = $Source; $a['LimitAccess'] = $true }
  $r = Enable-WindowsOptionalFeature @a
  ConvertTo-Json -Compress -InputObject ([ordered]@{ Success = $true; RestartNeeded = [bool]$r.RestartNeeded; Message = 'Enable-WindowsOptionalFeature completed' })
} else {
  $a = @{ Name = $list }
  if ($Source -ne '') { $a['Source'] = $Source }
  $r = Install-WindowsFeature @a
  ConvertTo-Json -Compress -InputObject ([ordered]@{ Success = [bool]$r.Success; RestartNeeded = ([string]$r.RestartNeeded -eq 'Yes'); Message = ('Install-WindowsFeature: ' + [string]$r.ExitCode) })
}
