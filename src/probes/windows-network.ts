// The network source on Windows: Node's layer-by-layer view of each endpoint, plus what only Windows can say, both
// through the PowerShell bridge:
// - the machine's trusted roots (LocalMachine\Root) and intermediates (LocalMachine\CA), exported and passed to Node's
//   probe as `ca`, so a corporate CA (a TLS-inspecting proxy) reads as inspection, not as an outage;
// - the .NET view: each endpoint requested the way the .NET Framework service will (dotnetEndpoints.ps1), merged into
//   Node's record of that endpoint as `dotnet` (checks/network-endpoints.ts lets it decide, Node's view diagnoses).
// When PowerShell cannot be used, Node's view is all there is, as on any other system, and `windows` says why.
// In a live run both scripts are jobs of the run's one PowerShell process (run-host.ts, issue 17), each with its own
// deadline, beside the PowerShell probes and the SQL route; without that host the source starts its own session.
import { X509Certificate } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { ProbeOptions, ProbeSource } from '../core/probe-sources.js';
import type { ProbeRecord } from '../core/facts.js';
import { dotnetViewSchema as factDotnetViewSchema, type EndpointFacts, type NetworkFacts } from '../facts/network.js';
import { statusReached } from './network/http.js';
import { endpointsToProbe, NETWORK_PROBE, probeEndpoints, type NetworkSourceDefaults } from './network/index.js';
import { defaultStartSession, describeScriptFailure, runScript, type ScriptOutcome, type StartSession } from './powershell/bridge.js';
import { BRIDGE_SCRIPTS } from './powershell/probes.js';
import { resolveExecutable, type PsSession } from './powershell/session.js';
import { runHostFor, runScriptAsJob, type RunHost } from './powershell/run-host.js';

/** What the certificate store export gave Node. */
export interface WindowsRoots {
  /** PEM certificates for `ca`: roots first, then intermediates. */
  pems: string[];
  roots: number;
  intermediates: number;
  /** Certificates Node could not use: not parseable, or refused by OpenSSL. */
  skipped: number;
}

/** A list as Windows PowerShell 5.1 prints it: a one-element array may arrive bare; a missing list is an error. */
const list = <T extends z.ZodMiniType>(item: T) => z.pipe(z.transform((v) => (v == null || Array.isArray(v) ? v : [v])), z.array(item));

const rootStoreSchema = z.object({
  Certificates: list(z.object({ Store: z.string(), Thumbprint: z.nullish(z.string()), Subject: z.nullish(z.string()), Der: z.string() })),
});

function pem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/**
 * The certificates of rootStore.ps1's output as PEM, each one checked: a certificate Node cannot parse, or that
 * OpenSSL refuses in a secure context, is skipped (counted), so one odd entry in the Windows store cannot break the
 * whole network probe. Duplicates (the same certificate in both stores) are kept once.
 */
export function windowsRootsOf(data: unknown): WindowsRoots {
  const parsed = rootStoreSchema.parse(data);
  const out: WindowsRoots = { pems: [], roots: 0, intermediates: 0, skipped: 0 };
  const seen = new Set<string>();
  const intermediates: string[] = [];
  for (const c of parsed.Certificates) {
    let text: string;
    try {
      const der = Buffer.from(c.Der, 'base64');
      const cert = new X509Certificate(der);
      if (seen.has(cert.fingerprint256)) continue;
      seen.add(cert.fingerprint256);
      text = pem(der);
      tls.createSecureContext({ ca: [text] });
    } catch {
      out.skipped += 1;
      continue;
    }
    if (c.Store.toLowerCase() === 'root') {
      out.pems.push(text);
      out.roots += 1;
    } else {
      intermediates.push(text);
      out.intermediates += 1;
    }
  }
  out.pems.push(...intermediates);
  return out;
}

// What dotnetEndpoints.ps1 prints is the fact's .NET view, except that `ok` may be missing (the script leaves it to us).
const dotnetViewSchema = z.extend(factDotnetViewSchema, { ok: z.nullish(z.boolean()) });

