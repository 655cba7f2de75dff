# IIS through WebAdministration (Import-Module WebAdministration; the IIS:\ drive's AppPools and Sites through
# Test-Path, Get-Item, Get-ChildItem, Set-ItemProperty; Get-WebApplication, New-/Remove-WebApplication,
# New-/Remove-WebAppPool, Get-Website, Start-Website) and through Microsoft.Web.Administration's ServerManager, with one
# state ($ClickkerMock.iis) that every call sees. Paths that are not IIS:\ go on down the chain (registry-write.ps1,
# registry.ps1, then the real cmdlet). Scenario key `iis`: @{ sites = @( @{ Name; Id; State; PhysicalPath;
# Applications = @( @{ Path; PhysicalPath; AppPool } ) } ); pools = @{ <name> = @{ managedRuntimeVersion;
# managedPipelineMode; identityType; userName; password } } }. Without it: IIS as installed (captures/39-get-website-
# ws2019-default.txt: Default Web Site, ID 1, Started, %SystemDrive%\inetpub\wwwroot; DefaultAppPool).
# Shapes and behaviour:
#   - configuration attributes are read as WebAdministration gives them: enums as their names, strings
#     (processModel.identityType 'ApplicationPoolIdentity' | 'LocalSystem' | 'LocalService' | 'NetworkService' |
#     'SpecificUser', managedPipelineMode 'Integrated' | 'Classic', managedRuntimeVersion 'v4.0' or '' for no managed
#     code): https://learn.microsoft.com/en-us/iis/configuration/system.applicationhost/applicationpools/add/processmodel
#     and .../applicationpools/add; a new pool gets applicationPoolDefaults (v4.0, Integrated, ApplicationPoolIdentity
#     on IIS 10); site State 'Started' | 'Stopped' (captures/05-get-website-default-json-inspec.txt, 39-...);
#   - Get-WebApplication gives path ('/clickker'), applicationPool, PhysicalPath
#     (https://learn.microsoft.com/en-us/powershell/module/webadministration/get-webapplication);
#   - New-WebApplication on an existing application: "Destination element already exists, please use "force"
#     parameter to override."; on a PhysicalPath that does not exist: "Parameter 'PhysicalPath' should point to
#     existing path." (WebAdministration's own checks; New-WebApplication docs, -Force);
#   - a missing IIS:\ path is ItemNotFoundException "Cannot find path '<path>' because it does not exist."
#   - ServerManager (https://learn.microsoft.com/en-us/dotnet/api/microsoft.web.administration.servermanager):
#     ApplicationPools[name] (null when there is none), ProcessModel.IdentityType (ProcessModelIdentityType:
#     LocalSystem 0, LocalService 1, NetworkService 2, SpecificUser 3, ApplicationPoolIdentity 4), UserName, Password;
#     nothing is written before CommitChanges(). It is a mock assembly with those names, compiled once (Add-Type) to
#     %windir%\System32\inetsrv\Microsoft.Web.Administration.dll of a folder standing for %windir%, which is where
#     iis-set-pool.ps1 loads IIS's own copy from (Assembly.LoadFrom); on Windows nothing here is loaded.
# Faults: scenario `iisDenied = $true` (not elevated: redirection.config cannot be read, every WebAdministration call
# and CommitChanges throw UnauthorizedAccessException "Filename: redirection.config Error: Cannot read configuration
# file due to insufficient permissions"); `missing = @('Import-Module')` leaves the real Import-Module, which finds no
# WebAdministration module (FileNotFoundException, Modules_ModuleNotFound), as on a server without the IIS tools.
if ($null -eq $ClickkerMock['iis']) {
    $ClickkerMock['iis'] = @{
        sites = @(@{ Name = 'Default Web Site'; Id = 1; State = 'Started'; PhysicalPath = '%SystemDrive%\inetpub\wwwroot'; Applications = @() })
        pools = @{ DefaultAppPool = @{ managedRuntimeVersion = 'v4.0'; managedPipelineMode = 'Integrated'; identityType = 'ApplicationPoolIdentity'; userName = ''; password = '' } }
    }
}
$ClickkerMock['iis']['sites'] = [System.Collections.ArrayList] @($ClickkerMock['iis']['sites'])
foreach ($s in $ClickkerMock['iis']['sites']) { $s['Applications'] = [System.Collections.ArrayList] @($s['Applications'] | Where-Object { $null -ne $_ }) }
foreach ($n in 'Test-Path', 'Get-Item', 'Get-ChildItem', 'Set-ItemProperty') { $ClickkerMockNext["iis:$n"] = Get-ClickkerNext $n 'Microsoft.PowerShell.Management' }
$ClickkerMockNext['iis:Import-Module'] = Get-ClickkerNext 'Import-Module' 'Microsoft.PowerShell.Core'

