# clickker probe: pool
# Runs several probe scripts at once inside this one PowerShell process (issue 17): a RunspacePool, at most -Throttle
# probes running at a time, started in the order given (the bridge sends the slowest first), each with its own
# deadline counted from its own start. A probe past its deadline is asked to stop and abandoned: its record says
# timeout and the others go on. Abandoned probes keep their runspace (the pool has room for them beyond the throttle),
# so a hang never holds up the rest; if one has still not stopped at the end, the answer says so and the bridge kills
# this process tree once it has read it.
# -Jobs: one line per probe, fields separated by a TAB: id, deadline in ms, base64(UTF-8 script), then name=base64(value)
# for each parameter. Only base64 and checked names travel, so no value is ever parsed as PowerShell or as JSON (Windows
# PowerShell 5.1's ConvertFrom-Json would turn "\/Date(0)\/" into a [DateTime]).
# -BudgetMs: after this many ms no probe starts, and running ones get no more than what is left.
# Prints one JSON document: { records: [ { id, ok, data | error, ms } ], abandoned: <probes still running> }.
param([string] $Jobs, [string] $Throttle = '4', [string] $BudgetMs = '180000')
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

$u = New-Object System.Text.UTF8Encoding -ArgumentList $false
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$budget = [long] $BudgetMs
$limit = [Math]::Max(1, [int] $Throttle)

# What runs in a pool runspace: the probe with the bridge's preferences, its output joined, or its exception chain
# (types and HRESULTs, outermost first) the way src/probes/powershell/envelope.ts reports a probe that threw.
$wrapper = @'
param([string] $ClickkerScript, [hashtable] $ClickkerParameters)
$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; $WarningPreference = 'SilentlyContinue'
$VerbosePreference = 'SilentlyContinue'; $InformationPreference = 'SilentlyContinue'; $ConfirmPreference = 'None'
try {
    $o = @(& ([scriptblock]::Create($ClickkerScript)) @ClickkerParameters)
    [ordered]@{ ok = $true; data = ($o -join [string][char]10) }
} catch {
    $t = @(); $c = @(); $x = $_.Exception
    while ($null -ne $x) { $t += $x.GetType().FullName; $c += $x.HResult; $x = $x.InnerException }
    [ordered]@{ ok = $false; error = [ordered]@{ message = [string] $_.Exception.Message; types = $t; hresults = $c; category = [string] $_.CategoryInfo.Category; id = [string] $_.FullyQualifiedErrorId } }
}
'@

$queue = New-Object System.Collections.Generic.Queue[object]
foreach ($line in @(([string] $Jobs) -split [string][char]10)) {
    if (-not $line) { continue }
    $fields = $line -split [string][char]9
    $parameters = @{}
    for ($i = 3; $i -lt $fields.Count; $i++) {
        $pair = $fields[$i] -split '=', 2
        $parameters[$pair[0]] = $u.GetString([System.Convert]::FromBase64String($pair[1]))
    }
    $queue.Enqueue([pscustomobject]@{ Id = $fields[0]; TimeoutMs = [long] $fields[1]; Script = $u.GetString([System.Convert]::FromBase64String($fields[2])); Parameters = $parameters })
}

$records = New-Object System.Collections.Generic.List[object]
$running = New-Object System.Collections.Generic.List[object]
$abandoned = New-Object System.Collections.Generic.List[object]
# The pool's runspaces start from the default session state (CreateDefault2: modules load on first use, a faster
# runspace) plus what this session defined itself: functions from
# script files and Clickker* variables. On a server (-NoProfile) that is nothing; under the test mock layer
# (test/powershell/mocks) it is the mocks, so a probe sees in the pool what it would see run one by one.
$state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
foreach ($f in @(Get-ChildItem -Path Function:)) {
    if ($null -ne $f.ScriptBlock -and $f.ScriptBlock.File) {
        $state.Commands.Add((New-Object System.Management.Automation.Runspaces.SessionStateFunctionEntry -ArgumentList $f.Name, $f.Definition))
    }
}
foreach ($v in @(Get-Variable -Scope Global -Name 'Clickker*' -ErrorAction SilentlyContinue)) {
    $state.Variables.Add((New-Object System.Management.Automation.Runspaces.SessionStateVariableEntry -ArgumentList $v.Name, $v.Value, ''))
}
# Room for every probe: the throttle below counts live probes only, so an abandoned one never takes a live one's place.
$pool = [RunspaceFactory]::CreateRunspacePool([Math]::Max(1, [Math]::Min($limit, $queue.Count)), [Math]::Max(1, $queue.Count), $state, $Host)
$pool.Open()