const dotnetEndpointsSchema = z.object({
  endpoints: list(z.object({ url: z.string(), dotnet: dotnetViewSchema })),
});

export type DotnetView = NonNullable<EndpointFacts['dotnet']>;

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

/**
 * dotnetEndpoints.ps1's answer, one view per URL. `ok` follows Node's rule for a reached server (statusReached), so both
 * views call the same statuses reachable; fields PowerShell left out are left out here too.
 */
export function dotnetViewsOf(data: unknown): Map<string, DotnetView> {
  const parsed = dotnetEndpointsSchema.parse(data);
  const out = new Map<string, DotnetView>();
  for (const { url, dotnet } of parsed.endpoints) {
    const status = typeof dotnet.status === 'number' ? dotnet.status : null;
    const ok = status !== null && statusReached(status);
    const view: DotnetView = { ...dotnet, ok, status, error: ok ? null : (dotnet.error ?? (status !== null ? `HTTP ${status}` : 'no answer')) };
    out.set(url, view);
  }
  return out;
}

/** Node's records with the .NET view of the same URL as `dotnet`; an endpoint without one keeps Node's view alone. */
export function mergeDotnetView(endpoints: readonly EndpointFacts[], views: ReadonlyMap<string, DotnetView>): EndpointFacts[] {
  return endpoints.map((e) => {
    const exact = views.get(e.url);
    const view = exact ?? [...views.entries()].find(([url]) => sameUrl(url, e.url))?.[1];
    return view ? { ...e, dotnet: view } : e;
  });
}

export interface WindowsNetworkOptions extends NetworkSourceDefaults {
  /** Starts PowerShell (default node-powershell; tests: the stand-in). */
  startSession?: StartSession;
  /**
   * The run's shared PowerShell: both scripts run as its jobs. Default: the run host started for this executable,
   * unless `startSession` is given; null: always a session of the source's own.
   */
  runHost?: RunHost | null;
  /** Bound of starting PowerShell and exporting the certificate stores, before Node's probe starts (default 15 s). */
  rootStoreTimeoutMs?: number;
  /** What the .NET view may take beyond the network budget: starting runspaces, the answer (default 3 s). */
  dotnetGraceMs?: number;
}

export const DEFAULT_ROOT_STORE_TIMEOUT_MS = 15_000;
const DEFAULT_DOTNET_GRACE_MS = 3_000;

type WindowsFacts = NonNullable<NetworkFacts['windows']>;

/**
 * The network.endpoints source for Windows. PowerShell's part is bounded: the export by `rootStoreTimeoutMs` (Node's
 * view waits for it, because it needs the roots), the .NET view by the network budget plus `dotnetGraceMs`, running
 * while Node's view runs. Nothing PowerShell does can fail the probe: without it, Node's view stands alone.
 */
