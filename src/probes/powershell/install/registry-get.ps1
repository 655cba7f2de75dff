# clickker step: registry-get
param([string]$Key, [string]$Name)
$v = $null
if (Test-Path -LiteralPath $Key) {
  $item = Get-ItemProperty -LiteralPath $Key -ErrorAction SilentlyContinue
  if ($null -ne $item -and $null -ne $item.PSObject.Properties[$Name]) { $v = [int]$item.PSObject.Properties[$Name].Value }
}
ConvertTo-Json -Compress -InputObject ([ordered]@{ Value = $v })