function Get-ClickkerFailure {
    param([string] $Id, [string] $Kind, [string] $Message, [long] $Ms)
    return [ordered]@{ id = $Id; ok = $false; error = [ordered]@{ message = $Message; kind = $Kind; types = @(); hresults = @() }; ms = $Ms }
}

while ($queue.Count -gt 0 -or $running.Count -gt 0) {
    while ($running.Count -lt $limit -and $queue.Count -gt 0) {
        $job = $queue.Dequeue()
        $left = $budget - $clock.ElapsedMilliseconds
        if ($left -le 0) {
            $records.Add((Get-ClickkerFailure $job.Id 'timeout' ('the total budget of {0} ms ran out before this probe started' -f $budget) 0))
            continue
        }
        $ps = [PowerShell]::Create()
        $ps.RunspacePool = $pool
        $null = $ps.AddScript($wrapper).AddParameter('ClickkerScript', $job.Script).AddParameter('ClickkerParameters', $job.Parameters)
        $running.Add([pscustomobject]@{
            Job = $job; PowerShell = $ps; Handle = $ps.BeginInvoke(); Started = $clock.ElapsedMilliseconds
            Deadline = $clock.ElapsedMilliseconds + [Math]::Min($job.TimeoutMs, $left)
        })
    }
    if ($running.Count -eq 0) { continue }
    # Lists are walked through ToArray(): pwsh 7.6 throws "Argument types do not match" on @() of a List[object].
    $now = $running.ToArray()
    $next = [long]::MaxValue
    $handles = New-Object 'System.Threading.WaitHandle[]' $now.Count
    for ($i = 0; $i -lt $now.Count; $i++) {
        $handles[$i] = $now[$i].Handle.AsyncWaitHandle
        if ($now[$i].Deadline -lt $next) { $next = $now[$i].Deadline }
    }
    $wait = [int] [Math]::Max(0, [Math]::Min(1000, $next - $clock.ElapsedMilliseconds))
    $null = [System.Threading.WaitHandle]::WaitAny($handles, $wait)
    foreach ($r in $now) {
        $ms = $clock.ElapsedMilliseconds - $r.Started
        if ($r.Handle.IsCompleted) {
            $null = $running.Remove($r)
            try {
                $out = @($r.PowerShell.EndInvoke($r.Handle))
                $answer = $out[$out.Count - 1]
                if ($null -eq $answer) { throw 'the probe wrapper printed nothing' }
                if ($answer.ok) {
                    $records.Add([ordered]@{ id = $r.Job.Id; ok = $true; data = $answer.data; ms = $ms })
                } else {
                    $records.Add([ordered]@{ id = $r.Job.Id; ok = $false; error = $answer.error; ms = $ms })
                }
            } catch {
                $records.Add((Get-ClickkerFailure $r.Job.Id 'error' ([string] $_.Exception.Message) $ms))
            } finally {
                $r.PowerShell.Dispose()
            }
        } elseif ($clock.ElapsedMilliseconds -ge $r.Deadline) {
            $null = $running.Remove($r)
            # Ask it to stop but do not wait: a probe stuck in a native call may never stop.
            $null = $r.PowerShell.BeginStop($null, $null)
            $abandoned.Add($r)
            $records.Add((Get-ClickkerFailure $r.Job.Id 'timeout' ('no answer within {0} ms; the probe was abandoned and the others went on' -f ($r.Deadline - $r.Started)) $ms))
        }
    }
}

# Give the stop requests a moment; whatever still runs is left to the bridge, which kills this process tree.
function Get-ClickkerStillRunning {
    $n = 0
    foreach ($r in $abandoned.ToArray()) { if (-not $r.Handle.IsCompleted) { $n++ } }
    return $n
}
$still = Get-ClickkerStillRunning
if ($still -gt 0) { Start-Sleep -Milliseconds 200; $still = Get-ClickkerStillRunning }
if ($still -eq 0) { $pool.Dispose() }
ConvertTo-Json -InputObject ([ordered]@{ records = $records.ToArray(); abandoned = $still }) -Compress -Depth 6
