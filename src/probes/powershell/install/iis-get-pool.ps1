# clickker step: iis-get-pool
param([string]$Name)
Import-Module WebAdministration -ErrorAction Stop
$p = Get-Item -LiteralPath ('IIS:\AppPools\' + $Name) -ErrorAction SilentlyContinue
if ($null -eq $p) { 'null'; return }
$identity = [string]$p.processModel.identityType
if ($identity -eq 'SpecificUser') { $identity = [string]$p.processModel.userName }
ConvertTo-Json -Compress -InputObject ([ordered]@{ ManagedRuntimeVersion = [string]$p.managedRuntimeVersion; PipelineMode = [string]$p.managedPipelineMode; Identity = $identity })
