// A journal is a file on a customer's disk: one written by an older clickker must still --resume, --rollback and
// uninstall. fixtures/journals/clickker-0.1.0 holds three state folders written by clickker 0.1.0 (commit 11b45cd,
// before the steps' texts were bilingual; how they were made: its README), whose step texts are plain English strings.
// Each is copied to a temporary folder (the <dir> and <root> placeholders filled in) and driven with the built CLI.
import { describe, expect, it } from '@jest/globals';
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../support/cli.js';
import { API_KEY, SERVICE_PASSWORD, tempDirs } from './support/host.js';

const FIXTURES = join(ROOT, 'fixtures', 'journals', 'clickker-0.1.0');
const SECRETS = { CLICKKER_SERVICE_ACCOUNT_PASSWORD: SERVICE_PASSWORD, CLICKKER_SECRET_CLOUD_API_KEY: API_KEY };
const tmp = tempDirs('journal-compat');

interface Restored { dir: string; state: string; host: string; journal: () => JournalFile; model: () => Record<string, unknown> }
interface JournalFile { runId: string; state: string; steps: { id: string; status: string; description: unknown; changes?: unknown; rollback?: unknown }[] }

/** A copy of one fixture state folder with its paths pointing at a fresh temporary folder. */
function restore(name: 'installed' | 'interrupted' | 'rolled-back'): Restored {
  const dir = tmp();
  cpSync(join(FIXTURES, name), dir, { recursive: true });
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
    expect(plan.stdout).toMatch(/undo iis\.app-pool: .*application pool Clickker/);
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
    expect(plan.stdout).toMatch(/iis\.app-pool: .*application pool Clickker/);
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
