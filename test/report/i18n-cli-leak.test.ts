// "Every message has both languages; a test fails when one is missing" (issue 16), for the commands an administrator
// runs around an installation: install --plan, install (apply, progress, summary), install --rollback --plan,
// uninstall --plan, collect, support-bundle, and the one-line errors. The built CLI runs for real against a simulated
// host (--simulate) in Dutch; after removing what is not prose (ids, commands, flags, paths, run ids), no English-only
// word may remain, the install steps' own texts included (what each changes, its notes, its undo lines, its progress
// detail). A second test holds the command files to the catalogue: no English-only literal in them.
import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { zipEntries } from '../../scripts/zip-writer.mjs';
import { BIN, ROOT, runCli, tempDir } from '../support/cli.js';
import { leaks, MARKER, prose } from '../support/english-words.js';

const SAMPLE_ZIP = join(ROOT, 'fixtures', 'packages', 'clickker-1.0.0.zip');
const READY = join(ROOT, 'fixtures', 'hosts', 'ws2019-ready.json');
// Test-only values, as test/install/cli.test.ts uses them.
const SECRETS = { CLICKKER_SERVICE_ACCOUNT_PASSWORD: 'Svc-Pa55!w0rd', CLICKKER_SECRET_CLOUD_API_KEY: 'ck_live_9f8e7d6c5b4a3f2e1d0c' };

