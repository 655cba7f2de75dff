# clickker probe: os
# Win32_OperatingSystem through CIM: the pipeline fixed by the snapshot contract (docs/snapshot.md), verbatim.
# No elevation needed. Prints one JSON document; ProductType 1 workstation, 2 domain controller, 3 server.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

Get-CimInstance Win32_OperatingSystem |
    Select-Object 'Caption', 'Version', 'BuildNumber', 'ProductType', 'OSArchitecture', 'OSLanguage', 'LastBootUpTime' |
    ConvertTo-Json -Depth 4
