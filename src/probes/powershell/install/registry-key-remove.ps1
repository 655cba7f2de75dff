# clickker step: registry-key-remove
param([string]$Key)
if (Test-Path -LiteralPath $Key) { Remove-Item -LiteralPath $Key -Recurse -Force }
'null'