function Assert-ClickkerIisAccess {
    if ($ClickkerMock['iisDenied']) { throw (New-Object System.UnauthorizedAccessException -ArgumentList 'Filename: redirection.config Error: Cannot read configuration file due to insufficient permissions') }
}

function Find-ClickkerPoolName {
    param([string] $Name)
    foreach ($k in @($ClickkerMock['iis']['pools'].Keys)) { if ($k -eq $Name) { return $k } }
    $null
}

function Find-ClickkerSite {
    param([string] $Name)
    foreach ($s in $ClickkerMock['iis']['sites']) { if ($s['Name'] -eq $Name) { return $s } }
    $null
}

function ConvertTo-ClickkerPoolItem {
    param([string] $Name)
    $p = $ClickkerMock['iis']['pools'][$Name]
    $pm = [pscustomobject]@{ identityType = [string] $p['identityType']; userName = [string] $p['userName']; password = [string] $p['password']; loadUserProfile = $true }
    $o = [pscustomobject]@{ name = $Name; state = 'Started'; managedRuntimeVersion = [string] $p['managedRuntimeVersion']; managedPipelineMode = [string] $p['managedPipelineMode']; processModel = $pm; PSChildName = $Name }
    $o.PSObject.TypeNames.Insert(0, 'Microsoft.IIs.PowerShell.Framework.ConfigurationElement#add')
    $o
}

function ConvertTo-ClickkerSiteItem {
    param($Site)
    $o = [pscustomobject]@{ name = [string] $Site['Name']; id = [int] $Site['Id']; state = [string] $Site['State']; physicalPath = [string] $Site['PhysicalPath']; bindings = 'http *:80:' }
    $o.PSObject.TypeNames.Insert(0, 'Microsoft.IIs.PowerShell.Framework.ConfigurationElement#site')
    $o
}

function ConvertTo-ClickkerAppItem {
    param($Site, $App)
    $o = [pscustomobject]@{ path = [string] $App['Path']; applicationPool = [string] $App['AppPool']; enabledProtocols = 'http'; PhysicalPath = [string] $App['PhysicalPath']; ItemXPath = "/system.applicationHost/sites/site[@name='$($Site['Name'])' and @id='$($Site['Id'])']/application[@path='$($App['Path'])']" }
    $o.PSObject.TypeNames.Insert(0, 'Microsoft.IIs.PowerShell.Framework.ConfigurationElement#site#application')
    $o
}

