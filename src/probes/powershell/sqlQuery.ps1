# clickker probe: sqlQuery
# One read-only query against SQL Server as the CURRENT Windows account (Integrated Security=True), for the sql.*
# probes when no SQL login is given (src/probes/sql/integrated.ts runs it through the bridge, once per query).
# System.Data.SqlClient is part of .NET Framework 4.x: nothing is installed, no native module, no ODBC driver.
# Everything arrives as data and stays data:
# - the connection settings are set one by one on a SqlConnectionStringBuilder, never concatenated into a string;
# - -Query is clickker's own read-only T-SQL (src/probes/sql/queries.ts), the same text the mssql route sends;
# - every value a user gave (login, database, account name) is an nvarchar(128) SqlParameter, sent by SqlClient as
#   sp_executesql: -Parameters holds one line per parameter, "name<TAB>base64(UTF-8 value)", or "name" alone for NULL.
# It prints one JSON document and decides nothing:
#   { "Account": "CORP\\jan", "Rows": [ { "column": value, ... } ], "Error": null }
#   { "Account": "CORP\\jan", "Rows": null, "Error": { "Number", "Class", "State", "Message", "Errors": [...], "Exceptions": [...] } }
# Error.Number is SqlException.Number (18456, 4060, -2 for a timeout, a Winsock code such as 10061 for the network,
# an SChannel code such as -2146893019 for TLS); Exceptions is the inner-exception chain with Win32 native codes.
param(
    [string] $QueryId = '',
    [string] $DataSource = '',
    [string] $Database = '',
    [string] $Encrypt = 'True',
    [string] $TrustServerCertificate = 'False',
    [string] $TimeoutSeconds = '15',
    [string] $ConnectTimeoutSeconds = '',
    [string] $Query = '',
    [string] $Parameters = ''
)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = [System.Text.Encoding]::UTF8 } catch { $null = $_ }
Add-Type -AssemblyName 'System.Data'

$account = $null
try { $account = [System.Security.Principal.WindowsIdentity]::GetCurrent().Name } catch { $account = $null }

$timeout = 15
if ($TimeoutSeconds -match '^[0-9]{1,4}$' -and [int] $TimeoutSeconds -gt 0) { $timeout = [int] $TimeoutSeconds }
# Connect Timeout is part of the connection string, and SqlClient keeps one pool per connection string
# (https://learn.microsoft.com/en-us/dotnet/framework/data/adonet/sql-server-connection-pooling): the caller passes the
# same -ConnectTimeoutSeconds for every query of a run, so they share one pooled connection and SQL Server sees one
# login. Deriving it from the shrinking -TimeoutSeconds made a new pool, and a new login, whenever the seconds left
# changed (found by running this script through the real SqlClient: 4 logins for one run).
$connectTimeout = $timeout
if ($ConnectTimeoutSeconds -match '^[0-9]{1,4}$' -and [int] $ConnectTimeoutSeconds -gt 0) { $connectTimeout = [int] $ConnectTimeoutSeconds }

