# The Windows login of sqlQuery.ps1 (Integrated Security=True), and nothing else. Scenario key `sqlLogin`:
# @{ user = '<SQL login>'; password = '<its password>' }. Without that key nothing is defined here.
#
# Why a stand-in, and why only this: with Integrated Security SqlClient authenticates the current Windows account
# through SSPI (Kerberos or NTLM), and SQL Server then identifies that account by its SID, the one a login created
# FROM WINDOWS stores ("SQL Server validates the account name and password using the Windows principal token in the
# operating system", https://learn.microsoft.com/en-us/sql/relational-databases/security/choose-an-authentication-mode;
# CREATE LOGIN ... FROM WINDOWS maps the Windows account's SID,
# https://learn.microsoft.com/en-us/sql/t-sql/statements/create-login-transact-sql). On Linux SqlClient's SSPI is
# GSSAPI and needs a Kerberos ticket, which this machine has not got, so it stops before LOGIN7. This function takes
# the place of `New-Object` for one type only, System.Data.SqlClient.SqlConnection: it swaps the Integrated Security
# keyword for a SQL login (User ID / Password, which the TDS test server treats as that Windows login) in the
# connection string sqlQuery.ps1 built, and leaves every other keyword as it was. Then the REAL SqlClient connects,
# logs in, runs the real query with its real SqlParameters, reads the rows and raises its own SqlException numbers.
# Every other type goes to the real New-Object cmdlet unchanged.
if ($null -ne $ClickkerMock['sqlLogin']) {
    # Registered with loader.ps1's New-Object for this one type; every other type goes to the real cmdlet.
    $ClickkerNewObject['Net:System.Data.SqlClient.SqlConnection'] = 'New-ClickkerSqlConnection'
    function New-ClickkerSqlConnection {
        [CmdletBinding()]
        param([string] $TypeName, [object[]] $ArgumentList, [System.Collections.IDictionary] $Property)
        $next = 'Microsoft.PowerShell.Utility\New-Object'
        # A connection made without its connection string gets one later: nothing to swap here.
        if ($null -eq $ArgumentList -or $ArgumentList.Count -ne 1) { return & $next @PSBoundParameters }
        Enter-ClickkerMock 'New-Object'
        $builder = & $next -TypeName System.Data.SqlClient.SqlConnectionStringBuilder -ArgumentList ([string] $ArgumentList[0])
        # Only a Windows login is replaced: a connection string that does not ask for one is a bug in the caller.
        if (-not $builder['Integrated Security']) { throw 'sqlclient-login mock: the connection string does not ask for Integrated Security' }
        $login = $ClickkerMock['sqlLogin']
        $null = $builder.Remove('Integrated Security')
        $builder['User ID'] = [string] $login['user']
        $builder['Password'] = [string] $login['password']
        return & $next -TypeName System.Data.SqlClient.SqlConnection -ArgumentList $builder.ConnectionString
    }
}