# IIS:\AppPools\<name> or IIS:\Sites\<site>[\<app>]: what it names, or $null.
function Resolve-ClickkerIisPath {
    param([string] $Path)
    if ($Path -notmatch '^IIS:\\(AppPools|Sites)(\\(.*))?$') { return $null }
    $rest = $Matches[3]
    if ($Matches[1] -eq 'AppPools') {
        if (-not $rest) { return @{ kind = 'pools' } }
        return @{ kind = 'pool'; name = (Find-ClickkerPoolName $rest); asked = $rest }
    }
    if (-not $rest) { return @{ kind = 'sites' } }
    $parts = $rest -split '\\', 2
    $site = Find-ClickkerSite $parts[0]
    if ($parts.Count -eq 1) { return @{ kind = 'site'; site = $site } }
    $app = $null
    if ($null -ne $site) { foreach ($a in $site['Applications']) { if ($a['Path'] -eq ('/' + $parts[1].Replace('\', '/'))) { $app = $a } } }
    @{ kind = 'app'; site = $site; app = $app }
}

function Write-ClickkerIisNotFound {
    param($Cmdlet, [string] $Path, [string] $Command)
    $e = New-Object System.Management.Automation.ItemNotFoundException -ArgumentList "Cannot find path '$Path' because it does not exist."
    $Cmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $e, "PathNotFound,Microsoft.PowerShell.Commands.$Command", 'ObjectNotFound', $Path))
}

function Import-Module {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $Name, [switch] $Force, [switch] $PassThru, [string] $Prefix)
    if (@($Name) -notcontains 'WebAdministration') { return & $ClickkerMockNext['iis:Import-Module'] @PSBoundParameters }
    Enter-ClickkerMock 'Import-Module'
}

function Test-Path {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Position = 0)] [string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath')] [Alias('PSPath')] [string[]] $LiteralPath,
        [Microsoft.PowerShell.Commands.TestPathType] $PathType = 'Any', [switch] $IsValid, [string] $Filter
    )
    $target = [string] (@($Path) + @($LiteralPath) | Where-Object { $_ } | Select-Object -First 1)
    $r = Resolve-ClickkerIisPath $target
    if ($null -eq $r) { return & $ClickkerMockNext['iis:Test-Path'] @PSBoundParameters }
    Enter-ClickkerMock 'Test-Path'
    Assert-ClickkerIisAccess
    switch ($r.kind) { 'pool' { $null -ne $r.name } 'site' { $null -ne $r.site } 'app' { $null -ne $r.app } default { $true } }
}

function Get-Item {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $Path, [Alias('PSPath')] [string[]] $LiteralPath, [switch] $Force)
    $target = [string] (@($Path) + @($LiteralPath) | Where-Object { $_ } | Select-Object -First 1)
    $r = Resolve-ClickkerIisPath $target
    if ($null -eq $r) { return & $ClickkerMockNext['iis:Get-Item'] @PSBoundParameters }
    Enter-ClickkerMock 'Get-Item'
    Assert-ClickkerIisAccess
    switch ($r.kind) {
        'pool' { if ($null -eq $r.name) { Write-ClickkerIisNotFound $PSCmdlet $target 'GetItemCommand' } else { ConvertTo-ClickkerPoolItem $r.name } }
        'site' { if ($null -eq $r.site) { Write-ClickkerIisNotFound $PSCmdlet $target 'GetItemCommand' } else { ConvertTo-ClickkerSiteItem $r.site } }
        'app' { if ($null -eq $r.app) { Write-ClickkerIisNotFound $PSCmdlet $target 'GetItemCommand' } else { ConvertTo-ClickkerAppItem $r.site $r.app } }
        default { throw "mock: Get-Item $target is not modelled" }
    }
}

function Get-ChildItem {
    [CmdletBinding()]
    # -Directory and -File too: a probe lists folders with them (synergy.ps1), and they must reach the real cmdlet.
    param([Parameter(Position = 0)] [string[]] $Path, [Alias('PSPath')] [string[]] $LiteralPath, [switch] $Recurse, [switch] $Force, [string] $Filter, [switch] $Directory, [switch] $File)
    $target = [string] (@($Path) + @($LiteralPath) | Where-Object { $_ } | Select-Object -First 1)
    $r = Resolve-ClickkerIisPath $target
    if ($null -eq $r) { return & $ClickkerMockNext['iis:Get-ChildItem'] @PSBoundParameters }
    Enter-ClickkerMock 'Get-ChildItem'
    Assert-ClickkerIisAccess
    switch ($r.kind) {
        'sites' { foreach ($s in $ClickkerMock['iis']['sites']) { ConvertTo-ClickkerSiteItem $s } }
        'pools' { foreach ($k in @($ClickkerMock['iis']['pools'].Keys)) { ConvertTo-ClickkerPoolItem $k } }
        default { throw "mock: Get-ChildItem $target is not modelled" }
    }
}

