# clickker step: iis-set-app
param([string]$Site, [string]$Path, [string]$PhysicalPath, [string]$AppPool)
Import-Module WebAdministration -ErrorAction Stop
$name = $Path.TrimStart('/')
$a = @(Get-WebApplication -Site $Site | Where-Object { $_.path -eq $Path }) | Select-Object -First 1
if ($null -eq $a) {
  $null = New-WebApplication -Site $Site -Name $name -PhysicalPath $PhysicalPath -ApplicationPool $AppPool
} else {
  $item = 'IIS:\Sites\' + $Site + '\' + $name.Replace('/', '\')
  Set-ItemProperty -LiteralPath $item -Name physicalPath -Value $PhysicalPath
  Set-ItemProperty -LiteralPath $item -Name applicationPool -Value $AppPool
}
'null'
