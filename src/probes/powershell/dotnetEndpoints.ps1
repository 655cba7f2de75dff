# clickker probe: dotnetEndpoints
# The .NET view of each endpoint: one GET the way a .NET Framework service makes it, so the result is what the
# Clickker service will get. System.Net.HttpWebRequest with:
# - the proxy: the machine-wide WinHTTP proxy when one is set (read from the WinHttpSettings registry value, as the
#   winhttpProxy probe does, bypass list and <local> included), otherwise .NET's own default proxy;
# - TLS by SChannel, the certificate checked against the Windows certificate store (no callback is installed);
# - the process' default ServicePointManager.SecurityProtocol, NOT forced to TLS 1.2: without the strong-crypto
#   registry values .NET 4.x may offer only SSL 3/TLS 1.0, and that is exactly what the service would get.
# Parameters (data, never spliced into this text): -Urls, one URL per line; -TimeoutMs, the limit per endpoint.
# Every endpoint runs at the same time, in its own runspace; one that has not answered by the deadline is aborted
# and recorded as Timeout, so a black-holed endpoint costs the limit once.
# Prints one JSON document in the shape of the network.endpoints facts, only the .NET view filled in:
#   { "endpoints": [ { "url": "...", "dotnet": { "ok", "status", "error", "webStatus", "proxy", "proxySource",
#                                                "finalUrl", "issuer", "securityProtocol", "ms" } } ] }
# ok is true when an HTTP answer arrived whose status means the server was reached: 2xx, 3xx, 401, 404, 405 (the
# same rule as Node's view, src/probes/network/http.ts statusReached).
param(
    [string] $Urls = '',
    [string] $TimeoutMs = ''
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

$timeout = 15000
if ($TimeoutMs -match '^[0-9]{1,7}$' -and [int] $TimeoutMs -gt 0) { $timeout = [int] $TimeoutMs }
$list = @()
foreach ($line in ($Urls -split "`n")) {
    $url = $line.Trim()
    if ($url) { $list += $url }
}
if ($list.Count -eq 0) { throw (New-Object System.ArgumentException 'No endpoint URLs were given (-Urls)') }

# The WinHTTP proxy, decoded as in winhttpProxy.ps1 (64-bit registry view; flags bit 2 = a proxy is set).
$winhttpProxy = $null
$winhttpBypass = ''
$hklm = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, [Microsoft.Win32.RegistryView]::Registry64)
$key = $hklm.OpenSubKey('SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections', $false)
$bytes = $null
if ($null -ne $key) {
    try { $bytes = [byte[]] $key.GetValue('WinHttpSettings', $null) } finally { $key.Close() }
}
if ($null -ne $bytes -and $bytes.Length -ge 16) {
    $flags = [System.BitConverter]::ToInt32($bytes, 8)
    $offset = 12
    $length = [System.BitConverter]::ToInt32($bytes, $offset)
    $offset += 4
    $proxyText = $null
    if ($length -gt 0 -and $offset + $length -le $bytes.Length) { $proxyText = [System.Text.Encoding]::ASCII.GetString($bytes, $offset, $length) }
    $offset += [Math]::Max($length, 0)
    if ($offset + 4 -le $bytes.Length) {
        $length = [System.BitConverter]::ToInt32($bytes, $offset)
        $offset += 4
        if ($length -gt 0 -and $offset + $length -le $bytes.Length) { $winhttpBypass = [System.Text.Encoding]::ASCII.GetString($bytes, $offset, $length) }
    }
    if (($flags -band 2) -ne 0 -and $proxyText) { $winhttpProxy = $proxyText }
}