function Set-ItemProperty {
    [CmdletBinding()]
    param(
        [Parameter(Position = 0)] [string[]] $Path, [Alias('PSPath')] [string[]] $LiteralPath,
        [Parameter(Position = 1)] [string] $Name, [Parameter(Position = 2)] [object] $Value, [string] $Type, [switch] $Force, [switch] $PassThru
    )
    $target = [string] (@($Path) + @($LiteralPath) | Where-Object { $_ } | Select-Object -First 1)
    $r = Resolve-ClickkerIisPath $target
    if ($null -eq $r) { return & $ClickkerMockNext['iis:Set-ItemProperty'] @PSBoundParameters }
    Enter-ClickkerMock 'Set-ItemProperty'
    Assert-ClickkerIisAccess
    if ($r.kind -eq 'pool') {
        if ($null -eq $r.name) { Write-ClickkerIisNotFound $PSCmdlet $target 'SetItemPropertyCommand'; return }
        $p = $ClickkerMock['iis']['pools'][$r.name]
        $attr = ($Name -split '\.')[-1]
        # Enumerated attributes take their names only (the configuration schema): anything else is refused.
        $allowed = @{ managedPipelineMode = @('Integrated', 'Classic'); identityType = @('LocalSystem', 'LocalService', 'NetworkService', 'SpecificUser', 'ApplicationPoolIdentity') }
        if ($allowed.ContainsKey($attr) -and $allowed[$attr] -notcontains [string] $Value) { throw "Enum must be one of $($allowed[$attr] -join ', ')" }
        $p[$attr] = [string] $Value
        return
    }
    if ($r.kind -eq 'app') {
        if ($null -eq $r.app) { Write-ClickkerIisNotFound $PSCmdlet $target 'SetItemPropertyCommand'; return }
        switch ($Name) {
            'physicalPath' { $r.app['PhysicalPath'] = [string] $Value }
            'applicationPool' { $r.app['AppPool'] = [string] $Value }
            default { throw "mock: application attribute $Name is not modelled" }
        }
        return
    }
    throw "mock: Set-ItemProperty $target is not modelled"
}

function Get-WebApplication {
    [CmdletBinding()]
    param([string] $Site, [Parameter(Position = 0)] [string] $Name)
    Enter-ClickkerMock 'Get-WebApplication'
    Assert-ClickkerIisAccess
    foreach ($s in $ClickkerMock['iis']['sites']) {
        if ($Site -and $s['Name'] -ne $Site) { continue }
        foreach ($a in $s['Applications']) {
            if ($Name -and $a['Path'] -ne ('/' + $Name.TrimStart('/'))) { continue }
            ConvertTo-ClickkerAppItem $s $a
        }
    }
}

function New-WebApplication {
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory = $true)] [string] $Name, [string] $Site, [string] $PhysicalPath, [string] $ApplicationPool, [switch] $Force)
    Enter-ClickkerMock 'New-WebApplication'
    Assert-ClickkerIisAccess
    $s = Find-ClickkerSite $Site
    if ($null -eq $s) { throw (New-Object System.Management.Automation.ItemNotFoundException -ArgumentList "Cannot find path 'IIS:\Sites\$Site' because it does not exist.") }
    if (-not (Microsoft.PowerShell.Management\Test-Path -LiteralPath $PhysicalPath)) { throw (New-Object System.ArgumentException -ArgumentList "Parameter 'PhysicalPath' should point to existing path.") }
    $path = '/' + $Name.TrimStart('/')
    $have = @($s['Applications'] | Where-Object { $_['Path'] -eq $path })
    if ($have.Count -gt 0 -and -not $Force) { throw (New-Object System.InvalidOperationException -ArgumentList 'Destination element already exists, please use "force" parameter to override.') }
    foreach ($a in $have) { $s['Applications'].Remove($a) }
    $app = @{ Path = $path; PhysicalPath = $PhysicalPath; AppPool = $(if ($ApplicationPool) { $ApplicationPool } else { 'DefaultAppPool' }) }
    $null = $s['Applications'].Add($app)
    ConvertTo-ClickkerAppItem $s $app
}

