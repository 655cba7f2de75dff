// The engine against the host model (which stands in for Windows, IIS, services, tasks and SQL Server; the files
// are real, in a temporary folder): plan -> apply -> plan shows no change, a re-install changes nothing, a kill
// after any step or a failure inside any step resumes to the same end state, and rollback returns to the start.
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Journal } from '../../src/install/journal.js';
import { registerSecret } from '../../src/report/redact.js';
import { install, planInstall, resumeInstall, rollbackInstall, type InstallInput } from '../../src/install/installer.js';
import type { SimulatedExecutor } from '../../src/install/simulated/executor.js';
import { buildSteps } from '../../src/install/steps/index.js';
import type { InstallParams } from '../../src/install/step.js';
import { API_KEY, hostState, newHost, params, samplePackage, secrets, SERVICE_PASSWORD, tempDirs } from './support/host.js';

const tmp = tempDirs('engine');
const pkg = samplePackage();
const tool = { name: 'clickker', version: 'test' };

interface World {
  exec: SimulatedExecutor;
  root: string;
  stateDir: string;
  params: InstallParams;
  input: InstallInput & { params: InstallParams };
}

function world(exec = newHost(), over: Partial<InstallParams> = {}): World {
  const root = tmp();
  const stateDir = tmp();
  const p = params(root, over);
  return { exec, root, stateDir, params: p, input: { exec, pkg, params: p, secrets: secrets(), stateDir, tool, verify: { attempts: 1, delayMs: 0 } } };
}

const changesOf = async (w: World) => (await planInstall(w.input)).filter((s) => !s.test?.inState).map((s) => s.step.id);
const STEP_IDS = buildSteps(pkg.manifest, params('/x')).map((s) => s.id);
/**
 * The service account's login exists on the sample host (it is sysadmin for the installation), and on a fresh host
 * no service runs yet: those steps find nothing to do.
 */
const CHANGED_IDS = STEP_IDS.filter((id) => id !== 'sql.login' && id !== 'upgrade.stop-services');

/** The end state of an uninterrupted installation on a fresh host. */
async function referenceEnd(): Promise<ReturnType<typeof hostState>> {
  const w = world();
  await install(w.input);
  return hostState(w.exec, w.root);
}

