@{
    RootModule        = 'ClickkerMocks.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = '6f0b6a52-3f0e-4d0e-9a53-2c1f3b7d9e11'
    Description       = 'clickker test mocks of Windows-only cmdlets (see ../README.md)'
    # Only commands pwsh on Linux lacks: auto-loading finds these in any runspace.
    FunctionsToExport = @('Get-CimInstance', 'Get-WindowsFeature', 'Get-WindowsOptionalFeature', 'Get-ScheduledTask', 'Register-ScheduledTask',
        'Unregister-ScheduledTask', 'New-ScheduledTaskAction', 'New-ScheduledTaskTrigger', 'New-ScheduledTaskSettingsSet')
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
