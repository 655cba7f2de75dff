# What Windows PowerShell 5.1 (the only PowerShell on Windows Server 2016) cannot run, found by walking the AST that
# PowerShell 7's own parser builds. Dot-sourced by pwsh-host.ps1. The syntax rules follow Microsoft's "What's new"
# pages (each names the version that added the construct):
#   https://learn.microsoft.com/en-us/powershell/scripting/whats-new/what-s-new-in-powershell-70
#     ternary ?:, pipeline chains && ||, null-coalescing ?? ??=, null-conditional ?. ?[] , ForEach-Object -Parallel
#   https://learn.microsoft.com/en-us/powershell/scripting/whats-new/what-s-new-in-powershell-74 (clean {} block)
# Commands and their parameters are checked against ps51-commands.json (data, with its sources).
$script:ps51Commands = $null

function Get-Ps51Commands {
    if ($null -eq $script:ps51Commands) {
        $file = Join-Path -Path $PSScriptRoot -ChildPath 'ps51-commands.json'
        $script:ps51Commands = Get-Content -LiteralPath $file -Raw | ConvertFrom-Json -AsHashtable
    }
    $script:ps51Commands
}

function New-Finding {
    param([string] $Rule, $Ast, [string] $Detail)
    [ordered]@{ rule = $Rule; line = $Ast.Extent.StartLineNumber; column = $Ast.Extent.StartColumnNumber; text = $Ast.Extent.Text.Split("`n")[0]; detail = $Detail }
}

function Get-Ps51Findings {
    param([System.Management.Automation.Language.Ast] $Ast)
    $L = 'System.Management.Automation.Language'
    $data = Get-Ps51Commands
    $out = New-Object System.Collections.Generic.List[object]
    $all = $Ast.FindAll({ $true }, $true)
    $defined = @{}
    foreach ($node in $all) {
        # A function defined with a scope (function global:Name) is called by its bare name.
        if ($node -is [System.Management.Automation.Language.FunctionDefinitionAst]) { $defined[($node.Name -replace '^(global|script|local|private):', '').ToLowerInvariant()] = $true }
    }
    foreach ($node in $all) {
        $type = $node.GetType().FullName
        switch ($type) {
            "$L.TernaryExpressionAst" { $out.Add((New-Finding 'ternary ?:' $node '')) }
            "$L.PipelineChainAst" { $out.Add((New-Finding 'pipeline chain && / ||' $node '')) }
            "$L.BinaryExpressionAst" {
                if ($node.Operator -eq [System.Management.Automation.Language.TokenKind]::QuestionQuestion) { $out.Add((New-Finding 'null-coalescing ??' $node '')) }
            }
            "$L.AssignmentStatementAst" {
                if ($node.Operator -eq [System.Management.Automation.Language.TokenKind]::QuestionQuestionEquals) { $out.Add((New-Finding 'null-coalescing assignment ??=' $node '')) }
            }
            { $_ -in "$L.MemberExpressionAst", "$L.InvokeMemberExpressionAst", "$L.IndexExpressionAst" } {
                if ($node.NullConditional) { $out.Add((New-Finding 'null-conditional ?. / ?[]' $node '')) }
            }
            "$L.ScriptBlockAst" {
                if ($null -ne $node.CleanBlock) { $out.Add((New-Finding 'clean {} block' $node.CleanBlock '')) }
            }
            "$L.VariableExpressionAst" {
                $name = $node.VariablePath.UserPath
                if ($data.variables.names -contains $name) { $out.Add((New-Finding 'PowerShell 7 automatic variable' $node "`$$name")) }
            }
            "$L.CommandAst" {
                $name = $node.GetCommandName()
                if (-not $name) { break }
                # A module-qualified call (Microsoft.PowerShell.Utility\New-Object) is checked by its command name.
                $key = ($name -replace '^[A-Za-z0-9.]+\\', '').ToLowerInvariant()
                if ($defined.ContainsKey($key)) { break }
                $entry = $null
                foreach ($k in $data.commands.Keys) { if ($k.ToLowerInvariant() -eq $key) { $entry = $data.commands[$k].parameters; $name = $k; break } }
                if ($null -eq $entry) {
                    $native = $false
                    foreach ($n in $data.native.names) { if ($n.ToLowerInvariant() -eq $key) { $native = $true } }
                    if (-not $native) { $out.Add((New-Finding 'command not in the Windows PowerShell 5.1 list' $node $name)) }
                    break
                }
                $allowed = @($entry) + @($data.commonParameters.names)
                foreach ($element in $node.CommandElements) {
                    if ($element -isnot [System.Management.Automation.Language.CommandParameterAst]) { continue }
                    $p = $element.ParameterName.ToLowerInvariant()
                    # PowerShell accepts any unambiguous prefix of a parameter name.
                    $prefixed = @($allowed | Where-Object { $_.ToLowerInvariant().StartsWith($p) })
                    $exact = @($allowed | Where-Object { $_.ToLowerInvariant() -eq $p })
                    if ($exact.Count -eq 0 -and $prefixed.Count -ne 1) {
                        $out.Add((New-Finding 'parameter not in Windows PowerShell 5.1' $element "$name -$($element.ParameterName)"))
                    }
                }
            }
        }
    }
    $out.ToArray()
}

function Get-ParseReport {
    param([string] $Text)
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Text, [ref] $tokens, [ref] $errors)
    [ordered]@{
        errors = @($errors | ForEach-Object {
                [ordered]@{ line = $_.Extent.StartLineNumber; column = $_.Extent.StartColumnNumber; id = $_.ErrorId; message = $_.Message; text = $_.Extent.Text }
            })
        ps51   = @(Get-Ps51Findings -Ast $ast)
    }
}