describe('plan, apply, plan', () => {
  it('the plan lists every step with what it would change, and changes nothing', async () => {
    const w = world();
    const before = hostState(w.exec, w.root);
    const planned = await planInstall(w.input);
    expect(planned.map((p) => p.step.id)).toEqual([
      'upgrade.stop-services', 'files', 'config:web/Web.config', 'config:bin/clickker-sync.json', 'sql.login', 'sql.database', 'sql.script:sql/001-schema.sql',
      'sql.script:sql/002-settings.sql', 'sql.access', 'sql.exact-read:100', 'sql.exact-read:100_unicode', 'iis.app-pool', 'iis.application',
      'service:ClickkerSync', 'task:Clickker Nightly Cleanup', 'windows.programs-and-features',
    ]);
    const texts = planned.flatMap((p) => [...(p.test?.changes ?? []), ...(p.test?.notes ?? [])]);
    const text = texts.map((t) => t.en).join('\n');
    expect(text).toMatch(/place 4 of 4 files in .*Clickker: 4 new/);
    expect(text).toMatch(/create database \[Clickker\] on SQL01\\EXACT, owned by sa \(clickker's own; --rollback backs it up, then drops it\)/);
    expect(text).toMatch(/Exact database \[100\]: read access only \(db_datareader\); nothing else in it is changed/);
    expect(text).toMatch(/create application pool 'Clickker' \(.NET CLR v4.0, Integrated pipeline, runs as VDBERG\\svc-clickker\)/);
    expect(text).toMatch(/create IIS application Default Web Site\/clickker -> .*web in pool 'Clickker'/);
    expect(text).toMatch(/create service ClickkerSync \('Clickker Synchronisation'\): ".*Clickker.Sync.exe" --service, Automatic \(Delayed Start\); restarts on failure, runs as VDBERG\\svc-clickker/);
    expect(text).toMatch(/create scheduled task 'Clickker Nightly Cleanup': daily at 02:30, ".*Clickker.Sync.exe" --cleanup --older-than "30 days"/);
    // In Dutch with the words a Dutch Windows shows (IIS Manager, Services, Taakplanner); values stay as they are.
    const nl = texts.map((t) => t.nl).join('\n');
    expect(nl).toMatch(/4 van 4 bestanden plaatsen in .*Clickker: 4 nieuw/);
    expect(nl).toMatch(/groep van toepassingen 'Clickker' maken \(.NET CLR v4.0, pijplijnmodus Integrated, identiteit VDBERG\\svc-clickker\)/);
    expect(nl).toMatch(/service ClickkerSync \('Clickker Synchronisation'\) maken: ".*Clickker.Sync.exe" --service, Automatisch \(vertraagd starten\); herstart bij een fout, aanmelden als VDBERG\\svc-clickker/);
    expect(nl).toMatch(/taak 'Clickker Nightly Cleanup' maken in Taakplanner: dagelijks om 02:30/);
    expect(nl).toMatch(/Exact-database \[100\]: alleen leestoegang \(db_datareader\)/);
    // Every text has its own Dutch (not the English copied).
    expect(texts.filter((t) => t.nl === t.en && /[a-z]{4} [a-z]{4}/.test(t.en))).toEqual([]);
    // the plan never holds a secret
    expect(text + nl).not.toContain(SERVICE_PASSWORD);
    expect(text + nl).not.toContain(API_KEY);
    expect(hostState(w.exec, w.root)).toEqual(before);
    expect(w.exec.changes).toBe(0);
    expect(existsSync(w.stateDir) && readdirSync(w.stateDir)).toEqual([]);
  });

  it('after apply the plan shows no change, and a re-install changes nothing', async () => {
    const w = world();
    const first = await install(w.input);
    expect(first.changed).toEqual(CHANGED_IDS);
    expect(first.unchanged).toEqual(['upgrade.stop-services', 'sql.login']);
    expect(first.verification).toEqual([{ name: 'health', url: 'http://localhost/clickker/health', expected: 200, got: 200, ok: true }]);
    expect(await changesOf(w)).toEqual([]);
    const end = hostState(w.exec, w.root);
    const changesSoFar = w.exec.changes;

    const again = await install(w.input);
    expect(again.changed).toEqual([]);
    expect(again.unchanged).toEqual(STEP_IDS);
    expect(w.exec.changes).toBe(changesSoFar);
    expect(hostState(w.exec, w.root)).toEqual(end);
    // The first run's journal stays current, so --rollback still undoes the real installation.
    expect(again.keptJournalOf).toBe(first.runId);
    expect(Journal.load(w.stateDir)!.doc.runId).toBe(first.runId);
    expect(existsSync(join(w.stateDir, 'journals', `${again.runId}.json`))).toBe(true);
  });

  it('the end state is what the manifest declares', async () => {
    const w = world();
    await install(w.input);
    const m = w.exec.model;
    expect(m.iis.appPools.Clickker).toEqual({ managedRuntimeVersion: 'v4.0', pipelineMode: 'Integrated', identity: 'VDBERG\\svc-clickker' });
    expect(m.iis.sites![0]!.applications.find((a) => a.path === '/clickker')).toEqual({ path: '/clickker', physicalPath: join(w.params.installDir, 'web'), appPool: 'Clickker' });
    expect(m.services.ClickkerSync).toMatchObject({ account: 'VDBERG\\svc-clickker', startMode: 'Automatic', state: 'Running', binaryPath: `"${join(w.params.installDir, 'bin', 'Clickker.Sync.exe')}" --service` });
    expect(m.tasks['Clickker Nightly Cleanup']).toMatchObject({ user: 'VDBERG\\svc-clickker', daily: '02:30', arguments: '--cleanup --older-than "30 days"' });
    expect(m.sql.databases!.Clickker!.history.map((h) => h.name)).toEqual(['sql/001-schema.sql', 'sql/002-settings.sql']);
    expect(m.sql.databases!.Clickker!.users['VDBERG\\svc-clickker']).toEqual(['db_datareader', 'db_datawriter']);
    expect(m.sql.databases!['100']!.users['VDBERG\\svc-clickker']).toEqual(['db_datareader']);
    expect(m.sql.databases!['100_unicode']!.users['VDBERG\\svc-clickker']).toEqual(['db_datareader']);
    // configuration: rendered, escaped for its format, protected
    const webConfig = join(w.params.installDir, 'web', 'Web.config');
    expect(readFileSync(webConfig, 'utf8')).toContain(`<add key="Clickker:CloudApiKey" value="${API_KEY}" />`);
    expect(readFileSync(webConfig, 'utf8')).toContain('Data Source=SQL01\\EXACT;Initial Catalog=Clickker;Integrated Security=SSPI');
    expect(JSON.parse(readFileSync(join(w.params.installDir, 'bin', 'clickker-sync.json'), 'utf8'))).toMatchObject({ sqlServer: 'SQL01\\EXACT', cloudApiKey: API_KEY, runAs: 'VDBERG\\svc-clickker' });
    expect(m.acls[webConfig]).toEqual({ inheritanceDisabled: true, principals: ['Administrators', 'VDBERG\\svc-clickker'] });
    // one IIS configuration backup, taken before the first IIS change
    expect(m.iis.backups).toHaveLength(1);
    expect(Journal.load(w.stateDir)!.doc.iisBackup).toBe(m.iis.backups[0]);
  });
});

describe('interrupted installations resume to the same end state', () => {
  it.each(STEP_IDS.map((id, i): [number, string] => [i + 1, id]))('killed after step %i (%s), then --resume', async (n) => {
    const reference = await referenceEnd();
    const w = world();
    let finished = 0;
    await expect(install({ ...w.input, hooks: { afterStep: () => { if (++finished === n) throw new Error('killed'); } } })).rejects.toThrow('killed');
    const j = Journal.load(w.stateDir)!;
    expect(j.doc.state).toBe('installing');
    expect(j.doc.steps.filter((s) => s.status === 'done' || s.status === 'unchanged').map((s) => s.id)).toEqual(STEP_IDS.slice(0, n));
    // A new install refuses while one is unfinished.
    await expect(install(w.input)).rejects.toThrow(/unfinished .*--resume .*--rollback/);
    const resumed = await resumeInstall({ ...w.input, params: undefined });
    expect(resumed.changed).toEqual(CHANGED_IDS);
    expect(hostState(w.exec, w.root)).toEqual(reference);
    expect(Journal.load(w.stateDir)!.doc.state).toBe('installed');
    expect(await changesOf(w)).toEqual([]);
  });

  // The model has this many changes in a full install; fail each one in turn (inside a step, after part of it).
  it('a failure inside any step: the journal names it, --resume finishes it', async () => {
    const reference = await referenceEnd();
    const total = (() => { const w = world(); return install(w.input).then(() => w.exec.changes); })();
    const n = await total;
    expect(n).toBeGreaterThan(10);
    // The last change is the Application event log entry: an event log that cannot be written never fails a run.
    const last = world(newHost(undefined, {}));
    (last.exec.options as { failAfterChanges?: number }).failAfterChanges = n - 1;
    await install(last.input);
    expect(readFileSync(Journal.load(last.stateDir)!.doc.log, 'utf8')).toMatch(/could not write to the Application event log: simulated failure/);
    for (let k = 0; k < n - 1; k++) {
      const w = world(newHost(undefined, {}));
      (w.exec.options as { failAfterChanges?: number }).failAfterChanges = k;
      const err = await install(w.input).then(() => null, (e: Error) => e);
      expect(err?.message).toMatch(/^step .+? failed: simulated failure after \d+ change/);
      // In Dutch the sentence is clickker's, the host's own error text is quoted as recorded.
      expect((err as Error & { nl?: string }).nl).toMatch(/^stap .+? is mislukt: (bij het testen: )?simulated failure after \d+ change/);
      const j = Journal.load(w.stateDir)!;
      expect(j.doc.state).toBe('failed');
      const failed = j.doc.steps.filter((s) => s.status === 'failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]!.error).toMatch(/simulated failure/);
      (w.exec.options as { failAfterChanges?: number }).failAfterChanges = undefined;
      await resumeInstall({ ...w.input, params: undefined });
      expect(hostState(w.exec, w.root)).toEqual(reference);
    }
  });

  it('--resume uses the journal, needs the same package and refuses when nothing is unfinished', async () => {
    const w = world();
    await expect(resumeInstall(w.input)).rejects.toThrow(/no installation journal/);
    await install(w.input);
    await expect(resumeInstall(w.input)).rejects.toThrow(/is installed; there is nothing to resume/);
  });
});

describe('a process killed while writing a secret file', () => {
  it('leaves its temporary file (named with its pid); the next run removes it before writing its own', async () => {
    const w = world();
    const web = join(w.params.installDir, 'web');
    mkdirSync(web, { recursive: true });
    // What SIGKILL inside writeSecretFile leaves: the empty, already protected temporary file of another process.
    writeFileSync(join(web, '.Web.config.424242.secret.tmp'), '');
    writeFileSync(join(web, 'notes.Web.config.tmp'), 'not ours'); // a name clickker never uses: left alone
    await install(w.input);
    expect(readdirSync(web).filter((f) => f.endsWith('.tmp'))).toEqual(['notes.Web.config.tmp']);
  });
});

describe('rollback', () => {
  it("backs the database up into the remote SQL Server's default backup folder, which is the simulated host's, never the cwd", async () => {
    // SQL01\\EXACT is another machine: BACKUP DATABASE gets a bare file name, which SQL Server puts in its default
    // backup folder (learn.microsoft.com: BACKUP (Transact-SQL), DISK). A host held in memory has no folder on disk.
    const w = world();
    const baks = () => readdirSync(process.cwd()).filter((f) => f.endsWith('.bak'));
    const before = baks();
    await install(w.input);
    await rollbackInstall({ ...w.input, params: undefined });
    expect(Object.entries(w.exec.model.sql.backups)).toEqual([[expect.stringMatching(/^Clickker-rollback-\d{8}-\d{6}-[0-9a-f]{4}-\d{8}T\d{6}\.bak$/), 'Clickker']]);
    expect(baks()).toEqual(before);
  });

  it('after a full installation returns the host to its start state', async () => {
    const w = world();
    const start = hostState(w.exec, w.root);
    await install(w.input);
    const r = await rollbackInstall({ ...w.input, params: undefined });
    expect(r.undone).toEqual([...CHANGED_IDS].reverse());
    expect(hostState(w.exec, w.root)).toEqual(start);
    expect(w.exec.model.iis.backups).toHaveLength(1); // the IIS backup is kept on purpose
    expect(Journal.load(w.stateDir)!.doc.state).toBe('rolled-back');
    await expect(rollbackInstall(w.input)).rejects.toThrow(/already rolled back/);
    // and it can be installed again afterwards
    await install(w.input);
    expect(await changesOf(w)).toEqual([]);
  });

  it.each(STEP_IDS.map((id, i): [number, string] => [i + 1, id]))('after a kill at step %i (%s) returns to the start state', async (n) => {
    const w = world();
    const start = hostState(w.exec, w.root);
    let finished = 0;
    await expect(install({ ...w.input, hooks: { afterStep: () => { if (++finished === n) throw new Error('killed'); } } })).rejects.toThrow('killed');
    await rollbackInstall({ ...w.input, params: undefined });
    expect(hostState(w.exec, w.root)).toEqual(start);
  });

  it('after a failure inside a step (partly applied) returns to the start state', async () => {
    for (const k of [0, 3, 7, 12]) {
      const w = world();
      const start = hostState(w.exec, w.root);
      (w.exec.options as { failAfterChanges?: number }).failAfterChanges = k;
      await expect(install(w.input)).rejects.toThrow(/simulated failure/);
      (w.exec.options as { failAfterChanges?: number }).failAfterChanges = undefined;
      await rollbackInstall({ ...w.input, params: undefined });
      expect(hostState(w.exec, w.root)).toEqual(start);
    }
  });

  it('an interrupted rollback continues where it stopped', async () => {
    const w = world();
    const start = hostState(w.exec, w.root);
    await install(w.input);
    let undone = 0;
    await expect(rollbackInstall({ ...w.input, hooks: { afterStep: () => { if (++undone === 5) throw new Error('killed'); } } })).rejects.toThrow('killed');
    expect(Journal.load(w.stateDir)!.doc.state).toBe('rolling-back');
    await expect(resumeInstall(w.input)).rejects.toThrow(/finish the rollback with --rollback/);
    await rollbackInstall(w.input);
    expect(hostState(w.exec, w.root)).toEqual(start);
  });

  it('leaves what existed before: a pre-existing login, Exact users and roles, replaced files are restored', async () => {
    const w = world(newHost((m) => {
      m.sql.databases!['100']!.users['VDBERG\\svc-clickker'] = ['db_datareader'];
      m.sql.databases!['100_unicode']!.users['VDBERG\\svc-clickker'] = ['db_owner'];
    }));
    const start = hostState(w.exec, w.root);
    await install(w.input);
    expect(w.exec.model.sql.databases!['100_unicode']!.users['VDBERG\\svc-clickker']).toEqual(['db_owner', 'db_datareader']);
    await rollbackInstall(w.input);
    expect(hostState(w.exec, w.root)).toEqual(start);
    expect(w.exec.model.sql.logins!['VDBERG\\svc-clickker']).toEqual({ serverRoles: ['sysadmin'] });
  });
});

describe('safety', () => {
  it('a database of that name that clickker did not create is refused and left untouched', async () => {
    const w = world(newHost((m) => { m.sql.databases!.Clickker = { exact: false, owner: 'sa', createdBy: null, history: [], users: {} }; }));
    const planned = await planInstall(w.input);
    expect(planned.find((p) => p.step.id === 'sql.database')!.refused?.en).toMatch(/database \[Clickker\] already exists on SQL01\\EXACT and was not created by clickker: it is left untouched/);
    await expect(install(w.input)).rejects.toThrow(/not created by clickker/);
    expect(w.exec.model.sql.databases!.Clickker).toEqual({ exact: false, owner: 'sa', createdBy: null, history: [], users: {} });
    await rollbackInstall(w.input);
    expect(w.exec.model.sql.databases!.Clickker).toEqual({ exact: false, owner: 'sa', createdBy: null, history: [], users: {} });
  });

  it('a script applied earlier with other content is refused (a release never edits an applied script)', async () => {
    const w = world(newHost((m) => {
      m.sql.databases!.Clickker = { exact: false, owner: 'sa', createdBy: 'older-run', history: [{ name: 'sql/001-schema.sql', sha256: '0'.repeat(64) }], users: {} };
    }));
    await expect(install(w.input)).rejects.toThrow(/sql\/001-schema.sql was applied to \[Clickker\] with other content/);
  });

  it('rollback never drops a database created by another run', async () => {
    const w = world();
    await install(w.input);
    w.exec.model.sql.databases!.Clickker!.createdBy = 'someone-else';
    await expect(rollbackInstall(w.input)).rejects.toThrow(/refusing to drop database 'Clickker'/);
    expect(w.exec.model.sql.databases!.Clickker).toBeDefined();
  });

  it('Exact databases only ever get a user and db_datareader', async () => {
    const w = world();
    await install(w.input);
    for (const name of ['100', '100_unicode']) {
      expect(w.exec.model.sql.databases![name]).toEqual({ exact: true, owner: 'sa', createdBy: null, history: [], users: { 'VDBERG\\svc-clickker': ['db_datareader'] } });
    }
  });

  it('reducing the service account to what it needs, and giving sysadmin back on rollback', async () => {
    const w = world(undefined, { reduceSqlRights: true });
    const planned = await planInstall(w.input);
    expect(planned.at(-1)!.test!.changes).toEqual([{ en: 'remove [VDBERG\\svc-clickker] from the sysadmin server role on SQL01\\EXACT', nl: '[VDBERG\\svc-clickker] verwijderen uit de serverrol sysadmin op SQL01\\EXACT' }]);
    await install(w.input);
    expect(w.exec.model.sql.logins!['VDBERG\\svc-clickker']!.serverRoles).toEqual([]);
    await rollbackInstall(w.input);
    expect(w.exec.model.sql.logins!['VDBERG\\svc-clickker']!.serverRoles).toEqual(['sysadmin']);
  });

  it('a site that IIS does not have is refused with the sites it has', async () => {
    const w = world(undefined, { site: 'Synergy Web' });
    const planned = await planInstall(w.input);
    expect(planned.find((p) => p.step.id === 'iis.application')!.refused?.en).toBe("IIS has no website named 'Synergy Web' (it has: 'Default Web Site'); choose one with --site");
  });

  it('a failed verification leaves the run failed, with the status it got', async () => {
    const w = world(newHost((m) => { m.http['http://localhost/clickker/health'] = 500; }));
    const r = await install(w.input);
    expect(r.verification).toEqual([{ name: 'health', url: 'http://localhost/clickker/health', expected: 200, got: 500, ok: false }]);
    expect(Journal.load(w.stateDir)!.doc.state).toBe('failed');
  });
});

describe('secrets', () => {
  it('never reach the journal or the log, through install, kill, resume and rollback', async () => {
    const w = world();
    let finished = 0;
    await expect(install({ ...w.input, hooks: { afterStep: () => { if (++finished === 3) throw new Error('killed'); } } })).rejects.toThrow('killed');
    await resumeInstall(w.input);
    await rollbackInstall(w.input);
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else files.push(join(d, e.name));
      }
    };
    walk(join(w.stateDir));
    const texts = files.filter((f) => /journal|\.log$/.test(f)).map((f) => readFileSync(f, 'utf8'));
    expect(texts.length).toBeGreaterThanOrEqual(2);
    for (const t of texts) {
      expect(t).not.toContain(SERVICE_PASSWORD);
      expect(t).not.toContain(API_KEY);
    }
    expect(texts.join('\n')).toMatch(/step config:web\/Web.config: start/);
  });
});

describe('a short secret that is also a word of the journal', () => {
  it('does not rewrite the journal (step ids survive), so --resume still works', async () => {
    registerSecret('sql'); // e.g. a service-account password "sql": masked in logs and reports, never in the journal's structure
    const w = world();
    let finished = 0;
    await expect(install({ ...w.input, hooks: { afterStep: () => { if (++finished === 6) throw new Error('killed'); } } })).rejects.toThrow('killed');
    expect(Journal.load(w.stateDir)!.doc.steps.map((s) => s.id)).toEqual(STEP_IDS);
    await resumeInstall(w.input);
    expect(Journal.load(w.stateDir)!.doc.state).toBe('installed');
  });
});
