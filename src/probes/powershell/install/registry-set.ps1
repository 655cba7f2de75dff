# clickker step: registry-set
param([string]$Key, [string]$Name, [string]$Value)
if (-not (Test-Path -LiteralPath $Key)) { $null = New-Item -Path $Key -Force }
Set-ItemProperty -LiteralPath $Key -Name $Name -Value ([int]$Value) -Type DWord
'null'
