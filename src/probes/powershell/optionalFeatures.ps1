# clickker probe: optionalFeatures
# DISM's view of the IIS features (IIS-* names, also on Windows clients): the pipeline fixed by the snapshot contract
# (docs/snapshot.md), verbatim. State prints as its integer in Windows PowerShell 5.1. Needs an elevated prompt.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

# On a server iis.features reads ServerManager's windowsFeatures; DISM can take up to a minute, so it is asked only where
# it is needed: on a client, or on a server without ServerManager. Otherwise this probe reports "unsupported".
$productType = $null
try { $productType = [int] (Get-CimInstance -ClassName Win32_OperatingSystem -Property ProductType).ProductType } catch { $productType = $null }
if ($null -ne $productType -and $productType -ne 1 -and $null -ne (Get-Command -Name 'Get-WindowsFeature' -ErrorAction SilentlyContinue)) {
    throw (New-Object System.PlatformNotSupportedException 'a Windows Server edition: iis.features reads Get-WindowsFeature (windowsFeatures) here, not DISM')
}

$features = @(
    Get-WindowsOptionalFeature -Online |
        Where-Object FeatureName -like 'IIS-*' |
        Select-Object 'FeatureName', 'State'
)
ConvertTo-Json -InputObject $features -Depth 3