function Remove-WebApplication {
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory = $true)] [string] $Name, [Parameter(Mandatory = $true)] [string] $Site)
    Enter-ClickkerMock 'Remove-WebApplication'
    Assert-ClickkerIisAccess
    $s = Find-ClickkerSite $Site
    $app = if ($null -ne $s) { @($s['Applications'] | Where-Object { $_['Path'] -eq ('/' + $Name.TrimStart('/')) }) | Select-Object -First 1 }
    if ($null -eq $app) { throw (New-Object System.Management.Automation.ItemNotFoundException -ArgumentList "Cannot find path 'IIS:\Sites\$Site\$Name' because it does not exist.") }
    $s['Applications'].Remove($app)
}

function New-WebAppPool {
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory = $true)] [string] $Name, [switch] $Force)
    Enter-ClickkerMock 'New-WebAppPool'
    Assert-ClickkerIisAccess
    if ($null -ne (Find-ClickkerPoolName $Name) -and -not $Force) { throw (New-Object System.InvalidOperationException -ArgumentList 'Destination element already exists, please use "force" parameter to override.') }
    $ClickkerMock['iis']['pools'][$Name] = @{ managedRuntimeVersion = 'v4.0'; managedPipelineMode = 'Integrated'; identityType = 'ApplicationPoolIdentity'; userName = ''; password = '' }
    ConvertTo-ClickkerPoolItem $Name
}

function Remove-WebAppPool {
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory = $true)] [string] $Name)
    Enter-ClickkerMock 'Remove-WebAppPool'
    Assert-ClickkerIisAccess
    $k = Find-ClickkerPoolName $Name
    if ($null -eq $k) { throw (New-Object System.Management.Automation.ItemNotFoundException -ArgumentList "Cannot find path 'IIS:\AppPools\$Name' because it does not exist.") }
    $ClickkerMock['iis']['pools'].Remove($k)
}

function Get-Website {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string] $Name)
    Enter-ClickkerMock 'Get-Website'
    Assert-ClickkerIisAccess
    foreach ($s in $ClickkerMock['iis']['sites']) { if (-not $Name -or $s['Name'] -eq $Name) { ConvertTo-ClickkerSiteItem $s } }
}

function Start-Website {
    [CmdletBinding()]
    param([Parameter(Position = 0, Mandatory = $true)] [string] $Name)
    Enter-ClickkerMock 'Start-Website'
    Assert-ClickkerIisAccess
    $s = Find-ClickkerSite $Name
    if ($null -eq $s) { throw (New-Object System.Management.Automation.ItemNotFoundException -ArgumentList "Cannot find path 'IIS:\Sites\$Name' because it does not exist.") }
    $s['State'] = 'Started'
}

