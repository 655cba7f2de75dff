# clickker probe: iisSites
# IIS sites with their bindings, applications and physical paths, and the certificate behind each HTTPS binding.
# Read through Microsoft.Web.Administration (applicationHost.config), which needs an elevated prompt.
# Physical paths are printed as configured (e.g. %SystemDrive%\inetpub\wwwroot). State prints as the ObjectState
# integer (1 Started, 3 Stopped). ChainValid: the chain builds to a trusted root on this server and no certificate in
# it is revoked (an unreachable revocation server is not counted as revoked); null when building it threw.
# ServerAuth: the certificate may be used for server authentication (EKU). A binding with SslFlags bit 2
# (Centralized Certificate Store) has no hash: its certificate is a file on the CCS share, not examined here.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

# IIS's own Microsoft.Web.Administration (7.0.0.0, %windir%\System32\inetsrv), never by partial name: that may load
# IIS Express's 7.9.0.0 from the GAC (its configuration, not IIS's) and does not load under PowerShell 7.
# The folder is %windir%\System32\inetsrv, built as install/iis-set-pool.ps1 builds it: on Windows that is exactly
# [Environment]::GetFolderPath('System') + '\inetsrv' (SpecialFolder.System is %windir%\System32 in 32- and 64-bit
# processes alike, and WOW64 file-system redirection maps System32 to SysWOW64 for both forms the same way;
# https://learn.microsoft.com/en-us/windows/win32/winprog64/file-system-redirector). %windir% is set on every
# Windows session (system environment). Off Windows GetFolderPath('System') is '' while %windir% can name the mock
# layer's stand-in folder, so the same text is what runs under test. An unset %windir% gives a relative path that
# does not exist: "IIS not installed" as before, never a throw.
$iisAssembly = [System.IO.Path]::Combine([string] $env:windir, 'System32\inetsrv\Microsoft.Web.Administration.dll')
if (-not [System.IO.File]::Exists($iisAssembly)) {
    throw (New-Object System.IO.FileNotFoundException ('IIS is not installed: ' + $iisAssembly + ' does not exist'))
}
$null = [System.Reflection.Assembly]::LoadFrom($iisAssembly)

function Get-CertificateFacts {
    param([string] $Thumbprint, [string] $StoreName)
    if (-not $StoreName) { $StoreName = 'My' }
    $cert = Get-Item -LiteralPath ('Cert:\LocalMachine\{0}\{1}' -f $StoreName, $Thumbprint) -ErrorAction SilentlyContinue
    if ($null -eq $cert) { return $null }
    $chainValid = $null
    try {
        $chain = New-Object System.Security.Cryptography.X509Certificates.X509Chain
        $chain.ChainPolicy.RevocationMode = [System.Security.Cryptography.X509Certificates.X509RevocationMode]::Online
        $chain.ChainPolicy.UrlRetrievalTimeout = New-Object System.TimeSpan -ArgumentList 0, 0, 5
        $chain.ChainPolicy.VerificationFlags = [System.Security.Cryptography.X509Certificates.X509VerificationFlags]'IgnoreEndRevocationUnknown, IgnoreCertificateAuthorityRevocationUnknown, IgnoreRootRevocationUnknown, IgnoreCtlSignerRevocationUnknown'
        $chainValid = $chain.Build($cert)
    } catch {
        $chainValid = $null
    }
    $names = @()
    if ($null -ne $cert.DnsNameList) { $names = @($cert.DnsNameList | ForEach-Object { $_.Unicode }) }
    # Server authentication (1.3.6.1.5.5.7.3.1) in the Enhanced Key Usage; a certificate without the extension is
    # valid for every purpose. $null when the extensions could not be read.
    $serverAuth = $null
    try {
        $serverAuth = $true
        foreach ($extension in $cert.Extensions) {
            if ($extension -is [System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]) {
                $serverAuth = @($extension.EnhancedKeyUsages | Where-Object { $_.Value -eq '1.3.6.1.5.5.7.3.1' }).Count -gt 0
            }
        }
    } catch {
        $serverAuth = $null
    }
    return [pscustomobject]@{
        Subject       = $cert.Subject
        Issuer        = $cert.Issuer
        Thumbprint    = $cert.Thumbprint
        NotBefore     = $cert.NotBefore
        NotAfter      = $cert.NotAfter
        DnsNames      = [string[]] $names
        HasPrivateKey = $cert.HasPrivateKey
        ChainValid    = $chainValid
        ServerAuth    = $serverAuth
    }
}

$manager = New-Object Microsoft.Web.Administration.ServerManager
$sites = New-Object System.Collections.Generic.List[object]
try {
    # get_Sites(), not .Sites: PowerShell returns $null for a property whose getter throws, silently, even with
    # $ErrorActionPreference Stop and strict mode (MicrosoftDocs/PowerShell-Docs#12803; seen in pwsh 7.6 over the mock),
    # so a refused read of applicationHost.config (not elevated: UnauthorizedAccessException) would look like "no sites".
    # Calling the getter method raises the exception.
    foreach ($site in $manager.get_Sites()) {
        $state = $null
        try { $state = [int] $site.State } catch { $state = $null }

        $bindings = New-Object System.Collections.Generic.List[object]
        foreach ($binding in $site.Bindings) {
            $hash = $null
            if ($null -ne $binding.CertificateHash -and $binding.CertificateHash.Length -gt 0) {
                $hash = -join ($binding.CertificateHash | ForEach-Object { $_.ToString('X2') })
            }
            $certificate = $null
            if ($null -ne $hash) { $certificate = Get-CertificateFacts -Thumbprint $hash -StoreName $binding.CertificateStoreName }
            $sslFlags = $null
            try { $sslFlags = [int] $binding.SslFlags } catch { $sslFlags = $null }
            $bindings.Add([pscustomobject]@{
                Protocol             = $binding.Protocol
                BindingInformation   = $binding.BindingInformation
                SslFlags             = $sslFlags
                CertificateHash      = $hash
                CertificateStoreName = $binding.CertificateStoreName
                Certificate          = $certificate
            })
        }

        $applications = New-Object System.Collections.Generic.List[object]
        $sitePath = $null
        foreach ($application in $site.Applications) {
            $root = $application.VirtualDirectories | Where-Object { $_.Path -eq '/' } | Select-Object -First 1
            $physical = $null
            if ($null -ne $root) { $physical = $root.PhysicalPath }
            if ($application.Path -eq '/') { $sitePath = $physical }
            $applications.Add([pscustomobject]@{
                Path            = $application.Path
                PhysicalPath    = $physical
                ApplicationPool = $application.ApplicationPoolName
            })
        }

        $sites.Add([pscustomobject]@{
            Name         = $site.Name
            Id           = $site.Id
            State        = $state
            PhysicalPath = $sitePath
            Bindings     = $bindings.ToArray()
            Applications = $applications.ToArray()
        })
    }
} finally {
    $manager.Dispose()
}

ConvertTo-Json -InputObject $sites.ToArray() -Depth 8
