# clickker probe: powershell
# The PowerShell that runs the probes: the pipeline fixed by the snapshot contract (docs/snapshot.md), verbatim.
# In Windows PowerShell 5.1 PSVersion is a [System.Version] and prints as {Major, Minor, Build, Revision, ...}.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

[pscustomobject]@{ PSVersion = $PSVersionTable.PSVersion; PSEdition = $PSVersionTable.PSEdition } |
    ConvertTo-Json -Depth 3
