// Windows PowerShell 5.1 (Server 2016 has nothing newer) must run every script. PowerShell's own parser builds the
// AST; ps51-rules.ps1 walks it and rejects PowerShell 7-only syntax, automatic variables, and commands or parameters
// missing from 5.1's list (ps51-commands.json, each command with its Microsoft docs page). Code only: the same words
// in comments and strings are not flagged.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInvocation } from '../../src/probes/powershell/envelope.js';
import { emitStandaloneScript } from '../../src/probes/powershell/standalone.js';
import { closeParser, ps7Constructs, syntaxProblems } from './support/ps-parse.js';

const here = dirname(fileURLToPath(import.meta.url));
const PROBE_DIR = join(here, '..', '..', 'src', 'probes', 'powershell');
const shipped = readdirSync(PROBE_DIR).filter((f) => f.endsWith('.ps1')).sort();
afterAll(() => closeParser());

describe('what Windows PowerShell 5.1 cannot run', () => {
  const PS7: Record<string, [string, RegExp]> = {
    'null-coalescing ??': ['$a = $b ?? "default"', /null-coalescing \?\?/],
    'null-coalescing assignment ??=': ['$a ??= 1', /\?\?=/],
    'null-conditional ?.': ['$n = ${a}?.Name', /null-conditional/],
    'null-conditional ?[]': ['$n = ${a}?[0]', /null-conditional/],
    'ternary': ['$n = $x -gt 1 ? "many" : "one"', /ternary/],
    'pipeline chain &&': ['Get-Date && Write-Output ok', /pipeline chain/],
    'pipeline chain ||': ['Get-Date || Write-Output failed', /pipeline chain/],
    'clean {} block': ['function F { process { 1 } clean { 2 } }', /clean/],
    'ForEach-Object -Parallel': ['1..3 | ForEach-Object -Parallel { $_ }', /parameter/],
    'ForEach-Object -ThrottleLimit': ['1..3 | ForEach-Object -Process { $_ } -ThrottleLimit 2', /parameter/],
    'ConvertTo-Json -AsArray': ['Get-Date | ConvertTo-Json -AsArray -Depth 3', /parameter/],
    'ConvertTo-Json -EnumsAsStrings': ['Get-Service | ConvertTo-Json -EnumsAsStrings -Depth 3', /parameter/],
    'ConvertFrom-Json -AsHashtable': ['$h = $t | ConvertFrom-Json -AsHashtable', /parameter/],
    'Get-Content -AsByteStream': ['Get-Content x.bin -AsByteStream', /parameter/],
    'Select-Object -SkipIndex': ['1..3 | Select-Object -SkipIndex 1', /parameter/],
    'Set-Service -Credential': ['Set-Service -Name x -Credential $c', /parameter/],
    '-ProgressAction': ['Get-Item . -ProgressAction SilentlyContinue', /parameter/],
    'Join-String': ['$names | Join-String -Separator ","', /command not in/],
    'Test-Json': ['Test-Json -Json $t', /command not in/],
    'Get-Error': ['Get-Error', /command not in/],
    'Get-Uptime': ['$u = Get-Uptime', /command not in/],
    'Remove-Service': ['Remove-Service -Name x', /command not in/],
    'Start-ThreadJob': ['Start-ThreadJob { 1 }', /command not in/],
    '$IsWindows': ['if ($IsWindows) { 1 }', /automatic variable/],
    '$PSStyle': ['$PSStyle.OutputRendering = "PlainText"', /automatic variable/],
  };

  it.each(Object.keys(PS7))('rejects %s', async (what) => {
    const [code, rule] = PS7[what]!;
    expect((await syntaxProblems(code)).map((e) => e.message)).toEqual([]);
    const findings = await ps7Constructs(`${code}\n`);
    expect(findings.map((f) => `${f.rule} ${f.detail}`).join('\n')).toMatch(rule);
  });

  it('does not flag the same words in comments and strings, 5.1 syntax, nor unambiguous parameter prefixes', async () => {
    const text = [
      '# $a ?? $b, ternary ? : and && || are PowerShell 7 only; -AsArray too',
      "$s = 'a ?? b && c || d -AsArray Join-String'",
      '$t = "Get-Uptime ?. $($x.Count) -EnumsAsStrings"',
      'Get-CimInstance Win32_OperatingSystem | Where-Object { $_.ProductType -gt 1 } | Select-Object -First 1',
      'Get-WindowsOptionalFeature -Online | Where-Object FeatureName -like "IIS-*"',
      'if ($?) { Write-Output ok }',
      '$y = $a -and $b -or -not $c',
      'Get-ItemProperty -LiteralPath $p -Name x -EA SilentlyContinue',
      'Get-ChildItem -Path . -Dir',
      'function Get-Mine { param($x) $x }; Get-Mine -x 1 -AnythingGoes',
      'secedit.exe /export /cfg $f /areas USER_RIGHTS',
    ].join('\n');
    expect(await syntaxProblems(text)).toEqual([]);
    expect(await ps7Constructs(text)).toEqual([]);
  });

  it('still finds code inside a string subexpression', async () => {
    expect((await ps7Constructs('$t = "count: $($a ?? 0)"\n')).length).toBeGreaterThan(0);
  });

  it.each(shipped)('%s uses none of it', async (file) => {
    expect(await ps7Constructs(readFileSync(join(PROBE_DIR, file), 'utf8'))).toEqual([]);
  });

  it('the standalone script and the bridge command line use none of it', async () => {
    expect(await ps7Constructs(emitStandaloneScript())).toEqual([]);
    expect(await ps7Constructs(buildInvocation('Get-Date', { A: 'x' }, '0123456789abcdef'))).toEqual([]);
  });
});
