// Every PowerShell text the installer and the fixes generate, parsed by PowerShell's own parser in the real pwsh
// (test/powershell/support/ps-parse.ts), then checked for what Windows PowerShell 5.1 lacks: the operation scripts, the exact one-line invocations sent to the session (with hostile
// parameter values), and the commands fix prints or shows as its what-if. Windows PowerShell 5.1 only.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/cli.js';
import type { Result } from '../../src/core/types.js';
import { buildInvocation, newNonce } from '../../src/probes/powershell/envelope.js';
import { fixActions } from '../../src/install/fixes.js';
import { INSTALL_OPERATIONS, operationScript, type PsOperation } from '../../src/install/windows/scripts.js';
import { closeParser, ps7Constructs, syntaxProblems } from '../powershell/support/ps-parse.js';

afterAll(() => closeParser());

const ops = Object.keys(INSTALL_OPERATIONS) as PsOperation[];
const HOSTILE = ["O'Brien’s ‘site’", 'nul\u0000byte', 'a"b$(Stop-Computer)`c', 'C:\\Program Files\\Clickker\\web', 'line\r\nbreak', '\u201B\u201A; Remove-Item C:\\ -Recurse', ''];
/** The parameters the script's own param(...) block declares. */
const declared = (op: PsOperation) => [...(/^param\(([^)]*)\)/m.exec(operationScript(op))?.[1] ?? '').matchAll(/\$([A-Za-z]+)/g)].map((m) => m[1]!);

describe('the installer\'s PowerShell operations', () => {
  it.each(ops)('%s: the table declares exactly the parameters of its .ps1 file, which is shipped', (op) => {
    expect([...INSTALL_OPERATIONS[op].params]).toEqual(declared(op));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('src/probes/powershell/install/*.ps1');
    expect(readFileSync(join(ROOT, 'scripts', 'build-exe.mjs'), 'utf8')).toContain('src/probes/powershell/install');
  });

  it.each(ops)('%s parses and uses nothing Windows PowerShell 5.1 lacks', async (op) => {
    const text = operationScript(op);
    expect(await syntaxProblems(text)).toEqual([]);
    expect(await ps7Constructs(text)).toEqual([]);
  });

  it.each(ops)('%s names itself on its first line, is ASCII-only and never waits for a person or ends the session', (op) => {
    const text = operationScript(op);
    expect(text.split('\n')[0]).toBe(`# clickker step: ${op}`);
    expect([...text].filter((c) => !(c === '\n' || (c >= ' ' && c <= '~')))).toEqual([]);
    for (const banned of [/\bexit\b/i, /Write-Host/i, /Read-Host/i, /Get-Credential/i, /\bpause\b/i, /Restart-Computer/i, /Invoke-Expression|\biex\b/i, /-Filter\s/i]) {
      expect(text).not.toMatch(banned);
    }
    // every JSON answer has an explicit shape: ConvertTo-Json with -InputObject (no one-item pipeline unwrapping)
    for (const call of text.match(/ConvertTo-Json[^\n]*/g) ?? []) expect(call).toMatch(/-InputObject/);
  });

  it.each(ops)('the line sent for %s parses with hostile values, which appear only as base64', async (op) => {
    for (const value of HOSTILE) {
      const params = Object.fromEntries(declared(op).map((n) => [n, value]));
      const line = buildInvocation(operationScript(op), params, newNonce());
      expect(line).not.toMatch(/[\r\n]/);
      expect(await syntaxProblems(line)).toEqual([]);
      if (value.length > 3) expect(line).not.toContain(value);
    }
  });
});

describe('the commands fix shows and prints', () => {
  const results = (site: string): Result[] => [
    { id: 'iis.features', status: 'fail', category: 'IIS', evidence: { source: 'Get-WindowsFeature', missing: [{ name: 'Web-Basic-Auth', state: 'Available' }, { name: 'Web-ASP', state: 'Removed' }] } },
    { id: 'dotnet.tls12', status: 'warn', category: 'Frameworks', evidence: { found: { StrongCrypto64: 1, SystemDefaultTls64: null } } },
    { id: 'synergy.website', status: 'warn', category: 'Exact Synergy', evidence: { found: [{ Site: site }], sites: [{ Name: site, State: 3 }] } },
  ] as unknown as Result[];
  const client = [{ id: 'iis.features', status: 'fail', category: 'IIS', evidence: { source: 'Get-WindowsOptionalFeature', missing: [{ name: 'IIS-ASP', state: 'DisabledWithPayloadRemoved' }] } }] as unknown as Result[];
  const cases: [string, Result[], string | undefined][] = [
    ['server, no --source', results('Exact Synergy'), undefined],
    ['server, a --source with a quote', results("O'Brien’s site"), "E:\\it's\\sources\\sxs"],
    ['client names (DISM)', client, 'D:\\sources\\sxs'],
  ];
  it.each(cases)('%s: every PowerShell command parses', async (_what, rs, source) => {
    const actions = fixActions(rs, { source });
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) {
      for (const c of a.commands.filter((x) => x.shell === 'powershell')) {
        expect(await syntaxProblems(c.script)).toEqual([]);
        expect(await ps7Constructs(c.script)).toEqual([]);
      }
    }
    expect(actions[0]!.commands[0]!.script).toMatch(/^(Install-WindowsFeature -Name 'Web-Basic-Auth','Web-ASP' -Source '|Enable-WindowsOptionalFeature -Online -All -NoRestart -FeatureName 'IIS-ASP' -Source ')/);
  });
});
