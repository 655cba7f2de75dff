// The real-pwsh harness itself: one pwsh per file speaking JSON lines, the mock layer, PowerShell's parser and
// ScriptDom. Other test files build on it; this one pins what they rely on.
import { afterAll, describe, expect, it } from '@jest/globals';
import { buildInvocation, newNonce, readEnvelope } from '../../src/probes/powershell/envelope.js';
import { pwshHost } from './support/pwsh.js';

const ps = pwshHost();
afterAll(() => ps.close());

describe('the pwsh harness', () => {
  it('runs PowerShell 7.6 and returns console output, pipeline output and errors apart', async () => {
    const r = await ps.run("[Console]::Out.Write('to console'); $PSVersionTable.PSVersion.ToString(); throw (New-Object System.IO.FileNotFoundException 'gone')");
    expect(r.stdout).toBe('to console');
    expect(r.error?.types[0]).toBe('System.IO.FileNotFoundException');
    const v = await ps.run('$PSVersionTable.PSVersion.ToString()');
    expect(v.output).toEqual(['7.6.10']);
  });

  it('keeps nothing from one request to the next (functions, variables, scenario data)', async () => {
    const scenario = { cim: { Win32_OperatingSystem: { Caption: 'Microsoft Windows Server 2016 Standard', ProductType: 3 } } };
    const r = await ps.run('(Get-CimInstance Win32_OperatingSystem).ProductType.GetType().Name', scenario);
    expect(r.output).toEqual(['UInt32']);
    const defines = await ps.run('function Get-Leftover { 1 }; $leftover = 1');
    expect(defines.error).toBeNull();
    const after = await ps.run('[string](Get-Command Get-Leftover -ErrorAction SilentlyContinue); [string]$leftover; Get-CimInstance Win32_OperatingSystem');
    expect(after.output).toEqual(['', '']);
    expect(after.error?.message).toMatch(/Invalid class/); // the scenario's data went with its request
  });

  it('honours the latency table ($ClickkerMockLatency and scenario.latency)', async () => {
    const scenario = { latency: { 'Get-CimInstance': 300 }, cim: { Win32_OperatingSystem: { Caption: 'x' } } };
    const r = await ps.run('$t = [Diagnostics.Stopwatch]::StartNew(); $null = Get-CimInstance Win32_OperatingSystem; $t.ElapsedMilliseconds', scenario);
    expect(Number(r.output[0])).toBeGreaterThanOrEqual(290);
  });

  it('runs a bridge line over the mocks and the envelope reads back', async () => {
    const nonce = newNonce();
    const scenario = { registry: { 'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full': { Release: { type: 'DWord', value: 528372 }, Version: '4.8.04084' } } };
    const r = await ps.run(buildInvocation("(Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full').Release.GetType().Name", {}, nonce), scenario);
    const env = readEnvelope(r.stdout, nonce);
    expect(env).toEqual({ kind: 'envelope', envelope: { nonce, ok: true, data: 'Int32' } });
  });

  // One New-Object (loader.ps1) answers per type for five mock files; its parameter block is the cmdlet's own
  // (learn.microsoft.com New-Object: [-TypeName] <String> [[-ArgumentList] <Object[]>] (alias Args) [-Property];
  // [-ComObject] <String> [-Strict] [-Property]), so calls bind as on Windows and every type no file claims is real.
  it('answers New-Object per type: the mocked types, the real cmdlet for the rest, binding as the cmdlet does', async () => {
    const scenario = { accounts: { 'CONTOSO\\svc-clickker': 'S-1-5-21-1-2-3-1001' } };
    const r = await ps.run([
      // Positional, named and by the Args alias: each reaches the accounts handler.
      "(New-Object System.Security.Principal.NTAccount 'CONTOSO\\svc-clickker').Translate([System.Security.Principal.SecurityIdentifier]).Value",
      "(New-Object -TypeName system.security.principal.ntaccount -ArgumentList 'CONTOSO', 'svc-clickker').Value",
      "(New-Object -TypeName System.Security.Principal.SecurityIdentifier -Args 'S-1-5-32-544').Translate([System.Security.Principal.NTAccount]).Value",
      // Not claimed: the real cmdlet, with -Property as it applies it.
      "(New-Object System.Version '1.2.3.4').Minor",
      "(New-Object -TypeName System.Text.StringBuilder -Property @{ Capacity = 64 }).Capacity",
      // The COM object tasks.ps1 models, and one nobody models (pwsh on Linux has no -ComObject at all).
      "(New-Object -ComObject Schedule.Service).Connected",
      "try { New-Object -ComObject Excel.Application } catch { $_.Exception.Message }",
      // A type that does not exist fails as the cmdlet fails.
      "try { New-Object No.Such.Type } catch { $_.FullyQualifiedErrorId }",
    ].join('; '), scenario);
    expect(r.error).toBeNull();
    expect(r.output).toEqual([
      'S-1-5-21-1-2-3-1001', 'CONTOSO\\svc-clickker', 'BUILTIN\\Administrators', '2', '64', 'False',
      'mock: COM object Excel.Application is not modelled',
      'TypeNotFound,Microsoft.PowerShell.Commands.NewObjectCommand',
    ]);
    // The cmdlet's parameters, set by set, as the real New-Object declares them (pwsh on Linux lacks ComObject).
    const sets = await ps.run("(Get-Command New-Object -CommandType Function).ParameterSets | ForEach-Object { $s = $_.Name; $_.Parameters | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters } | ForEach-Object { '{0} {1} {2} {3} {4} {5}' -f $s, $_.Name, $_.Position, $_.IsMandatory, $_.ParameterType.Name, ($_.Aliases -join ',') } }", {});
    expect(sets.output).toEqual([
      'Net TypeName 0 True String ', 'Net ArgumentList 1 False Object[] Args', 'Net Property -2147483648 False IDictionary ',
      'Com ComObject 0 True String ', 'Com Strict -2147483648 False SwitchParameter ', 'Com Property -2147483648 False IDictionary ',
    ]);
  });

  it('parses PowerShell with PowerShell and T-SQL with ScriptDom', async () => {
    expect((await ps.parse('if ($a) { "x" ')).errors.map((e) => e.id)).toContain('MissingEndCurlyBrace');
    expect((await ps.parse('$a = 1')).errors).toEqual([]);
    expect(await ps.tsql('SELECT name FROM sys.databases WHERE name = @n;')).toEqual([]);
    expect((await ps.tsql('SELECT FROM WHERE')).length).toBeGreaterThan(0);
  });
});