$connection = $null
$reader = $null
$result = $null
try {
    if (-not $DataSource) { throw (New-Object System.ArgumentException 'No SQL Server was given (-DataSource)') }
    if (-not $Query) { throw (New-Object System.ArgumentException 'No query was given (-Query)') }

    $builder = New-Object System.Data.SqlClient.SqlConnectionStringBuilder
    # Through the indexer with SqlClient's keywords, never $builder.DataSource = ...: the builder is an IDictionary, and
    # PowerShell (5.1 and 7) turns a property assignment on a dictionary into a key named after the property, which
    # SqlClient refuses ("Keyword not supported: 'DataSource'"; found running this script in the real pwsh 7.6).
    # Keywords: https://learn.microsoft.com/en-us/dotnet/api/system.data.sqlclient.sqlconnection.connectionstring
    $builder['Data Source'] = $DataSource
    if ($Database) { $builder['Initial Catalog'] = $Database }
    $builder['Integrated Security'] = $true
    $builder['Persist Security Info'] = $false
    $builder['Encrypt'] = ($Encrypt -eq 'True')
    $builder['TrustServerCertificate'] = ($TrustServerCertificate -eq 'True')
    $builder['Connect Timeout'] = $connectTimeout
    $builder['Application Name'] = 'clickker preflight'
    $builder['Pooling'] = $true
    # A failed login is not transient for a preflight: no silent reconnects (.NET 4.5.1 and later know the key).
    if ($builder.ContainsKey('ConnectRetryCount')) { $builder['ConnectRetryCount'] = 0 }

    $connection = New-Object System.Data.SqlClient.SqlConnection -ArgumentList $builder.ConnectionString
    $command = $connection.CreateCommand()
    $command.CommandType = [System.Data.CommandType]::Text
    $command.CommandText = $Query
    $command.CommandTimeout = $timeout
    foreach ($line in ($Parameters -split "`n")) {
        $entry = $line.Trim()
        if (-not $entry) { continue }
        $parts = $entry.Split([char] 9)
        $name = $parts[0]
        if ($name -notmatch '^[A-Za-z][A-Za-z0-9_]{0,63}$') { throw (New-Object System.ArgumentException ('Invalid parameter name: ' + $name)) }
        $parameter = New-Object System.Data.SqlClient.SqlParameter -ArgumentList ('@' + $name), ([System.Data.SqlDbType]::NVarChar), 128
        if ($parts.Count -gt 1) {
            $parameter.Value = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($parts[1]))
        } else {
            $parameter.Value = [System.DBNull]::Value
        }
        $null = $command.Parameters.Add($parameter)
    }

    $connection.Open()
    $reader = $command.ExecuteReader()
    $rows = New-Object System.Collections.Generic.List[object]
    while ($reader.Read()) {
        $row = [ordered]@{}
        for ($i = 0; $i -lt $reader.FieldCount; $i++) {
            if ($reader.IsDBNull($i)) { $row[$reader.GetName($i)] = $null } else { $row[$reader.GetName($i)] = $reader.GetValue($i) }
        }
        $rows.Add([pscustomobject] $row)
    }
    $result = [ordered]@{ QueryId = $QueryId; Account = $account; Rows = $rows.ToArray(); Error = $null }
} catch {
    # PowerShell wraps a .NET exception (MethodInvocationException); the SqlException is further down the chain.
    $chain = @()
    $x = $_.Exception
    while ($null -ne $x) { $chain += $x; $x = $x.InnerException }
    $sqlException = $null
    foreach ($e in $chain) { if ($null -eq $sqlException -and $e -is [System.Data.SqlClient.SqlException]) { $sqlException = $e } }
    $errors = @()
    $number = $null
    $class = $null
    $state = $null
    if ($null -ne $sqlException) {
        $number = $sqlException.Number
        $class = [int] $sqlException.Class
        $state = [int] $sqlException.State
        foreach ($se in $sqlException.Errors) {
            $errors += [pscustomobject]@{ Number = $se.Number; Class = [int] $se.Class; State = [int] $se.State; Message = [string] $se.Message }
        }
    }
    $exceptions = @()
    foreach ($e in $chain) {
        $native = $null
        if ($e -is [System.ComponentModel.Win32Exception]) { $native = $e.NativeErrorCode }
        $exceptions += [pscustomobject]@{ Type = $e.GetType().FullName; Message = [string] $e.Message; HResult = $e.HResult; NativeErrorCode = $native }
    }
    $message = [string] $_.Exception.Message
    if ($null -ne $sqlException) { $message = [string] $sqlException.Message }
    $result = [ordered]@{
        QueryId = $QueryId
        Account = $account
        Rows    = $null
        Error   = [ordered]@{ Number = $number; Class = $class; State = $state; Message = $message; Errors = $errors; Exceptions = $exceptions }
    }
} finally {
    if ($null -ne $reader) { $reader.Dispose() }
    if ($null -ne $connection) { $connection.Dispose() }
}

ConvertTo-Json -InputObject $result -Depth 6 -Compress
