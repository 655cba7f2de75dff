# clickker step: eventlog-write
param([string]$EntryType, [string]$EventId, [string]$Message)
# The Application log, source Clickker, registered on first use (learn.microsoft.com: New-EventLog, Write-EventLog;
# Windows PowerShell 5.1 cmdlets). The message is clickker's own text, never a secret. A source is registered as the
# key HKLM\SYSTEM\CurrentControlSet\Services\EventLog\<log>\<source> (learn.microsoft.com: EventLog.CreateEventSource);
# looking at Application's own key, rather than EventLog.SourceExists, does not read every log's key (Security's
# included), and is answered by the registry provider.
if (-not (Test-Path -LiteralPath 'HKLM:\SYSTEM\CurrentControlSet\Services\EventLog\Application\Clickker')) { New-EventLog -LogName Application -Source Clickker }
Write-EventLog -LogName Application -Source Clickker -EventId ([int]$EventId) -EntryType $EntryType -Message $Message
'null'
