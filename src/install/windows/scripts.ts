// The PowerShell the Windows executor runs, one small script per operation, Windows PowerShell 5.1-safe. Each runs
// through the bridge (src/probes/powershell/envelope.ts): the script text and every parameter travel as base64
// data and are splatted into `param(...)`, so no value is ever part of the script text. Every script prints one JSON
// document (or 'null'); the first line names the operation (the PowerShell stand-in in the tests reads it).
// Names that reach cmdlets with wildcard semantics (-Name) are restricted by the manifest schema; lookups filter
// with -eq on the object instead of building WQL or wildcard patterns from values.

const script = (op: string, body: string) => `# clickker step: ${op}\n${body.trim()}\n`;

export const PS_SCRIPTS = {
  'iis-sites': script('iis-sites', `
Import-Module WebAdministration -ErrorAction Stop
$out = @(Get-ChildItem -Path 'IIS:\\Sites' | ForEach-Object {
  $site = $_
  $apps = @(Get-WebApplication -Site $site.Name | ForEach-Object {
    [ordered]@{ Path = [string]$_.path; PhysicalPath = [string]$_.PhysicalPath; AppPool = [string]$_.applicationPool }
  })
  [ordered]@{ Name = [string]$site.Name; State = [string]$site.State; Applications = $apps }
})
ConvertTo-Json -InputObject $out -Depth 4 -Compress
`),

  'iis-get-pool': script('iis-get-pool', `
param([string]$Name)
Import-Module WebAdministration -ErrorAction Stop
$p = Get-Item -LiteralPath ('IIS:\\AppPools\\' + $Name) -ErrorAction SilentlyContinue
if ($null -eq $p) { 'null'; return }
$identity = [string]$p.processModel.identityType
if ($identity -eq 'SpecificUser') { $identity = [string]$p.processModel.userName }
ConvertTo-Json -Compress -InputObject ([ordered]@{ ManagedRuntimeVersion = [string]$p.managedRuntimeVersion; PipelineMode = [string]$p.managedPipelineMode; Identity = $identity })
`),

  'iis-set-pool': script('iis-set-pool', `
param([string]$Name, [string]$RuntimeVersion, [string]$PipelineMode, [string]$Identity, [string]$Password, [string]$HasPassword)
Import-Module WebAdministration -ErrorAction Stop
$path = 'IIS:\\AppPools\\' + $Name
if (-not (Test-Path -LiteralPath $path)) { $null = New-WebAppPool -Name $Name }
Set-ItemProperty -LiteralPath $path -Name managedRuntimeVersion -Value $RuntimeVersion
Set-ItemProperty -LiteralPath $path -Name managedPipelineMode -Value $PipelineMode
$builtIn = @('ApplicationPoolIdentity', 'NetworkService', 'LocalService', 'LocalSystem')
if ($builtIn -contains $Identity) {
  Set-ItemProperty -LiteralPath $path -Name processModel.identityType -Value $Identity
} elseif ($HasPassword -eq '1') {
  Set-ItemProperty -LiteralPath $path -Name processModel -Value @{ userName = $Identity; password = $Password; identityType = 'SpecificUser' }
} elseif ([string](Get-Item -LiteralPath $path).processModel.userName -ne $Identity) {
  throw ('a password is needed to run application pool ' + $Name + ' as ' + $Identity)
}
'null'
`),

  'iis-remove-pool': script('iis-remove-pool', `
param([string]$Name)
Import-Module WebAdministration -ErrorAction Stop
if (Test-Path -LiteralPath ('IIS:\\AppPools\\' + $Name)) { Remove-WebAppPool -Name $Name }
'null'
`),

  'iis-get-app': script('iis-get-app', `
param([string]$Site, [string]$Path)
Import-Module WebAdministration -ErrorAction Stop
$a = @(Get-WebApplication -Site $Site | Where-Object { $_.path -eq $Path }) | Select-Object -First 1
if ($null -eq $a) { 'null'; return }
ConvertTo-Json -Compress -InputObject ([ordered]@{ PhysicalPath = [string]$a.PhysicalPath; AppPool = [string]$a.applicationPool })
`),

  'iis-set-app': script('iis-set-app', `
param([string]$Site, [string]$Path, [string]$PhysicalPath, [string]$AppPool)
Import-Module WebAdministration -ErrorAction Stop
$name = $Path.TrimStart('/')
$a = @(Get-WebApplication -Site $Site | Where-Object { $_.path -eq $Path }) | Select-Object -First 1
if ($null -eq $a) {
  $null = New-WebApplication -Site $Site -Name $name -PhysicalPath $PhysicalPath -ApplicationPool $AppPool
} else {
  $item = 'IIS:\\Sites\\' + $Site + '\\' + $name.Replace('/', '\\')
  Set-ItemProperty -LiteralPath $item -Name physicalPath -Value $PhysicalPath
  Set-ItemProperty -LiteralPath $item -Name applicationPool -Value $AppPool
}
'null'
`),

  'iis-remove-app': script('iis-remove-app', `
param([string]$Site, [string]$Path)
Import-Module WebAdministration -ErrorAction Stop
$a = @(Get-WebApplication -Site $Site | Where-Object { $_.path -eq $Path }) | Select-Object -First 1
if ($null -ne $a) { Remove-WebApplication -Site $Site -Name $Path.TrimStart('/') }
'null'
`),

  'website-start': script('website-start', `
param([string]$Name)
Import-Module WebAdministration -ErrorAction Stop
$site = @(Get-Website | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
if ($null -eq $site) { throw ('IIS has no website named ' + $Name) }
Start-Website -Name $site.Name
'null'
`),

  'service-get': script('service-get', `
param([string]$Name)
$s = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
if ($null -eq $s) { 'null'; return }
ConvertTo-Json -Compress -InputObject ([ordered]@{ BinaryPath = [string]$s.PathName; DisplayName = [string]$s.DisplayName; StartMode = [string]$s.StartMode; Account = [string]$s.StartName; State = [string]$s.State })
`),

  'service-set': script('service-set', `
param([string]$Name, [string]$DisplayName, [string]$Description, [string]$BinaryPath, [string]$StartMode, [string]$Account, [string]$Password, [string]$HasPassword)
$s = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
if ($null -eq $s) {
  if ($HasPassword -ne '1') { throw ('a password is needed to create service ' + $Name + ' running as ' + $Account) }
  $secure = ConvertTo-SecureString -String $Password -AsPlainText -Force
  $credential = New-Object System.Management.Automation.PSCredential -ArgumentList $Account, $secure
  $null = New-Service -Name $Name -BinaryPathName $BinaryPath -DisplayName $DisplayName -StartupType $StartMode -Credential $credential
} else {
  if ([string]$s.State -ne 'Stopped') { Stop-Service -InputObject (Get-Service -Name $Name) -Force }
  $arguments = @{ PathName = $BinaryPath; DisplayName = $DisplayName; StartMode = $StartMode }
  if ($HasPassword -eq '1') { $arguments['StartName'] = $Account; $arguments['StartPassword'] = $Password }
  $r = Invoke-CimMethod -InputObject $s -MethodName Change -Arguments $arguments
  if ($r.ReturnValue -ne 0) { throw ('Win32_Service.Change returned ' + [string]$r.ReturnValue + ' for ' + $Name) }
}
if ($Description -ne '') { Set-Service -Name $Name -Description $Description }
Start-Service -InputObject (Get-Service -Name $Name)
'null'
`),

  'service-remove': script('service-remove', `
param([string]$Name)
$s = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
if ($null -eq $s) { 'null'; return }
if ([string]$s.State -ne 'Stopped') { Stop-Service -InputObject (Get-Service -Name $Name) -Force }
$r = Invoke-CimMethod -InputObject $s -MethodName Delete
if ($r.ReturnValue -ne 0) { throw ('Win32_Service.Delete returned ' + [string]$r.ReturnValue + ' for ' + $Name) }
'null'
`),

  'task-get': script('task-get', `
param([string]$Name)
$t = @(Get-ScheduledTask -TaskPath '\\' -ErrorAction SilentlyContinue | Where-Object { $_.TaskName -eq $Name }) | Select-Object -First 1
if ($null -eq $t) { 'null'; return }
$action = @($t.Actions)[0]
$trigger = @($t.Triggers | Where-Object { $_.CimClass.CimClassName -eq 'MSFT_TaskDailyTrigger' }) | Select-Object -First 1
$daily = $null
if ($null -ne $trigger) { $daily = ([datetime]$trigger.StartBoundary).ToString('HH:mm', [System.Globalization.CultureInfo]::InvariantCulture) }
ConvertTo-Json -Compress -InputObject ([ordered]@{ Execute = [string]$action.Execute; Arguments = [string]$action.Arguments; User = [string]$t.Principal.UserId; Daily = $daily })
`),

  'task-set': script('task-set', `
param([string]$Name, [string]$Execute, [string]$Arguments, [string]$User, [string]$Daily, [string]$Password, [string]$HasPassword)
if ($HasPassword -ne '1') { throw ('a password is needed to register task ' + $Name + ' running as ' + $User) }
if ($Arguments -eq '') { $action = New-ScheduledTaskAction -Execute $Execute } else { $action = New-ScheduledTaskAction -Execute $Execute -Argument $Arguments }
$at = [datetime]::ParseExact($Daily, 'HH:mm', [System.Globalization.CultureInfo]::InvariantCulture)
$trigger = New-ScheduledTaskTrigger -Daily -At $at
$settings = New-ScheduledTaskSettingsSet -StartWhenAvailable
$null = Register-ScheduledTask -TaskName $Name -TaskPath '\\' -Action $action -Trigger $trigger -Settings $settings -User $User -Password $Password -RunLevel Highest -Force
'null'
`),

  'task-remove': script('task-remove', `
param([string]$Name)
$t = @(Get-ScheduledTask -TaskPath '\\' -ErrorAction SilentlyContinue | Where-Object { $_.TaskName -eq $Name }) | Select-Object -First 1
if ($null -ne $t) { $t | Unregister-ScheduledTask -Confirm:$false }
'null'
`),

  'acl-get': script('acl-get', `
param([string]$Path)
if (-not (Test-Path -LiteralPath $Path)) { 'null'; return }
$acl = Get-Acl -LiteralPath $Path
$rules = @($acl.GetAccessRules($true, $true, [System.Security.Principal.SecurityIdentifier]) | ForEach-Object { [string]$_.IdentityReference.Value } | Sort-Object -Unique)
$principals = @($rules | ForEach-Object {
  $name = $null
  try { $name = (New-Object System.Security.Principal.SecurityIdentifier -ArgumentList $_).Translate([System.Security.Principal.NTAccount]).Value } catch { $name = $null }
  [ordered]@{ Sid = $_; Name = $name }
})
ConvertTo-Json -Compress -Depth 3 -InputObject ([ordered]@{ InheritanceDisabled = [bool]$acl.AreAccessRulesProtected; Principals = $principals })
`),

  'account-sid': script('account-sid', `
param([string]$Account)
$sid = (New-Object System.Security.Principal.NTAccount -ArgumentList $Account).Translate([System.Security.Principal.SecurityIdentifier]).Value
ConvertTo-Json -Compress -InputObject ([ordered]@{ Sid = [string]$sid })
`),

  'features-install': script('features-install', `
param([string]$Names, [string]$Source, [string]$Client)
$list = @($Names -split [string][char]10 | Where-Object { $_ -ne '' })
if ($Client -eq '1') {
  $a = @{ Online = $true; FeatureName = $list; All = $true; NoRestart = $true }
  if ($Source -ne '') { $a['Source'] = $Source; $a['LimitAccess'] = $true }
  $r = Enable-WindowsOptionalFeature @a
  ConvertTo-Json -Compress -InputObject ([ordered]@{ Success = $true; RestartNeeded = [bool]$r.RestartNeeded; Message = 'Enable-WindowsOptionalFeature completed' })
} else {
  $a = @{ Name = $list }
  if ($Source -ne '') { $a['Source'] = $Source }
  $r = Install-WindowsFeature @a
  ConvertTo-Json -Compress -InputObject ([ordered]@{ Success = [bool]$r.Success; RestartNeeded = ([string]$r.RestartNeeded -eq 'Yes'); Message = ('Install-WindowsFeature: ' + [string]$r.ExitCode) })
}
`),

  'registry-get': script('registry-get', `
param([string]$Key, [string]$Name)
$v = $null
if (Test-Path -LiteralPath $Key) {
  $item = Get-ItemProperty -LiteralPath $Key -ErrorAction SilentlyContinue
  if ($null -ne $item -and $null -ne $item.PSObject.Properties[$Name]) { $v = [int]$item.PSObject.Properties[$Name].Value }
}
ConvertTo-Json -Compress -InputObject ([ordered]@{ Value = $v })
`),

  'registry-set': script('registry-set', `
param([string]$Key, [string]$Name, [string]$Value)
if (-not (Test-Path -LiteralPath $Key)) { $null = New-Item -Path $Key -Force }
Set-ItemProperty -LiteralPath $Key -Name $Name -Value ([int]$Value) -Type DWord
'null'
`),
} as const;

export type PsOperation = keyof typeof PS_SCRIPTS;