# Which proxy carries a URL: WinHTTP's (per-scheme entries such as https=host:port win), or none when the bypass list
# matches; without a WinHTTP proxy, .NET's default proxy decides (recorded, and left in place for the request).
function Get-ClickkerRoute {
    param([System.Uri] $Uri)
    if ($null -eq $winhttpProxy) {
        $proxy = $null
        try {
            $default = [System.Net.WebRequest]::DefaultWebProxy
            if ($null -ne $default -and -not $default.IsBypassed($Uri)) {
                $p = $default.GetProxy($Uri)
                if ($null -ne $p -and $p.AbsoluteUri -ne $Uri.AbsoluteUri) { $proxy = $p.AbsoluteUri }
            }
        } catch {
            $proxy = $null
        }
        return @{ Source = 'default'; Proxy = $proxy }
    }
    $hostName = $Uri.Host.ToLowerInvariant()
    foreach ($entry in ($winhttpBypass -split '[;\s]+')) {
        $pattern = $entry.Trim().ToLowerInvariant()
        if (-not $pattern) { continue }
        if ($pattern -eq '<local>') {
            if (-not $hostName.Contains('.')) { return @{ Source = 'winhttp'; Proxy = $null } }
            continue
        }
        if ($hostName -like $pattern -or ('{0}:{1}' -f $hostName, $Uri.Port) -like $pattern) { return @{ Source = 'winhttp'; Proxy = $null } }
    }
    $chosen = $null
    $plain = $null
    foreach ($entry in ($winhttpProxy -split ';')) {
        $e = $entry.Trim()
        if (-not $e) { continue }
        if ($e.ToLowerInvariant().StartsWith($Uri.Scheme.ToLowerInvariant() + '=')) { $chosen = $e.Substring($Uri.Scheme.Length + 1) }
        elseif (-not $e.Contains('=') -and $null -eq $plain) { $plain = $e }
    }
    if ($null -eq $chosen) { $chosen = $plain }
    if ($null -eq $chosen) { return @{ Source = 'winhttp'; Proxy = $null } }
    if ($chosen -notmatch '^[A-Za-z][A-Za-z0-9+.-]*://') { $chosen = 'http://' + $chosen }
    return @{ Source = 'winhttp'; Proxy = $chosen }
}

# One endpoint, in its own runspace: a plain GET, nothing changed from .NET's defaults but the proxy choice above.
$worker = {
    param([string] $Url, [string] $ProxySource, [string] $ProxyUrl, [int] $Timeout, $Requests)
    $ErrorActionPreference = 'Stop'
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $view = [ordered]@{
        ok               = $false
        status           = $null
        error            = $null
        webStatus        = $null
        proxy            = $null
        proxySource      = $ProxySource
        finalUrl         = $null
        issuer           = $null
        securityProtocol = [string] [System.Net.ServicePointManager]::SecurityProtocol
        ms               = 0
    }
    if ($ProxyUrl) { $view.proxy = $ProxyUrl }
    $response = $null
    $request = $null
    try {
        $request = [System.Net.WebRequest]::Create($Url)
        if ($ProxySource -eq 'winhttp') {
            if ($ProxyUrl) { $request.Proxy = New-Object System.Net.WebProxy -ArgumentList $ProxyUrl } else { $request.Proxy = $null }
        }
        $request.Method = 'GET'
        $request.Timeout = $Timeout
        $request.ReadWriteTimeout = $Timeout
        $request.AllowAutoRedirect = $true
        $request.MaximumAutomaticRedirections = 5
        $request.KeepAlive = $false
        $request.UserAgent = 'clickker-preflight (.NET Framework view)'
        $Requests[$Url] = $request
        try {
            $response = $request.GetResponse()
        } catch {
            $web = $null
            $x = $_.Exception
            while ($null -ne $x) {
                if ($null -eq $web -and $x -is [System.Net.WebException]) { $web = $x }
                $x = $x.InnerException
            }
            if ($null -eq $web) { throw }
            $view.webStatus = [string] $web.Status
            $response = $web.Response
            $messages = @([string] $web.Message)
            $inner = $web.InnerException
            while ($null -ne $inner) {
                $messages += [string] $inner.Message
                $inner = $inner.InnerException
            }
            $view.error = ('{0}: {1}' -f $view.webStatus, ($messages -join ' <- '))
        }
        if ($null -ne $response -and $response -is [System.Net.HttpWebResponse]) {
            $view.status = [int] $response.StatusCode
            $view.finalUrl = [string] $response.ResponseUri
        }
        try {
            $certificate = $request.ServicePoint.Certificate
            if ($null -ne $certificate) { $view.issuer = [string] $certificate.Issuer }
        } catch {
            $null = $_
        }
    } catch {
        $x = $_.Exception
        if ($x -is [System.Management.Automation.MethodInvocationException] -and $null -ne $x.InnerException) { $x = $x.InnerException }
        $view.error = ('{0}: {1}' -f $x.GetType().Name, $x.Message)
    } finally {
        if ($null -ne $response) { $response.Close() }
    }
    $reached = @(401, 404, 405)
    $s = $view.status
    $view.ok = ($null -ne $s) -and ((($s -ge 200) -and ($s -lt 400)) -or ($reached -contains $s))
    if ($view.ok) { $view.error = $null }
    $view.ms = $watch.ElapsedMilliseconds
    [pscustomobject] $view
}

