# clickker probe: winhttpProxy
# The machine-wide WinHTTP proxy (context only: a .NET Framework service uses its account's WinINET/IE settings or its
# <defaultProxy> config, not this), read from its structured source, the registry
# value HKLM\...\Internet Settings\Connections\WinHttpSettings (what `netsh winhttp set proxy` writes), in the 64-bit
# view; `netsh winhttp show proxy` prints the same thing as localized text. No value = direct access.
# Layout (little-endian DWORDs): size, counter, flags (2 = proxy), proxy length, proxy (ASCII), bypass length, bypass.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

$hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, [Microsoft.Win32.RegistryView]::Registry64)
$key = $hklm.OpenSubKey('SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections', $false)
$bytes = $null
if ($null -ne $key) {
    try { $bytes = [byte[]] $key.GetValue('WinHttpSettings', $null) } finally { $key.Close() }
}

$flags = $null
$proxy = $null
$bypass = $null
if ($null -ne $bytes -and $bytes.Length -ge 16) {
    $flags = [System.BitConverter]::ToInt32($bytes, 8)
    $offset = 12
    $length = [System.BitConverter]::ToInt32($bytes, $offset)
    $offset += 4
    if ($length -gt 0 -and $offset + $length -le $bytes.Length) {
        $proxy = [System.Text.Encoding]::ASCII.GetString($bytes, $offset, $length)
    }
    $offset += [Math]::Max($length, 0)
    if ($offset + 4 -le $bytes.Length) {
        $length = [System.BitConverter]::ToInt32($bytes, $offset)
        $offset += 4
        if ($length -gt 0 -and $offset + $length -le $bytes.Length) {
            $bypass = [System.Text.Encoding]::ASCII.GetString($bytes, $offset, $length)
        }
    }
}

[pscustomobject]@{
    Direct      = -not ($null -ne $flags -and ($flags -band 2) -ne 0 -and $proxy)
    ProxyServer = $proxy
    BypassList  = $bypass
    Flags       = $flags
} | ConvertTo-Json -Depth 2
