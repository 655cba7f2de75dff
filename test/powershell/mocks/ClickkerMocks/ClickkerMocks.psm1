# The mock layer as a module, for code that runs probes in runspaces of its own (the standalone collector runs each
# probe in [PowerShell]::Create()): with this folder's parent on PSModulePath, PowerShell auto-loads the module the
# first time such a runspace calls one of the Windows-only commands it exports (Get-CimInstance, Get-WindowsFeature,
# Get-WindowsOptionalFeature, ...). The scenario comes from the JSON file named by $env:CLICKKER_MOCK_SCENARIO.
# Commands that also exist in pwsh (Test-Path, Get-ItemProperty) are not auto-loaded: in such runspaces the registry
# reads reach the real cmdlets, which find no HKLM: drive on Linux.
$scenario = @{}
if ($env:CLICKKER_MOCK_SCENARIO) {
    $scenario = Get-Content -LiteralPath $env:CLICKKER_MOCK_SCENARIO -Raw | ConvertFrom-Json -AsHashtable
}
. (Join-Path -Path (Split-Path -Parent $PSScriptRoot) -ChildPath 'loader.ps1') -Scenario $scenario
# A command the scenario says is missing is not exported either: otherwise auto-loading would bring it back.
$exported = @('Get-CimInstance', 'Get-WindowsFeature', 'Get-WindowsOptionalFeature', 'Get-ScheduledTask', 'Register-ScheduledTask',
    'Unregister-ScheduledTask', 'New-ScheduledTaskAction', 'New-ScheduledTaskTrigger', 'New-ScheduledTaskSettingsSet') | Where-Object { @($scenario['missing']) -notcontains $_ }
Export-ModuleMember -Function $exported
