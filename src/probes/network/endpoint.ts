// One endpoint, stage by stage: DNS -> TCP -> [CONNECT through the proxy] -> TLS -> HTTP, then bounded redirect hops.
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { SecureContext } from 'node:tls';
import type { EndpointFacts } from '../../facts/network.js';
import { resolveHost, type DnsStage } from './dns.js';
import { httpGet, statusError, statusReached, type HttpAnswer } from './http.js';
import type { PublicRoots } from './inspection.js';
import { decideProxy, scrubSecrets, type ProxyDecision, type ProxySettings } from './proxy.js';
import type { Limits } from './stage.js';
import { connectTcp, type TcpStage } from './tcp.js';
import { handshake, type TlsStage } from './tls.js';
import { openTunnel, type TunnelStage } from './tunnel.js';
import type { EndpointSpec, LookupFunction, StageError } from './types.js';

export interface EndpointContext {
  lookup?: LookupFunction;
  secureContext: SecureContext;
  roots: PublicRoots;
  proxy: ProxySettings;
  maxRedirects: number;
  limits: Limits;
  /** Told which stage the endpoint has reached, for the "still pending" line. */
  onStage: (stage: string) => void;
}

interface Attempt {
  dns?: DnsStage;
  tcp?: TcpStage;
  tunnel?: TunnelStage;
  tls?: TlsStage;
  answer?: HttpAnswer;
  httpError?: StageError;
  httpMs?: number;
  /** The stage that stopped this attempt before an HTTP answer. */
  failed?: { stage: string; error: StageError };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const defaultPort = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));

/**
 * Reaches one URL. `strictTls`: stop at an unverified certificate (redirect hops); the endpoint itself goes on to HTTP
 * over an unverified connection, since what answers (a portal page, a proxy's block page) is part of the diagnosis.
 */
async function attempt(url: URL, decision: ProxyDecision, expectedIssuers: readonly string[], ctx: EndpointContext, strictTls: boolean): Promise<Attempt> {
  const out: Attempt = {};
  const { limits } = ctx;
  const port = defaultPort(url);
  const proxy = decision.proxy;
  if (decision.invalid) {
    out.tunnel = { ok: false, credentials: false, error: { code: 'ERR_INVALID_PROXY', kind: 'bad-proxy', message: decision.invalid }, ms: 0 };
    out.failed = { stage: 'proxy', error: out.tunnel.error as StageError };
    return out;
  }
  const connectHost = proxy ? proxy.hostname : url.hostname;
  const connectPort = proxy ? defaultPort(proxy) : port;

  ctx.onStage(proxy ? 'dns (proxy)' : 'dns');
  out.dns = await resolveHost(connectHost, limits, ctx.lookup);
  if (!out.dns.ok || !out.dns.addresses) { out.failed = { stage: 'dns', error: out.dns.error as StageError }; return out; }

  ctx.onStage(proxy ? 'tcp (proxy)' : 'tcp');
  const tcp = await connectTcp(connectHost, out.dns.addresses, connectPort, limits);
  out.tcp = tcp.stage;
  if (!tcp.socket) { out.failed = { stage: 'tcp', error: tcp.stage.error as StageError }; return out; }
  let stream: Duplex = tcp.socket;

  if (proxy) {
    if (proxy.protocol === 'https:') {
      ctx.onStage('tls (proxy)');
      const toProxy = await handshake(stream, { host: proxy.hostname, secureContext: ctx.secureContext, roots: ctx.roots, expectedIssuers: [] }, limits);
      if (!toProxy.socket || !toProxy.stage.ok) {
        toProxy.socket?.destroy();
        const e = toProxy.stage.error as StageError;
        out.tunnel = { ok: false, credentials: decision.authorization !== null, error: { ...e, message: `TLS to the proxy: ${e.message}` }, ms: toProxy.stage.ms };
        out.failed = { stage: 'proxy', error: out.tunnel.error as StageError };
        return out;
      }
      stream = toProxy.socket;
    }
    ctx.onStage('proxy CONNECT');
    const tunnel = await openTunnel(stream, decision, `${url.hostname}:${port}`, limits);
    out.tunnel = tunnel.stage;
    if (!tunnel.socket) { out.failed = { stage: 'proxy', error: tunnel.stage.error as StageError }; return out; }
    stream = tunnel.socket;
  }

  if (url.protocol === 'https:') {
    ctx.onStage('tls');
    const tls = await handshake(stream, { host: url.hostname, secureContext: ctx.secureContext, roots: ctx.roots, expectedIssuers }, limits);
    out.tls = tls.stage;
    if (!tls.socket) { out.failed = { stage: 'tls', error: tls.stage.error as StageError }; return out; }
    if (strictTls && !tls.stage.ok) {
      tls.socket.destroy();
      out.failed = { stage: 'tls', error: tls.stage.error as StageError };
      return out;
    }
    stream = tls.socket;
  }

  ctx.onStage('http');
  const http = await httpGet(stream, url, limits);
  out.httpMs = http.ms;
  if (http.ok) out.answer = http.answer;
  else out.httpError = http.error;
  return out;
}

