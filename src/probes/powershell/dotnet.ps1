# clickker probe: dotnet
# The .NET Framework 4.5+ registry key: the pipeline fixed by the snapshot contract (docs/snapshot.md), verbatim.
# No elevation needed. Prints `null` when the key is absent (no .NET Framework 4.5 or later).
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full') {
    Get-ItemProperty 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' |
        Select-Object 'Release', 'Version' |
        ConvertTo-Json -Depth 2
} else {
    'null'
}
