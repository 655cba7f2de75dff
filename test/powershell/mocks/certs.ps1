# The machine certificate store as iisSites.ps1 reads it: Get-Item 'Cert:\LocalMachine\<store>\<thumbprint>' and an
# X509Chain built over the certificate. pwsh on Linux has no Cert: drive, and a chain's verdict on Windows depends on
# the Windows store and revocation servers, neither of which exists here, so both are stood in for, and only when the
# scenario gives `certificates` (other paths and types go on down the chain: iis.ps1, registry-write.ps1, the cmdlet).
# Scenario key `certificates`: @{ '<store>\<THUMBPRINT>' = @{ Subject; Issuer; NotBefore; NotAfter (ms since 1970, UTC);
# DnsNames = @(...); HasPrivateKey; ServerAuth = $true | $false | $null (EKU present with / without 1.3.6.1.5.5.7.3.1,
# or no EKU extension); ChainValid = $true | $false | $null (X509Chain.Build's answer; $null: Build throws) } }.
# Shapes: an X509Certificate2's Subject, Issuer, Thumbprint (upper-case hex), NotBefore/NotAfter (DateTime),
# HasPrivateKey, Extensions (https://learn.microsoft.com/en-us/dotnet/api/system.security.cryptography.x509certificates.x509certificate2),
# DnsNameList, the Cert: provider's added property of DnsNameRepresentation objects with .Unicode
# (https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.security/about/about_certificate_provider);
# the EKU extension is a real X509EnhancedKeyUsageExtension; X509Chain's ChainPolicy and Build(X509Certificate2)
# (https://learn.microsoft.com/en-us/dotnet/api/system.security.cryptography.x509certificates.x509chain). A missing
# thumbprint gives nothing (the provider's ItemNotFound error, which the script silences), as on Windows.
if ($null -eq $ClickkerMock['certificates']) { return }
$ClickkerMockNext['certs:Get-Item'] = Get-ClickkerNext 'Get-Item' 'Microsoft.PowerShell.Management'

function ConvertTo-ClickkerCertificate {
    param([string] $Thumbprint, $c)
    $ekus = New-Object System.Security.Cryptography.OidCollection
    $extensions = @()
    if ($null -ne $c['ServerAuth']) {
        $null = $ekus.Add([System.Security.Cryptography.Oid]::new($(if ($c['ServerAuth']) { '1.3.6.1.5.5.7.3.1' } else { '1.3.6.1.5.5.7.3.2' })))
        $extensions = @([System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension]::new($ekus, $false))
    }
    $date = { param($ms) [System.DateTimeOffset]::FromUnixTimeMilliseconds([long] $ms).UtcDateTime }
    [pscustomobject]@{
        Subject       = [string] $c['Subject']
        Issuer        = [string] $c['Issuer']
        Thumbprint    = $Thumbprint
        NotBefore     = & $date $c['NotBefore']
        NotAfter      = & $date $c['NotAfter']
        DnsNameList   = @($c['DnsNames'] | ForEach-Object { [pscustomobject]@{ Punycode = [string] $_; Unicode = [string] $_ } })
        HasPrivateKey = [bool] $c['HasPrivateKey']
        Extensions    = $extensions
        ClickkerChain = $c['ChainValid']
    }
}

function Get-Item {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $Path, [Alias('PSPath')] [string[]] $LiteralPath, [switch] $Force)
    $target = [string] (@($Path) + @($LiteralPath) | Where-Object { $_ } | Select-Object -First 1)
    if ($target -notmatch '^Cert:\\LocalMachine\\([^\\]+)\\([0-9A-Fa-f]+)$') { return & $ClickkerMockNext['certs:Get-Item'] @PSBoundParameters }
    Enter-ClickkerMock 'Get-Item'
    $key = '{0}\{1}' -f $Matches[1], $Matches[2].ToUpperInvariant()
    $found = $null
    foreach ($k in @($ClickkerMock['certificates'].Keys)) { if ($k -eq $key) { $found = $ClickkerMock['certificates'][$k] } }
    if ($null -eq $found) {
        $e = New-Object System.Management.Automation.ItemNotFoundException -ArgumentList "Cannot find path '$target' because it does not exist."
        $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $e, 'PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand', 'ObjectNotFound', $target))
        return
    }
    ConvertTo-ClickkerCertificate $Matches[2].ToUpperInvariant() $found
}

$ClickkerNewObject['Net:System.Security.Cryptography.X509Certificates.X509Chain'] = 'New-ClickkerX509Chain'
function New-ClickkerX509Chain {
    [CmdletBinding()]
    param([string] $TypeName, [object[]] $ArgumentList, [System.Collections.IDictionary] $Property)
    Enter-ClickkerMock 'New-Object'
    $policy = [pscustomobject]@{ RevocationMode = 'Online'; UrlRetrievalTimeout = [timespan]::Zero; VerificationFlags = 'NoFlag' }
    $chain = [pscustomobject]@{ ChainPolicy = $policy }
    # Build answers what the scenario says the server's chain engine answered; $null stands for a build that threw.
    $chain | Add-Member -MemberType ScriptMethod -Name Build -Value {
        param($Certificate)
        $v = $Certificate.ClickkerChain
        if ($null -eq $v) { throw (New-Object System.Security.Cryptography.CryptographicException -ArgumentList 'mock: the chain engine failed') }
        [bool] $v
    }
    $chain
}
