# clickker step: eventlog-write
param([string]$EntryType, [string]$EventId, [string]$Message)
# The Application log, source Clickker, registered on first use (learn.microsoft.com: New-EventLog, Write-EventLog;
# Windows PowerShell 5.1 cmdlets). The message is clickker's own text, never a secret.
if (-not [System.Diagnostics.EventLog]::SourceExists('Clickker')) { New-EventLog -LogName Application -Source Clickker }
Write-EventLog -LogName Application -Source Clickker -EventId ([int]$EventId) -EntryType $EntryType -Message $Message
'null'
