# clickker probe: windowsFeatures
# ServerManager's view of the IIS role services and .NET 4.x features: the pipeline fixed by the snapshot contract
# (docs/snapshot.md), verbatim. InstallState prints as its integer in Windows PowerShell 5.1.
# ServerManager exists only on Windows Server: elsewhere this probe throws NotSupportedException (kind unsupported).
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

if ($null -eq (Get-Command -Name 'Get-WindowsFeature' -ErrorAction SilentlyContinue)) {
    throw (New-Object System.NotSupportedException 'Get-WindowsFeature (ServerManager) is not available: this is not a Windows Server edition')
}
$features = @(
    Get-WindowsFeature -Name 'Web-*', 'NET-Framework-45-*' |
        Select-Object 'Name', 'DisplayName', 'Installed', 'InstallState'
)
ConvertTo-Json -InputObject $features -Depth 3
