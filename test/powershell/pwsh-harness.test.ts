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

  it('parses PowerShell with PowerShell and T-SQL with ScriptDom', async () => {
    expect((await ps.parse('if ($a) { "x" ')).errors.map((e) => e.id)).toContain('MissingEndCurlyBrace');
    expect((await ps.parse('$a = 1')).errors).toEqual([]);
    expect(await ps.tsql('SELECT name FROM sys.databases WHERE name = @n;')).toEqual([]);
    expect((await ps.tsql('SELECT FROM WHERE')).length).toBeGreaterThan(0);
  });
});
