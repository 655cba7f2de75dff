# clickker probe: jobhost
# Several jobs at once in the one PowerShell process, driven by short invocations (issue 17): node-powershell runs one
# command at a time, so instead of one long invocation per job, Node asks this script to `open` a RunspacePool (kept in
# $global:ClickkerJobHost between invocations), to `submit` jobs, and to `poll` for what happened since the last call.
# Every call is one ordinary bridge invocation (src/probes/powershell/envelope.ts: base64 script and parameters, one
# base64 JSON answer with its nonce), so the envelope's guarantees hold for every message.
#   -Action open    -Throttle n -Warm <command names, one a line>: create the pool and start opening it in the
#                   background (the first submit waits for it), and queue one warm-up job per slot that loads the
#                   modules of those commands. Answers { opened, stateMs } at once.
#   -Action submit  -Jobs <lines>: queue jobs (one line each, TAB-separated: key, deadline in ms, base64(UTF-8 script),
#                   then name=base64(value) per parameter; only base64 and checked names travel, as in pool.ps1), start
#                   what the throttle allows, and answer like poll with -WaitMs 0.
#   -Action poll    -WaitMs n: start queued jobs as slots free, wait up to n ms for a job to end or reach its deadline,
#                   and answer { events: [ { key, event: 'started' } | { key, event: 'done', ok, data | error, ms,
#                   phases: { queue, start, run, notice } } ],
#                   running, queued, abandoned }. A job past its deadline is asked to stop and abandoned (event done,
#                   error.kind 'timeout'); its runspace is not reused, and the pool has room beyond the throttle for it.
#   -Action close   dispose the pool unless an abandoned job still runs; answer { abandoned } (Node kills the process
#                   tree when it is not 0).
# `open` also defines this script's functions in the global scope, so that submit and poll (several a second) send a
# one-line call (JOB_HOST_CALL in job-host.ts) instead of this whole script: measured here, re-sending and re-reading
# it at every poll cost more CPU than the probes' own work on a loaded machine.
param([string] $Action, [string] $Jobs = '', [string] $Throttle = '4', [string] $WaitMs = '0', [string] $Warm = '')
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }
# Cmdlets are called by their module-qualified names: a session may define functions of the same names (the test mock
# layer replaces Get-ChildItem, New-Object and Import-Module for its own paths), and the host must not run those.

