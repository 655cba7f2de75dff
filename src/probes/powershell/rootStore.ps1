# clickker probe: rootStore
# The certificates this machine trusts for TLS, exported for Node's network probe (which otherwise trusts only its
# own bundled roots): LocalMachine\Root (Trusted Root Certification Authorities, where a corporate root deployed by
# Group Policy lands; the same store as Cert:\LocalMachine\Root) and LocalMachine\CA (intermediate authorities, so a
# server that omits its intermediate still verifies). AuthRoot (the public roots Windows downloads on demand) is
# left out: Node has its own public bundle, and a root found only here is what TLS inspection looks like.
# Read through X509Store, read-only; prints one JSON document, the DER of each certificate as base64.
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

$certificates = @()
foreach ($name in @('Root', 'CA')) {
    $store = New-Object System.Security.Cryptography.X509Certificates.X509Store -ArgumentList $name, ([System.Security.Cryptography.X509Certificates.StoreLocation]::LocalMachine)
    $store.Open([System.Security.Cryptography.X509Certificates.OpenFlags] 'ReadOnly, OpenExistingOnly')
    try {
        foreach ($certificate in $store.Certificates) {
            $certificates += [pscustomobject]@{
                Store      = $name
                Thumbprint = $certificate.Thumbprint
                Subject    = $certificate.Subject
                Der        = [System.Convert]::ToBase64String($certificate.RawData)
            }
        }
    } finally {
        $store.Close()
    }
}

[pscustomobject]@{ Certificates = $certificates } | ConvertTo-Json -Depth 3 -Compress
