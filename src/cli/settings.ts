// Settings for preflight and collect: flags > environment (CLICKKER_*) > --config FILE, each layer validated
// by the same schema so an error names exactly where the bad value came from.
import { dirname, isAbsolute, resolve } from 'node:path';
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import { inputError, type What } from '../core/input-error.js';
import { jsonPath, line } from '../core/json-document.js';
import { issueText, zodText } from '../core/issue-text.js';
import { InputError } from '../core/errors.js';
import { msg } from '../report/i18n/catalogue.js';
import type { Msg } from '../core/text.js';
import { parseServerAddress } from '../probes/sql/address.js';
import { DOCUMENT_MAX_BYTES, readInputText } from '../core/input-file.js';
import { parseStructured } from '../core/structured-document.js';
import { FAIL_ON, PROFILES } from '../core/vocabulary.js';

/** Lists accept an array or a comma-separated string (flags may repeat; env vars hold one string). */
const list = z.pipe(z.transform((v) => {
  const items = (Array.isArray(v) ? (v as unknown[]) : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : [x]));
  return items.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
}), z.array(z.string().check(z.minLength(1))));

const bool = z.pipe(z.transform((v) => {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off'].includes(s)) return false;
  return v;
}), z.boolean({ error: zodText('in.z.bool') }));

const int = (min: number, max: number) => z.pipe(z.transform((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v)), z.number({ error: (i) => (i.code === 'invalid_type' ? zodText('in.z.whole') : undefined) }).check(z.int({ error: zodText('in.z.whole') })).check(z.gte(min)).check(z.lte(max)));

export const settingsSchema = z.partial(z.object({
  snapshots: list,
  profile: z.enum(PROFILES),
  only: list,
  skip: list,
  confirm: list,
  failOn: z.pipe(list, z.array(z.enum(FAIL_ON))),
  format: z.enum(['console', 'json', 'junit', 'markdown', 'html']),
  /** Report language (console, Markdown, HTML): en or nl; "nl-NL" style cultures are accepted. */
  lang: z.pipe(z.transform((v) => (typeof v === 'string' ? v.trim().toLowerCase().slice(0, 2) : v)), z.enum(['en', 'nl'])),
  /** Save the HTML and JSON report after every preflight (default true where a state folder is known). */
  saveReport: bool,
  /** Where saved reports go (default <state folder>\reports). */
  reportDir: z.string().check(z.minLength(1)),
  /** confirmations.yaml: manual items confirmed by a person, with who and when (like waivers). */
  confirmations: z.string().check(z.minLength(1)),
  output: z.string().check(z.minLength(1)),
  requirements: z.string().check(z.minLength(1)),
  waivers: z.string().check(z.minLength(1)),
  synergyRelease: int(100, 9999),
  externalAccess: bool,
  serviceAccount: z.string().check(z.minLength(1)).check(z.maxLength(256)),
  /** Seconds: the overall budget for live probes. */
  timeout: int(1, 600),
  /** Seconds: the total budget of the PowerShell probes. */
  powershellTimeout: int(5, 3600),
  endpoints: z.pipe(list, z.array(z.url({ protocol: /^https?$/ }))),
  proxy: z.url({ protocol: /^https?$/, error: zodText('in.z.proxy-url') }),
  powershell: z.string().check(z.minLength(1)),
  // Checked with the other settings, so a malformed address is a usage error naming its flag (exit 2), not a probe
  // failure (exit 3) after the PowerShell probes have run.
  sqlServer: z.string().check(z.minLength(1)).check(z.superRefine((v, ctx) => {
    try {
      const { host } = parseServerAddress(v);
      // A DNS or NetBIOS name, an IPv4 address or a bracketed IPv6 one: nothing that could end a connection string.
      if (!/^[A-Za-z0-9._-]+$/.test(host) && !/^[0-9A-Fa-f:.]+(%\w+)?$/.test(host)) {
        const said = msg('in.z.sql-host', { host });
        ctx.addIssue({ code: 'custom', message: said.en, params: { msg: said } });
      }
    } catch (err) {
      const e = err as Error & { said?: Msg };
      ctx.addIssue({ code: 'custom', message: e.message, params: { msg: e.said } });
    }
  })),
  sqlUser: z.string().check(z.minLength(1)),
  sqlDomain: z.string().check(z.minLength(1)),
  sqlDatabase: z.string().check(z.minLength(1)),
  sqlTrustServerCertificate: bool,
  sqlEncrypt: bool,
  clickkerDatabase: z.string().check(z.minLength(1)).check(z.maxLength(128)),
  color: bool,
  ascii: bool,
  verbose: bool,
  // install and fix
  package: z.string().check(z.minLength(1)),
  sha256: z.string().check(z.regex(/^[0-9a-fA-F]{64}$/, zodText('in.z.sha256'))),
  checksumFile: z.string().check(z.minLength(1)),
  stateDir: z.string().check(z.minLength(1)),
  installDir: z.string().check(z.minLength(1)),
  site: z.string().check(z.minLength(1)).check(z.maxLength(260)),
  appPath: z.string().check(z.regex(/^\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, zodText('in.z.app-path'))),
  baseUrl: z.url({ protocol: /^https?$/, error: zodText('in.z.base-url') }),
  exactDatabases: list,
  reduceSqlRights: bool,
  simulate: z.string().check(z.minLength(1)),
  source: z.string().check(z.minLength(1)),
}));

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

