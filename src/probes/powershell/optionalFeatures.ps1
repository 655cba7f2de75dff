# clickker probe: optionalFeatures
# DISM's view of the IIS features (IIS-* names, also on Windows clients): the pipeline fixed by the snapshot contract
# (docs/snapshot.md), verbatim. State prints as its integer in Windows PowerShell 5.1. Needs an elevated prompt.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

$features = @(
    Get-WindowsOptionalFeature -Online |
        Where-Object FeatureName -like 'IIS-*' |
        Select-Object 'FeatureName', 'State'
)
ConvertTo-Json -InputObject $features -Depth 3
