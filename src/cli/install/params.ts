// The values an installation needs, from flags > environment > config > a prompt on a terminal: the mode, the
// service account, the parameters recorded in the journal, the secrets (environment or hidden prompt only) and the
// credentials the installer itself uses for SQL Server.
import type { Command } from 'commander';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { accountNeedsPassword, type Executor } from '../../install/executor.js';
import { appPathSchema, databaseNameSchema, type Manifest } from '../../install/manifest.js';
import type { InstallParams, InstallSecrets } from '../../install/step.js';
import { usesSql } from '../../install/steps/index.js';
import { registerSecret } from '../../report/redact.js';
import { askChoice, askSecret, askText } from '../prompts.js';
import type { Resolved } from '../resolve.js';

export type Mode = 'install' | 'plan' | 'resume' | 'rollback' | 'rollback-plan';

/** CLICKKER_SECRET_CLOUD_API_KEY for the manifest secret cloudApiKey. */
export function secretEnvName(name: string): string {
  return `CLICKKER_SECRET_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}
export const SERVICE_PASSWORD_ENV = 'CLICKKER_SERVICE_ACCOUNT_PASSWORD';

export function modeOf(cmd: Command): Mode {
  const chosen = (['plan', 'resume', 'rollback'] as const).filter((m) => cmd.getOptionValue(m) === true);
  // --rollback --plan: what the rollback would undo, changing nothing.
  if (chosen.length === 2 && chosen.includes('plan') && chosen.includes('rollback')) return 'rollback-plan';
  if (chosen.length > 1) throw new InputError(`--${chosen[0]} and --${chosen[1]} cannot be combined`);
  return chosen[0] ?? 'install';
}

/** A value from settings, else a prompt on a terminal, else an input error naming the flag and the variable. */
export async function need(value: string | undefined, flag: string, env: string, what: string, interactive: boolean, ask: () => Promise<string>): Promise<string> {
  if (value !== undefined && value !== '') return value;
  if (interactive) return ask();
  throw new InputError(`${flag}: missing (${what}); give ${flag} or set ${env} (nothing is asked without a terminal, with CI set, or with --yes)`);
}

export async function secretsFor(m: Manifest, account: string, interactive: boolean, required: boolean, env: NodeJS.ProcessEnv = process.env): Promise<InstallSecrets> {
  const values: Record<string, string> = {};
  for (const s of m.secrets) {
    const name = secretEnvName(s.name);
    const v = env[name] || (interactive ? await askSecret(`${s.description} (${s.name})`) : undefined);
    if (v === undefined) {
      if (required) throw new InputError(`${name}: missing (${s.description}); secrets come from the environment or a hidden prompt, never from a flag or file`);
      continue;
    }
    registerSecret(v);
    values[s.name] = v;
  }
  let serviceAccountPassword: string | undefined;
  const wantsPassword = accountNeedsPassword(account) && (m.iis !== undefined || m.services.length > 0 || m.scheduledTasks.length > 0);
  if (wantsPassword) {
    serviceAccountPassword = env[SERVICE_PASSWORD_ENV] || (interactive ? await askSecret(`Password of the service account ${account}`) : undefined);
    if (serviceAccountPassword === undefined && required) {
      throw new InputError(`${SERVICE_PASSWORD_ENV}: missing (the password of ${account}, for the application pool, services and tasks); set it or answer the hidden prompt on a terminal`);
    }
    registerSecret(serviceAccountPassword);
  }
  return { serviceAccountPassword, values };
}

/** The SQL credentials the installer itself uses: --sql-user with CLICKKER_SQL_PASSWORD, or the service account. */
export async function sqlCredentials(r: Resolved, account: string, secrets: InstallSecrets, interactive: boolean, env: NodeJS.ProcessEnv = process.env) {
  if (r.settings.sqlUser) {
    const p = env.CLICKKER_SQL_PASSWORD || (interactive ? await askSecret(`Password of SQL login ${r.settings.sqlUser}`) : undefined);
    registerSecret(p);
    return { sqlPassword: p };
  }
  return { sqlPassword: secrets.serviceAccountPassword, sqlUserFallback: account };
}

export async function resolveParams(r: Resolved, m: Manifest, exec: Executor, account: string, interactive: boolean): Promise<InstallParams> {
  const s = r.settings;
  const sqlServer = usesSql(m)
    ? await need(s.sqlServer, '--sql-server', 'CLICKKER_SQL_SERVER', 'the SQL Server of the Exact databases, HOST[\\INSTANCE][,PORT]', interactive, () => askText('SQL Server (HOST\\INSTANCE)'))
    : '';
  const database = s.clickkerDatabase ?? m.database?.defaultName ?? 'Clickker';
  const dbCheck = databaseNameSchema.safeParse(database);
  if (!dbCheck.success) throw new InputError(`--clickker-database: ${dbCheck.error.issues[0]!.message}`);
  let site = s.site;
  if (m.iis && !site) {
    const sites = await exec.iis.sites();
    if (!interactive) throw new InputError(`--site: missing (the IIS website of Exact Synergy); IIS on ${exec.target} has: ${sites.map((x) => `'${x.name}'`).join(', ') || 'no websites'}`);
    const synergy = sites.find((x) => x.applications.some((a) => /synergy/i.test(a.path) || /synergy/i.test(a.physicalPath)));
    site = await askChoice('The Exact Synergy website to install Clickker under', sites.map((x) => ({
      name: x.name, value: x.name, description: x.applications.map((a) => a.path).join(', ') || '(no applications)',
    })), synergy?.name);
  }
  const defaultDir = process.platform === 'win32' ? join(process.env.ProgramFiles ?? 'C:\\Program Files', 'Clickker') : undefined;
  const installDir = await need(s.installDir ?? defaultDir, '--install-dir', 'CLICKKER_INSTALL_DIR', 'the install folder', interactive, () => askText('Install folder'));
  const appPath = s.appPath ?? m.iis?.application.defaultPath ?? '/clickker';
  if (!appPathSchema.safeParse(appPath).success) throw new InputError('--app-path: expected an application path such as /clickker');
  let exactDatabases: string[] = [];
  if (m.exactDatabaseRead && sqlServer) {
    try {
      exactDatabases = s.exactDatabases ?? await exec.sql().exactDatabases();
    } catch (err) {
      throw new InputError(`--sql-server: cannot list the Exact databases on ${sqlServer} (${(err as Error).message}); check the server and the login, or name the databases with --exact-database`);
    }
  }
  return {
    serviceAccount: account, sqlServer, database, site: site ?? '', appPath, installDir, baseUrl: s.baseUrl ?? 'http://localhost',
    exactDatabases, reduceSqlRights: s.reduceSqlRights ?? false,
  };
}