/** Environment variable of each setting. The SQL password is read separately (CLICKKER_SQL_PASSWORD) and never echoed. */
export const ENV_NAMES: Record<SettingKey, string> = {
  snapshots: 'CLICKKER_SNAPSHOT', profile: 'CLICKKER_PROFILE', only: 'CLICKKER_ONLY', skip: 'CLICKKER_SKIP',
  confirm: 'CLICKKER_CONFIRM', lang: 'CLICKKER_LANG', saveReport: 'CLICKKER_SAVE_REPORT', reportDir: 'CLICKKER_REPORT_DIR',
  confirmations: 'CLICKKER_CONFIRMATIONS', failOn: 'CLICKKER_FAIL_ON', format: 'CLICKKER_FORMAT', output: 'CLICKKER_OUTPUT',
  requirements: 'CLICKKER_REQUIREMENTS', waivers: 'CLICKKER_WAIVERS', synergyRelease: 'CLICKKER_SYNERGY_RELEASE',
  externalAccess: 'CLICKKER_EXTERNAL_ACCESS', serviceAccount: 'CLICKKER_SERVICE_ACCOUNT', timeout: 'CLICKKER_TIMEOUT', powershellTimeout: 'CLICKKER_POWERSHELL_TIMEOUT',
  endpoints: 'CLICKKER_ENDPOINT', proxy: 'CLICKKER_PROXY', powershell: 'CLICKKER_POWERSHELL', sqlServer: 'CLICKKER_SQL_SERVER',
  sqlUser: 'CLICKKER_SQL_USER', sqlDomain: 'CLICKKER_SQL_DOMAIN', sqlDatabase: 'CLICKKER_SQL_DATABASE',
  sqlTrustServerCertificate: 'CLICKKER_SQL_TRUST_SERVER_CERTIFICATE', sqlEncrypt: 'CLICKKER_SQL_ENCRYPT',
  clickkerDatabase: 'CLICKKER_DATABASE', color: 'CLICKKER_COLOR', ascii: 'CLICKKER_ASCII', verbose: 'CLICKKER_VERBOSE',
  package: 'CLICKKER_PACKAGE', sha256: 'CLICKKER_SHA256', checksumFile: 'CLICKKER_CHECKSUM_FILE', stateDir: 'CLICKKER_STATE_DIR',
  installDir: 'CLICKKER_INSTALL_DIR', site: 'CLICKKER_SITE', appPath: 'CLICKKER_APP_PATH', baseUrl: 'CLICKKER_BASE_URL',
  exactDatabases: 'CLICKKER_EXACT_DATABASES', reduceSqlRights: 'CLICKKER_REDUCE_SQL_RIGHTS', simulate: 'CLICKKER_SIMULATE', source: 'CLICKKER_SOURCE',
};

