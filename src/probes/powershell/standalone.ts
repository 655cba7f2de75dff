// The standalone collector: one Windows PowerShell 5.1 script, built from the very same probe files the live bridge
// runs (each embedded verbatim as a script block), that writes a clickker.snapshot/v1 document with no Node, no
// modules and no internet. It runs locally (-File) and remotely (Invoke-Command -ComputerName A,B -FilePath ...).
import { readAssetText } from '../../core/assets.js';
import type { Lang } from '../../core/text.js';
import { t } from '../../report/i18n/catalogue.js';
import { SNAPSHOT_SCHEMA } from '../../facts/snapshot.js';
import {
  bySlowestFirst, ERROR_KIND_BY_HRESULT, ERROR_KIND_BY_TYPE, needsElevationMessage, POWERSHELL_PROBES, readProbeScript,
  type PsProbeSettings,
} from './probes.js';

export interface StandaloneOptions {
  /** The default for -ServiceAccount; embedded as base64 data, never as script text. */
  serviceAccount?: string;
  /**
   * The default for -Endpoints (the .NET view of network.endpoints): the requirements' list for the profile, or the
   * --endpoint URLs. Embedded as base64 data, never as script text.
   */
  endpoints?: readonly string[];
  /** Only these probe ids (identity is always included: it decides elevation). Default: every PowerShell probe. */
  probes?: readonly string[];
  /** The default for -ProbeTimeoutSeconds. */
  probeTimeoutSeconds?: number;
  /** Recorded as collector.version; default: this package's version. */
  version?: string;
  /** The language of the script's own line to the person running it (the snapshot itself stays English). */
  lang?: Lang;
}

export const STANDALONE_COLLECTOR_NAME = 'clickker-standalone';

/** The standalone script's parameter for each probe setting. */
const SCRIPT_PARAMETER: Record<keyof PsProbeSettings, string> = { serviceAccount: 'ServiceAccount', endpoints: 'Endpoints' };

