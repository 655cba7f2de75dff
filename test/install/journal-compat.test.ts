// A journal is a file on a customer's disk: one written by an older clickker must still --resume, --rollback and
// uninstall. fixtures/journals/clickker-0.1.0 holds three state folders written by clickker 0.1.0 (commit 11b45cd,
// before the steps' texts were bilingual; how they were made: its README), whose step texts are plain English strings.
// Each is copied to a temporary folder (the <dir> and <root> placeholders filled in) and driven with the built CLI, in
// English and in Dutch. A journal written now keeps the English where it always was and the Dutch beside it (nl).
import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../support/cli.js';
import { leaks } from '../support/english-words.js';
import { API_KEY, SERVICE_PASSWORD, tempDirs } from './support/host.js';

const FIXTURES = join(ROOT, 'fixtures', 'journals', 'clickker-0.1.0');
const SECRETS = { CLICKKER_SERVICE_ACCOUNT_PASSWORD: SERVICE_PASSWORD, CLICKKER_SECRET_CLOUD_API_KEY: API_KEY };
const tmp = tempDirs('journal-compat');

interface Restored { dir: string; state: string; host: string; journal: () => JournalFile; model: () => Record<string, unknown> }
interface JournalStepFile {
  id: string; status: string; description: unknown; changes?: unknown; rollback?: unknown;
  nl?: { description?: string; changes?: string[]; rollback?: string[] };
}
interface JournalFile { runId: string; state: string; steps: JournalStepFile[] }

/** A copy of one fixture state folder with its paths pointing at a fresh temporary folder (null: an empty one). */
function restore(name: 'installed' | 'interrupted' | 'rolled-back' | null): Restored {
  const dir = tmp();
  mkdirSync(join(dir, 'state'));
  if (name) cpSync(join(FIXTURES, name), dir, { recursive: true });
  const fill = (d: string) => {
    for (const e of readdirSync(d)) {
      const full = join(d, e);
      if (statSync(full).isDirectory()) fill(full);
      else if (/\.(json|log)$/.test(e)) writeFileSync(full, readFileSync(full, 'utf8').split('<dir>').join(dir).split('<root>').join(ROOT));
    }
  };
  fill(join(dir, 'state'));
  const host = join(dir, 'host.json');
  writeFileSync(host, JSON.stringify({ schema: 'clickker.simulated-host/v1', computerName: 'SRV-TEST', snapshot: join(ROOT, 'fixtures', 'hosts', 'ws2019-ready.json') }));
  const state = join(dir, 'state');
  return {
    dir, state, host,
    journal: () => JSON.parse(readFileSync(join(state, 'journal.json'), 'utf8')) as JournalFile,
    model: () => JSON.parse(readFileSync(join(state, 'simulated-host.json'), 'utf8')) as Record<string, unknown>,
  };
}

const common = (r: Restored) => ['--simulate', r.host, '--state-dir', r.state];

