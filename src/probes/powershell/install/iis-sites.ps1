# clickker step: iis-sites
Import-Module WebAdministration -ErrorAction Stop
$out = @(Get-ChildItem -Path 'IIS:\Sites' | ForEach-Object {
  $site = $_
  $apps = @(Get-WebApplication -Site $site.Name | ForEach-Object {
    [ordered]@{ Path = [string]$_.path; PhysicalPath = [string]$_.PhysicalPath; AppPool = [string]$_.applicationPool }
  })
  [ordered]@{ Name = [string]$site.Name; State = [string]$site.State; Applications = $apps }
})
ConvertTo-Json -InputObject $out -Depth 4 -Compress