describe('no English in the Dutch install, uninstall, collect and support-bundle screens (the built CLI)', () => {
  const dir = tempDir();
  const host = join(dir, 'host.json');
  writeFileSync(host, JSON.stringify({ schema: 'clickker.simulated-host/v1', computerName: 'SRV-TEST', snapshot: READY }));
  const state = join(dir, 'state');
  const args = ['--package', SAMPLE_ZIP, '--simulate', host, '--state-dir', state, '--install-dir', join(dir, 'Clickker'),
    '--service-account', 'VDBERG\\svc-clickker', '--sql-server', 'SQL01\\EXACT', '--site', 'Default Web Site', '--confirm', 'all'];

  it('install --plan --lang nl', () => {
    const r = runCli(['install', ...args, '--plan', '--lang', 'nl'], { env: SECRETS });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Er is niets gewijzigd \(--plan\)/);
    expect(r.stdout).toMatch(/groep van toepassingen 'Clickker' maken/);
    expect(leaks(r.stdout)).toEqual([]);
  });

  it('install with CLICKKER_LANG=nl: progress, summary and the sysadmin note', () => {
    const r = runCli(['install', ...args, '--yes'], { env: { ...SECRETS, CLICKKER_LANG: 'nl' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is geïnstalleerd op/);
    expect(r.stderr).toMatch(/\[\d+\/\d+\] iis\.app-pool: groep van toepassingen 'Clickker' maken/);
    expect({ stdout: leaks(r.stdout), stderr: leaks(r.stderr) }).toEqual({ stdout: [], stderr: [] });
  });

  it('install --rollback --plan and uninstall --plan, --lang nl', () => {
    const rb = runCli(['install', '--rollback', '--plan', '--simulate', host, '--state-dir', state, '--lang', 'nl'], { env: SECRETS });
    expect(rb.code).toBe(0);
    expect(rb.stdout).toMatch(/terugdraaien service:ClickkerSync: service ClickkerSync stoppen en verwijderen/);
    expect(leaks(rb.stdout)).toEqual([]);
    const un = runCli(['uninstall', '--plan', '--simulate', host, '--state-dir', state, '--lang', 'nl'], { env: SECRETS });
    expect(un.code).toBe(0);
    expect(un.stdout).toMatch(/verwijderen van .*\n[\s\S]*Er is niets gewijzigd \(--plan\)/);
    expect(leaks(un.stdout)).toEqual([]);
  });

  it('the error about the recorded run: --resume of a finished run', () => {
    const resume = runCli(['install', '--resume', '--yes', '--simulate', host, '--state-dir', state, '--confirm', 'all', '--lang', 'nl'], { env: SECRETS });
    expect(resume.code).toBe(2);
    expect(resume.stderr).toMatch(/er is niets te hervatten/);
    expect(leaks(resume.stderr.replace(/^clickker: /, ''))).toEqual([]);
  });

  it('support-bundle --lang nl', () => {
    const r = runCli(['support-bundle', '--state-dir', state, '--out', join(dir, 'bundle.zip'), '--lang', 'nl']);
    expect(r.code).toBe(0);
    // The file list after the first line is names.
    expect(leaks(r.stdout.split('\n')[0]!)).toEqual([]);
  });

  it('collect --lang nl (here: PowerShell probes cannot run, exit 3)', () => {
    const out = join(dir, 'snap.json');
    const r = runCli(['collect', '--out', out, '--lang', 'nl']);
    expect(r.code).toBe(3);
    // A probe's own message is a value (the collector's or Windows' words), quoted as it is in the snapshot.
    const messages = Object.values((JSON.parse(readFileSync(out, 'utf8')) as { probes: Record<string, { error?: { message: string } }> }).probes)
      .map((p) => p.error?.message).filter((m): m is string => Boolean(m));
    const cut = (text: string) => messages.reduce((s, m) => s.split(m).join(' '), text);
    expect({ stdout: leaks(cut(r.stdout)), stderr: leaks(cut(r.stderr)) }).toEqual({ stdout: [], stderr: [] });
  });

  it.each([
    [['uninstall', '--state-dir', join(dir, 'nowhere'), '--lang', 'nl'], 2],
    [['install', '--plan', '--resume', '--lang', 'nl'], 2],
    [['install', '--no-interactive', '--state-dir', join(dir, 'nowhere'), '--lang', 'nl'], 2],
    [['install', '--bogus', '--lang', 'nl'], 2],
    [['preflight', '--only', 'no.such-check', '--snapshot', READY, '--lang', 'nl'], 2],
    [['install', '--package', SAMPLE_ZIP, '--service-account', 'VDBERG\\svc', '--no-interactive', '--lang', 'nl'], 2],
    [['support-bundle', '--state-dir', join(dir, 'nowhere'), '--lang', 'nl'], 2],
    [['install', '--package', join(dir, 'missing.zip'), '--state-dir', join(dir, 'nowhere'), '--no-interactive', '--lang', 'nl'], 2],
    [['install', '--package', SAMPLE_ZIP, '--sha256', '00', '--state-dir', join(dir, 'nowhere'), '--no-interactive', '--lang', 'nl'], 2],
  ])('one error line in Dutch: %j', (argv, code) => {
    const r = runCli(argv as string[], { env: { CLICKKER_LANG: 'nl' } });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(/^clickker: [^\n]+\n$/);
    expect(leaks(r.stderr.replace(/^clickker: /, ''))).toEqual([]);
  });
});

// The installer's own errors (issue 16: "every message has both languages"), run in Dutch on the built CLI: a corrupt
// package, a bad manifest, a damaged journal, a refused rollback and uninstall, and a step that fails on the simulated
// host. Windows' own error text (here the sharing violation the simulated host answers as Windows does) is quoted as
// the journal records it and cut before the check; everything else on those lines is clickker's and must be Dutch.
describe('the installer\'s errors in Dutch (the built CLI, --lang nl)', () => {
  const dir = tempDir();
  const host = join(dir, 'host.json');
  writeFileSync(host, JSON.stringify({ schema: 'clickker.simulated-host/v1', computerName: 'SRV-TEST', snapshot: READY }));
  const common = ['--simulate', host, '--service-account', 'VDBERG\\svc-clickker', '--sql-server', 'SQL01\\EXACT', '--site', 'Default Web Site',
    '--confirm', 'all', '--no-interactive', '--lang', 'nl'];
  const oneDutchLine = (r: { code: number | null; stderr: string }, code: number, dutch: RegExp) => {
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(/^clickker: [^\n]+\n$/);
    expect(r.stderr).toMatch(dutch);
    expect(leaks(r.stderr.replace(/^clickker: /, ''))).toEqual([]);
  };
  /** The sample package's files, with `change` applied to its manifest, as a new zip. */
  const packageWith = (name: string, change?: (m: Record<string, unknown>) => void): string => {
    const root = join(ROOT, 'fixtures', 'packages', 'sample');
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    const files = walk(root).map((f) => relative(root, f).split(sep).join('/')).sort().map((n) => {
      const data = readFileSync(join(root, ...n.split('/')));
      if (n !== 'clickker-package.json' || !change) return { name: n, data };
      const m = JSON.parse(String(data)) as Record<string, unknown>;
      change(m);
      return { name: n, data: Buffer.from(JSON.stringify(m)) };
    });
    const file = join(dir, name);
    writeFileSync(file, zipEntries(files));
    return file;
  };

  it('a corrupt package zip', () => {
    const good = readFileSync(SAMPLE_ZIP);
    const zip = join(dir, 'truncated.zip');
    writeFileSync(zip, good.subarray(0, good.length - 40)); // the end of the central directory is cut off
    const r = runCli(['install', '--package', zip, '--state-dir', join(dir, 's1'), ...common], { env: SECRETS });
    oneDutchLine(r, 2, /^clickker: pakket \S+truncated\.zip: geen zipbestand \(geen einde van de centrale map\)\n$/);
  });

  it('a bad package manifest: a task declared twice, a script it does not hold', () => {
    const twice = packageWith('twice.zip', (m) => { const t = m.scheduledTasks as unknown[]; t.push(t[0]); });
    oneDutchLine(runCli(['install', '--package', twice, '--state-dir', join(dir, 's2'), ...common], { env: SECRETS }), 2,
      /: clickker-package\.json: geplande taak "Clickker Nightly Cleanup" is twee keer gedeclareerd\n$/);
    const missing = packageWith('missing.zip', (m) => { (m.database as { scripts: string[] }).scripts.push('sql/003-missing.sql'); });
    oneDutchLine(runCli(['install', '--package', missing, '--state-dir', join(dir, 's2'), ...common], { env: SECRETS }), 2,
      /: SQL-script "sql\/003-missing\.sql" zit niet in het pakket\n$/);
    // The schema's own words: a name that could reach a cmdlet with a wildcard in it.
    const wildcard = packageWith('wildcard.zip', (m) => { (m.iis as { appPool: { name: string } }).appPool.name = 'Click*'; });
    oneDutchLine(runCli(['install', '--package', wildcard, '--state-dir', join(dir, 's2'), ...common], { env: SECRETS }), 2,
      /: clickker-package\.json: bij iis\.appPool\.name: groep van toepassingen: alleen letters, cijfers, spaties, .* beginnend met een letter of cijfer\n$/);
  });

  it('the secret a package asks for, in the manifest\'s Dutch', () => {
    const r = runCli(['install', '--package', SAMPLE_ZIP, '--state-dir', join(dir, 's3'), ...common], { env: { CLICKKER_SERVICE_ACCOUNT_PASSWORD: SECRETS.CLICKKER_SERVICE_ACCOUNT_PASSWORD } });
    oneDutchLine(r, 2, /^clickker: CLICKKER_SECRET_CLOUD_API_KEY: ontbreekt \(de API-sleutel van Clickker Cloud \(van cloud\.clickker\.nl\)\)/);
  });

  it('a refused rollback and uninstall: a backup they need is gone; nothing is undone', () => {
    const state = join(dir, 's4');
    const installDir = join(dir, 'Clickker4');
    // A Web.config that was there before clickker: the install backs it up, and only that backup can put it back.
    mkdirSync(join(installDir, 'web'), { recursive: true });
    writeFileSync(join(installDir, 'web', 'Web.config'), '<configuration><!-- theirs --></configuration>');
    const args = ['--package', SAMPLE_ZIP, '--state-dir', state, '--install-dir', installDir, ...common];
    expect(runCli(['install', ...args, '--yes'], { env: SECRETS }).code).toBe(0);
    rmSync(join(state, 'backups'), { recursive: true, force: true }); // deleted by hand
    const refusal = (stdout: string) => stdout.split('\n').filter((l) => /KAN NIET: /.test(l)).map((l) => l.replace(/^.*?KAN NIET: /, ''));
    const rb = runCli(['install', '--rollback', '--yes', ...args], { env: SECRETS });
    expect(rb.code).toBe(5);
    expect(rb.stdout).toMatch(/terugdraaien config:web\/Web\.config: KAN NIET: de back-up van de vorige web\/Web\.config is er niet meer/);
    expect(rb.stdout).toMatch(/Het terugdraaien zou stoppen: .*config:web\/Web\.config.* kan niet worden teruggedraaid\. Er is niets gewijzigd\./);
    expect(refusal(rb.stdout).length).toBeGreaterThan(0);
    expect(leaks(refusal(rb.stdout).join('\n'))).toEqual([]);
    const un = runCli(['uninstall', '--yes', '--simulate', host, '--state-dir', state, '--lang', 'nl'], { env: SECRETS });
    expect(un.code).toBe(5);
    expect(un.stdout).toMatch(/config:web\/Web\.config: KAN NIET: de back-up van de vorige web\/Web\.config is er niet meer/);
    expect(leaks(refusal(un.stdout).join('\n'))).toEqual([]);
    expect(readFileSync(join(installDir, 'web', 'Web.config'), 'utf8')).not.toContain('theirs'); // nothing was undone
  });

  it('a step that fails on the simulated host: Windows\' own words quoted, clickker\'s in Dutch', () => {
    const sub = join(dir, 'fail');
    const installDir = join(sub, 'Clickker');
    // Another running service runs the file the files step replaces: Windows refuses the write (a sharing violation).
    const failing = join(sub, 'host.json');
    mkdirSync(sub, { recursive: true });
    writeFileSync(failing, JSON.stringify({
      schema: 'clickker.simulated-host/v1', computerName: 'SRV-TEST', snapshot: READY,
      services: { ClickkerHelper: { binaryPath: `"${join(installDir, 'bin', 'Clickker.Sync.exe')}" --helper`, displayName: 'Helper', startMode: 'Automatic', account: 'LocalSystem', state: 'Running' } },
    }));
    const state = join(sub, 'state');
    const r = runCli(['install', '--package', SAMPLE_ZIP, '--state-dir', state, '--install-dir', installDir, ...common.map((a) => (a === host ? failing : a)), '--yes'], { env: SECRETS });
    expect(r.code).toBe(5);
    const journal = JSON.parse(readFileSync(join(state, 'journal.json'), 'utf8')) as { steps: { id: string; status: string; error?: string }[] };
    const failed = journal.steps.find((x) => x.status === 'failed')!;
    expect(failed.id).toBe('files');
    // The journal records Windows' own text (English on an English Windows), and nothing of clickker's around it.
    expect(failed.error).toMatch(/^The process cannot access the file '.+' because it is being used by another process/);
    const cut = (text: string) => text.split(failed.error!).join(' ');
    expect(r.stderr).toMatch(/^clickker: stap files .*: The process cannot access the file /m);
    expect(r.stdout).toMatch(/De installatie is gestopt\. Het journaal \(.+\) en het logboek laten zien waar\./);
    const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('clickker: ')).map((l) => l.replace(/^clickker: /, ''));
    expect(errorLines).toHaveLength(1);
    const progress = r.stderr.split('\n').filter((l) => / files: MISLUKT: /.test(l));
    expect(progress).toHaveLength(1);
    expect({ error: leaks(cut(errorLines[0]!)), progress: leaks(cut(progress.join('\n'))) }).toEqual({ error: [], progress: [] });
  });

  it('a damaged journal: a step of the package is missing from it', () => {
    const state = join(dir, 's6');
    const args = ['--package', SAMPLE_ZIP, '--state-dir', state, '--install-dir', join(dir, 'Clickker6'), ...common];
    const ok = runCli(['install', ...args, '--yes'], { env: SECRETS });
    expect(ok.code).toBe(0);
    const file = join(state, 'journal.json');
    const j = JSON.parse(readFileSync(file, 'utf8')) as { state: string; steps: { id: string }[] };
    j.state = 'failed';
    j.steps = j.steps.filter((x) => x.id !== 'files');
    writeFileSync(file, JSON.stringify(j));
    oneDutchLine(runCli(['install', '--resume', '--yes', ...args], { env: SECRETS }), 2,
      /^clickker: --resume: de stappen in het journaal passen niet bij het pakket \(aantal stappen\)\n$/);
  });

  it('a damaged journal file: not JSON, a state it does not know, a step status of the wrong type', () => {
    const state = join(dir, 's7');
    mkdirSync(state, { recursive: true });
    const file = join(state, 'journal.json');
    const args = ['install', '--rollback', '--plan', '--package', SAMPLE_ZIP, '--state-dir', state, ...common];
    writeFileSync(file, '{ "schema": "clickker.journal/v1", ');
    oneDutchLine(runCli(args, { env: SECRETS }), 2, /^clickker: journaal \S+journal\.json: geen geldige JSON \(/);
    const good = JSON.parse(readFileSync(join(dir, 's6', 'journal.json'), 'utf8')) as { state: string; steps: { status: unknown }[] };
    writeFileSync(file, JSON.stringify({ ...good, state: 'half-done' }));
    oneDutchLine(runCli(args, { env: SECRETS }), 2, /^clickker: journaal \S+journal\.json: bij state: verwacht "installing", .* of "uninstalled"\n$/);
    writeFileSync(file, JSON.stringify({ ...good, steps: [{ ...good.steps[0], status: 3 }, ...good.steps.slice(1)] }));
    oneDutchLine(runCli(args, { env: SECRETS }), 2, /^clickker: journaal \S+journal\.json: bij steps\[0\]\.status: /);
  });

  it('a simulated host file that does not match its schema', () => {
    const bad = join(dir, 'bad-host.json');
    writeFileSync(bad, JSON.stringify({ schema: 'clickker.simulated-host/v1', snapshot: READY, latencyMs: 'slow' }));
    const r = runCli(['install', '--plan', '--package', SAMPLE_ZIP, '--state-dir', join(dir, 's8'), ...common.map((a) => (a === host ? bad : a))], { env: SECRETS });
    oneDutchLine(r, 2, /^clickker: gesimuleerde host \S+bad-host\.json: bij latencyMs: verwacht een getal, gevonden tekst\n$/);
  });
});

// The input errors outside the installer (issue 16, "every message has both languages"): settings and config (zod's
// own findings included), waivers, requirements, snapshot and confirmations files, files clickker writes, the service
// account, and collect --computer / --emit-script. Each runs in Dutch and in English: the Dutch line must hold no
// English-only word once values are cut, must differ from the English, and keeps the exit code and the one-line rule.
describe('the input errors in Dutch (the built CLI)', () => {
  const dir = tempDir();
  const file = (name: string, text: string) => { const f = join(dir, name); writeFileSync(f, text); return f; };
  const waiver = (expires: string) => `waivers:\n  - check: os.version\n    host: "*"\n    reason: test\n    approvedBy: ICT\n    expires: ${expires}\n`;
  const snap = JSON.parse(readFileSync(READY, 'utf8')) as Record<string, unknown>;
  const cases: [string, string[], NodeJS.ProcessEnv?][] = [
    // settings: a config value zod refuses, an unknown key, a YAML error, an environment variable, a flag, a SQL address
    ['config: a value outside the choices', ['preflight', '--snapshot', READY, '--config', file('c1.yaml', 'profile: bogus\n')]],
    ['config: an unknown setting', ['preflight', '--snapshot', READY, '--config', file('c2.yaml', 'nosuch: 1\n')]],
    ['config: a number that is text', ['preflight', '--snapshot', READY, '--config', file('c3.yaml', 'timeout: soon\n')]],
    ['config: a URL list item that is not http(s)', ['preflight', '--snapshot', READY, '--config', file('c4.yaml', 'endpoints: [ftp://x.example]\n')]],
    ['config: a key twice (YAML)', ['preflight', '--snapshot', READY, '--config', file('c5.yaml', 'profile: synergy\nprofile: online\n')]],
    ['config: not a mapping', ['preflight', '--snapshot', READY, '--config', file('c6.yaml', '- a\n- b\n')]],
    ['an environment variable', ['preflight', '--snapshot', READY], { CLICKKER_FAIL_ON: 'sometimes' }],
    ['a flag out of range', ['preflight', '--snapshot', READY, '--timeout', '0']],
    ['a boolean variable', ['preflight', '--snapshot', READY], { CLICKKER_EXTERNAL_ACCESS: 'maybe' }],
    ['a SQL Server address', ['preflight', '--snapshot', READY, '--sql-server', 'sql01:1433']],
    ['--only with an unknown id, from the config file', ['preflight', '--snapshot', READY, '--config', file('c7.yaml', 'only: [os.versio]\n')]],
    // waivers, requirements, confirmations, snapshots, and reading a file
    ['waivers: no such day', ['preflight', '--snapshot', READY, '--waivers', file('w1.yaml', waiver('2026-02-30'))]],
    ['waivers: a misspelt key', ['preflight', '--snapshot', READY, '--waivers', file('w2.yaml', waiver('2026-02-20').replace('host:', 'hosts:'))]],
    ['waivers: an unknown check', ['preflight', '--snapshot', READY, '--waivers', file('w3.yaml', waiver('2026-02-20').replace('os.version', 'os.versio'))]],
    ['requirements: the wrong schema', ['preflight', '--snapshot', READY, '--requirements', file('r1.json', '{"version": 1}')]],
    ['requirements: an override of no check', ['preflight', '--snapshot', READY, '--requirements', file('r2.json', readFileSync(join(ROOT, 'requirements', 'synergy-api.json'), 'utf8').replace('"checks": {', '"checks": { "no.such-check": { "severity": "warning" },'))]],
    ['confirmations: a bad id', ['preflight', '--snapshot', READY, '--confirmations', file('cf.yaml', 'confirmations:\n  - id: permissions\n    confirmedBy: ICT\n    date: 2026-12-04\n')]],
    ['snapshot: a field missing', ['preflight', '--snapshot', file('s1.json', JSON.stringify({ ...snap, collectedAt: undefined }))]],
    ['snapshot: malformed probe data', ['preflight', '--snapshot', file('s2.json', JSON.stringify({ ...snap, probes: { ...(snap.probes as object), powershell: { ok: true, data: { PSVersion: 'five' }, ms: 1 } } }))]],
    ['snapshot: the wrong schema', ['preflight', '--snapshot', file('s3.json', JSON.stringify({ ...snap, schema: 'other/v9' }))]],
    ['snapshot: not JSON', ['preflight', '--snapshot', file('s4.json', '{"schema" "x"}')]],
    ['snapshot: empty', ['preflight', '--snapshot', file('s5.json', '  \n')]],
    ['snapshot: a folder', ['preflight', '--snapshot', dir]],
    ['snapshot: UTF-16 without its mark', ['preflight', '--snapshot', file('s6.json', '\u0000{\u0000}')]],
    ['snapshot: missing', ['preflight', '--snapshot', join(dir, 'nothing.json')]],
    // files clickker writes
    ['--output names a folder', ['preflight', '--snapshot', READY, '--confirm', 'all', '--output', dir]],
    ['--output names an input', ['preflight', '--snapshot', READY, '--confirm', 'all', '--format', 'json', '--output', READY]],
    // the service account
    ['a service account without a domain', ['install', '--plan', '--package', SAMPLE_ZIP, '--service-account', 'svc-clickker', '--state-dir', join(dir, 'st')]],
    ['a service account as a UPN', ['install', '--plan', '--package', SAMPLE_ZIP, '--service-account', 'svc@vdberg.local', '--state-dir', join(dir, 'st')]],
    // collect --computer, fix, explain, checks
    ['collect --computer: not a name', ['collect', '--computer', 'EXACT01,../etc']],
    ['collect --computer: a bad throttle', ['collect', '--computer', 'EXACT01', '--throttle', '0']],
    ['collect --computer: not on Windows', ['collect', '--computer', 'EXACT01']],
    ['fix --snapshot without --what-if', ['fix', '--snapshot', READY]],
    ['fix: an unknown id', ['fix', 'no.such-fix', '--what-if', '--snapshot', READY]],
    ['explain: an unknown id', ['explain', 'os.vers']],
    ['checks --format', ['checks', '--format', 'xml']],
  ];

  it.each(cases)('%s', (_name, argv, env = {}) => {
    const nl = runCli(argv, { env: { ...env, CLICKKER_LANG: 'nl' } });
    const en = runCli(argv, { env: { ...env, CLICKKER_LANG: 'en' } });
    expect({ code: nl.code, en: en.code }).toEqual({ code: 2, en: 2 });
    expect(nl.stderr).toMatch(/^clickker: [^\n]+\n$/);
    const line = nl.stderr.replace(/^clickker: /, '');
    expect({ line, leaks: leaks(line) }).toEqual({ line, leaks: [] });
    expect(line).not.toEqual(en.stderr.replace(/^clickker: /, ''));
  });

  it('collect --emit-script: the script says its one line in the language it was made in', () => {
    const nl = runCli(['collect', '--emit-script', '--lang', 'nl']);
    const en = runCli(['collect', '--emit-script']);
    expect(nl.code).toBe(0);
    expect(nl.stdout).toContain("Write-Host ('clickker: snapshot geschreven naar ' + $path + '')");
    expect(en.stdout).toContain("Write-Host ('clickker: snapshot written to ' + $path + '')");
  });

  it('collect --computer in Dutch: written, not collected (with Windows\' own words quoted), the fix and the tally', () => {
    // As test/powershell/remoting.test.ts runs it: the real pwsh, with the Invoke-Command stand-in (its sources are
    // cited in test/powershell/remoting/invoke-command-mock.ps1) dot-sourced before clickker's fleet.ps1.
    const pwsh = process.env.CLICKKER_PWSH ?? '/root/.cache/clickker-tools/pwsh-7.6.10/pwsh';
    const mock = join(ROOT, 'test', 'powershell', 'remoting', 'invoke-command-mock.ps1');
    const runner = file('runner.ps1', `param([string] $File)\n. '${mock}'\n& $File @args\n`);
    const wrapper = join(dir, 'powershell');
    writeFileSync(wrapper, `#!/bin/sh\nwhile [ "$#" -gt 0 ] && [ "$1" != "-File" ]; do shift; done\nshift\nTERM=dumb exec '${pwsh}' -NoProfile -NonInteractive -File '${runner}' "$@"\n`, { mode: 0o755 });
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLICKKER_')));
    const run = spawnSync(process.execPath, [BIN, 'collect', '--computer', 'EXACT01,REFUSED03,DENIED04', '--out-dir', join(dir, 'fleet'), '--powershell', wrapper, '--lang', 'nl'],
      { cwd: ROOT, env: { ...env, CI: 'true' }, encoding: 'utf8', input: '', timeout: 110_000 });
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(/EXACT01: snapshot geschreven naar /);
    expect(run.stdout).toMatch(/REFUSED03: niet verzameld: WinRM geweigerd of onbereikbaar: "Connecting to remote server REFUSED03 failed/);
    expect(run.stdout).toMatch(/Oplossing: voer op de doelcomputer Enable-PSRemoting -Force uit/);
    expect(run.stdout).toMatch(/1 van 3 computers verzameld in /);
    expect({ stdout: leaks(run.stdout), stderr: leaks(run.stderr) }).toEqual({ stdout: [], stderr: [] });
  }, 120_000);
});

// The command files print through the catalogue (tr/msg): an English literal in out(), a write or an InputError there
// is a message without its Dutch.
const COMMAND_FILES = ['install/apply.ts', 'install/plan.ts', 'install/print.ts', 'install/resume.ts', 'install/rollback.ts', 'install/session.ts',
  'install/index.ts', 'install/params.ts', 'install/gate.ts', 'uninstall.ts', 'collect.ts', 'collect-fleet.ts', 'support-bundle.ts', 'interrupt.ts',
  'step-progress.ts', 'progress.ts', 'main.ts', 'error-line.ts', 'settings.ts', 'confirmations.ts', 'write-file.ts', 'fix.ts', 'explain.ts',
  'checks-command.ts', 'resolve.ts', 'target.ts', 'fleet.ts', 'prompts.ts',
  // the input errors' own modules, outside src/cli
  '../core/input-file.ts', '../core/json-document.ts', '../core/structured-document.ts', '../core/waivers.ts', '../core/requirements.ts',
  '../core/registry.ts', '../facts/snapshot.ts', '../probes/sql/address.ts'];

/** A literal's text without its ${...} parts (nested ones too; a literal cut short inside one loses the rest). */
function withoutExpressions(literal: string): string {
  let s = literal;
  for (let before = ''; before !== s;) { before = s; s = s.replace(/\$\{[^{}]*\}/g, ' ').replace(/\{[^{}$]*\}/g, ' '); }
  return s.replace(/\$\{.*$/s, ' ');
}

describe('the command files hold no English-only message', () => {
  it.each(COMMAND_FILES)('src/cli/%s', (file) => {
    const text = readFileSync(join(ROOT, 'src', 'cli', file), 'utf8');
    const literals = [...text.matchAll(/(?:\bout\(|\.write\(|new InputError\(|askText\(|askSecret\(|askYesNo\(|askChoice\(|(?:password|confirm)\(\{ message:|\.regex\(\/(?:[^/\\]|\\.)+\/,|\.refine\([^,]+,)\s*(['`])((?:(?!\1).)*)\1/g)]
      .map((m) => m[2]!)
      .filter((s) => MARKER.test(prose(withoutExpressions(s))));
    expect({ file, literals }).toEqual({ file, literals: [] });
  });
});

describe('the command messages beside the report messages', () => {
  it('shadow none of them (CLI_MESSAGES is joined into MESSAGES: a shared key would change the report words)', () => {
    const keysIn = (file: string) => new Set([...readFileSync(join(ROOT, 'src', 'report', 'i18n', file), 'utf8').matchAll(/^\s+'([^']+)':\s*\{/gm)].map((m) => m[1]!));
    const report = keysIn('catalogue.ts');
    const cli = keysIn('cli-messages.ts');
    const input = keysIn('input-messages.ts');
    expect([...cli].filter((k) => report.has(k))).toEqual([]);
    expect([...input].filter((k) => report.has(k) || cli.has(k))).toEqual([]);
  });
});

// Ctrl+C in the middle of a step (as test/install/cli.test.ts does it in English): the note on how to go on and the
// closing line are Dutch, the exit code stays 130.
describe('Ctrl+C during a Dutch installation', () => {
  it('says in Dutch how to continue or undo, and exits 130', async () => {
    const dir = tempDir();
    const host = join(dir, 'host.json');
    // Each simulated operation takes 80 ms, so the signal lands inside a step.
    writeFileSync(host, JSON.stringify({ schema: 'clickker.simulated-host/v1', computerName: 'SRV-TEST', snapshot: READY, latencyMs: 80 }));
    const state = join(dir, 'state');
    const args = ['install', '--package', SAMPLE_ZIP, '--simulate', host, '--state-dir', state, '--install-dir', join(dir, 'Clickker'),
      '--service-account', 'VDBERG\\svc-clickker', '--sql-server', 'SQL01\\EXACT', '--site', 'Default Web Site', '--confirm', 'all', '--yes', '--lang', 'nl'];
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLICKKER_')));
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, ...SECRETS, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setInterval(() => {
      try {
        const j = JSON.parse(readFileSync(join(state, 'journal.json'), 'utf8')) as { steps: { status: string }[] };
        if (j.steps.filter((x) => x.status === 'done' || x.status === 'unchanged').length >= 3 && j.steps.some((x) => x.status === 'started')) {
          clearInterval(timer);
          child.kill('SIGINT');
        }
      } catch {
        // not written yet, or being replaced
      }
    }, 10);
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
    const code = await new Promise<number | null>((done) => child.on('close', (c) => { clearInterval(timer); clearTimeout(guard); done(c); }));
    expect(code).toBe(130);
    expect(stderr).toMatch(/clickker: de installatie is onderbroken; ga verder met clickker install --resume --state-dir .*, of draai haar terug met --rollback\n/);
    expect(stderr).toMatch(/\nclickker: onderbroken\n$/);
  });
});