$requests = [hashtable]::Synchronized(@{})
$pool = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspacePool(1, [Math]::Min($list.Count, 32))
$pool.Open()
$jobs = @()
foreach ($url in $list) {
    $route = @{ Source = 'default'; Proxy = $null }
    try { $route = Get-ClickkerRoute -Uri (New-Object System.Uri -ArgumentList $url) } catch { $null = $_ }
    $ps = [PowerShell]::Create()
    $ps.RunspacePool = $pool
    $null = $ps.AddScript($worker.ToString()).AddArgument($url).AddArgument($route.Source).AddArgument([string] $route.Proxy).AddArgument($timeout).AddArgument($requests)
    $jobs += [pscustomobject]@{ Url = $url; PowerShell = $ps; Handle = $ps.BeginInvoke(); Route = $route }
}

# One deadline for all: each request has its own Timeout, but name resolution and proxy discovery are not covered
# by it, so whatever is still running at the deadline is aborted and abandoned.
$deadline = [DateTime]::UtcNow.AddMilliseconds($timeout + 500)
$results = @()
foreach ($job in $jobs) {
    $left = [int] [Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
    $view = $null
    if ($job.Handle.AsyncWaitHandle.WaitOne($left)) {
        try {
            $out = @($job.PowerShell.EndInvoke($job.Handle))
            if ($out.Count -gt 0) { $view = $out[$out.Count - 1] }
        } catch {
            $view = [pscustomobject][ordered]@{ ok = $false; status = $null; error = ('{0}: {1}' -f $_.Exception.GetType().Name, $_.Exception.Message); ms = $timeout }
        }
        $job.PowerShell.Dispose()
    } else {
        $request = $requests[$job.Url]
        if ($null -ne $request) { try { $request.Abort() } catch { $null = $_ } }
        $null = $job.PowerShell.BeginStop($null, $null)
        $view = [pscustomobject][ordered]@{
            ok               = $false
            status           = $null
            error            = ('Timeout: no answer within {0} ms; the request was aborted' -f $timeout)
            webStatus        = 'Timeout'
            proxy            = $job.Route.Proxy
            proxySource      = $job.Route.Source
            securityProtocol = [string] [System.Net.ServicePointManager]::SecurityProtocol
            ms               = $timeout
        }
    }
    if ($null -eq $view) { $view = [pscustomobject][ordered]@{ ok = $false; status = $null; error = 'the request produced no result'; ms = 0 } }
    $results += [pscustomobject][ordered]@{ url = $job.Url; dotnet = $view }
}
$null = $pool.BeginClose($null, $null)

[pscustomobject]@{ endpoints = $results } | ConvertTo-Json -Depth 5 -Compress