describe('journals written by clickker 0.1.0 (plain English step texts)', () => {
  it('the fixtures are in the old format: every step text is a plain string', () => {
    for (const name of ['installed', 'interrupted', 'rolled-back'] as const) {
      const j = restore(name).journal();
      for (const s of j.steps) {
        expect(typeof s.description).toBe('string');
        for (const t of [...(s.changes as unknown[] | undefined) ?? [], ...(s.rollback as unknown[] | undefined) ?? []]) expect(typeof t).toBe('string');
      }
    }
  });

  it('an interrupted installation resumes and finishes', () => {
    const r = restore('interrupted');
    expect(r.journal().steps.find((s) => s.id === 'sql.access')!.status).toBe('started');
    const run = runCli(['install', '--resume', '--yes', '--confirm', 'all', ...common(r)], { env: SECRETS });
    expect({ code: run.code, stderr: run.stderr.split('\n').filter((l) => /FAILED|clickker:/.test(l)) }).toEqual({ code: 0, stderr: [] });
    const j = r.journal();
    expect(j.state).toBe('installed');
    expect(j.steps.filter((s) => !['done', 'unchanged'].includes(s.status))).toEqual([]);
    // The steps finished by the old clickker keep their English record as it was.
    expect(j.steps.find((s) => s.id === 'files')!.description).toBe('place the package files in the install folder');
  });

  it('an installation rolls back: plan first, then the rollback itself', () => {
    const r = restore('installed');
    const plan = runCli(['install', '--rollback', '--plan', ...common(r)], { env: SECRETS });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/undo iis\.app-pool: remove application pool 'Clickker' \(created by this run\)\n/);
    const run = runCli(['install', '--rollback', '--yes', ...common(r)], { env: SECRETS });
    expect(run.code).toBe(0);
    expect(r.journal().state).toBe('rolled-back');
    const m = r.model() as { services: Record<string, unknown>; iis: { appPools: Record<string, unknown> } };
    expect(Object.keys(m.services)).not.toContain('ClickkerSync');
    expect(Object.keys(m.iis.appPools)).not.toContain('Clickker');
  });

  it('an installation is uninstalled', () => {
    const r = restore('installed');
    const plan = runCli(['uninstall', '--plan', ...common(r)], { env: SECRETS });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/iis\.app-pool: remove application pool 'Clickker' \(created by this run\)\n/);
    const run = runCli(['uninstall', '--yes', ...common(r)], { env: SECRETS });
    expect(run.code).toBe(0);
    expect(r.journal().state).toBe('uninstalled');
  });

  it('a rolled-back run is read and refuses a second rollback with the usual one line', () => {
    const r = restore('rolled-back');
    const run = runCli(['install', '--rollback', '--yes', ...common(r)], { env: SECRETS });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^clickker: --rollback: run \S+ is already rolled back\n$/);
  });
});

/** What the Dutch console may not hold: an English-only word outside ids, paths, commands and quoted values. */
const dutchOnly = (r: { stdout: string; stderr: string }) => ({ stdout: leaks(r.stdout), stderr: leaks(r.stderr) });

describe('the same journals in Dutch: the old English record is read, the steps speak Dutch', () => {
  it('an interrupted 0.1.0 installation resumes with Dutch progress; the journal is then half old, half new', () => {
    const r = restore('interrupted');
    const run = runCli(['install', '--resume', '--yes', '--confirm', 'all', ...common(r), '--lang', 'nl'], { env: SECRETS });
    expect(run.code).toBe(0);
    // The step under way when 0.1.0 was killed is taken up again; the next ones say in Dutch what they change.
    expect(run.stderr).toMatch(/\[9\/16\] sql\.access: \(hervat\) /);
    expect(run.stderr).toMatch(/\[12\/16\] iis\.app-pool: groep van toepassingen 'Clickker' maken/);
    expect(dutchOnly(run)).toEqual({ stdout: [], stderr: [] });
    const steps = r.journal().steps;
    // Finished by 0.1.0: English only, as it was. Finished now: both languages.
    expect(steps.find((s) => s.id === 'files')!.nl).toBeUndefined();
    expect(steps.find((s) => s.id === 'iis.app-pool')!.nl?.changes).toEqual([expect.stringMatching(/^groep van toepassingen 'Clickker' maken/)]);
    // And that mixed journal rolls back in Dutch, its old steps included.
    const plan = runCli(['install', '--rollback', '--plan', ...common(r), '--lang', 'nl'], { env: SECRETS });
    expect(plan.code).toBe(0);
    expect(dutchOnly(plan)).toEqual({ stdout: [], stderr: [] });
  });

  it('--rollback --plan and --rollback of a 0.1.0 installation, in Dutch', () => {
    const r = restore('installed');
    const plan = runCli(['install', '--rollback', '--plan', ...common(r), '--lang', 'nl'], { env: SECRETS });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/terugdraaien iis\.app-pool: groep van toepassingen 'Clickker' verwijderen \(gemaakt door deze installatie\)\n/);
    expect(dutchOnly(plan)).toEqual({ stdout: [], stderr: [] });
    const run = runCli(['install', '--rollback', '--yes', ...common(r), '--lang', 'nl'], { env: SECRETS });
    expect(run.code).toBe(0);
    // 0.1.0 recorded only "the IIS application pool Clickker": the progress line takes the Dutch of the same step.
    expect(run.stderr).toMatch(/\] iis\.app-pool: ongedaan maken: de IIS-groep van toepassingen Clickker\n/);
    expect(run.stderr).toMatch(/service:ClickkerSync: service ClickkerSync gestopt en verwijderd \(gemaakt door deze installatie\)/);
    expect(dutchOnly(run)).toEqual({ stdout: [], stderr: [] });
    const pool = r.journal().steps.find((s) => s.id === 'iis.app-pool')!;
    expect({ rollback: pool.rollback, nl: pool.nl?.rollback }).toEqual({
      rollback: ["removed application pool 'Clickker' (created by this run)"], nl: ["groep van toepassingen 'Clickker' verwijderd (gemaakt door deze installatie)"],
    });
  });

  it('uninstall of a 0.1.0 installation, in Dutch', () => {
    const r = restore('installed');
    const run = runCli(['uninstall', '--yes', ...common(r), '--lang', 'nl'], { env: SECRETS });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/task:Clickker Nightly Cleanup: taak 'Clickker Nightly Cleanup' uit Taakplanner verwijderd/);
    expect(dutchOnly(run)).toEqual({ stdout: [], stderr: [] });
  });
});

