# clickker probe: dotnetTls
# The registry values that decide whether .NET Framework 4.x applications may use TLS 1.2, read from the 64-bit
# registry view explicitly (so a 32-bit PowerShell reads the same). null = value absent. No elevation needed.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

$hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, [Microsoft.Win32.RegistryView]::Registry64)

function Get-Dword {
    param([string] $SubKey, [string] $Name)
    $key = $hklm.OpenSubKey($SubKey, $false)
    if ($null -eq $key) { return $null }
    try {
        $value = $key.GetValue($Name, $null)
        if ($null -eq $value) { return $null }
        return [int] $value
    } finally {
        $key.Close()
    }
}

$net64 = 'SOFTWARE\Microsoft\.NETFramework\v4.0.30319'
$net32 = 'SOFTWARE\WOW6432Node\Microsoft\.NETFramework\v4.0.30319'
$tls12 = 'SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Client'

[pscustomobject]@{
    StrongCrypto64               = Get-Dword -SubKey $net64 -Name 'SchUseStrongCrypto'
    StrongCrypto32               = Get-Dword -SubKey $net32 -Name 'SchUseStrongCrypto'
    SystemDefaultTls64           = Get-Dword -SubKey $net64 -Name 'SystemDefaultTlsVersions'
    SystemDefaultTls32           = Get-Dword -SubKey $net32 -Name 'SystemDefaultTlsVersions'
    Tls12ClientEnabled           = Get-Dword -SubKey $tls12 -Name 'Enabled'
    Tls12ClientDisabledByDefault = Get-Dword -SubKey $tls12 -Name 'DisabledByDefault'
} | ConvertTo-Json -Depth 2
