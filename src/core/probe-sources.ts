// Probe sources: the families of live probes (one PowerShell session, one SQL connection, one network stage) and
// the loop that runs them into snapshot records. Sources gather raw facts and decide nothing.
import { performance } from 'node:perf_hooks';
import type { ProbeRecord } from './facts.js';

/** Everything a live probe may need; secrets travel here, never in records, reports or logs. */
export interface ProbeOptions {
  /** Overall budget in ms; each source bounds its own stages within it. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** powershell | pwsh | a path (issue: PowerShell probes). */
  powershell?: string;
  serviceAccount?: string;
  sql?: {
    server: string;
    database?: string;
    user?: string;
    password?: string;
    domain?: string;
    /** Default true; turning encryption off sends the password in clear. */
    encrypt: boolean;
    trustServerCertificate: boolean;
    bacoLogin: string;
    clickkerDatabase: string;
  };
  /** What network.endpoints probes: the requirements' list for the profile, or the --endpoint URLs. */
  endpoints?: readonly { url: string; expectedIssuers?: readonly string[] }[];
  proxy?: string;
  /**
   * Each probe's start and end, for a source that runs probes one at a time or at once and can say which (the
   * PowerShell bridge, issue 16): the CLI's spinner and CI lines then name the probe, not only its family.
   */
  onProbe?: (event: ProbeEvent) => void;
}

/** A probe started, or finished after `ms` with or without an answer. */
export type ProbeEvent = { id: string; event: 'started' } | { id: string; event: 'finished'; ms: number; ok: boolean };

/** A family of probes that run together (one PowerShell session, one SQL connection, one network stage). */
export interface ProbeSource {
  name: string;
  /** The probe ids this source can produce. */
  probes: readonly string[];
  run(wanted: readonly string[], options: ProbeOptions): Promise<Record<string, ProbeRecord>>;
  /** True when the source calls `options.onProbe` for each of its probes; the CLI then shows those, not the family. */
  reportsProbes?: boolean;
}

/** Runs every source that has a wanted probe, concurrently; a source that throws fails only its own probes. */
export async function runProbeSources(sources: readonly ProbeSource[], wanted: readonly string[], options: ProbeOptions): Promise<Record<string, ProbeRecord>> {
  const want = new Set(wanted);
  const out: Record<string, ProbeRecord> = {};
  await Promise.all(sources.map(async (source) => {
    const mine = source.probes.filter((p) => want.has(p));
    if (mine.length === 0) return;
    const started = performance.now();
    try {
      const records = await source.run(mine, options);
      for (const p of mine) {
        out[p] = records[p] ?? { ok: false, error: { kind: 'crashed', message: `the ${source.name} source returned nothing for ${p}` }, ms: 0 };
      }
    } catch (err) {
      const ms = Math.round(performance.now() - started);
      for (const p of mine) out[p] = { ok: false, error: { kind: 'crashed', message: `${source.name}: ${(err as Error).message}` }, ms };
    }
  }));
  return out;
}
