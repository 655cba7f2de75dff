# Installing what features.ps1 reads: Install-WindowsFeature (ServerManager) and Enable-WindowsOptionalFeature -Online
# (DISM), changing the same $ClickkerMock.windowsFeatures / optionalFeatures.
# Shapes: Install-WindowsFeature returns one FeatureOperationResult: Success (bool), RestartNeeded (RestartState:
# No, Yes, Maybe), FeatureResult (the features changed), ExitCode (FeatureOperationExitCode: Success,
# NoChangeNeeded, Failed, SuccessRestartRequired, ...) - https://learn.microsoft.com/en-us/powershell/module/servermanager/install-windowsfeature
# (example output "Success Restart Needed Exit Code Feature Result / True No Success {...}"). A name ServerManager
# does not know is a terminating ArgumentNotValid error "The role, role service, or feature name is not valid:
# '<name>'. The name was not found." A feature whose payload was removed (InstallState 5) needs -Source: without one
# (or with one that does not hold it) the result is Success False, ExitCode Failed, and an error naming 0x800f081f,
# "The source files could not be found." (https://learn.microsoft.com/en-us/windows-hardware/manufacture/desktop/configure-a-windows-repair-source).
# Enable-WindowsOptionalFeature returns an ImageObject with RestartNeeded (bool); a removed payload without -Source
# throws COMException 0x800F081F (FeatureState 6 DisabledWithPayloadRemoved, features.ps1).
# A source holds the payload when it is listed in scenario `featureSources` (default: none), e.g.
# 'wim:D:\sources\install.wim:4'; learn.microsoft.com says \sources\sxs holds .NET 3.5 only.
enum ClickkerRestartState { No = 0; Yes = 1; Maybe = 2 }
enum ClickkerFeatureExitCode { Success = 0; NoChangeNeeded = 1003; Failed = 1; SuccessRestartRequired = 3010 }

function Install-WindowsFeature {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true, Position = 0)] [string[]] $Name, [string[]] $Source, [switch] $IncludeAllSubFeature, [switch] $IncludeManagementTools, [switch] $Restart)
    Enter-ClickkerMock 'Install-WindowsFeature'
    $all = @($ClickkerMock['windowsFeatures'] | Where-Object { $null -ne $_ })
    $hits = foreach ($n in $Name) {
        $f = @($all | Where-Object { $_['Name'] -eq $n }) | Select-Object -First 1
        if ($null -eq $f) { throw (New-Object System.ArgumentException -ArgumentList "ArgumentNotValid: The role, role service, or feature name is not valid: '$n'. The name was not found.") }
        $f
    }
    $hasPayload = $Source -and @($ClickkerMock['featureSources']) -contains $Source[0]
    $removed = @($hits | Where-Object { [int] [ClickkerInstallState] $_['InstallState'] -eq 5 })
    if ($removed.Count -gt 0 -and -not $hasPayload) {
        $e = New-Object System.Runtime.InteropServices.COMException -ArgumentList 'Installation of one or more roles, role services, or features failed. The source files could not be found. Use the "Source" option to specify the location of the files that are required to restore the feature. Error: 0x800f081f', -2146498529
        $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord -ArgumentList $e, 'DISMAPI_Error__Failed_To_Enable_Updates,Microsoft.Windows.ServerManager.Commands.AddWindowsFeatureCommand', 'InvalidOperation', $Name))
        return [pscustomobject]@{ Success = $false; RestartNeeded = [ClickkerRestartState]::No; FeatureResult = @(); ExitCode = [ClickkerFeatureExitCode]::Failed }
    }
    $changed = @($hits | Where-Object { [int] [ClickkerInstallState] $_['InstallState'] -ne 1 })
    foreach ($f in $changed) { $f['InstallState'] = 1; $f['Installed'] = $true }
    $code = if ($changed.Count -eq 0) { [ClickkerFeatureExitCode]::NoChangeNeeded } else { [ClickkerFeatureExitCode]::Success }
    $r = [pscustomobject]@{ Success = $true; RestartNeeded = [ClickkerRestartState]::No; FeatureResult = @($changed | ForEach-Object { $_['DisplayName'] }); ExitCode = $code }
    $r.PSObject.TypeNames.Insert(0, 'Microsoft.Windows.ServerManager.Commands.FeatureOperationResult')
    $r
}

function Enable-WindowsOptionalFeature {
    [CmdletBinding()]
    param([switch] $Online, [Parameter(Mandatory = $true)] [string[]] $FeatureName, [string[]] $Source, [switch] $LimitAccess, [switch] $All, [switch] $NoRestart)
    Enter-ClickkerMock 'Enable-WindowsOptionalFeature'
    if (-not $Online) { throw 'mock: only -Online is modelled' }
    $all = @($ClickkerMock['optionalFeatures'] | Where-Object { $null -ne $_ })
    $hits = foreach ($n in $FeatureName) {
        $f = @($all | Where-Object { $_['FeatureName'] -eq $n }) | Select-Object -First 1
        if ($null -eq $f) { throw (New-Object System.Runtime.InteropServices.COMException -ArgumentList "Feature name $n is unknown.", -2146498548) }
        $f
    }
    $hasPayload = $Source -and @($ClickkerMock['featureSources']) -contains $Source[0]
    if (@($hits | Where-Object { [int] [ClickkerFeatureState] $_['State'] -eq 6 }).Count -gt 0 -and -not $hasPayload) {
        throw (New-Object System.Runtime.InteropServices.COMException -ArgumentList 'The source files could not be found.', -2146498529)
    }
    foreach ($f in $hits) { $f['State'] = 2 }
    [pscustomobject]@{ Path = $null; Online = $true; RestartNeeded = $false }
}
