# clickker probe: synergy
# Evidence that Exact Synergy Enterprise is installed and which release it is. No public Exact source says where the
# release is stored, so every source is gathered as found and judged in TypeScript (checks/synergy-release.ts):
#   UninstallEntries  uninstall registry entries (64- and 32-bit) whose DisplayName mentions Exact, Synergy or Globe
#   InstallFolders    candidate install folders, each with the versions of the Exact files in its bin folder
#   DbConfigs         db.config files: only Server and Database are printed; passwords and every other value stay here
#   IisApplications   IIS applications named like Synergy/Exact or serving Services\Exact.Entity.REST.svc
# Reading IIS configuration needs an elevated prompt.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

$namePattern = 'Exact|Synergy|Globe'
$entityService = 'Services\Exact.Entity.REST.svc'
$binPatterns = @('Exact.Core*.dll', 'Exact.Services*.dll', 'Exact.Entity*.dll', 'Exact.Synergy*.dll', 'Productupdater*.exe')
$maxBinFiles = 40

# --- uninstall entries -------------------------------------------------------------------------------------------
$uninstall = New-Object System.Collections.Generic.List[object]
$uninstallKeys = @(
    'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*',
    'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*'
)
foreach ($key in $uninstallKeys) {
    $entries = @(Get-ItemProperty -Path $key -ErrorAction SilentlyContinue)
    foreach ($entry in $entries) {
        $displayName = [string] $entry.DisplayName
        if ($displayName -and $displayName -match $namePattern) {
            $uninstall.Add([pscustomobject]@{
                DisplayName     = $displayName
                DisplayVersion  = [string] $entry.DisplayVersion
                InstallLocation = [string] $entry.InstallLocation
            })
        }
    }
}

# --- IIS applications ---------------------------------------------------------------------------------------------
$applications = New-Object System.Collections.Generic.List[object]
$assembly = [System.Reflection.Assembly]::LoadWithPartialName('Microsoft.Web.Administration')
if ($null -ne $assembly) {
    $manager = New-Object Microsoft.Web.Administration.ServerManager
    try {
        foreach ($site in $manager.Sites) {
            foreach ($application in $site.Applications) {
                $root = $application.VirtualDirectories | Where-Object { $_.Path -eq '/' } | Select-Object -First 1
                $physical = $null
                $hasService = $false
                if ($null -ne $root -and $root.PhysicalPath) {
                    $physical = $root.PhysicalPath
                    $expanded = [System.Environment]::ExpandEnvironmentVariables($physical)
                    $hasService = Test-Path -LiteralPath (Join-Path $expanded $entityService)
                }
                if ($hasService -or ($site.Name + $application.Path) -match $namePattern) {
                    $applications.Add([pscustomobject]@{
                        Site             = $site.Name
                        Path             = $application.Path
                        PhysicalPath     = $physical
                        HasEntityService = [bool] $hasService
                    })
                }
            }
        }
    } finally {
        $manager.Dispose()
    }
}

