// The network probe source: every endpoint concurrently, stage by stage, within one overall budget.
// Facts only; checks/network-endpoints.ts decides. The .NET view (`dotnet`) is left unset here: it comes from the
// PowerShell bridge (System.Net.HttpWebRequest under the service's settings) and is merged in by whoever owns it.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import type { ProbeOptions, ProbeSource } from '../../core/probe-sources.js';
import type { ProbeRecord } from '../../core/facts.js';
import { probeEndpoint, type EndpointContext } from './endpoint.js';
import { publicRootSet } from './inspection.js';
import type { EndpointFacts, EndpointSpec, PendingEndpoint, ProbeEndpointsOptions } from './types.js';

export type { EndpointFacts, EndpointSpec, LookupFunction, PendingEndpoint, ProbeEndpointsOptions, StageError } from './types.js';
export { decideProxy, redactUrl, noProxyMatch, type ProxyDecision } from './proxy.js';

export const NETWORK_PROBE = 'network.endpoints';

function extraCaFromEnv(env: NodeJS.ProcessEnv): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return [];
  }
}

/**
 * Probes every endpoint concurrently and resolves with one fact record per endpoint, in the given order. Never
 * rejects for a network failure. Each stage is bounded by `stageTimeoutMs` and by the overall `timeoutMs` counted from
 * the call, so a black-holed endpoint (or proxy) costs the budget once, whatever the number of endpoints.
 */
export async function probeEndpoints(endpoints: readonly (string | EndpointSpec)[], options: ProbeEndpointsOptions): Promise<EndpointFacts[]> {
  const started = performance.now();
  const budget = Math.max(1, options.timeoutMs);
  const env = options.env ?? process.env;
  const publicRoots = options.publicRoots ?? tls.rootCertificates;
  const ca = [...(options.ca ?? []), ...extraCaFromEnv(env)];
  const secureContext = tls.createSecureContext({ ca: [...publicRoots, ...ca] as (string | Buffer)[] });
  const roots = publicRootSet(publicRoots);
  const specs = endpoints.map((e) => (typeof e === 'string' ? { url: e } : e));

  const pending = new Map<number, { url: string; stage: string; since: number }>();
  const base: Omit<EndpointContext, 'onStage'> = {
    lookup: options.lookup,
    secureContext,
    roots,
    proxy: { proxy: options.proxy, env },
    maxRedirects: options.maxRedirects ?? 5,
    limits: { deadline: started + budget, stageTimeoutMs: Math.min(options.stageTimeoutMs ?? budget, budget), signal: options.signal },
  };

  let ticker: NodeJS.Timeout | undefined;
  if (options.onPending) {
    const report = options.onPending;
    ticker = setInterval(() => {
      const now = performance.now();
      const list: PendingEndpoint[] = [...pending.values()].map((p) => ({ url: p.url, stage: p.stage, ms: Math.round(now - p.since) }));
      if (list.length > 0) report(list, Math.round(now - started));
    }, Math.max(50, options.pendingIntervalMs ?? 1000));
    ticker.unref();
  }

  try {
    return await Promise.all(specs.map(async (spec, i) => {
      pending.set(i, { url: spec.url, stage: 'starting', since: performance.now() });
      const onStage = (stage: string) => {
        const p = pending.get(i);
        if (p) { p.stage = stage; p.since = performance.now(); }
      };
      try {
        return await probeEndpoint(spec, { ...base, onStage });
      } finally {
        pending.delete(i);
      }
    }));
  } finally {
    if (ticker) clearInterval(ticker);
  }
}

/** Defaults for a network source beyond what ProbeOptions carries (the CLI's pending line, the Windows roots). */
export type NetworkSourceDefaults = Omit<ProbeEndpointsOptions, 'timeoutMs'>;

/**
 * The endpoints a network source should probe, or the records to return instead: nothing when the probe was not
 * wanted, `not-configured` when there is no endpoint at all. Shared by the plain and the Windows network sources.
 */
export function endpointsToProbe(wanted: readonly string[], options: ProbeOptions):
  { endpoints: NonNullable<ProbeOptions['endpoints']> } | { records: Record<string, ProbeRecord> } {
  if (!wanted.includes(NETWORK_PROBE)) return { records: {} };
  const endpoints = options.endpoints ?? [];
  if (endpoints.length === 0) {
    return { records: { [NETWORK_PROBE]: { ok: false, error: { kind: 'not-configured', message: 'no endpoints to probe (none in the requirements for this profile, no --endpoint)' }, ms: 0 } } };
  }
  return { endpoints };
}

/**
 * A ProbeSource for `network.endpoints`. ProbeOptions supply the endpoints, `proxy`, the budget and the signal;
 * `defaults` supply what only the caller knows (onPending for the CLI's line, `ca` exported from the Windows root
 * store, a lookup for tests).
 */
export function createNetworkSource(defaults: NetworkSourceDefaults = {}): ProbeSource {
  return {
    name: 'network',
    probes: [NETWORK_PROBE],
    async run(wanted: readonly string[], options: ProbeOptions): Promise<Record<string, ProbeRecord>> {
      const plan = endpointsToProbe(wanted, options);
      if ('records' in plan) return plan.records;
      const { endpoints } = plan;
      const started = performance.now();
      const facts = await probeEndpoints(endpoints, {
        ...defaults,
        timeoutMs: options.timeoutMs,
        proxy: options.proxy ?? defaults.proxy,
        signal: options.signal ?? defaults.signal,
      });
      return { [NETWORK_PROBE]: { ok: true, data: { endpoints: facts }, ms: Math.round(performance.now() - started) } };
    },
  };
}

export const networkSource: ProbeSource = createNetworkSource();