export function createWindowsNetworkSource(defaults: WindowsNetworkOptions = {}): ProbeSource {
  const { startSession, rootStoreTimeoutMs, dotnetGraceMs, runHost, ...nodeDefaults } = defaults;
  const start = startSession ?? defaultStartSession;
  return {
    name: 'network',
    probes: [NETWORK_PROBE],
    async run(wanted: readonly string[], options: ProbeOptions): Promise<Record<string, ProbeRecord>> {
      const plan = endpointsToProbe(wanted, options);
      if ('records' in plan) return plan.records;
      const { endpoints } = plan;
      const started = performance.now();
      const signal = options.signal ?? nodeDefaults.signal;
      const windows: WindowsFacts = {};
      let session: PsSession | null = null;
      const ended = (o: Exclude<ScriptOutcome, { ok: true }>) => o.reason === 'session' || o.reason === 'garbled';
      const executable = resolveExecutable(options.powershell, 'win32');
      const sharedHost = runHost !== undefined ? runHost : startSession ? null : runHostFor(executable);
      // The run's one process when it opened; else a session of this source's own, as before issue 17. Its start
      // counts towards the export's deadline, as a session's own start does.
      const exportMs = rootStoreTimeoutMs ?? DEFAULT_ROOT_STORE_TIMEOUT_MS;
      const waited = sharedHost ? await sharedHost.hostWithin(exportMs) : null;
      let host = waited !== null && waited !== 'opening' ? sharedHost : null;
      if (waited === 'opening') {
        // Still starting (a hung or very slow PowerShell): Node's view does not wait longer, and no second process.
        windows.rootStore = { ok: false, error: `the run's PowerShell did not open within ${exportMs} ms`, ms: exportMs };
      }
      const usable = () => host !== null || session !== null;
      const runPs = (script: string, params: Record<string, string>, timeoutMs: number, label: string): Promise<ScriptOutcome> => (host
        ? runScriptAsJob(host, label, script, params, timeoutMs)
        : runScript(session!, script, params, timeoutMs, signal));

      try {
        // 1. The Windows certificate stores, for Node's `ca`.
        let ca: string[] = [];
        if (!host && waited !== 'opening') {
          try {
            session = await start(executable);
          } catch (err) {
            windows.rootStore = { ok: false, error: `PowerShell could not be started: ${(err as Error).message}`, ms: 0 };
          }
        }
        if (usable()) {
          const exported = await runPs(BRIDGE_SCRIPTS.rootStore, {}, exportMs, 'rootStore');
          if (exported.ok) {
            try {
              const roots = windowsRootsOf(exported.data);
              ca = roots.pems;
              windows.rootStore = { ok: true, roots: roots.roots, intermediates: roots.intermediates, skipped: roots.skipped, ms: exported.ms };
            } catch (err) {
              windows.rootStore = { ok: false, error: `rootStore.ps1 printed an unexpected document: ${(err as Error).message.split('\n')[0]}`, ms: exported.ms };
            }
          } else {
            windows.rootStore = { ok: false, error: describeScriptFailure(exported), ms: exported.ms };
            // A process that died (or answered out of step) is gone; an abandoned job leaves the host going.
            if (ended(exported)) {
              session = null;
              host = null;
            }
          }
        }

        // 2. Node's view (with those roots) and the .NET view, side by side.
        const urls = endpoints.map((e) => e.url);
        const dotnet = (async (): Promise<Map<string, DotnetView> | null> => {
          if (!usable()) {
            windows.dotnetView = { ok: false, error: `not taken: ${windows.rootStore?.error ?? 'PowerShell is not available'}` };
            return null;
          }
          const timeoutMs = Math.max(1, options.timeoutMs);
          const outcome = await runPs(BRIDGE_SCRIPTS.dotnetEndpoints, { Urls: urls.join('\n'), TimeoutMs: String(timeoutMs) },
            timeoutMs + (dotnetGraceMs ?? DEFAULT_DOTNET_GRACE_MS), 'dotnetEndpoints');
          if (!outcome.ok) {
            windows.dotnetView = { ok: false, error: describeScriptFailure(outcome), ms: outcome.ms };
            return null;
          }
          try {
            const views = dotnetViewsOf(outcome.data);
            windows.dotnetView = { ok: true, ms: outcome.ms };
            return views;
          } catch (err) {
            windows.dotnetView = { ok: false, error: `dotnetEndpoints.ps1 printed an unexpected document: ${(err as Error).message.split('\n')[0]}`, ms: outcome.ms };
            return null;
          }
        })();
        const [nodeFacts, views] = await Promise.all([
          probeEndpoints(endpoints, {
            ...nodeDefaults,
            ca: [...(nodeDefaults.ca ?? []), ...ca],
            timeoutMs: options.timeoutMs,
            proxy: options.proxy ?? nodeDefaults.proxy,
            signal,
          }),
          dotnet,
        ]);
        const merged = views ? mergeDotnetView(nodeFacts, views) : nodeFacts;
        return { [NETWORK_PROBE]: { ok: true, data: { endpoints: merged, windows }, ms: Math.round(performance.now() - started) } };
      } finally {
        if (session) await session.kill();
      }
    },
  };
}
