// The values an installation needs, from flags > environment > config > a prompt on a terminal: the mode, the
// service account, the parameters recorded in the journal, the secrets (environment or hidden prompt only) and the
// credentials the installer itself uses for SQL Server.
import type { Command } from 'commander';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { accountNeedsPassword, type Executor } from '../../install/executor.js';
import { appPathSchema, databaseNameSchema, secretDescription, type Manifest } from '../../install/manifest.js';
import type { InstallParams, InstallSecrets } from '../../install/step.js';
import { usesSql } from '../../install/steps/index.js';
import { registerSecret } from '../../report/redact.js';
import { askChoice, askSecret, askText } from '../prompts.js';
import type { Resolved } from '../resolve.js';
import { inLang, tr } from '../lang.js';
import { msg, t, type MessageId } from '../../report/i18n/catalogue.js';

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
  if (chosen.length > 1) throw new InputError(msg('err.combined', { a: chosen[0]!, b: chosen[1]! }));
  return chosen[0] ?? 'install';
}

/** A value from settings, else a prompt on a terminal, else an input error naming the flag and the variable. */
export async function need(value: string | undefined, flag: string, env: string, what: MessageId, interactive: boolean, ask: () => Promise<string>): Promise<string> {
  if (value !== undefined && value !== '') return value;
  if (interactive) return ask();
  throw new InputError({ en: t('en', 'err.missing', { flag, env, what: t('en', what) }), nl: t('nl', 'err.missing', { flag, env, what: t('nl', what) }) });
}

export async function secretsFor(m: Manifest, account: string, interactive: boolean, required: boolean, env: NodeJS.ProcessEnv = process.env): Promise<InstallSecrets> {
  const values: Record<string, string> = {};
  for (const s of m.secrets) {
    const name = secretEnvName(s.name);
    // The description is the package's own words: its Dutch when the manifest gives one, else its one text as it is.
    const what = secretDescription(s);
    const v = env[name] || (interactive ? await askSecret(`${inLang(what)} (${s.name})`) : undefined);
    if (v === undefined) {
      if (required) throw new InputError({ en: t('en', 'err.secret', { name, what: what.en }), nl: t('nl', 'err.secret', { name, what: what.nl }) });
      continue;
    }
    registerSecret(v);
    values[s.name] = v;
  }
  let serviceAccountPassword: string | undefined;
  const wantsPassword = accountNeedsPassword(account) && (m.iis !== undefined || m.services.length > 0 || m.scheduledTasks.length > 0);
  if (wantsPassword) {
    serviceAccountPassword = env[SERVICE_PASSWORD_ENV] || (interactive ? await askSecret(tr('ask.service-password', { account })) : undefined);
    if (serviceAccountPassword === undefined && required) {
      throw new InputError(msg('err.service-password', { env: SERVICE_PASSWORD_ENV, account }));
    }
    registerSecret(serviceAccountPassword);
  }
  return { serviceAccountPassword, values };
}

/** The SQL credentials the installer itself uses: --sql-user with CLICKKER_SQL_PASSWORD, or the service account. */
export async function sqlCredentials(r: Resolved, account: string, secrets: InstallSecrets, interactive: boolean, env: NodeJS.ProcessEnv = process.env) {
  if (r.settings.sqlUser) {
    const p = env.CLICKKER_SQL_PASSWORD || (interactive ? await askSecret(tr('ask.sql-password', { login: r.settings.sqlUser })) : undefined);
    registerSecret(p);
    return { sqlPassword: p };
  }
  return { sqlPassword: secrets.serviceAccountPassword, sqlUserFallback: account };
}

export async function resolveParams(r: Resolved, m: Manifest, exec: Executor, account: string, interactive: boolean): Promise<InstallParams> {
  const s = r.settings;
  const sqlServer = usesSql(m)
    ? await need(s.sqlServer, '--sql-server', 'CLICKKER_SQL_SERVER', 'what.sql-server', interactive, () => askText(tr('ask.sql-server')))
    : '';
  const database = s.clickkerDatabase ?? m.database?.defaultName ?? 'Clickker';
  const dbCheck = databaseNameSchema.safeParse(database);
  if (!dbCheck.success) throw new InputError(msg('in.database-name'));
  let site = s.site;
  if (m.iis && !site) {
    const sites = await exec.iis.sites();
    const listed = (lang: 'en' | 'nl') => sites.map((x) => `'${x.name}'`).join(', ') || t(lang, 'err.site.none');
    if (!interactive) throw new InputError({ en: t('en', 'err.site', { target: exec.target.en, sites: listed('en') }), nl: t('nl', 'err.site', { target: exec.target.nl, sites: listed('nl') }) });
    const synergy = sites.find((x) => x.applications.some((a) => /synergy/i.test(a.path) || /synergy/i.test(a.physicalPath)));
    site = await askChoice(tr('ask.site'), sites.map((x) => ({
      name: x.name, value: x.name, description: x.applications.map((a) => a.path).join(', ') || tr('ask.no-applications'),
    })), synergy?.name);
  }
  const defaultDir = process.platform === 'win32' ? join(process.env.ProgramFiles ?? 'C:\\Program Files', 'Clickker') : undefined;
  const installDir = await need(s.installDir ?? defaultDir, '--install-dir', 'CLICKKER_INSTALL_DIR', 'what.install-dir', interactive, () => askText(tr('ask.install-dir')));
  const appPath = s.appPath ?? m.iis?.application.defaultPath ?? '/clickker';
  if (!appPathSchema.safeParse(appPath).success) throw new InputError(msg('err.app-path'));
  let exactDatabases: string[] = [];
  if (m.exactDatabaseRead && sqlServer) {
    try {
      exactDatabases = s.exactDatabases ?? await exec.sql().exactDatabases();
    } catch (err) {
      throw new InputError(msg('err.exact-databases', { server: sqlServer, error: (err as Error).message }));
    }
  }
  return {
    serviceAccount: account, sqlServer, database, site: site ?? '', appPath, installDir, baseUrl: s.baseUrl ?? 'http://localhost',
    exactDatabases, reduceSqlRights: s.reduceSqlRights ?? false,
  };
}
