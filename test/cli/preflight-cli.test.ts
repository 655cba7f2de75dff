// The CLI's contract, exercised by spawning the built CLI: exit codes, report schemas, errors, precedence.
import { describe, expect, it } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { reportSchema } from '../../src/report/report-schema.js';
import { ROOT, runCli, tempDir, writeJson } from '../support/cli.js';
import { failed, ok, snapshotDoc } from '../support/snapshot.js';

const fixture = (name: string) => join(ROOT, 'fixtures', 'hosts', `${name}.json`);
const READY = fixture('ws2019-ready');
const DOTNET462 = fixture('ws2016-dotnet462');
const ALL = ['--confirm', 'all'];

describe('exit codes', () => {
  it('0 when every blocking check passes (ready host, all confirmed)', () => {
    const r = runCli(['preflight', '--snapshot', READY, ...ALL]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/READY/);
  });
  it('1 when a blocking check fails', () => {
    const r = runCli(['preflight', '--snapshot', DOTNET462, ...ALL]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NOT READY/);
    expect(r.stdout).toMatch(/dotnet\.framework/);
  });
  it('3 when a blocking check is unknown and none failed (confirmations missing)', () => {
    const r = runCli(['preflight', '--snapshot', READY]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/INCOMPLETE/);
    expect(r.stdout).toMatch(/confirm\.permissions-form/);
  });
  it('--fail-on unknown turns an incomplete run into 1; --fail-on warning escalates warnings', () => {
    expect(runCli(['preflight', '--snapshot', READY, '--fail-on', 'unknown']).code).toBe(1);
    const dir = tempDir();
    const warnOnly = writeJson(dir, 'w.json', snapshotDoc({ pendingReboot: ok({ Reasons: ['CBS.RebootPending'] }) }));
    // A warning alone is not a failure; the run is still partial (--only left the blocking checks unjudged): 3, not 0.
    expect(runCli(['preflight', '--snapshot', warnOnly, '--only', 'os.pending-reboot']).code).toBe(3);
    expect(runCli(['preflight', '--snapshot', warnOnly, '--only', 'os.pending-reboot', '--fail-on', 'warning']).code).toBe(1);
  });
  it('2 for bad flags, unknown check ids, bad snapshots and bad config — one line, no stack trace', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"schema": "clickker.snapshot/v1", ');
    const malformed = writeJson(dir, 'malformed.json', snapshotDoc({ windowsFeatures: ok([{ Name: 'Web-CGI', Installed: true, InstallState: 1 }, { Name: 'Web-ASP', Installed: 'yes', InstallState: 1 }]) }));
    const otherSchema = writeJson(dir, 'other.json', { ...snapshotDoc({}), schema: 'clickker.snapshot/v9' });
    const config = join(dir, 'c.yaml');
    writeFileSync(config, 'profile: cloud\n');
    const cases: [string[], RegExp][] = [
      [['preflight', '--bogus'], /unknown option '--bogus'/],
      [['preflight', '--snapshot', READY, '--format', 'pdf'], /format/],
      [['preflight', '--snapshot', READY, '--only', 'no.such-check'], /unknown check id 'no\.such-check'/],
      [['preflight', '--snapshot', READY, '--skip', 'os.versoin'], /--skip: unknown check id 'os\.versoin'/],
      [['preflight', '--snapshot', READY, '--confirm', 'os.version'], /--confirm: unknown check id/],
      [['preflight', '--snapshot', join(dir, 'missing.json')], /snapshot .*missing\.json: cannot read it \(ENOENT\)/],
      [['preflight', '--snapshot', bad], /snapshot .*bad\.json: not valid JSON/],
      [['preflight', '--snapshot', malformed], /malformed probe data at probes\.windowsFeatures\.data\[1\]\.Installed/],
      [['preflight', '--snapshot', otherSchema], /schema is "clickker\.snapshot\/v9", expected "clickker\.snapshot\/v1"/],
      [['preflight', '--snapshot', READY, '--config', config], /config file .*c\.yaml at profile: expected "synergy" or "online"/],
      [['preflight', '--snapshot', READY, '--synergy-release', 'five'], /--synergy-release: expected a whole number/],
      [['explain', 'no.such-check'], /unknown check id 'no\.such-check'/],
      [['nonsense'], /unknown command 'nonsense'/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
  it('2 for a bad environment value, naming the variable', () => {
    const r = runCli(['preflight', '--snapshot', READY], { env: { CLICKKER_FAIL_ON: 'sometimes' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CLICKKER_FAIL_ON: expected "warning" or "unknown"/);
  });
});

describe('reports', () => {
  it('JSON report validates against the clickker.report/v1 schema, one result per host x check', () => {
    const r = runCli(['preflight', '--snapshot', READY, DOTNET462, '--format', 'json', ...ALL]);
    expect(r.code).toBe(1);
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.hosts.map((h) => h.verdict)).toEqual(['ready', 'not-ready']);
    const ids = new Set(report.results.map((x) => x.id));
    expect(report.results).toHaveLength(ids.size * 2);
    const dotnet = report.results.find((x) => x.id === 'dotnet.framework' && x.status === 'fail');
    expect(dotnet?.evidence).toMatchObject({ found: { Release: 394802 } });
    expect(report.requirements.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.exitCode).toBe(1);
  });
  it('JUnit: a testcase per check; fail -> failure, unknown -> error, not applicable -> skipped', () => {
    const r = runCli(['preflight', '--snapshot', DOTNET462, '--format', 'junit']);
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(r.stdout);
    const suite = xml.testsuites.testsuite;
    const cases = suite.testcase as Record<string, unknown>[];
    expect(Number(suite.tests)).toBe(cases.length);
    const byName = (id: string) => cases.find((c) => String(c.name) === id)!;
    expect(byName('dotnet.framework').failure).toBeDefined();
    expect(byName('confirm.permissions-form').error).toBeDefined();
    expect(byName('confirm.clickker-account').skipped).toBeDefined();
    expect(Number(suite.failures)).toBe(cases.filter((c) => c.failure).length);
    expect(Number(suite.errors)).toBe(cases.filter((c) => c.error).length);
  });
  it('--only/--skip: exit 3 and PARTIAL CHECK, never "Ready"; JSON carries partial and the unjudged blocking checks', () => {
    const r = runCli(['preflight', '--snapshot', READY, ...ALL, '--only', 'os.version']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/PARTIAL CHECK/);
    expect(r.stdout).not.toMatch(/Ready to install/);
    expect(r.stdout).toMatch(/Exit code 3\. [^]*not checked: dotnet\.framework/);
    const json = runCli(['preflight', '--snapshot', READY, ...ALL, '--skip', 'iis.features,network.endpoints', '--format', 'json']);
    expect(json.code).toBe(3);
    const report = reportSchema.parse(JSON.parse(json.stdout));
    expect(report).toMatchObject({ verdict: 'incomplete', exitCode: 3, partial: true, notChecked: ['iis.features', 'network.endpoints'] });
    expect(report.hosts[0]).toMatchObject({ partial: true, notChecked: ['iis.features', 'network.endpoints'] });
    const full = reportSchema.parse(JSON.parse(runCli(['preflight', '--snapshot', READY, ...ALL, '--format', 'json']).stdout));
    expect(full).toMatchObject({ verdict: 'ready', partial: false, notChecked: [] });
  });
  it('a partial fleet of 7+ snapshots (the streamed path) is partial too', () => {
    const r = runCli(['preflight', '--snapshot', ...Array.from({ length: 7 }, () => READY), ...ALL, '--only', 'os.version', '--format', 'json']);
    expect(r.code).toBe(3);
    const report = reportSchema.parse(JSON.parse(r.stdout));
    expect(report.partial).toBe(true);
    expect(report.notChecked).toContain('dotnet.framework');
    expect(report.hosts.every((h) => h.partial && h.verdict === 'incomplete')).toBe(true);
  });
  it('Markdown report names the verdict, the requirements version and every fix', () => {
    const r = runCli(['preflight', '--snapshot', DOTNET462, '--format', 'markdown', ...ALL]);
    expect(r.stdout).toMatch(/^# Clickker preflight report/);
    expect(r.stdout).toMatch(/\*\*Verdict: NOT READY\*\* \(exit code 1\)/);
    expect(r.stdout).toMatch(/2026\.11\.1/);
    expect(r.stdout).toMatch(/## Findings and fixes/);
  });
  it('--output writes the report atomically and still prints the console summary', () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    const r = runCli(['preflight', '--snapshot', READY, ...ALL, '--format', 'json', '--output', out]);
    expect(r.code).toBe(0);
    expect(reportSchema.parse(JSON.parse(readFileSync(out, 'utf8'))).verdict).toBe('ready');
    expect(r.stdout).toMatch(/READY/);
    expect(r.stderr).toMatch(/Report written to/);
  });
  it('fleet: several snapshots give one matrix and one go/no-go', () => {
    const r = runCli(['preflight', '--snapshot', READY, DOTNET462, ...ALL, '--ascii']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^check\s+SYNERGY01\s+\S+/m);
    expect(r.stdout).toMatch(/\[FAIL\] dotnet\.framework/);
    expect(r.stdout).toMatch(/NOT READY/);
  });
  it('no colour when not a TTY or NO_COLOR is set; FORCE_COLOR forces it; --ascii swaps the symbols', () => {
    // eslint-disable-next-line no-control-regex
    const ansi = /\u001b\[/;
    expect(runCli(['preflight', '--snapshot', DOTNET462]).stdout).not.toMatch(ansi);
    expect(runCli(['preflight', '--snapshot', DOTNET462], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(ansi);
    expect(runCli(['preflight', '--snapshot', DOTNET462], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toMatch(ansi);
    const ascii = runCli(['preflight', '--snapshot', DOTNET462, '--ascii']).stdout;
    expect(ascii).toMatch(/\[FAIL\] dotnet\.framework/);
    expect(ascii).not.toMatch(/[✔✖⚠]/);
  });
});

describe('settings precedence: flags > CLICKKER_* > config file', () => {
  it('config sets the format, the environment overrides it, a flag overrides both', () => {
    const dir = tempDir();
    const config = join(dir, 'clickker.yaml');
    writeFileSync(config, `snapshots: [${JSON.stringify(READY)}]\nformat: json\nconfirm: all\n`);
    expect(() => JSON.parse(runCli(['preflight', '--config', config]).stdout)).not.toThrow();
    expect(runCli(['preflight', '--config', config], { env: { CLICKKER_FORMAT: 'markdown' } }).stdout).toMatch(/^# Clickker/);
    expect(runCli(['preflight', '--config', config, '--format', 'junit'], { env: { CLICKKER_FORMAT: 'markdown' } }).stdout).toMatch(/^<\?xml/);
  });
  it('relative paths in a config file are relative to the config file', () => {
    const dir = tempDir();
    writeJson(dir, 'host.json', JSON.parse(readFileSync(READY, 'utf8')));
    const config = join(dir, 'c.json');
    writeFileSync(config, JSON.stringify({ snapshots: ['host.json'], confirm: ['all'] }));
    expect(runCli(['preflight', '--config', config], { cwd: '/' }).code).toBe(0);
  });
});

describe('waivers', () => {
  const waiverFile = (expires: string) => {
    const dir = tempDir();
    const f = join(dir, 'waivers.yaml');
    writeFileSync(f, `waivers:\n  - check: dotnet.framework\n    host: "*"\n    reason: .NET 4.8 is scheduled for the maintenance window\n    approvedBy: J. de Vries\n    expires: "${expires}"\n`);
    return f;
  };
  it('a valid waiver turns the failure into waived (still shown), an expired one is a finding again', () => {
    const valid = runCli(['preflight', '--snapshot', DOTNET462, ...ALL, '--waivers', waiverFile('2099-12-31'), '--format', 'json']);
    const report = reportSchema.parse(JSON.parse(valid.stdout));
    const r = report.results.find((x) => x.id === 'dotnet.framework')!;
    expect(r.status).toBe('waived');
    expect(r.waiver).toMatchObject({ status: 'fail', approvedBy: 'J. de Vries', expired: false });
    expect(valid.code).toBe(0);
    const expired = runCli(['preflight', '--snapshot', DOTNET462, ...ALL, '--waivers', waiverFile('2020-01-01')]);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toMatch(/waiver expired\s+2020-01-01/);
  });
  it('a waiver for an unknown check id is an input error', () => {
    const dir = tempDir();
    const f = join(dir, 'w.json');
    writeFileSync(f, JSON.stringify({ waivers: [{ check: 'dotnet.framwork', host: '*', reason: 'x', approvedBy: 'y', expires: '2099-01-01' }] }));
    const r = runCli(['preflight', '--snapshot', READY, '--waivers', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/waivers\[0\]\.check: unknown check id 'dotnet\.framwork'/);
  });
});

describe('secrets never appear in output', () => {
  it('passwords in probe data, error messages and URLs are masked in every format', () => {
    const secret = 'S3cr3t-Pa55!';
    const dir = tempDir();
    const snap = writeJson(dir, 's.json', snapshotDoc({
      'sql.server': failed('login-failed', `Login failed; connection string Server=sql01;User Id=sa;Password=${secret};`),
      'network.endpoints': ok({ endpoints: [{ url: 'https://www.clickker.nl', proxy: `http://svc:${secret}@proxy.corp:8080`, tcp: { ok: false, error: { code: 'ECONNREFUSED', message: 'refused' }, ms: 3 } }] }),
      synergy: ok({ UninstallEntries: [], InstallFolders: [], DbConfigs: [{ Path: 'C:\\ESE\\db.config', Server: 'sql01', Database: '444_unicode', Password: secret }], IisApplications: [] }),
    }));
    for (const format of ['console', 'json', 'junit', 'markdown']) {
      const r = runCli(['preflight', '--snapshot', snap, '--format', format, '--verbose'], { env: { CLICKKER_SQL_PASSWORD: secret } });
      expect(r.stdout.length).toBeGreaterThan(100);
      expect(r.stdout).not.toContain(secret);
      expect(r.stderr).not.toContain(secret);
    }
  });
});

describe('checks and explain', () => {
  it('checks lists the fixed ids with severity and needs', () => {
    const r = runCli(['checks', '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; severity: string; needs: string[] }[];
    for (const id of ['os.version', 'dotnet.framework', 'powershell.version', 'iis.features', 'synergy.release', 'sql.baco-login', 'network.endpoints']) {
      expect(list.find((c) => c.id === id)).toBeDefined();
    }
    expect(list.find((c) => c.id === 'iis.features')?.needs).toEqual(['os', 'windowsFeatures', 'optionalFeatures']);
  });
  it('explain prints the rationale and the exact fix', () => {
    const r = runCli(['explain', 'dotnet.tls12']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SchUseStrongCrypto/);
    expect(r.stdout).toMatch(/WOW6432Node/);
  });
  it('--help and --version exit 0', () => {
    expect(runCli(['--help']).code).toBe(0);
    const v = runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });
});