/** Settings whose values are file paths: relative paths in a config file are relative to that file. */
const PATH_KEYS: SettingKey[] = ['snapshots', 'output', 'requirements', 'waivers', 'reportDir', 'confirmations', 'package', 'checksumFile', 'stateDir', 'simulate'];

/**
 * The first problem as one line naming the flag, variable or config file and key, in English and Dutch: zod's own
 * (English) messages are never printed (src/core/issue-text.ts says each issue in both languages).
 */
/** Settings from one source: an unknown key is an error. Built once (it was rebuilt for each of the three sources). */
const strictSettingsSchema = z.catchall(settingsSchema, z.never());

function validate(raw: Record<string, unknown>, where: (key: string, path: PropertyKey[]) => What): Settings {
  const parsed = strictSettingsSchema.safeParse(raw, { reportInput: true }); // a wrong type is told from a missing key
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') throw inputError(where('', []), 'in.unknown-settings', { keys: issue.keys.map((k) => `"${k}"`).join(', ') });
  // `where` names the setting (and, in a config file, the path to the item); the issue's own text follows.
  throw new InputError(line(where(String(issue.path[0] ?? ''), issue.path), issueText(issue)));
}

export function fromFlags(flags: Record<string, unknown>, flagNames: Partial<Record<SettingKey, string>>): Settings {
  const raw = Object.fromEntries(Object.entries(flags).filter(([k, v]) => v !== undefined && k in ENV_NAMES));
  return validate(raw, (key) => (key ? flagNames[key as SettingKey] ?? `--${key}` : msg('in.what.flags')));
}

export function fromEnv(env: NodeJS.ProcessEnv): Settings {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) if (env[name] !== undefined && env[name] !== '') raw[key] = env[name];
  return validate(raw, (key) => ENV_NAMES[key as SettingKey] ?? msg('in.what.environment'));
}

export async function fromConfigFile(file: string): Promise<Settings> {
  const what = msg('in.what.config', { file });
  const text = readInputText(file, what, DOCUMENT_MAX_BYTES);
  const doc = (await parseStructured(text, what, file)) ?? {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw inputError(what, 'in.config.mapping');
  const settings = validate(doc as Record<string, unknown>, (_key, path) => (path.length ? configAt(file, jsonPath(path)) : what));
  const base = dirname(resolve(file));
  const rebase = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  for (const key of PATH_KEYS) {
    const v = settings[key];
    if (typeof v === 'string') (settings as Record<string, unknown>)[key] = rebase(v);
    else if (Array.isArray(v)) (settings as Record<string, unknown>)[key] = v.map(rebase);
  }
  return settings;
}

/** "config file F at key" in both languages. */
export const configAt = (file: string, key: string): Msg => msg('in.what.config-at', { file, key });

/** Where each setting came from, to name it in a later error: "--only", "CLICKKER_ONLY" or "config file F at only". */
export type SettingOrigins = Partial<Record<SettingKey, What>>;

export function originsOf(layers: readonly { settings: Settings; name: (key: SettingKey) => What }[]): SettingOrigins {
  const out: SettingOrigins = {};
  for (const { settings, name } of [...layers].reverse()) {
    for (const [k, v] of Object.entries(settings)) if (v !== undefined) out[k as SettingKey] = name(k as SettingKey);
  }
  return out;
}

/** flags > environment > config file; a layer that does not set a key leaves it to the next. */
export function mergeSettings(...layers: Settings[]): Settings {
  const out: Settings = {};
  for (const layer of [...layers].reverse()) Object.assign(out, Object.fromEntries(Object.entries(layer).filter(([, v]) => v !== undefined)));
  return out;
}
