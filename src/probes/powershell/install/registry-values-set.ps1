# clickker step: registry-values-set
param([string]$Key, [string]$Names, [string]$Kinds, [string]$Values)
# One value per line in each of Names, Kinds (String or DWord) and Values: the key Programs and Features reads.
$n = @($Names -split [string][char]10)
$k = @($Kinds -split [string][char]10)
$v = @($Values -split [string][char]10)
if (-not (Test-Path -LiteralPath $Key)) { $null = New-Item -Path $Key -Force }
for ($i = 0; $i -lt $n.Count; $i++) {
  if ($n[$i] -eq '') { continue }
  if ($k[$i] -eq 'DWord') {
    $null = New-ItemProperty -LiteralPath $Key -Name $n[$i] -Value ([int]$v[$i]) -PropertyType DWord -Force
  } else {
    $null = New-ItemProperty -LiteralPath $Key -Name $n[$i] -Value $v[$i] -PropertyType String -Force
  }
}
'null'
