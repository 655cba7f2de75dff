// The built CLI: a report saved by default (HTML and JSON, path printed), confirmations.yaml with who and when,
// answers remembered per host, --lang nl, `--format json | head` without an EPIPE stack trace, and `collect`'s exit
// code where its probes cannot run.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, runCli } from '../support/cli.js';
import { scratch } from '../support/tmp.js';
import { rememberAnswers, loadRemembered } from '../../src/cli/confirmations.js';

const DOTNET462 = join(ROOT, 'fixtures/hosts/ws2016-dotnet462.json');
const READY = join(ROOT, 'fixtures/hosts/ws2019-ready.json');
const tmp = scratch('report-files');

describe('saved reports and confirmations', () => {
  it('saves the HTML and JSON report in the state folder and prints where', () => {
    const state = join(tmp.dir, 'state');
    const r = runCli(['preflight', '--snapshot', DOTNET462, '--state-dir', state]);
    expect(r.code).toBe(1);
    const files = readdirSync(join(state, 'reports')).sort();
    expect(files).toEqual([expect.stringMatching(/^preflight-SRV-EXACT-\d{8}-\d{6}\.html$/), expect.stringMatching(/^preflight-SRV-EXACT-\d{8}-\d{6}\.json$/)]);
    expect(r.stdout).toContain(`Report saved: ${join(state, 'reports', files[0]!)}`);
    expect(readFileSync(join(state, 'reports', files[1]!), 'utf8')).toMatch(/"schema": "clickker.report\/v1"/);
    const quiet = runCli(['preflight', '--snapshot', DOTNET462, '--state-dir', join(tmp.dir, 'state2'), '--no-save-report']);
    expect(quiet.stdout).not.toMatch(/Report saved/);
  });

  it('takes confirmations from confirmations.yaml (who and when), so CI need not --confirm all', () => {
    const file = tmp.write('confirmations.yaml', [
      'confirmations:',
      ...['confirm.permissions-form', 'confirm.synergy-user', 'confirm.connectivity-client', 'confirm.remote-access']
        .flatMap((id) => [`  - id: ${id}`, '    confirmedBy: "J. de Vries (Clickker)"', '    date: 2026-12-01']),
    ].join('\n'));
    const r = runCli(['preflight', '--snapshot', READY, '--confirmations', file, '--no-save-report']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Ready to install\./);
    const bad = tmp.write('bad.yaml', 'confirmations:\n  - id: confirm.permissions-form\n    date: 2026-12-01\n');
    const b = runCli(['preflight', '--snapshot', READY, '--confirmations', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/confirmations file .*bad\.yaml: at .*confirmedBy/);
  });

  it('remembers answers per host with who and when, and the next run uses them', async () => {
    const state = join(tmp.dir, 'remember');
    const ids = ['confirm.permissions-form', 'confirm.synergy-user', 'confirm.connectivity-client', 'confirm.remote-access'];
    const file = await rememberAnswers(state, 'SYNERGY01', ids, 'CORP\\admin', new Date('2026-12-04T10:00:00Z'));
    expect(readFileSync(file, 'utf8')).toMatch(/confirmedBy: "CORP\\\\admin"\n {4}date: "2026-12-04T10:00:00.000Z"/);
    expect((await loadRemembered(state, 'SYNERGY01')).map((e) => e.id)).toEqual(ids);
    const r = runCli(['preflight', '--snapshot', READY, '--state-dir', state, '--no-save-report']);
    expect(r.code).toBe(0);
  });

  it('--lang nl and CLICKKER_LANG give the Dutch console', () => {
    expect(runCli(['preflight', '--snapshot', DOTNET462, '--lang', 'nl', '--no-save-report']).stdout).toMatch(/NIET GEREED/);
    expect(runCli(['preflight', '--snapshot', DOTNET462, '--no-save-report'], { env: { CLICKKER_LANG: 'nl-NL' } }).stdout).toMatch(/Te doen/);
  });

  it('`--format json | head` ends quietly', () => {
    const r = spawnSync('sh', ['-c', `node ${BIN} preflight --snapshot ${DOTNET462} --snapshot ${READY} --format json --no-save-report | head -c 10`], { encoding: 'utf8', cwd: ROOT, env: { ...process.env, CI: 'true' } });
    expect(r.stdout).toBe('{\n  "schem');
    expect(r.stderr).not.toMatch(/EPIPE|Error|at /);
  });

  it('`collect` where no probe can run (Linux) writes the snapshot but exits 3, not 0', () => {
    const out = join(tmp.dir, 'linux.json');
    const r = runCli(['collect', '--only', 'os.version', '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/written to .*linux\.json: 0 of 1 probes succeeded/);
    expect(r.stdout).toMatch(/os: probe os cannot run here: PowerShell probes read Windows facts and this is linux/);
    expect(JSON.parse(readFileSync(out, 'utf8')).probes.os.ok).toBe(false);
  });
});