# Microsoft.Web.Administration, as a mock assembly of the same names, where iis-set-pool.ps1 looks for IIS's copy.
if (-not $IsWindows) {
    $ClickkerMwaSource = @'
namespace Microsoft.Web.Administration {
    using System; using System.Collections;
    public enum ProcessModelIdentityType { LocalSystem = 0, LocalService = 1, NetworkService = 2, SpecificUser = 3, ApplicationPoolIdentity = 4 }
    public enum ObjectState { Starting = 0, Started = 1, Stopping = 2, Stopped = 3, Unknown = 4 }
    [Flags] public enum SslFlags { None = 0, Sni = 1, CentralCertStore = 2 }
    public sealed class VirtualDirectory {
        public string Path { get; internal set; }
        public string PhysicalPath { get; internal set; }
    }
    public sealed class Application {
        public string Path { get; internal set; }
        public string ApplicationPoolName { get; internal set; }
        internal ArrayList Dirs = new ArrayList();
        public IList VirtualDirectories { get { return ArrayList.ReadOnly(Dirs); } }
    }
    public sealed class Binding {
        public string Protocol { get; internal set; }
        public string BindingInformation { get; internal set; }
        public byte[] CertificateHash { get; internal set; }
        public string CertificateStoreName { get; internal set; }
        public SslFlags SslFlags { get; internal set; }
        // "IP:port:host" as IIS parses it: the host is after the last colon, the port before it, the IP ("*" = any) in
        // front; EndPoint is null for a protocol whose information is not IP:port:host (net.tcp "808:*").
        public string Host { get {
            if (!IsIpPortHost) return null;
            return BindingInformation.Substring(BindingInformation.LastIndexOf(':') + 1);
        } }
        public System.Net.IPEndPoint EndPoint { get {
            if (!IsIpPortHost) return null;
            string head = BindingInformation.Substring(0, BindingInformation.LastIndexOf(':'));
            int cut = head.LastIndexOf(':');
            string ip = head.Substring(0, cut).Trim('[', ']');
            int port = int.Parse(head.Substring(cut + 1));
            return new System.Net.IPEndPoint(ip == "*" || ip == "" ? System.Net.IPAddress.Any : System.Net.IPAddress.Parse(ip), port);
        } }
        private bool IsIpPortHost { get { return (Protocol == "http" || Protocol == "https") && BindingInformation != null && BindingInformation.Split(':').Length >= 3; } }
    }
    public sealed class Site {
        public string Name { get; internal set; }
        public long Id { get; internal set; }
        public ObjectState State { get; internal set; }
        internal ArrayList BindingList = new ArrayList();
        internal ArrayList ApplicationList = new ArrayList();
        public IList Bindings { get { return ArrayList.ReadOnly(BindingList); } }
        public IList Applications { get { return ArrayList.ReadOnly(ApplicationList); } }
    }
    public sealed class SiteCollection : IEnumerable {
        internal ArrayList List = new ArrayList();
        public Site this[string name] { get { foreach (Site s in List) if (string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)) return s; return null; } }
        public Site this[int index] { get { return (Site)List[index]; } }
        public int Count { get { return List.Count; } }
        public IEnumerator GetEnumerator() { return List.GetEnumerator(); }
    }
    public sealed class ApplicationPoolProcessModel {
        public ProcessModelIdentityType IdentityType { get; set; }
        public string UserName { get; set; }
        public string Password { get; set; }
    }
    public sealed class ApplicationPool {
        public string Name { get; internal set; }
        public ApplicationPoolProcessModel ProcessModel { get; internal set; }
    }
    public sealed class ApplicationPoolCollection {
        internal Hashtable Pools = new Hashtable(StringComparer.OrdinalIgnoreCase);
        public ApplicationPool this[string name] { get { return (ApplicationPool)Pools[name]; } }
        public int Count { get { return Pools.Count; } }
    }
    public sealed class ServerManager : IDisposable {
        // The mock's hook, not IIS's: the pools' state the WebAdministration mocks read and write.
        public static IDictionary ClickkerState;
        public static IList ClickkerSites;
        public static bool ClickkerDenied;
        private readonly ApplicationPoolCollection pools = new ApplicationPoolCollection();
        private SiteCollection sites;
        // Read on first use, as the real ServerManager reads applicationHost.config: not elevated, that read is
        // refused (UnauthorizedAccessException, "Filename: redirection.config ... insufficient permissions").
        public SiteCollection Sites { get {
            if (ClickkerDenied) throw new UnauthorizedAccessException("Filename: redirection.config Error: Cannot read configuration file due to insufficient permissions");
            if (sites == null) sites = ReadSites();
            return sites;
        } }
        private static SiteCollection ReadSites() {
            var c = new SiteCollection();
            if (ClickkerSites == null) return c;
            foreach (object od in ClickkerSites) {
                var d = D(od);
                var site = new Site { Name = (string)d["Name"], Id = Convert.ToInt64(d["Id"]), State = ToState(d["State"]) };
                var bindings = Unwrap(d["Bindings"]) as IEnumerable;
                if (bindings == null) bindings = new object[] { new Hashtable { { "Protocol", "http" }, { "BindingInformation", "*:80:" } } };
                foreach (object ob in bindings) {
                    var b = D(ob);
                    string hex = Unwrap(b["CertificateHash"]) as string;
                    byte[] hash = null;
                    if (!string.IsNullOrEmpty(hex)) { hash = new byte[hex.Length / 2]; for (int i = 0; i < hash.Length; i++) hash[i] = Convert.ToByte(hex.Substring(i * 2, 2), 16); }
                    site.BindingList.Add(new Binding { Protocol = (string)b["Protocol"], BindingInformation = (string)b["BindingInformation"], CertificateHash = hash,
                        CertificateStoreName = (string)b["CertificateStoreName"] ?? "", SslFlags = (SslFlags)Convert.ToInt32(b["SslFlags"] ?? 0) });
                }
                // The root application "/" is the site's own physical path and pool (WebAdministration's Get-WebApplication
                // leaves it out; Site.Applications holds it first).
                var root = new Application { Path = "/", ApplicationPoolName = (string)d["AppPool"] ?? "DefaultAppPool" };
                root.Dirs.Add(new VirtualDirectory { Path = "/", PhysicalPath = (string)d["PhysicalPath"] });
                site.ApplicationList.Add(root);
                var apps = Unwrap(d["Applications"]) as IEnumerable;
                if (apps != null) foreach (object oa in apps) {
                    var a = D(oa);
                    var app = new Application { Path = (string)a["Path"], ApplicationPoolName = (string)a["AppPool"] };
                    app.Dirs.Add(new VirtualDirectory { Path = "/", PhysicalPath = (string)a["PhysicalPath"] });
                    site.ApplicationList.Add(app);
                }
                c.List.Add(site);
            }
            return c;
        }
        // Scenario values come from PowerShell: a hashtable inside @() may arrive wrapped in a PSObject.
        private static object Unwrap(object o) {
            if (o == null || o is IDictionary || o is string) return o;
            var p = o.GetType().GetProperty("BaseObject");
            return p == null ? o : p.GetValue(o);
        }
        private static IDictionary D(object o) { return (IDictionary)Unwrap(o); }
        private static ObjectState ToState(object v) {
            v = Unwrap(v);
            if (v == null) return ObjectState.Started;
            if (v is string) return (ObjectState)Enum.Parse(typeof(ObjectState), (string)v, true);
            return (ObjectState)Convert.ToInt32(v);
        }
        public ServerManager() {
            if (ClickkerState == null) return;
            foreach (DictionaryEntry e in ClickkerState) {
                var p = (IDictionary)e.Value;
                var pm = new ApplicationPoolProcessModel {
                    IdentityType = (ProcessModelIdentityType)Enum.Parse(typeof(ProcessModelIdentityType), (string)p["identityType"]),
                    UserName = (string)p["userName"], Password = (string)p["password"] };
                pools.Pools[(string)e.Key] = new ApplicationPool { Name = (string)e.Key, ProcessModel = pm };
            }
        }
        public ApplicationPoolCollection ApplicationPools { get { return pools; } }
        public void CommitChanges() {
            if (ClickkerDenied) throw new UnauthorizedAccessException("Filename: redirection.config Error: Cannot write configuration file due to insufficient permissions");
            foreach (DictionaryEntry e in pools.Pools) {
                var a = (ApplicationPool)e.Value;
                IDictionary p = null;
                foreach (DictionaryEntry s in ClickkerState) if (string.Equals((string)s.Key, a.Name, StringComparison.OrdinalIgnoreCase)) p = (IDictionary)s.Value;
                if (p == null) continue;
                p["identityType"] = a.ProcessModel.IdentityType.ToString();
                p["userName"] = a.ProcessModel.UserName ?? "";
                p["password"] = a.ProcessModel.Password ?? "";
            }
        }
        public void Dispose() { }
    }
}
'@
    $ClickkerMwaHash = [System.BitConverter]::ToString([System.Security.Cryptography.SHA256]::HashData([System.Text.Encoding]::UTF8.GetBytes($ClickkerMwaSource))).Replace('-', '').Substring(0, 12)
    $env:windir = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath "clickker-windir-$ClickkerMwaHash"
    # The very path iis-set-pool.ps1 builds: on Linux its backslashes are part of one file name, so the file is that.
    $ClickkerMwaDll = [System.IO.Path]::Combine($env:windir, 'System32\inetsrv\Microsoft.Web.Administration.dll')
    if ($null -eq ('Microsoft.Web.Administration.ServerManager' -as [type])) {
        if (-not (Microsoft.PowerShell.Management\Test-Path -LiteralPath $ClickkerMwaDll)) {
            $null = [System.IO.Directory]::CreateDirectory($env:windir)
            # Add-Type reads backslashes as folder separators, File.Move does not.
            # One name per load, not per process: the standalone collector's runspaces auto-load this module at the
            # same time in one process, and a $PID-only name made all but one fail ("The file ... already exists").
            $tmp = Join-Path -Path $env:windir -ChildPath ('mwa.{0}.{1}.tmp.dll' -f $PID, [guid]::NewGuid().ToString('N'))
            Add-Type -TypeDefinition $ClickkerMwaSource -OutputAssembly $tmp -OutputType Library
            [System.IO.File]::Move($tmp, $ClickkerMwaDll, $true)
        }
        $null = [System.Reflection.Assembly]::LoadFrom($ClickkerMwaDll)
    }
    [Microsoft.Web.Administration.ServerManager]::ClickkerState = $ClickkerMock['iis']['pools']
    [Microsoft.Web.Administration.ServerManager]::ClickkerDenied = [bool] $ClickkerMock['iisDenied']
    [Microsoft.Web.Administration.ServerManager]::ClickkerSites = $ClickkerMock['iis']['sites']
    Remove-Variable -Name ClickkerMwaSource, ClickkerMwaHash, tmp -ErrorAction SilentlyContinue
}

