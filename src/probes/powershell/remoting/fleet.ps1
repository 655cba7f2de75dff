# clickker remoting: fleet
# clickker collect --computer A,B (issue 17): runs the standalone collector on each target through PowerShell remoting
# from this Windows PowerShell, Invoke-Command -ComputerName ... -FilePath ... -ThrottleLimit (WinRM; see
# https://learn.microsoft.com/powershell/module/microsoft.powershell.core/invoke-command). Each answer is the collector's
# snapshot text, carrying PSComputerName; each target that could not be reached is an ErrorRecord in -ErrorVariable
# whose TargetObject names it (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_remote_troubleshooting).
# Everything comes in as parameters (run with -File, so no value is parsed as PowerShell): the targets as one
# comma-separated string, the collector's path, the throttle, and the account to prompt for. The password is asked
# by Get-Credential in this console, never on a command line.
# Prints one JSON line per target: { computer, snapshot } or { computer, error, id, category, reason }. The credential
# prompt's text comes from clickker in the run's language (-CredentialMessage).
param([string] $ComputerNames, [string] $CollectorPath, [string] $ThrottleLimit = '32', [string] $CredentialUser = '', [string] $ServiceAccount = '',
    [string] $CredentialMessage = 'clickker collect: the account for PowerShell remoting')
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }

$targets = @(([string] $ComputerNames) -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ })
$invoke = @{ ComputerName = $targets; FilePath = $CollectorPath; ThrottleLimit = [int] $ThrottleLimit; ArgumentList = @($ServiceAccount) }
if ($CredentialUser) {
    $invoke['Credential'] = Get-Credential -UserName $CredentialUser -Message $CredentialMessage
}

$failures = $null
$answers = @(Invoke-Command @invoke -ErrorAction SilentlyContinue -ErrorVariable failures)
$seen = @{}
foreach ($a in $answers) {
    $computer = [string] $a.PSComputerName
    $seen[$computer.ToLowerInvariant()] = $true
    [Console]::Out.WriteLine((ConvertTo-Json -Compress -Depth 3 -InputObject ([ordered]@{ computer = $computer; snapshot = [string] $a })))
}
foreach ($e in @($failures)) {
    if ($null -eq $e) { continue }
    $computer = [string] $e.TargetObject
    if (-not $computer -and $null -ne $e.CategoryInfo) { $computer = [string] $e.CategoryInfo.TargetName }
    if (-not $computer -and $null -ne $e.OriginInfo) { $computer = [string] $e.OriginInfo.PSComputerName }
    $seen[([string] $computer).ToLowerInvariant()] = $true
    $record = [ordered]@{
        computer = $computer; error = [string] $e.Exception.Message; id = [string] $e.FullyQualifiedErrorId
        category = [string] $e.CategoryInfo.Category; reason = [string] $e.CategoryInfo.Reason
    }
    [Console]::Out.WriteLine((ConvertTo-Json -Compress -Depth 3 -InputObject $record))
}
foreach ($t in $targets) {
    if (-not $seen.ContainsKey($t.ToLowerInvariant())) {
        # clickker says this one in the run's language, by its id.
        [Console]::Out.WriteLine((ConvertTo-Json -Compress -InputObject ([ordered]@{ computer = $t; error = 'no answer and no error came back from this target'; id = 'clickker.no-answer'; category = ''; reason = '' })))
    }
}
