// Windows PowerShell 5.1 (Server 2016 has nothing newer) must run every script: PowerShell 7-only constructs are
// rejected wherever they appear in code, and not where they are only text (comments, strings).
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInvocation } from '../../src/probes/powershell/envelope.js';
import { emitStandaloneScript } from '../../src/probes/powershell/standalone.js';
import { ps7Constructs } from './support/ps-grammar.js';

const here = dirname(fileURLToPath(import.meta.url));
const PROBE_DIR = join(here, '..', '..', 'src', 'probes', 'powershell');
const shipped = readdirSync(PROBE_DIR).filter((f) => f.endsWith('.ps1')).sort();

describe('PowerShell 7-only constructs', () => {
  const PS7: Record<string, string> = {
    'null-coalescing ??': '$a = $b ?? "default"',
    'null-coalescing assignment ??=': '$a ??= 1',
    'null-conditional ?.': '$n = ${a}?.Name',
    'ternary': '$n = $x -gt 1 ? "many" : "one"',
    'pipeline chain &&': 'Get-Date && Write-Output ok',
    'pipeline chain ||': 'Get-Date || Write-Output failed',
    'ConvertTo-Json -AsArray': 'Get-Date | ConvertTo-Json -AsArray -Depth 3',
    'ConvertTo-Json -EnumsAsStrings': 'Get-Service | ConvertTo-Json -EnumsAsStrings -Depth 3',
    'ConvertFrom-Json -AsHashtable': '$h = $t | ConvertFrom-Json -AsHashtable',
    'ForEach-Object -Parallel': '1..3 | ForEach-Object -Parallel { $_ }',
    'Invoke-WebRequest -SkipCertificateCheck': 'Invoke-WebRequest https://localhost -SkipCertificateCheck',
    'Get-Content -AsByteStream': 'Get-Content x.bin -AsByteStream',
    'Join-String': '$names | Join-String -Separator ","',
    'Test-Json': 'Test-Json -Json $t',
    'Get-Error': 'Get-Error',
    'Get-Uptime': '$u = Get-Uptime',
    'Remove-Service': 'Remove-Service -Name x',
    'Start-ThreadJob': 'Start-ThreadJob { 1 }',
    '$IsWindows': 'if ($IsWindows) { 1 }',
    '$PSStyle': '$PSStyle.OutputRendering = "PlainText"',
  };

  it.each(Object.keys(PS7))('rejects %s', async (what) => {
    const findings = await ps7Constructs(`${PS7[what]}\n`);
    expect(findings.length).toBeGreaterThan(0);
  });

  it('does not flag the same words in comments and strings, nor the Where-Object alias', async () => {
    const text = [
      '# $a ?? $b, ternary ? : and && || are PowerShell 7 only; -AsArray too',
      "$s = 'a ?? b && c || d -AsArray Join-String'",
      '$t = "Get-Uptime ?. $($x.Count) -EnumsAsStrings"',
      'Get-Process | Where-Object { $_.Id -gt 4 }',
      'if ($?) { Write-Output ok }',
      '$y = $a -and $b -or -not $c',
    ].join('\n');
    expect(await ps7Constructs(text)).toEqual([]);
  });

  it('still finds code inside a string subexpression', async () => {
    expect((await ps7Constructs('$t = "count: $($a ?? 0)"\n')).length).toBeGreaterThan(0);
  });

  it.each(shipped)('%s uses none of them', async (file) => {
    expect(await ps7Constructs(readFileSync(join(PROBE_DIR, file), 'utf8'))).toEqual([]);
  });

  it('the standalone script and the bridge command line use none of them', async () => {
    expect(await ps7Constructs(emitStandaloneScript())).toEqual([]);
    expect(await ps7Constructs(buildInvocation('Get-Date', { A: 'x' }, '0123456789abcdef'))).toEqual([]);
  });
});
