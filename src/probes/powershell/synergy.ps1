# clickker probe: synergy
# Evidence that Exact Synergy Enterprise is installed and which release it is. No public Exact source says where the
# release is stored, so every source is gathered as found and judged in TypeScript (checks/synergy-release.ts):
#   UninstallEntries  uninstall registry entries (64- and 32-bit) whose DisplayName mentions Exact, Synergy or Globe
#   InstallFolders    candidate install folders, each with the versions of the Exact files in its bin folder
#   DbConfigs         db.config files: only Server and Database are printed; passwords and every other value stay here
#   IisApplications   IIS applications named like Synergy/Exact or serving Services\Exact.Entity.REST.svc (Error: why
#                     one application could not be examined)
#   EntityService     one authenticated GET of the entity service's $metadata, and which account made it
#   IisRead/IisError  whether IIS's configuration could be read at all (true also when IIS is not installed:
#                     IisInstalled false), and why not
# Reading IIS configuration needs an elevated prompt. Paths are handled as strings ([IO.File]/[IO.Directory]), never
# with Join-Path/Test-Path, which throw for a drive that no longer exists in Windows PowerShell 5.1
# (PI-Security-Audit-Tools #82, dbatools PR #4025).
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
# Microsoft.Web.Administration is loaded from IIS's own folder (%windir%\System32\inetsrv, version 7.0.0.0), never by
# partial name: LoadWithPartialName may load IIS Express's 7.9.0.0 from the GAC, which reads IIS Express's
# configuration, and does not load under PowerShell 7 (PowerShell #11792, #13196). IisRead says whether IIS could be
# read; when it could not, IisError says why, and no application list is claimed (checks say unknown).
$applications = New-Object System.Collections.Generic.List[object]
$iisRead = $false
$iisInstalled = $true
$iisError = $null
# The folder is %windir%\System32\inetsrv, built as install/iis-set-pool.ps1 builds it: on Windows that is exactly
# [Environment]::GetFolderPath('System') + '\inetsrv' (SpecialFolder.System is %windir%\System32 in 32- and 64-bit
# processes alike, and WOW64 file-system redirection maps System32 to SysWOW64 for both forms the same way;
# https://learn.microsoft.com/en-us/windows/win32/winprog64/file-system-redirector). %windir% is set on every
# Windows session (system environment). Off Windows GetFolderPath('System') is '' while %windir% can name the mock
# layer's stand-in folder, so the same text is what runs under test. An unset %windir% gives a relative path that
# does not exist: "IIS not installed" as before, never a throw.
$iisAssembly = [System.IO.Path]::Combine([string] $env:windir, 'System32\inetsrv\Microsoft.Web.Administration.dll')
$manager = $null
try {
    if (-not [System.IO.File]::Exists($iisAssembly)) {
        # A successful look: no IIS, so no IIS application at all.
        $iisInstalled = $false
        $iisRead = $true
    } else {
        $null = [System.Reflection.Assembly]::LoadFrom($iisAssembly)
        $manager = New-Object Microsoft.Web.Administration.ServerManager
        # get_Sites(), not .Sites: PowerShell returns $null for a property whose getter throws, silently, even with
        # $ErrorActionPreference Stop and strict mode (MicrosoftDocs/PowerShell-Docs#12803; seen in pwsh 7.6 over the mock),
        # so a refused read of applicationHost.config (not elevated: UnauthorizedAccessException) would look like "no sites".
        # Calling the getter method raises the exception.
        $sites = @($manager.get_Sites())
        $iisRead = $true
        foreach ($site in $sites) {
            foreach ($application in $site.Applications) {
                # One application with a bad path (a drive that no longer exists, an unreadable share) must not hide
                # the others: each is read on its own, with string paths (Join-Path throws for a missing drive in 5.1).
                $physical = $null
                $hasService = $false
                $problem = $null
                try {
                    $root = $application.VirtualDirectories | Where-Object { $_.Path -eq '/' } | Select-Object -First 1
                    if ($null -ne $root -and $root.PhysicalPath) {
                        $physical = [string] $root.PhysicalPath
                        $expanded = [System.Environment]::ExpandEnvironmentVariables($physical)
                        $hasService = [System.IO.File]::Exists($expanded.TrimEnd('\') + '\' + $entityService)
                    }
                } catch {
                    $problem = $_.Exception.Message
                }
                if ($hasService -or ($site.Name + $application.Path) -match $namePattern -or $null -ne $problem) {
                    $applications.Add([pscustomobject]@{
                        Site             = $site.Name
                        Path             = $application.Path
                        PhysicalPath     = $physical
                        HasEntityService = [bool] $hasService
                        Error            = $problem
                    })
                }
            }
        }
    }
} catch {
    $iisRead = $false
    $iisError = $_.Exception.Message
} finally {
    if ($null -ne $manager) { $manager.Dispose() }
}

# --- the entity service, end to end ----------------------------------------------------------------------------------
# One authenticated GET of Services/Exact.Entity.REST.svc/$metadata on the first application that serves it, with NTLM
# /Negotiate as the account this probe runs as (UseDefaultCredentials, as Exact's REST clients authenticate). Account
# says which account decided: clickker has no password for the service account in a preflight, so a 200 proves the
# service for this account only, unless the probe runs as the service account. A body with "Failed to login to Globe"
# is the BACO symptom (Synergy could not log in to the Globe back office). Only the first 64 KB of the body are read.
$entity = $null
$first = $applications | Where-Object { $_.HasEntityService } | Select-Object -First 1
if ($null -ne $first) {
    $entity = [ordered]@{ Url = $null; Account = $null; Status = $null; GlobeLoginFailed = $false; Error = $null; Ms = 0 }
    try { $entity.Account = [System.Security.Principal.WindowsIdentity]::GetCurrent().Name } catch { $entity.Account = $null }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $response = $null
    try {
        $base = 'http://localhost'
        $manager2 = New-Object Microsoft.Web.Administration.ServerManager
        try {
            $site = $manager2.get_Sites()[$first.Site]
            $binding = @($site.Bindings | Where-Object { $_.Protocol -eq 'http' }) + @($site.Bindings | Where-Object { $_.Protocol -eq 'https' }) | Select-Object -First 1
            if ($null -ne $binding) {
                $parts = ([string] $binding.BindingInformation).Split(':')
                $hostName = 'localhost'
                if ($parts.Length -ge 3 -and $parts[$parts.Length - 1]) { $hostName = $parts[$parts.Length - 1] }
                $base = '{0}://{1}:{2}' -f $binding.Protocol, $hostName, $parts[$parts.Length - 2]
            }
        } finally {
            $manager2.Dispose()
        }
        $appPath = ([string] $first.Path).TrimEnd('/')
        $entity.Url = $base + $appPath + '/Services/Exact.Entity.REST.svc/$metadata'
        $request = [System.Net.WebRequest]::Create($entity.Url)
        $request.UseDefaultCredentials = $true
        $request.Timeout = 20000
        $request.ReadWriteTimeout = 20000
        try {
            $response = $request.GetResponse()
        } catch {
            $web = $_.Exception
            while ($null -ne $web -and -not ($web -is [System.Net.WebException])) { $web = $web.InnerException }
            if ($null -eq $web) { throw }
            $response = $web.Response
            if ($null -eq $response) { $entity.Error = ('{0}: {1}' -f $web.Status, $web.Message) }
        }
        if ($null -ne $response) {
            $entity.Status = [int] $response.StatusCode
            $reader = New-Object System.IO.StreamReader -ArgumentList $response.GetResponseStream()
            $buffer = New-Object char[] 65536
            $read = $reader.Read($buffer, 0, $buffer.Length)
            $body = New-Object string -ArgumentList $buffer, 0, ([Math]::Max($read, 0))
            $entity.GlobeLoginFailed = $body -match 'Failed to login to Globe'
        }
    } catch {
        $entity.Error = $_.Exception.Message
    } finally {
        if ($null -ne $response) { $response.Close() }
    }
    $entity.Ms = $watch.ElapsedMilliseconds
    $entity = [pscustomobject] $entity
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
    $isFolder = $false
    try { $isFolder = [System.IO.Directory]::Exists($path) } catch { $isFolder = $false }
    if (-not $isFolder) { continue }
    $binFiles = New-Object System.Collections.Generic.List[object]
    $bin = $path + '\bin'
    if ([System.IO.Directory]::Exists($bin)) {
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
foreach ($folder in $folders) { $configPaths.Add($folder.Path + '\db.config') }
if ($env:PUBLIC) { $configPaths.Add($env:PUBLIC.TrimEnd('\') + '\Exact Synergy Enterprise\db.config') }
foreach ($configPath in ($configPaths | Select-Object -Unique)) {
    if ([System.IO.File]::Exists($configPath)) {
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
    IisRead          = $iisRead
    IisInstalled     = $iisInstalled
    IisError         = $iisError
    EntityService    = $entity
} | ConvertTo-Json -Depth 6
