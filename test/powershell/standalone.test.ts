// The standalone collector is generated from the probe files (one source of truth) and is safe to hand to an
// administrator: ASCII, CRLF, Windows PowerShell 5.1, remoting-friendly, settings embedded as data.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSnapshot } from '../../src/facts/snapshot.js';
import { identityFact } from '../../src/facts/identity.js';
import { networkFact } from '../../src/facts/network.js';
import { createPowershellSource } from '../../src/probes/powershell/index.js';
import { ERROR_KIND_BY_HRESULT, ERROR_KIND_BY_TYPE, POWERSHELL_PROBE_IDS, POWERSHELL_PROBES } from '../../src/probes/powershell/probes.js';
import { runCli } from '../support/cli.js';
import { emitStandaloneScript, STANDALONE_COLLECTOR_NAME } from '../../src/probes/powershell/standalone.js';

const here = dirname(fileURLToPath(import.meta.url));
const PROBE_DIR = join(here, '..', '..', 'src', 'probes', 'powershell');
const script = emitStandaloneScript({ version: '1.2.3' });
const lf = script.replace(/\r\n/g, '\n');

/** The embedded body of one probe file, between the generator's markers. */
function embedded(text: string, file: string): string | null {
  const m = new RegExp(`# ---- begin src/probes/powershell/${file.replace('.', '\\.')} ----\\n\\s*Script\\s*= \\{\\n([\\s\\S]*?)\\n\\}\\n\\s*# ---- end`).exec(text);
  return m ? m[1]! : null;
}

describe('emitStandaloneScript', () => {
  it.each(POWERSHELL_PROBES.map((p) => p.file))('embeds %s verbatim from the probe file', (file) => {
    const source = readFileSync(join(PROBE_DIR, file), 'utf8').replace(/\s+$/, '');
    expect(embedded(lf, file)).toBe(source);
  });

  it('is ASCII with CRLF line ends only', () => {
    expect([...script].filter((c) => c > '~' || (c < ' ' && c !== '\r' && c !== '\n'))).toEqual([]);
    expect(script.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('takes its parameters by position in the order Invoke-Command -ArgumentList gives them', () => {
    const param = /^param\(\n([\s\S]*?)\n\)/m.exec(lf)?.[1] ?? '';
    expect(param.split('\n').map((l) => /\$(\w+)/.exec(l)?.[1])).toEqual(['ServiceAccount', 'OutFile', 'ProbeTimeoutSeconds', 'Endpoints', 'Throttle']);
  });

  it('uses nothing that only exists when run from a local file (Invoke-Command -FilePath sends the text)', () => {
    expect(lf).not.toMatch(/\$PSScriptRoot|\$PSCommandPath|\$MyInvocation\.MyCommand\.Path/);
  });

  it('embeds a default service account as base64 data, never as script text', () => {
    const hostile = "CORP\\o'brien\u2019 $(Stop-Computer) `n; #> '@";
    const text = emitStandaloneScript({ serviceAccount: hostile }).replace(/\r\n/g, '\n');
    expect(text).not.toContain('Stop-Computer');
    const b64 = /\$ClickkerDefaults = @\{ ServiceAccount = '([A-Za-z0-9+/=]*)'; Endpoints = '[A-Za-z0-9+/=]*' \}/.exec(text)?.[1];
    expect(b64).toBeDefined();
    expect(Buffer.from(b64!, 'base64').toString('utf8')).toBe(hostile);
  });

  it('carries the error-kind tables and the elevation list of the probe table', () => {
    for (const [type, kind] of Object.entries(ERROR_KIND_BY_TYPE)) expect(lf).toContain(`'${type}' = '${kind}'`);
    for (const [hresult, kind] of Object.entries(ERROR_KIND_BY_HRESULT)) expect(lf).toContain(`'${hresult}' = '${kind}'`);
    for (const p of POWERSHELL_PROBES) {
      expect(lf).toMatch(new RegExp(`Id\\s+= '${p.id}'\\n\\s+NeedsElevation = \\$${p.needsElevation}`));
    }
  });

  it('can be limited to some probes; identity is always kept', () => {
    const text = emitStandaloneScript({ probes: ['os'] }).replace(/\r\n/g, '\n');
    expect([...text.matchAll(/Id\s+= '(\w+)'/g)].map((m) => m[1])).toEqual(['identity', 'os']);
    expect(() => emitStandaloneScript({ probes: ['sql.server'] })).toThrow(/unknown PowerShell probe/);
    expect(() => emitStandaloneScript({ version: "1'; x" })).toThrow(/invalid collector version/);
  });

  it('writes a snapshot document that clickker accepts (its -f templates filled in as PowerShell would)', () => {
    const format = (template: string, ...args: string[]) =>
      template.replace(/\{\{|\}\}|\{(\d+)\}/g, (m, k: string | undefined) => (m === '{{' ? '{' : m === '}}' ? '}' : args[Number(k)]!));
    const snapshotTemplate = /\$snapshot = '([^']+)' -f/.exec(lf)?.[1];
    const okTemplate = /return \('(\{\{"ok":true[^']+)' -f/.exec(lf)?.[1];
    const failTemplate = /return \('(\{\{"ok":false[^']+)' -f/.exec(lf)?.[1];
    expect(snapshotTemplate && okTemplate && failTemplate).toBeTruthy();
    const identity = readFileSync(join(here, 'samples', 'identity.json'), 'utf8').trim();
    const records = [
      `"identity":${format(okTemplate!, identity, '12')}`,
      `"optionalFeatures":${format(failTemplate!, '"needs-elevation"', '"run it from an elevated prompt"', '0')}`,
    ].join(',');
    const doc = format(snapshotTemplate!, '"clickker.snapshot/v1"', '"2026-11-22T10:00:00.000Z"', '"WS2016"', `"${STANDALONE_COLLECTOR_NAME}"`, '"1.2.3"', records);
    const loaded = parseSnapshot(JSON.parse(doc), 'WS2016.json');
    expect(loaded.snapshot.collector).toEqual({ name: STANDALONE_COLLECTOR_NAME, version: '1.2.3' });
    expect(loaded.snapshot.probes.optionalFeatures).toEqual({ ok: false, error: { kind: 'needs-elevation', message: 'run it from an elevated prompt' }, ms: 0 });
    expect(loaded.facts.read(identityFact).IsElevated).toBe(true);
  });

  it('formats collectedAt as ISO-8601 with milliseconds in the invariant culture', () => {
    expect(lf).toContain("ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [System.Globalization.CultureInfo]::InvariantCulture)");
  });
});

