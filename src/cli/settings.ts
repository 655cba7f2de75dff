// Settings for preflight and collect: flags > environment (CLICKKER_*) > --config FILE, each layer validated
// by the same schema so an error names exactly where the bad value came from.
import { dirname, isAbsolute, resolve } from 'node:path';
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import { InputError } from '../core/errors.js';
import { jsonPath } from '../core/json-document.js';
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
}), z.boolean({ error: 'expected true or false' }));

const int = (min: number, max: number) => z.pipe(z.transform((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v)),
  z.number({ error: 'expected a whole number' }).check(z.int()).check(z.gte(min)).check(z.lte(max)));

export const settingsSchema = z.partial(z.object({
  snapshots: list,
  profile: z.enum(PROFILES, { error: `expected ${PROFILES.join(' or ')}` }),
  only: list,
  skip: list,
  confirm: list,
  failOn: z.pipe(list, z.array(z.enum(FAIL_ON, { error: `expected ${FAIL_ON.join(' or ')}` }))),
  format: z.enum(['console', 'json', 'junit', 'markdown', 'html'], { error: 'expected console, json, junit, markdown or html' }),
  /** Report language (console, Markdown, HTML): en or nl; "nl-NL" style cultures are accepted. */
  lang: z.pipe(z.transform((v) => (typeof v === 'string' ? v.trim().toLowerCase().slice(0, 2) : v)), z.enum(['en', 'nl'], { error: 'expected en or nl' })),
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
  endpoints: z.pipe(list, z.array(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }))),
  proxy: z.url({ protocol: /^https?$/, error: 'expected a proxy URL such as http://proxy.example:8080' }),
  powershell: z.string().check(z.minLength(1)),
  // Checked with the other settings, so a malformed address is a usage error naming its flag (exit 2), not a probe
  // failure (exit 3) after the PowerShell probes have run.
  sqlServer: z.string().check(z.minLength(1)).check(z.superRefine((v, ctx) => {
    try {
      const { host } = parseServerAddress(v);
      // A DNS or NetBIOS name, an IPv4 address or a bracketed IPv6 one: nothing that could end a connection string.
      if (!/^[A-Za-z0-9._-]+$/.test(host) && !/^[0-9A-Fa-f:.]+(%\w+)?$/.test(host)) {
        ctx.addIssue({ code: 'custom', message: `'${host}' is not a host name or IP address; expected HOST[\\INSTANCE][,PORT], e.g. sql01\\EXACT or sql01,1433` });
      }
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
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
  sha256: z.string().check(z.regex(/^[0-9a-fA-F]{64}$/, 'expected 64 hexadecimal digits')),
  checksumFile: z.string().check(z.minLength(1)),
  stateDir: z.string().check(z.minLength(1)),
  installDir: z.string().check(z.minLength(1)),
  site: z.string().check(z.minLength(1)).check(z.maxLength(260)),
  appPath: z.string().check(z.regex(/^\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'expected an application path such as /clickker')),
  baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as http://localhost' }),
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

/** Settings from one source: an unknown key is an error. Built once (it was rebuilt for each of the three sources). */
const strictSettingsSchema = z.catchall(settingsSchema, z.never());

function validate(raw: Record<string, unknown>, where: (key: string, path: PropertyKey[]) => string): Settings {
  const parsed = strictSettingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') throw new InputError(`${where('', [])}: unknown setting ${issue.keys.map((k) => `"${k}"`).join(', ')}`);
  const key = String(issue.path[0] ?? '');
  throw new InputError(`${where(key, issue.path)}: ${issue.message}`);
}

export function fromFlags(flags: Record<string, unknown>, flagNames: Partial<Record<SettingKey, string>>): Settings {
  const raw = Object.fromEntries(Object.entries(flags).filter(([k, v]) => v !== undefined && k in ENV_NAMES));
  return validate(raw, (key) => (key ? flagNames[key as SettingKey] ?? `--${key}` : 'flags'));
}

export function fromEnv(env: NodeJS.ProcessEnv): Settings {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_NAMES)) if (env[name] !== undefined && env[name] !== '') raw[key] = env[name];
  return validate(raw, (key) => ENV_NAMES[key as SettingKey] ?? 'environment');
}

export async function fromConfigFile(file: string): Promise<Settings> {
  const text = readInputText(file, `config file ${file}`, DOCUMENT_MAX_BYTES);
  const doc = (await parseStructured(text, `config file ${file}`, file)) ?? {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new InputError(`config file ${file}: expected a mapping of settings`);
  const settings = validate(doc as Record<string, unknown>, (_key, path) => `config file ${file} at ${jsonPath(path)}`);
  const base = dirname(resolve(file));
  const rebase = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  for (const key of PATH_KEYS) {
    const v = settings[key];
    if (typeof v === 'string') (settings as Record<string, unknown>)[key] = rebase(v);
    else if (Array.isArray(v)) (settings as Record<string, unknown>)[key] = v.map(rebase);
  }
  return settings;
}

/** Where each setting came from, to name it in a later error: "--only", "CLICKKER_ONLY" or "config file F at only". */
export type SettingOrigins = Partial<Record<SettingKey, string>>;

export function originsOf(layers: readonly { settings: Settings; name: (key: SettingKey) => string }[]): SettingOrigins {
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
