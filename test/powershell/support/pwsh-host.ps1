# The tests' long-lived pwsh (test/powershell/support/pwsh.ts starts one per jest file: pwsh takes a second or more
# to start). It reads one JSON request per line on stdin and answers each with one line on stdout:
#   @@clickker-host@@ <JSON>
# Requests (field `op`):
#   run   { script, scenario? }  runs PowerShell text in a child scope, after the mock layer (mocks/loader.ps1) was
#                                dot-sourced there with the scenario; answers { stdout, output[], error? }: stdout is
#                                what [Console]::Out got, output the pipeline's objects as strings.
#   parse { text }               PowerShell's own parser (Parser::ParseInput): { errors[], ps51[] } where ps51 lists
#                                what Windows PowerShell 5.1 cannot run (ps51-rules.ps1).
#   tsql  { text }               ScriptDom's TSql130Parser (SQL Server 2016): { errors[] }.
# Test code only: this file never ships.
param(
    [Parameter(Mandatory = $true)] [string] $MockLoader,
    [Parameter(Mandatory = $true)] [string] $Rules,
    [string] $ScriptDom
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$utf8 = New-Object System.Text.UTF8Encoding -ArgumentList $false
[Console]::OutputEncoding = $utf8
[Console]::InputEncoding = $utf8
$hostOut = [Console]::Out
$hostIn = [Console]::In

. $Rules
$script:scriptDomLoaded = $false

function Send-Answer {
    param($Answer)
    $hostOut.WriteLine('@@clickker-host@@ ' + (ConvertTo-Json -InputObject $Answer -Compress -Depth 10))
    $hostOut.Flush()
}

function ConvertTo-ErrorInfo {
    param($Record)
    $types = @(); $x = $Record.Exception
    while ($null -ne $x) { $types += $x.GetType().FullName; $x = $x.InnerException }
    [ordered]@{ message = [string] $Record.Exception.Message; types = $types; id = [string] $Record.FullyQualifiedErrorId }
}

function Invoke-Run {
    param($Request)
    $writer = New-Object System.IO.StringWriter
    [Console]::SetOut($writer)
    $output = New-Object System.Collections.Generic.List[string]; $err = $null
    try {
        $scenario = $Request.scenario
        $text = [string] $Request.script
        # A child scope: the mocks and everything the script defines are gone when it ends.
        # Output is kept as it comes, so what a script printed before it threw is reported too.
        & {
            . $MockLoader -Scenario $scenario
            . ([scriptblock]::Create($text))
        } | ForEach-Object { $output.Add($(if ($null -eq $_) { '' } else { [string] $_ })) }
    } catch {
        $err = ConvertTo-ErrorInfo $_
    } finally {
        [Console]::SetOut($hostOut)
    }
    [ordered]@{ stdout = $writer.ToString(); output = $output.ToArray(); error = $err }
}

function Invoke-TSqlParse {
    param([string] $Text)
    if (-not $script:scriptDomLoaded) {
        if (-not $ScriptDom) { throw 'no ScriptDom assembly was given (-ScriptDom)' }
        Add-Type -LiteralPath $ScriptDom
        $script:scriptDomLoaded = $true
    }
    # initialQuotedIdentifiers = true: SET QUOTED_IDENTIFIER ON, what SqlClient and tedious sessions use.
    $parser = New-Object Microsoft.SqlServer.TransactSql.ScriptDom.TSql130Parser -ArgumentList $true
    $errors = $null
    $null = $parser.Parse((New-Object System.IO.StringReader -ArgumentList $Text), [ref] $errors)
    [ordered]@{ errors = @($errors | ForEach-Object { [ordered]@{ line = $_.Line; column = $_.Column; number = $_.Number; message = $_.Message } }) }
}

# Ready: the Node side starts each request's deadline only from here, so pwsh's own start-up (seconds on a busy
# machine) never counts against a request.
Send-Answer ([ordered]@{ id = 0; ready = $true })

while ($true) {
    $line = $hostIn.ReadLine()
    if ($null -eq $line) { break }
    if ($line.Trim() -eq '') { continue }
    $request = $null
    try {
        $request = ConvertFrom-Json -InputObject $line -AsHashtable
        $answer = switch ($request.op) {
            'run' { Invoke-Run $request }
            'parse' { Get-ParseReport -Text ([string] $request.text) }
            'tsql' { Invoke-TSqlParse -Text ([string] $request.text) }
            default { throw "unknown op $($request.op)" }
        }
        $answer['id'] = $request.id
        Send-Answer $answer
    } catch {
        Send-Answer ([ordered]@{ id = $(if ($request) { $request.id } else { $null }); hostError = [string] $_.Exception.Message })
    }
}
