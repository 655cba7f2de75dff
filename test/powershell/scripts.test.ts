// Every shipped probe script (and the standalone collector and the bridge's command line) parses with PowerShell's own
// parser (Parser::ParseInput in the real pwsh), and keeps the contract: one JSON document, the fixed pipelines verbatim.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildInvocation } from '../../src/probes/powershell/envelope.js';
import { BRIDGE_SCRIPTS, POWERSHELL_PROBES } from '../../src/probes/powershell/probes.js';
import { emitStandaloneScript } from '../../src/probes/powershell/standalone.js';
import { closeParser, syntaxProblems } from './support/ps-parse.js';

const here = dirname(fileURLToPath(import.meta.url));
const PROBE_DIR = join(here, '..', '..', 'src', 'probes', 'powershell');
const shipped = readdirSync(PROBE_DIR).filter((f) => f.endsWith('.ps1')).sort();
const read = (file: string) => readFileSync(join(PROBE_DIR, file), 'utf8');

afterAll(() => closeParser());

describe('the shipped probe scripts', () => {
  it('are exactly the files of the probe table and the bridge scripts', () => {
    expect(shipped).toEqual([...new Set([...POWERSHELL_PROBES.map((p) => p.file), ...Object.values(BRIDGE_SCRIPTS)])].sort());
  });

  it.each(shipped)('%s parses with PowerShell\'s parser', async (file) => {
    expect(await syntaxProblems(read(file))).toEqual([]);
  });

  it.each(shipped)('%s is ASCII-only (Windows PowerShell 5.1 reads a BOM-less file as ANSI)', (file) => {
    const odd = [...read(file)].filter((c) => !(c === '\t' || c === '\n' || c === '\r' || (c >= ' ' && c <= '~')));
    expect(odd).toEqual([]);
  });

  it.each(shipped)('%s names its probe on the first line and prints one JSON document with an explicit -Depth', (file) => {
    const text = read(file);
    const id = file.replace(/\.ps1$/, '');
    expect(text.split('\n')[0]).toBe(`# clickker probe: ${id}`);
    const code = text.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n'); // a comment may name the cmdlet
    const calls = code.match(/ConvertTo-Json[^\n]*/g) ?? [];
    expect(calls.length).toBeGreaterThanOrEqual(1);
    for (const call of calls) expect(call).toMatch(/-Depth ([2-9]|\d\d)\b/);
    expect(text).toMatch(/\[Console\]::OutputEncoding = \[System\.Text\.Encoding\]::UTF8/);
  });

  it.each(shipped)('%s does nothing that would break the bridge session or wait for a person', (file) => {
    const code = read(file).split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
    for (const banned of [/\bexit\b/i, /Write-Host/i, /Read-Host/i, /Get-Credential/i, /\bpause\b/i, /\[Environment\]::Exit/i, /#requires/i, /^\s*using\s/im, /\$Host\.UI/i]) {
      expect(code).not.toMatch(banned);
    }
  });
});

describe('the pipelines fixed by the snapshot contract', () => {
  // docs/snapshot.md: these are used verbatim; a quoted property list is the same pipeline.
  const FIXED: Record<string, string> = {
    'os.ps1': 'Get-CimInstance Win32_OperatingSystem | Select-Object Caption, Version, BuildNumber, ProductType, OSArchitecture, OSLanguage, LastBootUpTime',
    'dotnet.ps1': "Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full' | Select-Object Release, Version",
    'powershell.ps1': '[pscustomobject]@{ PSVersion = $PSVersionTable.PSVersion; PSEdition = $PSVersionTable.PSEdition }',
    'windowsFeatures.ps1': "Get-WindowsFeature -Name 'Web-*','NET-Framework-45-*' | Select-Object Name, DisplayName, Installed, InstallState",
    'optionalFeatures.ps1': "Get-WindowsOptionalFeature -Online | Where-Object FeatureName -like 'IIS-*' | Select-Object FeatureName, State",
  };
  const normalise = (s: string) => s.replace(/'/g, '').replace(/\s*\|\s*/g, ' | ').replace(/\s*,\s*/g, ',').replace(/\s+/g, ' ');

  it.each(Object.keys(FIXED))('%s contains its pipeline verbatim', (file) => {
    expect(normalise(read(file))).toContain(normalise(FIXED[file]!));
  });
});

describe('the bridge command line and the standalone script', () => {
  it('the one-line invocation parses, whatever the parameter holds', async () => {
    const line = buildInvocation(read('serviceAccount.ps1'), { Account: "CORP\\o'b\u2019r \"$(x)\" `n ;\r\n" }, 'abcdef0123456789abcdef01');
    expect(line).not.toMatch(/[\r\n]/);
    expect(await syntaxProblems(line)).toEqual([]);
  });

  it('the standalone script parses, whatever its embedded defaults hold', async () => {
    const hostile = "CORP\\svc'}\u2019\u2018\u201A\u201B $(Stop-Computer) `\" \r\n#>\u0000";
    const text = emitStandaloneScript({ serviceAccount: hostile, endpoints: ['https://api.cloud.clickker.nl/', hostile] });
    expect(await syntaxProblems(text)).toEqual([]);
    expect(text).not.toContain('Stop-Computer');
  });
});

describe('the parser itself', () => {
  it('accepts what the tree-sitter grammar wrongly rejected', async () => {
    // Unquoted property lists, a param() block with nothing after it, and (issue 11) a single-quoted string holding
    // "(none in the ..., no --endpoint)" inside a hashtable literal: all valid PowerShell.
    expect(await syntaxProblems('Get-CimInstance Win32_OperatingSystem | Select-Object Caption, Version\n')).toEqual([]);
    expect(await syntaxProblems('param([string] $Account)\n')).toEqual([]);
    expect(await syntaxProblems("$m = @{ 'Endpoints' = 'no endpoints to probe (none in the requirements for this profile, no --endpoint)' }\n")).toEqual([]);
  });

  const BROKEN: Record<string, [string, string]> = {
    'a missing closing brace': ['if ($true) {\n    Get-Date\n', 'MissingEndCurlyBrace'],
    'an extra closing brace': ['Get-Date }\n', 'UnexpectedToken'],
    'a missing closing parenthesis': ['$x = (Get-Date\n', 'MissingEndParenthesisInExpression'],
    'an unterminated single-quoted string': ["$s = 'abc\nGet-Date\n", 'TerminatorExpectedAtEndOfString'],
    'an unterminated double-quoted string': ['$s = "abc $($x)\n', 'TerminatorExpectedAtEndOfString'],
    'an unterminated here-string': ["$s = @'\nabc\n", 'TerminatorExpectedAtEndOfString'],
    'a subexpression left open inside a string': ['$s = "a $(Get-Date b"\n', 'TerminatorExpectedAtEndOfString'],
    'a here-string opened mid-line': ["$s = @' x\n'@\n", 'UnexpectedCharactersAfterHereStringHeader'],
  };

  it.each(Object.keys(BROKEN))('rejects %s', async (what) => {
    const [text, id] = BROKEN[what]!;
    expect((await syntaxProblems(text)).map((e) => e.id)).toContain(id);
  });

  it('accepts tricky valid code: doubled quotes, escapes, subexpressions, here-strings, comments', async () => {
    const text = [
      "$a = 'it''s'",
      '$b = "say ""hi"" `" $($a.Length) {"',
      "$c = @'\n } ) ] ' \"\n'@",
      '<# ( { [ #>',
      '# } ) ]',
      '$d = @{ e = @(1, 2); f = [int[]] (3) }',
    ].join('\n');
    expect(await syntaxProblems(text)).toEqual([]);
  });
});
