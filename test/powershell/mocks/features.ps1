# Get-WindowsFeature (ServerManager, Windows Server only) and Get-WindowsOptionalFeature -Online (DISM).
# Scenario keys: windowsFeatures = @( @{ Name; DisplayName; Installed; InstallState } ), optionalFeatures =
# @( @{ FeatureName; State } ); InstallState and State may be given as the enum's name or number.
# Enum values: ServerManager InstallState 0 Available, 1 Installed, 2 UninstallPending, 3 InstallPending, 5 Removed
# (chef/chef windows_feature_powershell.rb, domain-facts.md; captures/02-get-windowsfeature-json-dhcp-inspec.txt
# prints 0 for Available); DISM FeatureState Disabled 0, DisablePending 1, Enabled 2, EnablePending 3, Superseded 4,
# PartiallyInstalled 5, DisabledWithPayloadRemoved 6 (captures/44-get-windowsoptionalfeature-state-enum-names-ws2019.txt,
# names in value order). Both are real enums here (ClickkerInstallState, ClickkerFeatureState, standing for
# Microsoft.Windows.ServerManager.Commands.InstallState and Microsoft.Dism.Commands.FeatureState), so ConvertTo-Json prints their numbers as Windows PowerShell 5.1 does.
# -Name takes wildcards (https://learn.microsoft.com/en-us/powershell/module/servermanager/get-windowsfeature).
# PowerShell enums (not Add-Type C#: compiling C# costs seconds per pwsh process). Same names and numbers.
enum ClickkerInstallState { Available = 0; Installed = 1; UninstallPending = 2; InstallPending = 3; Removed = 5 }
enum ClickkerFeatureState { Disabled = 0; DisablePending = 1; Enabled = 2; EnablePending = 3; Superseded = 4; PartiallyInstalled = 5; DisabledWithPayloadRemoved = 6 }

function Get-WindowsFeature {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $Name = '*', [string] $ComputerName, [string] $Vhd, [string] $LogPath)
    Enter-ClickkerMock 'Get-WindowsFeature'
    foreach ($f in @($ClickkerMock['windowsFeatures'])) {
        if ($null -eq $f) { continue }
        $hit = $false
        foreach ($n in $Name) { if ($f['Name'] -like $n) { $hit = $true } }
        if (-not $hit) { continue }
        $o = [pscustomobject]@{
            Name         = [string] $f['Name']
            DisplayName  = [string] $f['DisplayName']
            Installed    = [bool] $f['Installed']
            InstallState = [ClickkerInstallState] $f['InstallState']
        }
        $o.PSObject.TypeNames.Insert(0, 'Microsoft.Windows.ServerManager.Commands.Feature')
        $o
    }
}

function Get-WindowsOptionalFeature {
    [CmdletBinding()]
    param([switch] $Online, [string] $Path, [string] $FeatureName, [string] $PackageName)
    Enter-ClickkerMock 'Get-WindowsOptionalFeature'
    if (-not $Online -and -not $Path) { throw 'mock: Get-WindowsOptionalFeature needs -Online or -Path' }
    foreach ($f in @($ClickkerMock['optionalFeatures'])) {
        if ($null -eq $f) { continue }
        if ($FeatureName -and $f['FeatureName'] -ne $FeatureName) { continue }
        $o = [pscustomobject]@{ FeatureName = [string] $f['FeatureName']; State = [ClickkerFeatureState] $f['State'] }
        $o.PSObject.TypeNames.Insert(0, 'Microsoft.Dism.Commands.BasicFeatureObject')
        $o
    }
}
