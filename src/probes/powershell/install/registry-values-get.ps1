# clickker step: registry-values-get
param([string]$Key)
if (-not (Test-Path -LiteralPath $Key)) { 'null'; return }
$item = Get-Item -LiteralPath $Key
$values = [ordered]@{}
foreach ($n in $item.GetValueNames()) {
  $v = $item.GetValue($n)
  if ($v -is [int]) { $values[$n] = [int]$v } else { $values[$n] = [string]$v }
}
ConvertTo-Json -Compress -InputObject ([ordered]@{ Values = $values })
