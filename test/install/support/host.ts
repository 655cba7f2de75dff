// Helpers for the install tests: the sample package, a simulated host (the host model stands in for Windows and
// SQL Server), parameters and secrets, and a comparable picture of a host's state (model + files on disk).
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll } from '@jest/globals';
import { SimulatedExecutor } from '../../../src/install/simulated/executor.js';
import { parseModel, type HostModel } from '../../../src/install/simulated/host-file.js';
import { openPackage } from '../../../src/install/package.js';
import type { InstallParams, InstallSecrets } from '../../../src/install/step.js';
import { ROOT } from '../../support/cli.js';

export const SAMPLE_ZIP = join(ROOT, 'fixtures', 'packages', 'clickker-1.0.0.zip');
export const SIMULATED_HOST = join(ROOT, 'fixtures', 'packages', 'simulated-host.json');

/** Values that must never appear in a journal, log, report or console output. */
export const SERVICE_PASSWORD = 'Svc-Pa55!w0rd<&>"quoted"';
export const API_KEY = 'ck_live_9f8e7d6c5b4a3f2e1d0c';

export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });
  return () => {
    const d = mkdtempSync(join(tmpdir(), `clickker-${prefix}-`));
    made.push(d);
    return d;
  };
}

export function samplePackage() {
  return openPackage(SAMPLE_ZIP);
}

/** A fresh in-memory simulated host from the sample description (ws2019-ready facts). */
export function newHost(change?: (m: HostModel) => void, options: { realHttp?: boolean } = {}): SimulatedExecutor {
  const { model, probes } = parseModel(JSON.parse(readFileSync(SIMULATED_HOST, 'utf8')), SIMULATED_HOST);
  change?.(model);
  return new SimulatedExecutor(model, probes, options);
}

export function params(dir: string, over: Partial<InstallParams> = {}): InstallParams {
  return {
    serviceAccount: 'VDBERG\\svc-clickker',
    sqlServer: 'SQL01\\EXACT',
    database: 'Clickker',
    site: 'Default Web Site',
    appPath: '/clickker',
    installDir: join(dir, 'Program Files', 'Clickker'),
    baseUrl: 'http://localhost',
    exactDatabases: ['100', '100_unicode'],
    reduceSqlRights: false,
    ...over,
  };
}

export function secrets(): InstallSecrets {
  return { serviceAccountPassword: SERVICE_PASSWORD, values: { cloudApiKey: API_KEY } };
}

function tree(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const full = join(d, e);
      if (statSync(full).isDirectory()) {
        out[`${relative(dir, full).split(sep).join('/')}/`] = 'dir';
        walk(full);
      } else {
        // Rendered configuration holds the install folder, which differs per test: hash it with the folder named <root>.
        const text = readFileSync(full, 'latin1').split(JSON.stringify(dir).slice(1, -1)).join('<root>').split(dir).join('<root>');
        out[relative(dir, full).split(sep).join('/')] = createHash('sha256').update(text, 'latin1').digest('hex').slice(0, 16);
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * Everything the installation may change, comparable with toEqual: the host model (without the IIS backups, which
 * are kept on purpose, and without ACLs of files that no longer exist) and the files under `root`.
 */
export function hostState(exec: SimulatedExecutor, root: string) {
  const m = structuredClone(exec.model);
  // Kept on purpose: the IIS configuration backups, the database backups rollback makes, the event log.
  m.iis.backups = [];
  m.sql.backups = {};
  m.eventLog = [];
  // The Programs and Features entry names the state folder, which differs per test.
  for (const values of Object.values(m.registry ?? {})) {
    for (const [k, v] of Object.entries(values)) if (typeof v === 'string') values[k] = v.replace(/--state-dir "[^"]*"/, '--state-dir "<state>"');
  }
  // (backups are kept on purpose, with their protection)
  m.acls = Object.fromEntries(Object.entries(m.acls).filter(([path]) => existsSync(path) && !/[\\/]backups([\\/]|$)/.test(path)));
  for (const db of Object.values(m.sql.databases ?? {})) if (db.createdBy) db.createdBy = '(clickker run)';
  // Paths differ per test folder: compare them relative to it.
  const model = JSON.parse(JSON.stringify(m).split(JSON.stringify(root).slice(1, -1)).join('<root>')) as HostModel;
  return { model, files: tree(root) };
}