function packageVersion(): string {
  try {
    return (JSON.parse(readAssetText('package.json')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** A PowerShell single-quoted literal for text we generate ourselves (ids, kinds, messages); rejects anything odd. */
function psLiteral(text: string): string {
  if (!/^[\w .,:;()\-\\/"<>]*$/.test(text)) throw new Error(`refusing to embed ${JSON.stringify(text)} in a PowerShell literal`);
  return `'${text}'`;
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Emits the standalone collector script (CRLF line ends, ASCII-only apart from what the probe files contain). */
export function emitStandaloneScript(options: StandaloneOptions = {}): string {
  const version = options.version ?? packageVersion();
  if (!/^[0-9A-Za-z.+-]{1,64}$/.test(version)) throw new Error(`invalid collector version ${JSON.stringify(version)}`);
  const timeout = options.probeTimeoutSeconds ?? 60;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 3600) throw new Error(`invalid probe timeout ${timeout}`);
  const only = options.probes ? new Set(['identity', ...options.probes]) : null;
  // identity first (it decides elevation), then the slowest first: the probes run at once, so the wall time is close to
  // the slowest one.
  const chosen = POWERSHELL_PROBES.filter((p) => only === null || only.has(p.id));
  const probes = [chosen.find((p) => p.id === 'identity')!, ...bySlowestFirst(chosen.filter((p) => p.id !== 'identity'))];
  if (only) {
    const unknown = [...only].filter((id) => !POWERSHELL_PROBES.some((p) => p.id === id));
    if (unknown.length > 0) throw new Error(`unknown PowerShell probe ${unknown.join(', ')}`);
  }

  const probeEntries = probes.map((p) => {
    const params = (p.parameters ?? []).map((q) => `${q.name} = ${psLiteral(SCRIPT_PARAMETER[q.from])}`).join('; ');
    const missing = (p.parameters ?? []).map((q) =>
      `${psLiteral(SCRIPT_PARAMETER[q.from])} = ${psLiteral(`${q.missing.split(':')[0]}: run the script with -${SCRIPT_PARAMETER[q.from]} ${q.example}`)}`).join('; ');
    return [
      `    @{`,
      `        Id             = ${psLiteral(p.id)}`,
      `        NeedsElevation = $${p.needsElevation}`,
      `        Parameters     = @{ ${params} }`,
      `        Missing        = @{ ${missing} }`,
      `        # ---- begin src/probes/powershell/${p.file} ----`,
      `        Script         = {`,
      readProbeScript(p.file).replace(/\s+$/, ''),
      `}`,
      `        # ---- end src/probes/powershell/${p.file} ----`,
      `    }`,
    ].join('\n');
  });

  // The one line the script says to the person running it, in the language it was generated in (around the path).
  const written = t(options.lang ?? 'en', 'in.script.written', { path: '\u0000' }).split('\u0000').map(psLiteral);
  const kindByType = Object.entries(ERROR_KIND_BY_TYPE).map(([t, k]) => `    ${psLiteral(t)} = ${psLiteral(k)}`).join('\n');
  const kindByHResult = Object.entries(ERROR_KIND_BY_HRESULT).map(([h, k]) => `    ${psLiteral(String(h))} = ${psLiteral(k)}`).join('\n');
  const elevationMessages = probes.filter((p) => p.needsElevation)
    .map((p) => `    ${psLiteral(p.id)} = ${psLiteral(needsElevationMessage(p.id).replace(/"/g, ''))}`).join('\n');

  const text = `<#
.SYNOPSIS
    clickker standalone collector: writes a ${SNAPSHOT_SCHEMA} snapshot of this Windows server.

.DESCRIPTION
    Generated by clickker ${version} (clickker collect --emit-script) from the probe files in src/probes/powershell;
    do not edit, generate it again. Needs Windows PowerShell 5.1 and nothing else: no Node, no modules, no internet.
    It only reads. Run it from an elevated prompt: probes that need elevation are otherwise recorded as such.
    Judge the snapshot anywhere with: clickker preflight --snapshot HOST.json

.PARAMETER ServiceAccount
    The account Clickker will run as (DOMAIN\\name), for the serviceAccount probe.

.PARAMETER OutFile
    Write the snapshot to this file (UTF-8). Without it the snapshot JSON is the script's output.

.PARAMETER ProbeTimeoutSeconds
    A probe that has not answered by then is stopped and recorded as timed out; the other probes still run.

.PARAMETER Throttle
    How many probes run at once (each in its own runspace; the slowest start first). 1 runs them one after another.

.PARAMETER Endpoints
    The URLs to request the way the .NET Framework service will (network.endpoints: HttpWebRequest, the WinHTTP or
    default proxy, SChannel and the Windows certificate store). Several URLs: a list, or one string with commas.
    Default: the list this script was generated with.

.EXAMPLE
    powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\\collect-clickker.ps1 -ServiceAccount 'CORP\\svc-clickker' -OutFile .\\host.json

.EXAMPLE
    # A fleet, through PowerShell remoting; each answer carries PSComputerName. $PWD.ProviderPath, not $PWD: .NET
    # knows only real paths, not a PowerShell drive made with New-PSDrive.
    Invoke-Command -ComputerName A,B,C -FilePath .\\collect-clickker.ps1 -ArgumentList 'CORP\\svc-clickker' |
        ForEach-Object { [System.IO.File]::WriteAllText((Join-Path $PWD.ProviderPath ($_.PSComputerName + '.json')), $_) }
#>
param(
    [string] $ServiceAccount = '',
    [string] $OutFile = '',
    [int] $ProbeTimeoutSeconds = ${timeout},
    [string[]] $Endpoints = @(),
    [int] $Throttle = 4
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

# 32-bit PowerShell on 64-bit Windows (the x86 shortcut, some agents) sees the WOW6432Node registry, SysWOW64 and no
# ServerManager module, and would report the wrong .NET keys and "not a Windows Server edition". Run again in the
# 64-bit Windows PowerShell, reached through Sysnative, with the same parameters. Only when run from a file (a script
# sent by Invoke-Command has none, and then runs on as it is).
$ClickkerScriptFile = [string] $MyInvocation.MyCommand.Source
if ([System.Environment]::Is64BitOperatingSystem -and -not [System.Environment]::Is64BitProcess -and $ClickkerScriptFile -and [System.IO.File]::Exists($ClickkerScriptFile)) {
    $native = $env:windir + '\\Sysnative\\WindowsPowerShell\\v1.0\\powershell.exe'
    if ([System.IO.File]::Exists($native)) {
        $relaunch = @('-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', $ClickkerScriptFile, '-ProbeTimeoutSeconds', [string] $ProbeTimeoutSeconds)
        if ($ServiceAccount) { $relaunch += @('-ServiceAccount', $ServiceAccount) }
        if ($OutFile) { $relaunch += @('-OutFile', $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)) }
        if (@($Endpoints).Count -gt 0) { $relaunch += @('-Endpoints', (@($Endpoints) -join ',')) }
        & $native @relaunch
        exit $LASTEXITCODE
    }
}

# Defaults chosen when the script was generated, as base64 data (never spliced into this text).
$ClickkerDefaults = @{ ServiceAccount = '${b64(options.serviceAccount ?? '')}'; Endpoints = '${b64((options.endpoints ?? []).join('\n'))}' }
if (-not $ServiceAccount) { $ServiceAccount = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($ClickkerDefaults.ServiceAccount)) }
$EndpointList = (@($Endpoints | ForEach-Object { ([string] $_) -split '[,\\s]+' } | Where-Object { $_ }) -join [string][char]10)
if (-not $EndpointList) { $EndpointList = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($ClickkerDefaults.Endpoints)) }
$ClickkerSettings = @{ ServiceAccount = $ServiceAccount; Endpoints = $EndpointList }
# Not on Windows (pwsh on Linux or macOS: a test, an experiment): the endpoints baked in as defaults are real hosts,
# and requesting them from here would say nothing about the server and send DNS and TCP to the internet. Only the
# URLs given with -Endpoints are requested there. Asked of .NET (Environment.OSVersion.Platform: Win32NT on every
# Windows, Unix on Linux and macOS; https://learn.microsoft.com/en-us/dotnet/api/system.platformid), not through
# $IsWindows, which Windows PowerShell 5.1 does not have.
$ClickkerDefaultEndpointsRefused = ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Win32NT) -and @($Endpoints | Where-Object { $_ }).Count -eq 0
$ClickkerVersion = ${psLiteral(version)}

# How an exception thrown by a probe becomes an error kind (the same tables as src/probes/powershell/probes.ts).
$ClickkerKindByType = @{
${kindByType}
}
$ClickkerKindByHResult = @{
${kindByHResult}
}
$ClickkerElevationMessages = @{
${elevationMessages}
}

$ClickkerProbes = @(
${probeEntries.join('\n')}
)

function ConvertTo-ClickkerJsonString {
    param([string] $Text)
    if ($null -eq $Text) { return 'null' }
    return (ConvertTo-Json -InputObject $Text -Compress)
}

function New-ClickkerFailure {
    param([string] $Kind, [string] $Message, [long] $Ms)
    return ('{{"ok":false,"error":{{"kind":{0},"message":{1}}},"ms":{2}}}' -f (ConvertTo-ClickkerJsonString $Kind), (ConvertTo-ClickkerJsonString $Message), $Ms)
}

function Get-ClickkerErrorKind {
    param([object[]] $Exceptions, $Elevated)
    $kind = 'error'
    foreach ($e in $Exceptions) {
        if ($kind -eq 'error' -and $ClickkerKindByHResult.ContainsKey([string] $e.HResult)) { $kind = $ClickkerKindByHResult[[string] $e.HResult] }
    }
    foreach ($e in $Exceptions) {
        if ($kind -eq 'error' -and $ClickkerKindByType.ContainsKey($e.GetType().FullName)) { $kind = $ClickkerKindByType[$e.GetType().FullName] }
    }
    if ($kind -eq 'access-denied' -and $Elevated -ne $true) { $kind = 'needs-elevation' }
    return $kind
}

function Get-ClickkerExceptionChain {
    param($Exception)
    $chain = @()
    $x = $Exception
    while ($null -ne $x) {
        $chain += $x
        if ($null -ne $x.ErrorRecord -and $null -ne $x.ErrorRecord.Exception -and $x.ErrorRecord.Exception -ne $x) {
            $chain += $x.ErrorRecord.Exception
        }
        $x = $x.InnerException
    }
    return $chain
}

# Starts one probe in its own runspace; Complete-ClickkerProbe turns it into its JSON record text. The probes run at
# once (issue 17): at most -Throttle at a time, the slowest first, each with its own deadline from its own start.
function Start-ClickkerProbe {
    param($Probe, [hashtable] $Parameters, [int] $TimeoutSeconds)
    $job = [pscustomobject]@{ Probe = $Probe; PowerShell = $null; Handle = $null; Watch = [System.Diagnostics.Stopwatch]::StartNew(); TimeoutMs = [long] $TimeoutSeconds * 1000; Record = $null }
    try {
        $job.PowerShell = [PowerShell]::Create()
        $null = $job.PowerShell.AddScript($Probe.Script.ToString()).AddParameters($Parameters)
        $job.Handle = $job.PowerShell.BeginInvoke()
    } catch {
        $job.Record = New-ClickkerFailure 'error' ([string] $_.Exception.Message) $job.Watch.ElapsedMilliseconds
        if ($null -ne $job.PowerShell) { $job.PowerShell.Dispose() }
    }
    return $job
}

function Complete-ClickkerProbe {
    param($Job, $Elevated)
    $ps = $Job.PowerShell
    try {
        $output = @($ps.EndInvoke($Job.Handle))
        $text = (@($output | ForEach-Object { [string] $_ }) -join [string][char]10).Trim()
        if (-not $text) { $text = 'null' }
        try {
            $null = ConvertFrom-Json -InputObject $text
        } catch {
            $preview = $text
            if ($preview.Length -gt 160) { $preview = $preview.Substring(0, 160) }
            return (New-ClickkerFailure 'bad-output' ('the probe printed something that is not one JSON document: {0}' -f $preview) $Job.Watch.ElapsedMilliseconds)
        }
        return ('{{"ok":true,"data":{0},"ms":{1}}}' -f $text, $Job.Watch.ElapsedMilliseconds)
    } catch {
        $chain = @(Get-ClickkerExceptionChain $_.Exception)
        $innermost = $chain[$chain.Count - 1]
        $kind = Get-ClickkerErrorKind -Exceptions $chain -Elevated $Elevated
        return (New-ClickkerFailure $kind ([string] $innermost.Message) $Job.Watch.ElapsedMilliseconds)
    } finally {
        $ps.Dispose()
    }
}

# A probe past its deadline: asked to stop but not waited for (a probe stuck in a native call may never stop), so the
# other probes go on.
function Stop-ClickkerProbe {
    param($Job)
    $null = $Job.PowerShell.BeginStop($null, $null)
    return (New-ClickkerFailure 'timeout' ('no answer within {0} s; the probe was stopped' -f ($Job.TimeoutMs / 1000)) $Job.Watch.ElapsedMilliseconds)
}

# Why a probe does not run at all (not configured, or needs elevation this prompt lacks), or its parameters.
function Get-ClickkerPlan {
    param($Probe, $Elevated)
    $parameters = @{}
    $missing = $null
    foreach ($name in $Probe.Parameters.Keys) {
        $value = $ClickkerSettings[$Probe.Parameters[$name]]
        if (-not $value) { $missing = $Probe.Missing[$Probe.Parameters[$name]] } else { $parameters[$name] = $value }
    }
    if ($null -ne $missing) { return @{ Record = (New-ClickkerFailure 'not-configured' $missing 0) } }
    if ($ClickkerDefaultEndpointsRefused -and @($Probe.Parameters.Values) -contains 'Endpoints') {
        return @{ Record = (New-ClickkerFailure 'unsupported' 'not on Windows: the default endpoints are not requested from here; give -Endpoints to request those URLs' 0) }
    }
    if ($Probe.NeedsElevation -and $Elevated -eq $false) { return @{ Record = (New-ClickkerFailure 'needs-elevation' $ClickkerElevationMessages[$Probe.Id] 0) } }
    return @{ Parameters = $parameters }
}

$collectedAt = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [System.Globalization.CultureInfo]::InvariantCulture)
$recordById = @{}
$elevated = $null

# identity first, on its own: its IsElevated decides which probes can run.
$identityJob = Start-ClickkerProbe -Probe $ClickkerProbes[0] -Parameters @{} -TimeoutSeconds $ProbeTimeoutSeconds
if ($null -ne $identityJob.Record) {
    $identityRecord = $identityJob.Record
} elseif ($identityJob.Handle.AsyncWaitHandle.WaitOne($ProbeTimeoutSeconds * 1000)) {
    $identityRecord = Complete-ClickkerProbe -Job $identityJob -Elevated $null
} else {
    $identityRecord = Stop-ClickkerProbe -Job $identityJob
}
try {
    $identity = (ConvertFrom-Json -InputObject $identityRecord).data
    if ($identity.IsElevated -is [bool]) { $elevated = $identity.IsElevated }
} catch {
    $elevated = $null
}
$recordById['identity'] = $identityRecord

# The rest at once, in the order of $ClickkerProbes (the slowest first).
$queue = New-Object System.Collections.Generic.Queue[object]
for ($i = 1; $i -lt $ClickkerProbes.Count; $i++) { $queue.Enqueue($ClickkerProbes[$i]) }
$running = New-Object System.Collections.Generic.List[object]
$limit = [Math]::Max(1, $Throttle)
while ($queue.Count -gt 0 -or $running.Count -gt 0) {
    while ($running.Count -lt $limit -and $queue.Count -gt 0) {
        $probe = $queue.Dequeue()
        $plan = Get-ClickkerPlan -Probe $probe -Elevated $elevated
        if ($plan.ContainsKey('Record')) { $recordById[$probe.Id] = $plan.Record; continue }
        $job = Start-ClickkerProbe -Probe $probe -Parameters $plan.Parameters -TimeoutSeconds $ProbeTimeoutSeconds
        if ($null -ne $job.Record) { $recordById[$probe.Id] = $job.Record } else { $running.Add($job) }
    }
    if ($running.Count -eq 0) { continue }
    # Lists are walked through ToArray(): pwsh 7.6 throws "Argument types do not match" on @() of a List[object].
    $now = $running.ToArray()
    $handles = New-Object 'System.Threading.WaitHandle[]' $now.Count
    $wait = 1000
    for ($i = 0; $i -lt $now.Count; $i++) {
        $handles[$i] = $now[$i].Handle.AsyncWaitHandle
        $wait = [Math]::Min($wait, [Math]::Max(0, $now[$i].TimeoutMs - $now[$i].Watch.ElapsedMilliseconds))
    }
    $null = [System.Threading.WaitHandle]::WaitAny($handles, [int] $wait)
    foreach ($job in $now) {
        if ($job.Handle.IsCompleted) {
            $null = $running.Remove($job)
            $recordById[$job.Probe.Id] = Complete-ClickkerProbe -Job $job -Elevated $elevated
        } elseif ($job.Watch.ElapsedMilliseconds -ge $job.TimeoutMs) {
            $null = $running.Remove($job)
            $recordById[$job.Probe.Id] = Stop-ClickkerProbe -Job $job
        }
    }
}

$records = New-Object System.Collections.Generic.List[string]
foreach ($probe in $ClickkerProbes) { $records.Add(('{0}:{1}' -f (ConvertTo-ClickkerJsonString $probe.Id), $recordById[$probe.Id])) }

$snapshot = '{{"schema":{0},"collectedAt":{1},"host":{2},"collector":{{"name":{3},"version":{4}}},"probes":{{{5}}}}}' -f @(
    (ConvertTo-ClickkerJsonString ${psLiteral(SNAPSHOT_SCHEMA)}),
    (ConvertTo-ClickkerJsonString $collectedAt),
    (ConvertTo-ClickkerJsonString $env:COMPUTERNAME),
    (ConvertTo-ClickkerJsonString ${psLiteral(STANDALONE_COLLECTOR_NAME)}),
    (ConvertTo-ClickkerJsonString $ClickkerVersion),
    ($records -join ',')
)

if ($OutFile) {
    $path = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)
    [System.IO.File]::WriteAllText($path, $snapshot, (New-Object System.Text.UTF8Encoding -ArgumentList $false))
    Write-Host (${written[0]} + $path + ${written[1]})
} else {
    $snapshot
}
`;
  return text.replace(/\r?\n/g, '\r\n');
}