# appcmd.exe add backup <name> (https://learn.microsoft.com/en-us/iis/get-started/getting-started-with-iis/getting-started-with-appcmdexe,
# "Backing up and restoring configuration"): prints 'BACKUP object "<name>" added' and exits 0; a backup of that name
# already there: 'ERROR ( message:Failed to add duplicate collection element "<name>". )' and exit 183
# (ERROR_ALREADY_EXISTS). Backups are kept in $ClickkerMock.iis.backups.
function appcmd.exe {
    $a = @($args | ForEach-Object { [string] $_ })
    Enter-ClickkerMock 'appcmd.exe'
    if ($null -eq $ClickkerMock['iis']['backups']) { $ClickkerMock['iis']['backups'] = [System.Collections.ArrayList]::new() }
    if ($a[0] -ne 'add' -or $a[1] -ne 'backup' -or -not $a[2]) { 'ERROR ( message:Unknown command )'; $global:LASTEXITCODE = 1; return }
    if ($ClickkerMock['iis']['backups'] -contains $a[2]) { "ERROR ( message:Failed to add duplicate collection element `"$($a[2])`". )"; $global:LASTEXITCODE = 183; return }
    $null = $ClickkerMock['iis']['backups'].Add($a[2])
    "BACKUP object `"$($a[2])`" added"
    $global:LASTEXITCODE = 0
}