function routeOf(decision: ProxyDecision): NonNullable<EndpointFacts['route']> {
  return { via: decision.proxy || decision.invalid ? 'proxy' : 'direct', decidedBy: decision.decidedBy, proxy: decision.display, bypass: decision.bypass };
}

/** Applies `fix` to every string in a JSON-like value. */
function mapStrings<T>(value: T, fix: (s: string) => string): T {
  if (typeof value === 'string') return fix(value) as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => mapStrings(v, fix)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fix)])) as T;
  }
  return value;
}

const stripUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Probes one endpoint; never rejects: every failure becomes a stage error. */
export async function probeEndpoint(spec: EndpointSpec, ctx: EndpointContext): Promise<EndpointFacts> {
  const started = performance.now();
  let url: URL;
  try {
    url = new URL(spec.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`unsupported scheme ${url.protocol}`);
  } catch (err) {
    return { url: spec.url, proxy: null, ms: 0, dns: { ok: false, error: { code: 'ERR_INVALID_URL', kind: 'invalid-url', message: `not an http(s) URL: ${(err as Error).message}` }, ms: 0 } };
  }
  const decision = decideProxy(url, ctx.proxy);
  const facts: EndpointFacts = { url: spec.url, proxy: decision.display, route: routeOf(decision) };
  try {
    const first = await attempt(url, decision, spec.expectedIssuers ?? [], ctx, false);
    if (first.dns) facts.dns = stripUndefined({ ...first.dns });
    if (first.tcp) facts.tcp = stripUndefined({ ...first.tcp });
    if (first.tunnel) facts.tunnel = stripUndefined({ ...first.tunnel });
    if (first.tls) facts.tls = stripUndefined({ ...first.tls });
    if (first.failed && !first.answer && !first.httpError) return facts;

    const httpStarted = performance.now() - (first.httpMs ?? 0);
    const redirects: { status: number; location: string; url: string }[] = [];
    let current = url;
    let hop = first;
    let error: StageError | undefined = hop.httpError;
    while (!error && hop.answer && REDIRECTS.has(hop.answer.status) && hop.answer.location) {
      const { status, location } = hop.answer;
      if (redirects.length >= ctx.maxRedirects) {
        error = { code: 'TOO_MANY_REDIRECTS', kind: 'redirect-loop', message: `more than ${ctx.maxRedirects} redirects (last to ${location})` };
        break;
      }
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        error = { code: 'ERR_INVALID_REDIRECT', kind: 'bad-redirect', message: `redirect ${redirects.length + 1} has an unusable Location: ${location}` };
        break;
      }
      redirects.push({ status, location, url: next.href });
      if (next.protocol !== 'https:' && next.protocol !== 'http:') {
        error = { code: 'ERR_INVALID_REDIRECT', kind: 'bad-redirect', message: `redirect ${redirects.length} leaves HTTP: ${next.href}` };
        break;
      }
      ctx.onStage(`redirect ${redirects.length}`);
      const sub = await attempt(next, decideProxy(next, ctx.proxy), [], ctx, true);
      if (sub.failed || sub.httpError) {
        const e = (sub.failed?.error ?? sub.httpError) as StageError;
        const stage = sub.failed?.stage ?? 'http';
        error = { code: e.code, kind: e.kind, message: `redirect ${redirects.length} to ${next.href} failed at ${stage}: ${e.message}` };
        break;
      }
      current = next;
      hop = sub;
    }
    const answer = error ? undefined : hop.answer;
    if (answer && !statusReached(answer.status)) error = statusError(answer, current.href);
    facts.http = stripUndefined({
      ok: !error,
      method: 'GET',
      status: hop.answer?.status,
      redirects: redirects.length > 0 ? redirects : undefined,
      finalUrl: current.href,
      server: hop.answer?.server,
      via: hop.answer?.via,
      error,
      ms: Math.round(performance.now() - httpStarted),
    });
    return facts;
  } catch (err) {
    facts.error = { code: 'ERR_PROBE_CRASHED', kind: 'crashed', message: `the probe failed: ${(err as Error)?.message ?? String(err)}` };
    return facts;
  } finally {
    facts.ms = Math.round(performance.now() - started);
    // Defence in depth: whatever an error message quoted, the proxy's password does not reach the facts.
    if (decision.authorization) Object.assign(facts, mapStrings({ ...facts }, (s) => scrubSecrets(s, decision)));
  }
}