function global:New-ClickkerJobHost {
    param([int] $Limit, [string[]] $WarmCommands)
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    # The pool's runspaces start from the default session state (CreateDefault2: modules load on first use) plus what
    # this session defined itself from script files and its Clickker* variables. On a server (-NoProfile) that is
    # nothing; under the test mock layer (test/powershell/mocks) it is the mocks, so a job sees what it would see in
    # the session itself.
    # https://learn.microsoft.com/dotnet/api/system.management.automation.runspaces.initialsessionstate.createdefault2
    $state = [System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2()
    # The modules nearly every probe uses (ConvertTo-Json, Select-Object and New-Object; the registry and file reads;
    # Get-CimInstance) are imported as each runspace opens instead of being found by command discovery at a job's
    # first use: measured here, that first use in a fresh runspace was most of the slowest probe's extra time (the
    # discovery searches every module on PSModulePath). All three ship with Windows PowerShell 5.1 in $PSHOME\Modules.
    # ThrowOnRunspaceOpenError stays false (its default), so a module that cannot load leaves the runspace usable and
    # the command is found the old way.
    # https://learn.microsoft.com/dotnet/api/system.management.automation.runspaces.initialsessionstate.importpsmodule
    # https://learn.microsoft.com/dotnet/api/system.management.automation.runspaces.initialsessionstate.throwonrunspaceopenerror
    $state.ImportPSModule([string[]] @('Microsoft.PowerShell.Utility', 'Microsoft.PowerShell.Management', 'CimCmdlets'))
    # ::new rather than New-Object for each entry: one call per function, not one cmdlet run each (5.0+ syntax).
    foreach ($f in @(Microsoft.PowerShell.Management\Get-ChildItem -Path Function:)) {
        if ($null -ne $f.ScriptBlock -and $f.ScriptBlock.File) {
            $state.Commands.Add([System.Management.Automation.Runspaces.SessionStateFunctionEntry]::new($f.Name, $f.Definition))
        }
    }
    foreach ($v in @(Microsoft.PowerShell.Utility\Get-Variable -Scope Global -Name 'Clickker*' -ErrorAction SilentlyContinue)) {
        if ($v.Name -like 'ClickkerJobHost*') { continue }
        # A script block belongs to the runspace that made it: called from a job it runs in this session's runspace, on
        # the job's thread, while the session reads its next command; found in pwsh 7.6 to break the session (every
        # command then failed with "The term 'Out-Default' is not recognized"). Such variables stay here.
        $holdsCode = $v.Value -is [scriptblock]
        if ($v.Value -is [System.Collections.IDictionary]) { foreach ($x in @($v.Value.Values)) { if ($x -is [scriptblock]) { $holdsCode = $true } } }
        if ($holdsCode) { continue }
        $state.Variables.Add([System.Management.Automation.Runspaces.SessionStateVariableEntry]::new($v.Name, $v.Value, ''))
    }
    $stateMs = $clock.ElapsedMilliseconds
    # Room beyond the throttle for abandoned jobs: the throttle counts live jobs only, so a hung job never takes a live
    # one's place. 64 is far above the probes and bridge scripts of one run.
    # Not this session's $Host: the session goes on reading commands while jobs run, and a pool runspace that shares
    # the console host broke it (found in pwsh 7.6: after a job auto-loaded a module, every command of the session
    # failed with "The term 'Out-Default' is not recognized"). The pool's own default host is never used: jobs print
    # nothing to a host, their output is returned.
    # https://learn.microsoft.com/dotnet/api/system.management.automation.runspaces.runspacefactory.createrunspacepool
    $pool = [RunspaceFactory]::CreateRunspacePool($state)
    $null = $pool.SetMaxRunspaces($Limit + 64)
    $null = $pool.SetMinRunspaces($Limit)
    # Opened in the background (BeginOpen: a thread-pool thread creates and opens the pool's first runspace, with the
    # modules above), so `open` answers at once and that work overlaps Node sending the first jobs; the first submit
    # waits for it (EndOpen, which also raises what the opening raised).
    # https://learn.microsoft.com/dotnet/api/system.management.automation.runspaces.runspacepool.beginopen
    # https://learn.microsoft.com/dotnet/api/system.management.automation.runspaces.runspacepool.endopen
    $opening = $pool.BeginOpen($null, $null)
    $jobHost = [pscustomobject]@{
        Pool = $pool; Limit = $Limit; Clock = $clock; Opening = $opening; StateMs = $stateMs; OpenMs = $null
        Queue = Microsoft.PowerShell.Utility\New-Object System.Collections.Generic.Queue[object]
        Running = Microsoft.PowerShell.Utility\New-Object System.Collections.Generic.List[object]
        Abandoned = Microsoft.PowerShell.Utility\New-Object System.Collections.Generic.List[object]
        Events = Microsoft.PowerShell.Utility\New-Object System.Collections.Generic.List[object]
    }
    # Warm-up: one job per slot that resolves the commands the probes call (module auto-loading happens per runspace,
    # and costs most of a cold probe's overhead) and serialises a small object once. Internal jobs: no events are reported.
    $warmScript = 'param([string[]] $Names) foreach ($n in $Names) { $null = Get-Command -Name $n -ErrorAction SilentlyContinue }; $null = ConvertTo-Json -InputObject @{ a = 1 } -Compress -Depth 2'
    if ($WarmCommands.Count -gt 0) {
        for ($i = 0; $i -lt $Limit; $i++) {
            $jobHost.Queue.Enqueue([pscustomobject]@{ Key = ''; TimeoutMs = 60000; Script = $warmScript; Parameters = @{ Names = $WarmCommands }; Internal = $true; QueuedAt = 0 })
        }
    }
    return $jobHost
}

# What runs in a pool runspace: the job with the bridge's preferences, its output joined, or its exception chain
# (types and HRESULTs, outermost first) the way envelope.ts reports a script that threw. It reads the host's clock when
# it begins and ends, so each job's answer says where its time went (runspace and start, the script itself).
$global:ClickkerJobHostWrapper = @'
param([string] $ClickkerScript, [hashtable] $ClickkerParameters, [System.Diagnostics.Stopwatch] $ClickkerClock)
$ClickkerEntered = $ClickkerClock.ElapsedMilliseconds
$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; $WarningPreference = 'SilentlyContinue'
$VerbosePreference = 'SilentlyContinue'; $InformationPreference = 'SilentlyContinue'; $ConfirmPreference = 'None'
try {
    $o = @(& ([scriptblock]::Create($ClickkerScript)) @ClickkerParameters)
    [ordered]@{ ok = $true; data = ($o -join [string][char]10); entered = $ClickkerEntered; ended = $ClickkerClock.ElapsedMilliseconds }
} catch {
    $t = @(); $c = @(); $x = $_.Exception
    while ($null -ne $x) { $t += $x.GetType().FullName; $c += $x.HResult; $x = $x.InnerException }
    [ordered]@{ ok = $false; error = [ordered]@{ message = [string] $_.Exception.Message; types = $t; hresults = $c; category = [string] $_.CategoryInfo.Category; id = [string] $_.FullyQualifiedErrorId }; entered = $ClickkerEntered; ended = $ClickkerClock.ElapsedMilliseconds }
}
'@

function global:Start-ClickkerQueued {
    param($H)
    if ($null -ne $H.Opening -and $H.Queue.Count -gt 0) {
        # The pool opened in the background (New-ClickkerJobHost): the first job waits for it here.
        $H.Pool.EndOpen($H.Opening)
        $H.Opening = $null
        $H.OpenMs = $H.Clock.ElapsedMilliseconds
    }
    while ($H.Running.Count -lt $H.Limit -and $H.Queue.Count -gt 0) {
        $job = $H.Queue.Dequeue()
        $ps = [PowerShell]::Create()
        $ps.RunspacePool = $H.Pool
        if ($job.Internal) {
            $null = $ps.AddScript($job.Script).AddParameter('Names', $job.Parameters.Names)
        } else {
            $null = $ps.AddScript($global:ClickkerJobHostWrapper).AddParameter('ClickkerScript', $job.Script).AddParameter('ClickkerParameters', $job.Parameters).AddParameter('ClickkerClock', $H.Clock)
            $H.Events.Add([ordered]@{ key = $job.Key; event = 'started' })
        }
        $now = $H.Clock.ElapsedMilliseconds
        $H.Running.Add([pscustomobject]@{ Job = $job; PowerShell = $ps; Handle = $ps.BeginInvoke(); Started = $now; Deadline = $now + $job.TimeoutMs })
    }
}

function global:Complete-ClickkerJobs {
    param($H)
    # Lists are walked through ToArray(): pwsh 7.6 throws "Argument types do not match" on @() of a List[object].
    foreach ($r in $H.Running.ToArray()) {
        $ms = $H.Clock.ElapsedMilliseconds - $r.Started
        if ($r.Handle.IsCompleted) {
            $null = $H.Running.Remove($r)
            try {
                $out = @($r.PowerShell.EndInvoke($r.Handle))
                if ($r.Job.Internal) { continue }
                $answer = $out[$out.Count - 1]
                if ($null -eq $answer) { throw 'the job wrapper printed nothing' }
                # Where the job's time went, in ms: waiting for a slot, getting a runspace and starting the script (a
                # new runspace is created and opened here), the script itself, and waiting to be noticed.
                $phases = [ordered]@{ queue = $r.Started - $r.Job.QueuedAt; start = $answer.entered - $r.Started; run = $answer.ended - $answer.entered; notice = $r.Started + $ms - $answer.ended }
                if ($answer.ok) {
                    $H.Events.Add([ordered]@{ key = $r.Job.Key; event = 'done'; ok = $true; data = $answer.data; ms = $ms; phases = $phases })
                } else {
                    $H.Events.Add([ordered]@{ key = $r.Job.Key; event = 'done'; ok = $false; error = $answer.error; ms = $ms; phases = $phases })
                }
            } catch {
                if (-not $r.Job.Internal) {
                    $H.Events.Add([ordered]@{ key = $r.Job.Key; event = 'done'; ok = $false; error = [ordered]@{ message = [string] $_.Exception.Message; kind = 'error'; types = @(); hresults = @() }; ms = $ms })
                }
            } finally {
                $r.PowerShell.Dispose()
            }
        } elseif ($H.Clock.ElapsedMilliseconds -ge $r.Deadline) {
            $null = $H.Running.Remove($r)
            # Ask it to stop but do not wait: a job stuck in a native call may never stop.
            $null = $r.PowerShell.BeginStop($null, $null)
            $H.Abandoned.Add($r)
            if (-not $r.Job.Internal) {
                $H.Events.Add([ordered]@{ key = $r.Job.Key; event = 'done'; ok = $false; error = [ordered]@{ message = ('no answer within {0} ms; the job was abandoned and the others went on' -f $r.Job.TimeoutMs); kind = 'timeout'; types = @(); hresults = @() }; ms = $ms })
            }
        }
    }
}

function global:Get-ClickkerStillRunning {
    param($H)
    $n = 0
    foreach ($r in $H.Abandoned.ToArray()) { if (-not $r.Handle.IsCompleted) { $n++ } }
    return $n
}

function global:Get-ClickkerAnswer {
    param($H)
    $events = $H.Events.ToArray()
    $H.Events.Clear()
    return [ordered]@{ events = $events; running = $H.Running.Count; queued = $H.Queue.Count; abandoned = (Get-ClickkerStillRunning $H) }
}

function global:Invoke-ClickkerJobHost {
param([string] $Action, [string] $Jobs = '', [string] $Throttle = '4', [string] $WaitMs = '0', [string] $Warm = '')
$ErrorActionPreference = 'Stop'
$u = Microsoft.PowerShell.Utility\New-Object System.Text.UTF8Encoding -ArgumentList $false
$H = $global:ClickkerJobHost
switch ($Action) {
    'open' {
        if ($null -ne $H) { throw 'the job host is already open' }
        $names = @(([string] $Warm) -split [string][char]10 | Microsoft.PowerShell.Core\Where-Object { $_ })
        $global:ClickkerJobHost = New-ClickkerJobHost -Limit ([Math]::Max(1, [int] $Throttle)) -WarmCommands $names
        $H = $global:ClickkerJobHost
        Start-ClickkerQueued $H
        $result = [ordered]@{ opened = $true; stateMs = $H.StateMs }
    }
    'submit' {
        if ($null -eq $H) { throw 'the job host is not open' }
        foreach ($line in @(([string] $Jobs) -split [string][char]10)) {
            if (-not $line) { continue }
            $fields = $line -split [string][char]9
            $parameters = @{}
            for ($i = 3; $i -lt $fields.Count; $i++) {
                $pair = $fields[$i] -split '=', 2
                if ($pair[0] -notmatch '^[A-Za-z][A-Za-z0-9]*$') { throw "invalid parameter name in job $($fields[0])" }
                $parameters[$pair[0]] = $u.GetString([System.Convert]::FromBase64String($pair[1]))
            }
            $H.Queue.Enqueue([pscustomobject]@{ Key = $fields[0]; TimeoutMs = [long] $fields[1]; Script = $u.GetString([System.Convert]::FromBase64String($fields[2])); Parameters = $parameters; Internal = $false; QueuedAt = $H.Clock.ElapsedMilliseconds })
        }
        Complete-ClickkerJobs $H
        Start-ClickkerQueued $H
        $result = Get-ClickkerAnswer $H
    }
    'poll' {
        if ($null -eq $H) { throw 'the job host is not open' }
        $until = $H.Clock.ElapsedMilliseconds + [Math]::Max(0, [long] $WaitMs)
        while ($true) {
            Complete-ClickkerJobs $H
            Start-ClickkerQueued $H
            $left = $until - $H.Clock.ElapsedMilliseconds
            if ($H.Events.Count -gt 0 -or $left -le 0 -or ($H.Running.Count -eq 0 -and $H.Queue.Count -eq 0)) { break }
            # Wake for the first job to end or the nearest deadline, whichever comes first.
            $handles = Microsoft.PowerShell.Utility\New-Object System.Collections.Generic.List[System.Threading.WaitHandle]
            $next = $until
            foreach ($r in $H.Running.ToArray()) {
                $handles.Add($r.Handle.AsyncWaitHandle)
                if ($r.Deadline -lt $next) { $next = $r.Deadline }
            }
            $wait = [int] [Math]::Max(1, [Math]::Min($left, $next - $H.Clock.ElapsedMilliseconds))
            if ($handles.Count -gt 0) { $null = [System.Threading.WaitHandle]::WaitAny($handles.ToArray(), $wait) } else { Microsoft.PowerShell.Utility\Start-Sleep -Milliseconds $wait }
        }
        $result = Get-ClickkerAnswer $H
    }
    'close' {
        $still = 0
        if ($null -ne $H) {
            # A pool still opening in the background (no job was ever submitted) is let finish, so Dispose closes all of it.
            if ($null -ne $H.Opening) { try { $H.Pool.EndOpen($H.Opening) } catch { $null = $_ }; $H.Opening = $null }
            Complete-ClickkerJobs $H
            foreach ($r in $H.Running.ToArray()) { $null = $r.PowerShell.BeginStop($null, $null); $H.Abandoned.Add($r) }
            $H.Running.Clear()
            $still = Get-ClickkerStillRunning $H
            if ($still -gt 0) { Microsoft.PowerShell.Utility\Start-Sleep -Milliseconds 200; $still = Get-ClickkerStillRunning $H }
            if ($still -eq 0) { $H.Pool.Dispose() }
            $global:ClickkerJobHost = $null
        }
        $result = [ordered]@{ abandoned = $still }
    }
    default { throw "unknown job host action: $Action" }
}
Microsoft.PowerShell.Utility\ConvertTo-Json -InputObject $result -Compress -Depth 6
}

Invoke-ClickkerJobHost -Action $Action -Jobs $Jobs -Throttle $Throttle -WaitMs $WaitMs -Warm $Warm