describe('a journal written now', () => {
  const install = (r: Restored, lang: string) => runCli(['install', '--package', join(ROOT, 'fixtures', 'packages', 'clickker-1.0.0.zip'), ...common(r),
    '--install-dir', join(r.dir, 'Clickker'), '--service-account', 'VDBERG\\svc-clickker', '--sql-server', 'SQL01\\EXACT', '--site', 'Default Web Site',
    '--confirm', 'all', '--yes', '--lang', lang], { env: SECRETS });
  const fresh = () => restore(null);

  it('keeps the English where 0.1.0 had it and the Dutch beside it, whatever the language of the run', () => {
    for (const lang of ['en', 'nl']) {
      const r = fresh();
      expect(install(r, lang).code).toBe(0);
      const steps = r.journal().steps;
      for (const s of steps) {
        expect(typeof s.description).toBe('string');
        expect(s.nl?.description).toEqual(expect.any(String));
        expect(s.nl!.description).not.toBe(s.description);
        if (s.changes !== undefined) expect(s.nl?.changes).toHaveLength((s.changes as string[]).length);
      }
      expect(steps.find((s) => s.id === 'files')!.description).toBe('the package files in the install folder');
      expect(steps.find((s) => s.id === 'files')!.nl!.description).toBe('de bestanden van het pakket in de installatiemap');
    }
  });

  it('an English installation rolled back in Dutch prints the Dutch the journal recorded', () => {
    const r = fresh();
    expect(install(r, 'en').code).toBe(0);
    // The journal's own record names the step in the rollback's progress: mark it to see that it is read.
    const file = join(r.state, 'journal.json');
    const j = r.journal();
    j.steps.find((s) => s.id === 'iis.app-pool')!.nl!.description = 'de groep van toepassingen Clickker (zoals het journaal haar noemt)';
    writeFileSync(file, JSON.stringify(j, null, 2));
    const run = runCli(['install', '--rollback', '--yes', ...common(r), '--lang', 'nl'], { env: SECRETS });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\] iis\.app-pool: ongedaan maken: de groep van toepassingen Clickker \(zoals het journaal haar noemt\)\n/);
    expect(dutchOnly(run)).toEqual({ stdout: [], stderr: [] });
    // What the rollback did is recorded in both languages too.
    const pool = r.journal().steps.find((s) => s.id === 'iis.app-pool')!;
    expect(pool.nl?.rollback).toEqual(["groep van toepassingen 'Clickker' verwijderd (gemaakt door deze installatie)"]);
  });
});
