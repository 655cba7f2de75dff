// Issue 14: backups that hold secrets (<state-dir>/backups/<run>/config: the configuration files a run rewrote, with
// their connection strings and API keys) are protected and pruned (src/install/backups.ts), on the simulated host.
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BACKUP_RUNS_KEPT } from '../../src/install/backups.js';
import { SID } from '../../src/install/executor.js';
import { install, planRollback, rollbackInstall, uninstall, type InstallInput } from '../../src/install/installer.js';
import { Journal } from '../../src/install/journal.js';
import type { InstallParams } from '../../src/install/step.js';
import { API_KEY, newHost, params, samplePackage, secrets, tempDirs } from './support/host.js';

const tmp = tempDirs('backups');
const pkg = samplePackage();
const tool = { name: 'clickker', version: 'test' };

function world() {
  const exec = newHost();
  const stateDir = tmp();
  const prm = params(tmp());
  const input: InstallInput & { params: InstallParams } = { exec, pkg, params: prm, secrets: secrets(), stateDir, tool, verify: { attempts: 1, delayMs: 0 } };
  const webConfig = join(prm.installDir, 'web', 'Web.config');
  const configBackup = (runId: string) => join(stateDir, 'backups', runId, 'config', 'web', 'Web.config');
  /** Installs again with another API key: Web.config is rewritten, the old one (with the old key) backed up. */
  const runWithKey = async (key: string) => (await install({ ...input, secrets: { ...secrets(), values: { cloudApiKey: key } } })).runId;
  return { exec, stateDir, input, webConfig, configBackup, runWithKey };
}

const key = (n: number) => `ck_live_run${n}_${'x'.repeat(12)}`;

describe('backups are Administrators and SYSTEM only', () => {
  it('a configuration backup (old secrets) and a copied file backup: nobody else can read them, not even the service account', async () => {
    const w = world();
    await install(w.input);
    // Someone edited a placed file: the next run backs it up (a copy) before replacing it.
    const page = join(w.input.params.installDir, 'web', 'index.html');
    writeFileSync(page, 'edited by hand');
    const run2 = await w.runWithKey(key(2));
    const backup = w.configBackup(run2);
    expect(readFileSync(backup, 'utf8')).toContain(API_KEY);
    const folder = await w.exec.files.protection(join(w.stateDir, 'backups'));
    expect(folder).toMatchObject({ inheritanceDisabled: true });
    expect(folder!.sids.sort()).toEqual([SID.administrators, SID.system].sort());
    const cfg = await w.exec.files.protection(backup);
    expect(cfg!.sids.sort()).toEqual([SID.administrators, SID.system].sort());
    // The copy has no ACL of its own: it takes the backups folder's inheritable one (icacls (OI)(CI); KB "How
    // permissions are handled when you copy and move files and folders").
    const copied = await w.exec.files.protection(join(w.stateDir, 'backups', run2, 'files', 'web', 'index.html'));
    expect(copied).toEqual({ inheritanceDisabled: false, principals: ['Administrators', 'NT AUTHORITY\\SYSTEM'], sids: [SID.administrators, SID.system] });
  });
});

