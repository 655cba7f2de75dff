// Every PowerShell text the installer and the fixes generate, parsed by PowerShell's own parser in the real pwsh
// (test/powershell/support/ps-parse.ts), then checked for what Windows PowerShell 5.1 lacks: the operation scripts, the exact one-line invocations sent to the session (with hostile
// parameter values), and the commands fix prints or shows as its what-if. Windows PowerShell 5.1 only.
import { afterAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/cli.js';
import { fixesFor } from '../support/fixes.js';
import { buildInvocation, newNonce } from '../../src/probes/powershell/envelope.js';
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
  // ws2019-iis-partial: 4 role services missing, Web-ASP with its payload removed (InstallState 5 = Removed).
  const server = (site: string, source?: string) => fixesFor('ws2019-iis-partial', {
    only: ['iis.features', 'dotnet.tls12', 'synergy.website'],
    ctx: { source },
    edit: (d) => {
      // 64-bit strong crypto only; the site stopped (ObjectState 3) and renamed, as another server would report it.
      d.dotnetTls = { ...(d.dotnetTls as object), SystemDefaultTls64: null, StrongCrypto32: null, SystemDefaultTls32: null };
      d.iisSites = (d.iisSites as { Name: string }[]).map((x) => ({ ...x, Name: site, State: 3 }));
      // Windows PowerShell 5.1 prints a one-element array as the bare element.
      const syn = d.synergy as { IisApplications: { Site: string } | { Site: string }[] };
      syn.IisApplications = [syn.IisApplications].flat().map((a) => ({ ...a, Site: site }));
    },
  });
  // win10-client: the DISM names, every role service enabled but IIS-ASP, whose payload is removed (FeatureState 6 = DisabledWithPayloadRemoved).
  const client = (source: string) => fixesFor('win10-client', {
    only: ['iis.features'], ctx: { source },
    edit: (d) => {
      d.optionalFeatures = (d.optionalFeatures as { FeatureName: string; State: unknown }[])
        .map((x) => (x.FeatureName === 'IIS-ASP' ? { ...x, State: 6 } : x));
    },
  });
  const cases: [string, ReturnType<typeof server>, RegExp, number][] = [
    // No default source (\sources\sxs holds only .NET 3.5): the printed command names what -Source must be.
    ['server, no --source', server('Exact Synergy'), /^Install-WindowsFeature -Name 'Web-Basic-Auth','Web-Windows-Auth','Web-ASP','Web-CGI' -Source 'wim:D:\\sources\\install\.wim:<index of this edition: Get-WindowsImage -ImagePath D:\\sources\\install\.wim>'$/, 3],
    ['server, a --source with a quote', server("O'Brien’s site", "E:\\it's\\sources\\sxs"), /^Install-WindowsFeature -Name 'Web-Basic-Auth','Web-Windows-Auth','Web-ASP','Web-CGI' -Source 'E:\\it''s\\sources\\sxs'$/, 3],
    ['client names (DISM)', client('D:\\sources\\sxs'), /^Enable-WindowsOptionalFeature -Online -All -NoRestart -FeatureName 'IIS-ASP' -Source 'D:\\sources\\sxs' -LimitAccess$/, 1],
  ];
  it.each(cases)('%s: every PowerShell command parses', async (_what, { results, actions }, first, count) => {
    expect(results.filter((r) => r.status === 'fail' || r.status === 'warn').map((r) => r.id).sort()).toEqual(actions.map((a) => a.checkId).sort());
    expect(actions).toHaveLength(count);
    expect(actions.every((a) => a.automatic)).toBe(true);
    for (const a of actions) {
      for (const c of a.commands.filter((x) => x.shell === 'powershell')) {
        expect(await syntaxProblems(c.script)).toEqual([]);
        expect(await ps7Constructs(c.script)).toEqual([]);
      }
    }
    expect(actions.find((a) => a.checkId === 'iis.features')!.commands[0]!.script).toMatch(first);
  });
});
