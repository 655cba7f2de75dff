# clickker probe: dotnetEndpoints
# The .NET view of each endpoint: one GET the way a .NET Framework service makes it, so the result is what the
# Clickker service will get. System.Net.HttpWebRequest with:
# - the proxy: .NET's default proxy (the Internet Explorer settings of the account it runs as), as a service
#   without a <defaultProxy> in its config gets; no credentials are sent to a proxy (useDefaultCredentials is false
#   by default);
# - TLS by SChannel, the certificate checked against the Windows certificate store (no callback is installed);
# - ServicePointManager.SecurityProtocol = SystemDefault, set in the request's runspace: the Clickker service targets
#   .NET Framework 4.7, and "starting with apps that target .NET Framework 4.7, the default value of this property is
#   SystemDefault" (learn.microsoft.com: ServicePointManager.SecurityProtocol). powershell.exe itself does not target
#   4.7 and defaults to "Ssl3, Tls" (capture 32-servicepointmanager-securityprotocol-default-ssl3-tls.txt); that
#   process default is recorded as processSecurityProtocol, a diagnosis for dotnet.tls12, and decides nothing.
#   Where SystemDefault does not exist (.NET older than 4.7, which the service cannot run on) Tls12 is asked for.
# Parameters (data, never spliced into this text): -Urls, one URL per line; -TimeoutMs, the limit per endpoint.
# Every endpoint runs at the same time, in its own runspace; one that has not answered by the deadline is aborted
# and recorded as Timeout, so a black-holed endpoint costs the limit once.
# Prints one JSON document in the shape of the network.endpoints facts, only the .NET view filled in:
#   { "endpoints": [ { "url": "...", "dotnet": { "ok", "status", "error", "webStatus", "proxy", "proxySource",
#                                                "finalUrl", "issuer", "securityProtocol", "processSecurityProtocol",
#                                                "ms" } } ] }
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

# The proxy .NET's default (WebRequest.DefaultWebProxy) picks for a URL: with an empty <defaultProxy> element that is
# the Internet Explorer (WinINET) setting of the account this runs as, NOT the WinHTTP proxy of `netsh winhttp`
# (learn.microsoft.com: <defaultProxy> element; "Understanding Web Proxy Configuration"). The request keeps that
# default; this only records which proxy it is. The WinHTTP proxy is reported by the winhttpProxy probe, as context.
function Get-ClickkerRoute {
    param([System.Uri] $Uri)
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

# One endpoint, in its own runspace: a plain GET with a 4.7 application's defaults.
$worker = {
    param([string] $Url, [string] $ProxySource, [string] $ProxyUrl, [int] $Timeout, $Requests, [string] $ProcessDefault)
    $ErrorActionPreference = 'Stop'
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    # As a .NET 4.7+ application: SystemDefault (value 0, defined from 4.7 on). ServicePointManager is per process,
    # so every runspace sets the same value; the process' own default was read before any runspace started.
    $used = 'SystemDefault'
    if ([System.Enum]::IsDefined([System.Net.SecurityProtocolType], 0)) {
        [System.Net.ServicePointManager]::SecurityProtocol = [System.Net.SecurityProtocolType] 0
    } else {
        [System.Net.ServicePointManager]::SecurityProtocol = [System.Net.SecurityProtocolType] 3072
        $used = 'Tls12 (SystemDefault needs .NET Framework 4.7)'
    }
    $view = [ordered]@{
        ok               = $false
        status           = $null
        error            = $null
        webStatus        = $null
        proxy            = $null
        proxySource      = $ProxySource
        finalUrl         = $null
        issuer           = $null
        securityProtocol = $used
        processSecurityProtocol = $ProcessDefault
        ms               = 0
    }
    if ($ProxyUrl) { $view.proxy = $ProxyUrl }
    $response = $null
    $request = $null
    try {
        $request = [System.Net.WebRequest]::Create($Url)
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

$processDefault = [string] [System.Net.ServicePointManager]::SecurityProtocol
$requests = [hashtable]::Synchronized(@{})
$pool = [System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspacePool(1, [Math]::Min($list.Count, 32))
$pool.Open()
$jobs = @()
foreach ($url in $list) {
    $route = @{ Source = 'default'; Proxy = $null }
    try { $route = Get-ClickkerRoute -Uri (New-Object System.Uri -ArgumentList $url) } catch { $null = $_ }
    $ps = [PowerShell]::Create()
    $ps.RunspacePool = $pool
    $null = $ps.AddScript($worker.ToString()).AddArgument($url).AddArgument($route.Source).AddArgument([string] $route.Proxy).AddArgument($timeout).AddArgument($requests).AddArgument($processDefault)
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
            securityProtocol = 'SystemDefault'
            processSecurityProtocol = $processDefault
            ms               = $timeout
        }
    }
    if ($null -eq $view) { $view = [pscustomobject][ordered]@{ ok = $false; status = $null; error = 'the request produced no result'; ms = 0 } }
    $results += [pscustomobject][ordered]@{ url = $job.Url; dotnet = $view }
}
$null = $pool.BeginClose($null, $null)

[pscustomobject]@{ endpoints = $results } | ConvertTo-Json -Depth 5 -Compress