describe('the .NET view of the endpoints in the standalone collector', () => {
  const URLS = ['https://www.clickker.nl', 'https://api.cloud.clickker.nl'];

  it('is the network.endpoints probe there (no Node on the server), and only there', () => {
    expect(lf).toMatch(/Id\s+= 'network\.endpoints'\n\s+NeedsElevation = \$false\n\s+Parameters\s+= @\{ Urls = 'Endpoints' \}/);
    expect(lf).toContain('# ---- begin src/probes/powershell/dotnetEndpoints.ps1 ----');
    // Live, the network source merges this view into Node's; the PowerShell source must not claim the probe id.
    expect(POWERSHELL_PROBE_IDS).not.toContain('network.endpoints');
    expect(createPowershellSource().probes).not.toContain('network.endpoints');
    expect(emitStandaloneScript({ probes: ['network.endpoints'] }).replace(/\r\n/g, '\n').match(/Id\s+= '([\w.]+)'/g)).toHaveLength(2);
  });

  it('embeds the default URLs as base64 data, and takes -Endpoints as a list or a comma-separated string', () => {
    const hostile = "https://x.test/a'b\u2019$(Stop-Computer)`;";
    const text = emitStandaloneScript({ endpoints: [...URLS, hostile] }).replace(/\r\n/g, '\n');
    expect(text).not.toContain('Stop-Computer');
    const b64 = /Endpoints = '([A-Za-z0-9+/=]*)' \}/.exec(text)?.[1];
    expect(Buffer.from(b64!, 'base64').toString('utf8')).toBe([...URLS, hostile].join('\n'));
    expect(text).toContain("$EndpointList = (@($Endpoints | ForEach-Object { ([string] $_) -split '[,\\s]+' } | Where-Object { $_ }) -join [string][char]10)");
    expect(text).toContain('$ClickkerSettings = @{ ServiceAccount = $ServiceAccount; Endpoints = $EndpointList }');
    // Without URLs the probe is recorded as not configured, saying how to give them.
    expect(text).toContain("Missing        = @{ 'Endpoints' = 'no endpoints to probe (none in the requirements for this profile, no --endpoint): run the script with -Endpoints https://api.cloud.clickker.nl/' }");
  });

  it('writes a network.endpoints record that clickker reads (the .NET view alone)', () => {
    const format = (template: string, ...args: string[]) =>
      template.replace(/\{\{|\}\}|\{(\d+)\}/g, (m, k: string | undefined) => (m === '{{' ? '{' : m === '}}' ? '}' : args[Number(k)]!));
    const okTemplate = /return \('(\{\{"ok":true[^']+)' -f/.exec(lf)![1]!;
    const snapshotTemplate = /\$snapshot = '([^']+)' -f/.exec(lf)![1]!;
    const views = readFileSync(join(here, 'samples', 'dotnetEndpoints.json'), 'utf8').trim();
    const doc = format(snapshotTemplate, '"clickker.snapshot/v1"', '"2026-11-22T10:00:00.000Z"', '"WS2016"', `"${STANDALONE_COLLECTOR_NAME}"`, '"1.2.3"',
      `"network.endpoints":${format(okTemplate, views, '3100')}`);
    const loaded = parseSnapshot(JSON.parse(doc), 'WS2016.json');
    const facts = loaded.facts.read(networkFact);
    expect(facts.endpoints.map((e) => [e.url, e.dotnet?.ok, e.dotnet?.webStatus ?? null])).toEqual([
      ['https://www.clickker.nl', true, null],
      ['https://sense-applications.visualstudio.com', false, 'SecureChannelFailure'],
      ['https://api.cloud.clickker.nl', false, 'TrustFailure'],
    ]);
  });

  it('clickker collect --emit-script embeds the profile\'s endpoints, or the --endpoint URLs', () => {
    const defaults = (out: string) => {
      const b64 = /Endpoints = '([A-Za-z0-9+/=]*)' \}/.exec(out.replace(/\r\n/g, '\n'))?.[1] ?? '';
      return Buffer.from(b64, 'base64').toString('utf8').split('\n');
    };
    const synergy = runCli(['collect', '--emit-script']);
    expect(synergy.code).toBe(0);
    expect(defaults(synergy.stdout)).toEqual(['https://www.clickker.nl', 'https://sense-applications.visualstudio.com', 'https://api.cloud.clickker.nl']);
    const online = runCli(['collect', '--emit-script', '--profile', 'online']);
    expect(defaults(online.stdout)).toEqual(['https://cloud.clickker.nl', 'https://watcher.clickker.nl', 'https://api.cloud.clickker.nl']);
    const given = runCli(['collect', '--emit-script', '--endpoint', 'https://files.partner.example.nl']);
    expect(defaults(given.stdout)).toEqual(['https://files.partner.example.nl']);
  });
});
