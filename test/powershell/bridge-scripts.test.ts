// The scripts the bridge runs for other sources (sqlQuery.ps1, rootStore.ps1, dotnetEndpoints.ps1) cannot run here (no
// PowerShell): what they promise is checked in their text. Grammar, balance, ASCII and PowerShell 5.1 safety are
// checked for every shipped script by scripts.test.ts and ps51.test.ts; this file checks what each one must (not) do.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { statusReached } from '../../src/probes/network/http.js';
import { buildInvocation } from '../../src/probes/powershell/envelope.js';
import { BRIDGE_SCRIPTS, POWERSHELL_PROBES } from '../../src/probes/powershell/probes.js';
import { bacoQuery, clickkerDatabaseQuery, connectionQuery, databasesQuery, identityQuery, serverQuery } from '../../src/probes/sql/queries.js';
import { closeParser, ps7Constructs, syntaxProblems } from './support/ps-parse.js';

const here = dirname(fileURLToPath(import.meta.url));
const read = (file: string) => readFileSync(join(here, '..', '..', 'src', 'probes', 'powershell', file), 'utf8');
/** The script without comment lines (string literals kept: a concatenated connection string would live in one). */
afterAll(() => closeParser());

const code = (file: string) => read(file).split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');

describe('sqlQuery.ps1', () => {
  const text = code(BRIDGE_SCRIPTS.sqlQuery);

  it('connects as the current Windows account, settings set one by one on SqlConnectionStringBuilder', () => {
    expect(text).toContain('$builder = New-Object System.Data.SqlClient.SqlConnectionStringBuilder');
    expect(text).toContain("$builder['Integrated Security'] = $true");
    expect(text).toContain("$builder['Data Source'] = $DataSource");
    expect(text).toContain("$builder['Encrypt'] = ($Encrypt -eq 'True')");
    expect(text).toContain("$builder['TrustServerCertificate'] = ($TrustServerCertificate -eq 'True')");
    // Never a property assignment: PowerShell makes it a dictionary key SqlClient refuses (sqlQuery-real.test.ts).
    expect(text).not.toMatch(/\$builder\.[A-Za-z]+\s*=/);
    expect(text).toContain('New-Object System.Data.SqlClient.SqlConnection -ArgumentList $builder.ConnectionString');
    // No hand-made connection string, no password, no other identity.
    expect(text).not.toMatch(/Data Source\s*=|Integrated Security\s*=|Initial Catalog\s*=|Password|User ID|\.UserID/i);
    // Encryption is on unless Node says otherwise: the parameter's default is True, the trust default False.
    expect(text).toMatch(/\[string\] \$Encrypt = 'True'/);
    expect(text).toMatch(/\[string\] \$TrustServerCertificate = 'False'/);
  });

  it('runs the query text it was given and puts every value in an nvarchar(128) SqlParameter', () => {
    expect(text.match(/CommandText\s*=/g)).toHaveLength(1);
    expect(text).toContain('$command.CommandText = $Query');
    expect(text).toContain('$command.CommandType = [System.Data.CommandType]::Text');
    // $Query is never combined with anything.
    expect(text).not.toMatch(/\$Query\s*[+-]|[+]\s*\$Query|"[^"\n]*\$Query|-f[^\n]*\$Query/);
    expect(text).toContain("New-Object System.Data.SqlClient.SqlParameter -ArgumentList ('@' + $name), ([System.Data.SqlDbType]::NVarChar), 128");
    expect(text).toContain('$parameter.Value = [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($parts[1]))');
    expect(text).toContain('$parameter.Value = [System.DBNull]::Value');
    expect(text).toMatch(/if \(\$name -notmatch '\^\[A-Za-z\]\[A-Za-z0-9_\]\{0,63\}\$'\) \{ throw/);
  });

  it('only reads: a data reader, nothing that writes, and every query is one SELECT', () => {
    expect(text).toContain('$command.ExecuteReader()');
    expect(text).not.toMatch(/ExecuteNonQuery|ExecuteScalar|BeginTransaction|SqlBulkCopy/);
    for (const q of [connectionQuery(), serverQuery(), bacoQuery('BACO'), identityQuery('x'), databasesQuery(), clickkerDatabaseQuery('Clickker')]) {
      const bare = q.text.replace(/N?'[^']*'/g, "''");
      expect(bare).toMatch(/^SELECT\b/);
      expect(bare.match(/;/g)).toHaveLength(1);
      expect(bare).not.toMatch(/\b(INSERT|UPDATE|DELETE|MERGE|EXEC|EXECUTE|CREATE|ALTER|DROP|GRANT|REVOKE|TRUNCATE|INTO|xp_\w+|sp_\w+)\b/i);
    }
  });

  it('reports SqlException.Number, each SqlError and the Win32 codes of the inner exceptions, and the account', () => {
    expect(text).toContain('$number = $sqlException.Number');
    expect(text).toContain('foreach ($se in $sqlException.Errors)');
    expect(text).toContain('if ($e -is [System.ComponentModel.Win32Exception]) { $native = $e.NativeErrorCode }');
    expect(text).toContain('[System.Security.Principal.WindowsIdentity]::GetCurrent().Name');
    expect(text).toMatch(/ConvertTo-Json -InputObject \$result -Depth 6 -Compress/);
  });
});