# --- install folders ----------------------------------------------------------------------------------------------
$candidates = New-Object System.Collections.Generic.List[string]
$roots = @($env:ProgramFiles, ${env:ProgramFiles(x86)}, ($env:SystemDrive + '\')) | Where-Object { $_ } | Select-Object -Unique
foreach ($root in $roots) {
    foreach ($folder in @(Get-ChildItem -LiteralPath $root -Directory -ErrorAction SilentlyContinue)) {
        if ($folder.Name -match '^Exact') { $candidates.Add($folder.FullName) }
    }
}
foreach ($entry in $uninstall) {
    if ($entry.InstallLocation) { $candidates.Add($entry.InstallLocation) }
}
foreach ($application in $applications) {
    if ($application.HasEntityService) { $candidates.Add([System.Environment]::ExpandEnvironmentVariables($application.PhysicalPath)) }
}

$folders = New-Object System.Collections.Generic.List[object]
$seen = @{}
foreach ($candidate in $candidates) {
    $path = $candidate.TrimEnd('\')
    if (-not $path -or $seen.ContainsKey($path.ToLowerInvariant())) { continue }
    $seen[$path.ToLowerInvariant()] = $true
    if (-not (Test-Path -LiteralPath $path -PathType Container)) { continue }
    $binFiles = New-Object System.Collections.Generic.List[object]
    $bin = Join-Path $path 'bin'
    if (Test-Path -LiteralPath $bin -PathType Container) {
        $files = @(Get-ChildItem -LiteralPath $bin -File -ErrorAction SilentlyContinue |
            Where-Object { $name = $_.Name; @($binPatterns | Where-Object { $name -like $_ }).Count -gt 0 } |
            Sort-Object -Property 'Name' |
            Select-Object -First $maxBinFiles)
        foreach ($file in $files) {
            $binFiles.Add([pscustomobject]@{
                Name           = $file.Name
                FileVersion    = $file.VersionInfo.FileVersion
                ProductVersion = $file.VersionInfo.ProductVersion
            })
        }
    }
    $folders.Add([pscustomobject]@{ Path = $path; BinFiles = $binFiles.ToArray() })
}

# --- db.config ----------------------------------------------------------------------------------------------------
# The format is not publicly documented: read it as XML or as a connection string and keep only the server and
# database names. Nothing else from the file (passwords above all) is ever printed.
function Get-DbConfigFacts {
    param([string] $Path)
    $text = [System.IO.File]::ReadAllText($Path)
    $server = $null
    $database = $null
    $serverKeys = @('server', 'servername', 'dbserver', 'datasource', 'data source', 'address', 'addr')
    $databaseKeys = @('database', 'databasename', 'dbname', 'initialcatalog', 'initial catalog', 'catalog')
    $pairs = New-Object System.Collections.Generic.List[object]
    $xml = $null
    try { $xml = [xml] $text } catch { $xml = $null }
    if ($null -ne $xml) {
        foreach ($node in $xml.SelectNodes('//*')) {
            foreach ($attribute in $node.Attributes) { $pairs.Add(@($attribute.Name, $attribute.Value)) }
            if ($node.ChildNodes.Count -eq 1 -and $node.FirstChild.NodeType -eq 'Text') { $pairs.Add(@($node.Name, $node.InnerText)) }
            $keyAttribute = $node.Attributes['key']
            $valueAttribute = $node.Attributes['value']
            if ($null -ne $keyAttribute -and $null -ne $valueAttribute) { $pairs.Add(@($keyAttribute.Value, $valueAttribute.Value)) }
        }
    }
    foreach ($part in ($text -split '[;\r\n]')) {
        $index = $part.IndexOf('=')
        if ($index -gt 0) { $pairs.Add(@($part.Substring(0, $index).Trim(), $part.Substring($index + 1).Trim().Trim('"'))) }
    }
    foreach ($pair in $pairs) {
        $name = ([string] $pair[0]).ToLowerInvariant()
        $value = [string] $pair[1]
        if (-not $value) { continue }
        if ($null -eq $server -and $serverKeys -contains $name) { $server = $value }
        if ($null -eq $database -and $databaseKeys -contains $name) { $database = $value }
    }
    return [pscustomobject]@{ Path = $Path; Server = $server; Database = $database }
}

$dbConfigs = New-Object System.Collections.Generic.List[object]
$configPaths = New-Object System.Collections.Generic.List[string]
foreach ($folder in $folders) { $configPaths.Add((Join-Path $folder.Path 'db.config')) }
if ($env:PUBLIC) { $configPaths.Add((Join-Path $env:PUBLIC 'Exact Synergy Enterprise\db.config')) }
foreach ($configPath in ($configPaths | Select-Object -Unique)) {
    if (Test-Path -LiteralPath $configPath -PathType Leaf) {
        try {
            $dbConfigs.Add((Get-DbConfigFacts -Path $configPath))
        } catch {
            $dbConfigs.Add([pscustomobject]@{ Path = $configPath; Server = $null; Database = $null })
        }
    }
}

[pscustomobject]@{
    UninstallEntries = $uninstall.ToArray()
    InstallFolders   = $folders.ToArray()
    DbConfigs        = $dbConfigs.ToArray()
    IisApplications  = $applications.ToArray()
} | ConvertTo-Json -Depth 6
