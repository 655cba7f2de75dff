// Turns the command line, environment and config file into validated settings, requirements, waivers and options.
import type { Command } from 'commander';
import { msg } from '../report/i18n/catalogue.js';
import { InputError } from '../core/errors.js';
import type { JudgeSettings } from '../core/judge.js';
import { loadRequirements, type LoadedRequirements } from '../core/requirements.js';
import type { Selection } from '../core/runner.js';
import { allChecks } from '../../checks/index.js';
import type { Check, EvaluationOptions } from '../core/types.js';
import { loadWaivers, type Waiver } from '../core/waivers.js';
import { registerSecret } from '../report/redact.js';
import { FIX_OPTIONS, givenFlags, INSTALL_OPTIONS, JUDGE_OPTIONS, LIVE_OPTIONS, OUTPUT_OPTIONS, REPORT_OPTIONS } from './options.js';
import { compose, whatMsg, type What } from '../core/input-error.js';
import { configAt, ENV_NAMES, fromConfigFile, fromEnv, fromFlags, mergeSettings, originsOf, type SettingKey, type SettingOrigins, type Settings } from './settings.js';

export interface Resolved {
  settings: Settings;
  requirements: LoadedRequirements;
  checks: Check[];
  waivers: Waiver[];
  options: EvaluationOptions;
  /** Where each setting came from ("--state-dir", "CLICKKER_STATE_DIR", a config file), for errors found later. */
  origins?: SettingOrigins;
}

export async function resolveSettings(cmd: Command, env: NodeJS.ProcessEnv = process.env): Promise<Settings> {
  return (await resolveSettingsWithOrigins(cmd, env)).settings;
}

/** The merged settings and, for each, the flag, variable or config file it came from (for later errors). */
export async function resolveSettingsWithOrigins(cmd: Command, env: NodeJS.ProcessEnv = process.env): Promise<{ settings: Settings; origins: SettingOrigins }> {
  const { flags, names } = givenFlags(cmd, [...JUDGE_OPTIONS, ...LIVE_OPTIONS, ...OUTPUT_OPTIONS, ...REPORT_OPTIONS, ...INSTALL_OPTIONS, ...FIX_OPTIONS]);
  const configFile = (cmd.getOptionValue('config') as string | undefined) ?? env.CLICKKER_CONFIG;
  const layers: { settings: Settings; name: (k: SettingKey) => What }[] = [
    { settings: fromFlags(flags, names), name: (k: SettingKey) => names[k] ?? `--${k}` },
    { settings: fromEnv(env), name: (k: SettingKey) => ENV_NAMES[k] },
  ];
  if (configFile) layers.push({ settings: await fromConfigFile(configFile), name: (k: SettingKey) => configAt(configFile, k) });
  return { settings: mergeSettings(...layers.map((l) => l.settings)), origins: originsOf(layers) };
}

/** Check ids named anywhere must exist: a typo in --skip must not silently skip nothing. */
function assertKnownIds(ids: readonly string[] | undefined, known: ReadonlySet<string>, what: What, extra: readonly string[] = []): void {
  for (const id of ids ?? []) {
    if (!known.has(id) && !extra.includes(id)) throw new InputError(compose('err.unknown-check', { what: whatMsg(what), id }));
  }
}

export async function resolve(cmd: Command, env: NodeJS.ProcessEnv = process.env): Promise<Resolved> {
  // Secrets known from the start are masked in every report, even when a snapshot echoes them back.
  registerSecret(env.CLICKKER_SQL_PASSWORD);
  const { settings, origins } = await resolveSettingsWithOrigins(cmd, env);
  const requirements = loadRequirements(settings.requirements);
  const checks = allChecks(requirements.requirements, requirements.source);
  const known = new Set(checks.map((c) => c.id));
  assertKnownIds(settings.only, known, origins.only ?? '--only');
  assertKnownIds(settings.skip, known, origins.skip ?? '--skip');
  const confirmable = new Set(checks.filter((c) => c.category === 'Confirmations').map((c) => c.id));
  assertKnownIds(settings.confirm, confirmable, origins.confirm ?? '--confirm', ['all']);
  const waivers = settings.waivers ? await loadWaivers(settings.waivers) : [];
  waivers.forEach((w, i) => assertKnownIds([w.check], known, compose('in.what.at', { what: msg('in.what.waivers', { file: settings.waivers! }), path: `waivers[${i}].check` })));
  const options: EvaluationOptions = {
    profile: settings.profile ?? 'synergy',
    confirmations: new Set(settings.confirm ?? []),
    synergyRelease: settings.synergyRelease,
    externalAccess: settings.externalAccess ?? false,
    serviceAccount: settings.serviceAccount,
    endpoints: settings.endpoints,
  };
  return { settings, requirements, checks, waivers, options, origins };
}

/** --only and --skip: which checks run, and so which probes start. */
export function selectionOf(r: Resolved): Selection {
  return { only: r.settings.only, skip: r.settings.skip };
}

/** Everything judge() needs from the resolved command line, the same for preflight, install's gate and fix. */
export function judgeSettings(r: Resolved): JudgeSettings {
  return {
    requirements: r.requirements, checks: r.checks, options: r.options, selection: selectionOf(r), waivers: r.waivers,
    failOn: r.settings.failOn ?? [],
  };
}