describe('dotnetEndpoints.ps1', () => {
  const text = code(BRIDGE_SCRIPTS.dotnetEndpoints);

  it('makes the request as a .NET 4.7 app (SystemDefault), records the process default, installs no certificate callback', () => {
    // "Starting with apps that target .NET Framework 4.7, the default value of this property is SystemDefault"
    // (learn.microsoft.com: ServicePointManager.SecurityProtocol); powershell.exe shows "Ssl3, Tls" (capture 32).
    expect(text).toContain('$processDefault = [string] [System.Net.ServicePointManager]::SecurityProtocol');
    expect(text).toContain('[System.Net.ServicePointManager]::SecurityProtocol = [System.Net.SecurityProtocolType] 0');
    expect(text).toContain('if ([System.Enum]::IsDefined([System.Net.SecurityProtocolType], 0))');
    expect(text).not.toMatch(/\|=|-bor/);
    expect(text).not.toMatch(/ServerCertificateValidationCallback|CheckCertificateRevocationList|SkipCertificateCheck|Invoke-WebRequest|Invoke-RestMethod/);
    // The process default is read before any runspace sets SystemDefault.
    expect(text.indexOf('$processDefault = ')).toBeLessThan(text.indexOf('$pool.Open()'));
  });

  it('makes one GET per endpoint with HttpWebRequest, each bounded, all at once, aborting what is late', () => {
    expect(text).toContain('$request = [System.Net.WebRequest]::Create($Url)');
    expect(text).toContain("$request.Method = 'GET'");
    expect(text).toContain('$request.Timeout = $Timeout');
    expect(text).toContain('$request.ReadWriteTimeout = $Timeout');
    expect(text).toContain('[System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspacePool(');
    expect(text).toContain('$job.Handle.AsyncWaitHandle.WaitOne($left)');
    expect(text).toContain('$request.Abort()');
    expect(text).toContain('$ps.BeginInvoke()');
  });

  it('leaves the request on .NET\'s default proxy (the IE settings of the account), never the WinHTTP proxy', () => {
    // HttpWebRequest with an empty <defaultProxy> uses WinINET settings, not netsh winhttp (learn.microsoft.com:
    // <defaultProxy> element; "Understanding Web Proxy Configuration").
    expect(text).toContain('[System.Net.WebRequest]::DefaultWebProxy');
    expect(text).not.toContain('WinHttpSettings');
    expect(text).not.toMatch(/\$request\.Proxy\s*=/);
    expect(text).not.toMatch(/UseDefaultCredentials/);
  });

  it('calls exactly the statuses reachable that Node\'s view does (statusReached)', () => {
    const list = /\$reached = @\(([\d, ]+)\)/.exec(text)?.[1];
    const range = /\(\(\(\$s -ge (\d+)\) -and \(\$s -lt (\d+)\)\) -or \(\$reached -contains \$s\)\)/.exec(text);
    expect(list).toBeDefined();
    expect(range).not.toBeNull();
    const extra = list!.split(',').map((x) => Number(x.trim()));
    const [lo, hi] = [Number(range![1]), Number(range![2])];
    for (let s = 100; s < 600; s++) expect([s, (s >= lo && s < hi) || extra.includes(s)]).toEqual([s, statusReached(s)]);
  });

  it('is the standalone collector\'s network.endpoints probe, taking the URLs as data', () => {
    const probe = POWERSHELL_PROBES.find((p) => p.file === BRIDGE_SCRIPTS.dotnetEndpoints);
    expect(probe).toMatchObject({ id: 'network.endpoints', live: false, needsElevation: false, parameters: [{ name: 'Urls', from: 'endpoints' }] });
    expect(text).toMatch(/param\(\s*\[string\] \$Urls = '',\s*\[string\] \$TimeoutMs = ''\s*\)/);
  });
});

describe('rootStore.ps1', () => {
  const text = code(BRIDGE_SCRIPTS.rootStore);

  it('reads LocalMachine Root and CA read-only, and prints each certificate\'s DER', () => {
    expect(text).toContain("foreach ($name in @('Root', 'CA'))");
    expect(text).toContain('[System.Security.Cryptography.X509Certificates.StoreLocation]::LocalMachine');
    expect(text).toContain("[System.Security.Cryptography.X509Certificates.OpenFlags] 'ReadOnly, OpenExistingOnly'");
    expect(text).toContain('Der        = [System.Convert]::ToBase64String($certificate.RawData)');
    expect(text).not.toMatch(/\.Add\(|\.Remove\(|Import-Certificate|Export-PfxCertificate|PrivateKey/);
  });
});

describe('the bridge line of each, with hostile parameters', () => {
  const HOSTILE = "x'];DROP DATABASE y;-- \u2018a\u2019 \u201Ab\u201B $(Stop-Computer) `n; \"q\" \r\n@' #>";
  const cases: [string, Record<string, string>][] = [
    [BRIDGE_SCRIPTS.sqlQuery, { QueryId: 'baco', DataSource: 'tcp:sql01\\EXACT', Query: bacoQuery('BACO').text, Parameters: `login\t${Buffer.from(HOSTILE).toString('base64')}`, Database: HOSTILE }],
    [BRIDGE_SCRIPTS.dotnetEndpoints, { Urls: `https://www.clickker.nl\n${HOSTILE}`, TimeoutMs: '10000' }],
    [BRIDGE_SCRIPTS.rootStore, {}],
  ];

  it.each(cases)('%s: one line that PowerShell parses, using nothing Windows PowerShell 5.1 lacks', async (file, params) => {
    const line = buildInvocation(read(file), params, '0123456789abcdef01234567');
    expect(line).not.toMatch(/[\r\n]/);
    expect(line).not.toContain('Stop-Computer');
    expect(await syntaxProblems(line)).toEqual([]);
    expect(await ps7Constructs(line)).toEqual([]);
  });
});
