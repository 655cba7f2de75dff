// What install and fix act on (this Windows server, or a simulated host with --simulate), and the preflight they
// run first, in-process, on that target's facts.
import { statSync, type Stats } from 'node:fs';
import { cliLang } from './lang.js';
import { msg } from '../report/i18n/catalogue.js';
import { hostname } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { InputError } from '../core/errors.js';
import { compose, whatMsg } from '../core/input-error.js';
import type { Evaluation } from '../core/evaluate.js';
import { judge } from '../core/judge.js';
import { wantedProbes, type Selection } from '../core/runner.js';
import type { Result } from '../core/types.js';
import type { Executor } from '../install/executor.js';
import { probeOptions, collectSnapshot } from './live.js';
import { askConfirmations } from './prompts.js';
import { judgeSettings, selectionOf, type Resolved } from './resolve.js';
import { toolVersion } from './version.js';

export interface TargetSecrets {
  /** The SQL password for --sql-user, or the service account's password when the installer logs in as it. */
  sqlPassword?: string;
  /** The login the installer uses for SQL Server when --sql-user is not given: the service account (NTLM). */
  sqlUserFallback?: string;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined; // missing, or under a file (ENOTDIR): the walk up finds the culprit
  }
}

/** The state folder: --state-dir, or %ProgramData%\Clickker on Windows. */
export function stateDirOf(r: Resolved, env: NodeJS.ProcessEnv = process.env): string {
  if (r.settings.stateDir) {
    // A file where the folder should be would fail later, half way, as EEXIST or ENOTDIR: say it now (exit 2).
    const named = r.origins?.stateDir ?? '--state-dir';
    let path = resolvePath(r.settings.stateDir);
    for (;;) {
      const st = statOrUndefined(path);
      if (st && !st.isDirectory()) {
        throw new InputError(compose(path === resolvePath(r.settings.stateDir) ? 'err.state-dir.file' : 'err.state-dir.parent', { named: whatMsg(named), dir: r.settings.stateDir, path }));
      }
      if (st || dirname(path) === path) break;
      path = dirname(path);
    }
    return r.settings.stateDir;
  }
  if (process.platform === 'win32') return join(env.ProgramData ?? 'C:\\ProgramData', 'Clickker');
  throw new InputError(msg('err.state-dir.missing'));
}

export async function openTarget(r: Resolved, stateDir: string, secrets: TargetSecrets = {}): Promise<Executor> {
  if (r.settings.simulate) {
    const { SimulatedExecutor } = await import('../install/simulated/executor.js');
    return SimulatedExecutor.open(r.settings.simulate, join(stateDir, 'simulated-host.json'));
  }
  if (process.platform !== 'win32') {
    throw new InputError(msg('err.not-windows', { platform: process.platform }));
  }
  const [{ WindowsExecutor }, { MssqlOps }, { resolveSqlOptions }] = await Promise.all([
    import('../install/windows/executor.js'), import('../install/windows/sql.js'), import('../probes/sql/config.js'),
  ]);
  const s = r.settings;
  const sqlUser = s.sqlUser ?? secrets.sqlUserFallback;
  const forProbes: Resolved = { ...r, settings: { ...s, ...(sqlUser ? { sqlUser } : {}) } };
  return new WindowsExecutor({
    powershell: s.powershell,
    computerName: hostname(),
    secretDir: join(stateDir, 'secrets'),
    collect: async (probes) => (await collectSnapshot(probes, probeOptions(forProbes, secrets.sqlPassword), s.powershellTimeout, cliLang())).probes,
    sql: s.sqlServer ? () => new MssqlOps({
      sql: resolveSqlOptions({
        server: s.sqlServer!, user: sqlUser, password: secrets.sqlPassword, domain: s.sqlDomain, encrypt: s.sqlEncrypt,
        trustServerCertificate: s.sqlTrustServerCertificate,
      }, r.requirements.requirements.sql),
    }) : undefined,
  });
}

export interface Preflight {
  evaluation: Evaluation;
  /** Blocking findings that stop an installation (fail or unknown, not waived). */
  blocking: Result[];
  waived: Result[];
}

/** Runs the preflight on the target's facts; on a terminal, asks the manual confirmations still open. */
export async function runTargetPreflight(r: Resolved, exec: Executor, interactive: boolean): Promise<Preflight> {
  const evaluation = await judgeTarget(r, exec, selectionOf(r), interactive);
  const blocking = evaluation.results.filter((x) => x.severity === 'blocking' && (x.status === 'fail' || x.status === 'unknown'));
  return { evaluation, blocking, waived: evaluation.results.filter((x) => x.status === 'waived') };
}

/**
 * Judges the target's own facts (the probes the selected checks need) with the command's settings and waivers.
 * Install stops on blocking findings only, whatever --fail-on says, so the target is judged without it.
 */
export async function judgeTarget(r: Resolved, exec: Executor, selection: Selection, interactive: boolean): Promise<Evaluation> {
  const wanted = wantedProbes(r.checks, selection, r.options.profile);
  const probes = await exec.facts(wanted);
  for (const p of wanted) probes[p] ??= { ok: false, error: { kind: 'unsupported', message: `no '${p}' facts on ${exec.target.en}` }, ms: 0 };
  const host = { host: exec.computerName, probes, collectedAt: new Date().toISOString(), collector: { name: 'clickker', version: toolVersion() } };
  return judge([host], { ...judgeSettings(r), selection, failOn: [] }, interactive ? { ask: (open) => askConfirmations(open) } : {});
}
