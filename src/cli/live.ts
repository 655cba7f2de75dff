// Collecting this machine's facts live: which probes the selected checks need, the options, the secrets.
import { errorLine } from './error-line.js';
import { hostname } from 'node:os';
import { runProbeSources, type ProbeOptions, type ProbeSource } from '../core/probe-sources.js';
import { NO_SQL_SERVER_GIVEN, type ProbeRecord } from '../core/facts.js';
import { SNAPSHOT_SCHEMA, type Snapshot } from '../facts/snapshot.js';
import { registerSecret } from '../report/redact.js';
import { loadProbeSources } from '../probes/sources.js';
import { powershellUnavailable } from '../probes/powershell/bridge.js';
import { resolveExecutable } from '../probes/powershell/session.js';
import { closeRunHost, startRunHost } from '../probes/powershell/run-host.js';
import { POWERSHELL_PROBE_IDS } from '../probes/powershell/probes.js';
import { resolveSqlOptions } from '../probes/sql/config.js';
import type { Resolved } from './resolve.js';
import { startProgress, type Progress } from './progress.js';
import { t, type Lang } from '../report/i18n/catalogue.js';
import { performance } from 'node:perf_hooks';
import { toolVersion } from './version.js';

/**
 * The record of a wanted probe no source answered. The SQL one uses the SQL source's own words, which the report
 * says in Dutch too (describeProbeError); its own shorter wording here had none and showed English on Dutch screens.
 */
export function notCollected(probe: string, sqlGiven: boolean): ProbeRecord {
  return probe.startsWith('sql.') && !sqlGiven
    ? { ok: false, error: { kind: 'not-configured', message: NO_SQL_SERVER_GIVEN }, ms: 0 }
    : { ok: false, error: { kind: 'unsupported', message: `no probe for '${probe}' is available in this build` }, ms: 0 };
}

/** Budget of the network and SQL stages: a black-holed endpoint costs this once. */
export const DEFAULT_TIMEOUT_S = 10;
/** Budget of all PowerShell probes together (Get-WindowsOptionalFeature alone can take tens of seconds). */
export const DEFAULT_POWERSHELL_TIMEOUT_S = 180;

export function probeOptions(r: Resolved, sqlPassword: string | undefined, signal?: AbortSignal): ProbeOptions {
  const s = r.settings;
  const req = r.requirements.requirements;
  const profile = r.options.profile;
  registerSecret(sqlPassword);
  return {
    timeoutMs: (s.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
    signal,
    powershell: s.powershell,
    serviceAccount: s.serviceAccount,
    endpoints: s.endpoints ? s.endpoints.map((url) => ({ url })) : req.endpoints[profile]?.map((e) => ({ url: e.url, expectedIssuers: e.expectedIssuers })) ?? [],
    proxy: s.proxy,
    sql: s.sqlServer ? resolveSqlOptions({
      server: s.sqlServer,
      database: s.sqlDatabase,
      user: s.sqlUser,
      password: sqlPassword,
      domain: s.sqlDomain,
      encrypt: s.sqlEncrypt,
      trustServerCertificate: s.sqlTrustServerCertificate,
      clickkerDatabase: s.clickkerDatabase,
    }, req.sql) : undefined,
  };
}

/**
 * Each source reports when it starts and ends, naming the probes it runs; a source that reports each probe itself
 * (the PowerShell bridge: its probes can take minutes, issue 16) shows each probe as it starts and ends instead.
 */
function withProgress(source: ProbeSource, progress: Progress, lang: Lang): ProbeSource {
  return {
    ...source,
    async run(wanted, options) {
      const mine = source.probes.filter((p) => wanted.includes(p));
      if (mine.length === 0) return source.run(wanted, options);
      if (source.reportsProbes) {
        const name = (id: string) => t(lang, 'progress.powershell-probe', { probe: id });
        return source.run(wanted, {
          ...options,
          onProbe: (e) => {
            options.onProbe?.(e);
            if (e.event === 'started') progress.started(name(e.id));
            else progress.finished(name(e.id), e.ms, e.ok);
          },
        });
      }
      const name = `${source.name} (${mine.join(', ')})`;
      const started = performance.now();
      progress.started(name);
      let ok = false;
      try {
        const records = await source.run(wanted, options);
        ok = mine.every((p) => records[p]?.ok);
        return records;
      } finally {
        progress.finished(name, Math.round(performance.now() - started), ok);
      }
    },
  };
}

/**
 * Whether this collection runs anything in PowerShell: a PowerShell probe (on Windows, or elsewhere with a PowerShell
 * named), and on Windows the network source's additions or the SQL route as the current Windows account.
 */
export function usesPowershell(wanted: readonly string[], options: ProbeOptions, platform: NodeJS.Platform): boolean {
  if (wanted.some((p) => POWERSHELL_PROBE_IDS.includes(p))) return platform === 'win32' || options.powershell !== undefined;
  if (platform !== 'win32') return false;
  return wanted.includes('network.endpoints') || (options.sql !== undefined && !options.sql.user && wanted.some((p) => p.startsWith('sql.')));
}

/** A snapshot as this machine's probes produced it: a valid `clickker.snapshot/v1` document, its records typed. */
export type LiveSnapshot = Omit<Snapshot, 'probes'> & { probes: Record<string, ProbeRecord> };

/** Runs the probe sources; a probe no source can produce is recorded as such, never silently absent. */
export async function collectSnapshot(
  wanted: readonly string[], options: ProbeOptions, powershellTimeoutS = DEFAULT_POWERSHELL_TIMEOUT_S, lang: Lang = 'en',
): Promise<LiveSnapshot> {
  // The run's one PowerShell process (issue 17): started here unless main.ts already started it for this executable
  // (then this keeps that one), so its cold start (1-2 s on Server 2016) overlaps Node loading the probe sources. The
  // PowerShell probes, the network source's Windows additions and the SQL route run as jobs of its job host.
  if (usesPowershell(wanted, options, process.platform)) startRunHost(resolveExecutable(options.powershell), { signal: options.signal });
  const progress = await startProgress(process.stderr, process.env, () => new Date(), lang);
  let probes: Record<string, ProbeRecord>;
  try {
    const loaded = await loadProbeSources({ onPending: (list, ms) => progress.pending(list, ms), powershellTimeoutMs: powershellTimeoutS * 1000 });
    const sources = loaded.map((source) => withProgress(source, progress, lang));
    probes = await runProbeSources(sources, wanted, options);
  } finally {
    progress.stop();
    // Ends it, and kills its process tree when a job it abandoned still holds a runspace.
    await closeRunHost();
  }
  const unavailable = powershellUnavailable(probes);
  if (unavailable) {
    // Said once, plainly, before any report: every Windows fact depends on it.
    process.stderr.write(errorLine(unavailable.replace(/ \(PowerShell did not answer.*$/, ''))
      + 'clickker: the Windows facts could not be collected. clickker needs Windows PowerShell 5.1 (powershell.exe) on the server,'
      + " or name one with --powershell; where none can run, use the standalone collector ('clickker collect --emit-script').\n");
  }
  for (const p of wanted) probes[p] ??= notCollected(p, Boolean(options.sql));
  return {
    schema: SNAPSHOT_SCHEMA,
    collectedAt: new Date().toISOString(),
    host: hostname(),
    collector: { name: 'clickker', version: toolVersion() },
    probes,
  };
}
