# clickker step: features-install
param([string]$Names, [string]$Source, [string]$Client)
$list = @($Names -split [string][char]10 | Where-Object { $_ -ne '' })
if ($Client -eq '1') {
  $a = @{ Online = $true; FeatureName = $list; All = $true; NoRestart = $true }
  if ($Source -ne '') { $a['Source'] = $Source; $a['LimitAccess'] = $true }
  $r = Enable-WindowsOptionalFeature @a
  ConvertTo-Json -Compress -InputObject ([ordered]@{ Success = $true; RestartNeeded = [bool]$r.RestartNeeded; Message = 'Enable-WindowsOptionalFeature completed' })
} else {
  # A failed install writes an error (0x800f081f: the source files could not be found, ...) and also returns its
  # result (Success False, ExitCode Failed); the bridge stops on the error, so it is kept and reported with the result.
  $a = @{ Name = $list; ErrorAction = 'SilentlyContinue'; ErrorVariable = 'failure' }
  if ($Source -ne '') { $a['Source'] = $Source }
  $r = Install-WindowsFeature @a
  $message = 'Install-WindowsFeature: ' + [string]$r.ExitCode
  if ($failure.Count -gt 0) { $message = $message + ': ' + [string]$failure[0].Exception.Message }
  ConvertTo-Json -Compress -InputObject ([ordered]@{ Success = [bool]$r.Success; RestartNeeded = ([string]$r.RestartNeeded -eq 'Yes'); Message = $message })
}