describe(`backups are pruned: the last ${BACKUP_RUNS_KEPT} runs keep theirs, a rollback deletes what it restored`, () => {
  it('older runs\' configuration backups are deleted; rolling back as far as they reach works, one further refuses', async () => {
    const w = world();
    await w.runWithKey(key(1));
    const run2 = await w.runWithKey(key(2));
    const run3 = await w.runWithKey(key(3));
    expect(existsSync(w.configBackup(run2))).toBe(true);
    const run4 = await w.runWithKey(key(4));
    // Run 2's backup (run 1's Web.config, with run 1's key) is no longer needed by the last two runs: deleted.
    expect(existsSync(dirname(dirname(dirname(w.configBackup(run2)))))).toBe(false);
    expect([existsSync(w.configBackup(run3)), existsSync(w.configBackup(run4))]).toEqual([true, true]);
    expect(readFileSync(Journal.load(w.stateDir)!.doc.log, 'utf8')).toContain(`deleted the file and configuration backups of run ${run2}: no rollback or uninstall can use them any more`);

    await rollbackInstall(w.input);
    expect(readFileSync(w.webConfig, 'utf8')).toContain(key(3));
    expect(existsSync(w.configBackup(run4))).toBe(false); // restored: deleted
    await rollbackInstall(w.input);
    expect(readFileSync(w.webConfig, 'utf8')).toContain(key(2));
    expect(existsSync(w.configBackup(run3))).toBe(false);

    // Run 2 can no longer put run 1's Web.config back: the rollback says so and undoes nothing.
    expect(Journal.load(w.stateDir)!.doc.runId).toBe(run2);
    const { entries } = await planRollback(w.input);
    expect(entries.find((e) => e.id === 'config:web/Web.config')!.refuse?.en).toMatch(/the backup of the earlier web\/Web\.config is gone \(backups are kept for the last 2 runs/);
    const before = readFileSync(w.webConfig, 'utf8');
    // The refusal an administrator reads in Dutch (--lang nl): the reason's Dutch, the step id and path as they are.
    const refused = await rollbackInstall(w.input).then(() => null, (e: Error & { nl?: string }) => e);
    expect(refused?.message).toMatch(/nothing was undone$/);
    expect(refused?.nl).toMatch(/^--rollback: .*config:web\/Web\.config: de back-up van de vorige web\/Web\.config is er niet meer .*; er is niets teruggedraaid$/);
    expect(readFileSync(w.webConfig, 'utf8')).toBe(before);
  });

  it('what existed before clickker stays backed up until uninstall, which puts it back and deletes every backup', async () => {
    const w = world();
    // A Web.config that was there before clickker (someone else's): the first run backs it up.
    mkdirSync(dirname(w.webConfig), { recursive: true });
    writeFileSync(w.webConfig, '<configuration><!-- theirs --></configuration>');
    const run1 = await w.runWithKey(key(1));
    for (const n of [2, 3, 4]) await w.runWithKey(key(n));
    expect(existsSync(w.configBackup(run1))).toBe(true); // the record uninstall uses: kept
    const plan = await uninstall(w.input, { keepDatabase: false, plan: true });
    expect(plan.lines.map((l) => l.en)).toContain('config:web/Web.config: put back the earlier web/Web.config from its backup');
    const done = await uninstall(w.input, { keepDatabase: false });
    expect(readFileSync(w.webConfig, 'utf8')).toBe('<configuration><!-- theirs --></configuration>');
    expect(done.lines.map((l) => l.en)).toContain('backups: deleted the file and configuration backups of 3 run(s) (they held configuration secrets)');
    expect(readdirSync(join(w.stateDir, 'backups'))).toEqual([]);
  });

  it('an uninstall that would need a backup that is gone refuses before removing anything', async () => {
    const w = world();
    mkdirSync(dirname(w.webConfig), { recursive: true });
    writeFileSync(w.webConfig, '<configuration><!-- theirs --></configuration>');
    const run1 = await w.runWithKey(key(1));
    rmSync(join(w.stateDir, 'backups', run1), { recursive: true }); // deleted by hand
    const plan = await uninstall(w.input, { keepDatabase: false, plan: true });
    expect(plan.lines.map((l) => l.en)).toContain('config:web/Web.config: CANNOT: the backup of the earlier web/Web.config is gone (backups are kept for the last 2 runs and deleted once restored): put it back by hand, or install the earlier version again instead of undoing this step');
    expect(plan.refused.map((r) => r.id)).toEqual(['config:web/Web.config']);
    expect(plan.lines.map((l) => l.nl)).toContain('config:web/Web.config: KAN NIET: de back-up van de vorige web/Web.config is er niet meer (back-ups worden bewaard voor de laatste 2 runs en verwijderd zodra ze zijn teruggezet): zet hem zelf terug, of installeer de vorige versie opnieuw in plaats van deze stap terug te draaien');
    await expect(uninstall(w.input, { keepDatabase: false })).rejects.toThrow(/^uninstall: config:web\/Web\.config: the backup .* is gone .*; nothing was removed$/);
    await expect(uninstall(w.input, { keepDatabase: false })).rejects.toMatchObject({ nl: expect.stringMatching(/^uninstall: config:web\/Web\.config: de back-up .* is er niet meer .*; er is niets verwijderd$/) });
    expect(w.exec.model.services.ClickkerSync).toBeDefined();
    expect(readFileSync(w.webConfig, 'utf8')).toContain(key(1));
  });
});
