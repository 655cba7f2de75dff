import type { Check, EvaluatedStatus, Verdict } from '../src/core/types.js';
import { listing, unknown } from '../src/core/verdict.js';
import { wildcardMatch } from '../src/core/wildcard.js';
import { networkFact, type EndpointFacts } from '../src/facts/network.js';
import { winhttpProxyFact, type WinhttpProxyFacts } from '../src/facts/winhttp-proxy.js';

export interface EndpointVerdict {
  url: string;
  status: EvaluatedStatus;
  /** Which layer decided: dns, tcp, tls, http, proxy, dotnet. */
  layer: string;
  detail: string;
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

const BYPASS = "ask for this host on the proxy's inspection bypass list";

/** Node's view, stage by stage: the first failing layer is the answer an administrator can act on. */
function nodeView(e: EndpointFacts): EndpointVerdict {
  const v = (status: EvaluatedStatus, layer: string, detail: string): EndpointVerdict => ({ url: e.url, status, layer, detail });
  const via = e.proxy ? ` via proxy ${e.proxy}` : '';
  const err = (x?: { code: string; message: string }) => (x ? `${x.code} ${x.message}`.trim() : 'error');
  const ofProxy = e.proxy && e.dns?.host && e.route?.via === 'proxy' ? ` of the proxy host ${e.dns.host}` : '';
  if (e.dns && !e.dns.ok) return v('fail', 'dns', `DNS${ofProxy}: ${err(e.dns.error)}`);
  if (e.tcp && !e.tcp.ok) return v('fail', 'tcp', `TCP${via}: ${err(e.tcp.error)}`);
  if (e.tunnel && !e.tunnel.ok) return v('fail', 'proxy', e.tunnel.error?.message ?? `the proxy ${e.proxy ?? ''} refused CONNECT (HTTP ${e.tunnel.status ?? '?'})`);
  if (e.http?.status === 407) return v('fail', 'proxy', `the proxy ${e.proxy ?? ''} needs authentication (HTTP 407)`.replace('  ', ' '));
  if (e.tls && !e.tls.ok) {
    const suspected = e.tls.inspectedBy ? `; probably TLS inspection by ${e.tls.inspectedBy}, whose CA this machine does not trust: ${BYPASS}` : '';
    return v('fail', 'tls', `TLS: ${err(e.tls.error)}${suspected}`);
  }
  if (e.tls?.inspectedBy) return v('warn', 'tls', `TLS inspection by ${e.tls.inspectedBy}: ${BYPASS}`);
  if (e.http && !e.http.ok) return v('fail', 'http', `HTTP: ${e.http.error ? err(e.http.error) : `status ${e.http.status ?? '?'}`}`);
  if (e.http?.status !== undefined) {
    const hops = e.http.redirects?.length ?? 0;
    const after = hops > 0 && e.http.finalUrl ? ` after ${hops} redirect${hops === 1 ? '' : 's'} to ${e.http.finalUrl}` : '';
    return v('pass', 'http', `HTTP ${e.http.status}${after}${via}${e.tls?.protocol ? `, ${e.tls.protocol}` : ''}`);
  }
  if (e.error) return v('unknown', 'none', `the probe failed before a verdict: ${err(e.error)}`);
  return v('unknown', 'none', 'no stage was recorded for this endpoint');
}

/** host:port of a proxy setting in any of its spellings: "http://u:p@host:8080", "host:8080", "https=host:8443". */
function proxyKey(value: string): string {
  const bare = value.trim().replace(/^[a-z]+=/i, '').replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]*@/, '').replace(/\/.*$/, '').toLowerCase();
  return /:\d+$/.test(bare) ? bare : `${bare}:80`;
}

/** The proxy WinHTTP uses for `url` ("netsh winhttp show proxy"), or null for direct. */
export function winhttpRoute(w: WinhttpProxyFacts, url: string): string | null {
  if (w.Direct || !w.ProxyServer) return null;
  const target = new URL(url);
  const host = target.hostname.toLowerCase();
  for (const raw of (w.BypassList ?? '').split(/[;\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '<local>') { if (!host.includes('.')) return null; continue; }
    if (wildcardMatch(entry, host) || wildcardMatch(entry, `${host}:${target.port || '443'}`)) return null;
  }
  const entries = w.ProxyServer.split(';').map((x) => x.trim()).filter(Boolean);
  const scheme = target.protocol.replace(':', '');
  const specific = entries.find((x) => x.toLowerCase().startsWith(`${scheme}=`));
  const plain = entries.find((x) => !x.includes('='));
  const chosen = specific ?? plain;
  return chosen ? chosen.replace(/^[a-z]+=/i, '') : null;
}

/** A sentence when the route WinHTTP (the .NET service's proxy) would take differs from the one this probe took. */
export function winhttpDisagreement(w: WinhttpProxyFacts, e: EndpointFacts): string | null {
  const service = winhttpRoute(w, e.url);
  const mine = e.route?.via === 'direct' || (!e.route && !e.proxy) ? null : (e.route?.proxy ?? e.proxy ?? null);
  const decided = e.route?.decidedBy && e.route.decidedBy !== 'none' ? ` (${e.route.decidedBy})` : '';
  if (service === null && mine === null) return null;
  if (service !== null && mine !== null && proxyKey(service) === proxyKey(mine)) return null;
  if (service === null) return `WinHTTP, which the Clickker service uses, goes direct, but this probe went via ${mine}${decided}`;
  if (mine === null) return `WinHTTP, which the Clickker service uses, goes via ${service}, but this probe went direct${decided}`;
  return `WinHTTP, which the Clickker service uses, goes via ${service}, but this probe went via ${mine}${decided}`;
}

/**
 * On Windows the .NET view decides, because Clickker itself is a .NET Framework service (SChannel, the Windows store,
 * the WinHTTP proxy); Node's view is the diagnosis. Elsewhere Node's view is all there is.
 */
export function judgeEndpoint(e: EndpointFacts, winhttp?: WinhttpProxyFacts): EndpointVerdict {
  const verdict = judgeViews(e);
  // The route is Node's; a record with the .NET view alone (the standalone collector) took WinHTTP's route itself.
  const differs = winhttp && hasNodeView(e) ? winhttpDisagreement(winhttp, e) : null;
  if (!differs) return verdict;
  // Without a .NET view, Node's answer may not be what the service will see: a pass becomes a warning.
  const status = !e.dotnet && verdict.status === 'pass' ? 'warn' : verdict.status;
  return { ...verdict, status, layer: status === 'warn' && verdict.status === 'pass' ? 'proxy' : verdict.layer, detail: `${verdict.detail}; ${differs}` };
}

/** Whether the record holds Node's view of the endpoint (a standalone snapshot holds the .NET view alone). */
function hasNodeView(e: EndpointFacts): boolean {
  return Boolean(e.route || e.proxy || e.dns || e.tcp || e.tunnel || e.tls || e.http || e.error);
}

/**
 * A .NET handshake that failed while .NET did not offer TLS 1.2 (ServicePointManager.SecurityProtocol without Tls12 and
 * not SystemDefault): .NET 4.x without the strong-crypto registry values offers only SSL 3/TLS 1.0.
 */
function weakProtocolHint(d: NonNullable<EndpointFacts['dotnet']>): string {
  const offered = d.securityProtocol ?? '';
  if (d.webStatus !== 'SecureChannelFailure' || offered === '' || /Tls12|Tls13|SystemDefault/i.test(offered)) return '';
  return `; .NET offered only ${offered} (ServicePointManager.SecurityProtocol), not TLS 1.2: set SchUseStrongCrypto and SystemDefaultTlsVersions to 1 (see dotnet.tls12)`;
}

function judgeViews(e: EndpointFacts): EndpointVerdict {
  const node = nodeView(e);
  if (!e.dotnet) return node;
  if (!e.dotnet.ok) {
    const why = node.status === 'fail' ? `; ${node.detail}` : '';
    return { url: e.url, status: 'fail', layer: 'dotnet', detail: `.NET Framework cannot connect: ${e.dotnet.error ?? 'error'}${weakProtocolHint(e.dotnet)}${why}` };
  }
  if (node.status === 'warn') return node;
  const aside = node.status === 'fail' ? ` (Node's own view: ${node.detail})` : '';
  const via = e.dotnet.proxy ? ` via proxy ${e.dotnet.proxy}` : '';
  return { url: e.url, status: 'pass', layer: 'dotnet', detail: `.NET Framework connects (HTTP ${e.dotnet.status ?? 'ok'}${via})${aside}` };
}

export const check: Check = {
  id: 'network.endpoints',
  title: 'Clickker endpoints reachable over HTTPS',
  category: 'Network',
  severity: 'blocking',
  // winhttpProxy is optional evidence (Windows only): read with `has`, never a reason for "could not evaluate".
  needs: ['network.endpoints', 'winhttpProxy'],
  profiles: ['synergy', 'online'],
  rationale:
    'Clickker must reach its endpoints over HTTPS; they belong on the firewall whitelist. Each endpoint is diagnosed layer '
    + 'by layer (DNS, TCP, TLS, HTTP, proxy) so that "blocked" becomes an action. A TLS-inspecting proxy is a warning with '
    + 'the bypass to ask for. On Windows the .NET Framework view decides, since Clickker is a .NET service.',
  remediation: {
    text: "Allow outbound HTTPS (TCP 443) from this server to each endpoint on the firewall's whitelist, and exempt them from TLS inspection.",
    commands: [{
      shell: 'powershell',
      script: "Test-NetConnection -ComputerName 'api.cloud.clickker.nl' -Port 443\nnetsh winhttp show proxy\n"
        + "# When the service must use the same proxy as this probe (copy the browser's settings, or set it):\n"
        + "# netsh winhttp import proxy source=ie\n# netsh winhttp set proxy proxy-server=\"proxy.example.local:8080\" bypass-list=\"<local>\"",
    }],
  },
  evaluate({ fact, has, requirements, options }): Verdict {
    const wanted = options.endpoints ?? requirements.endpoints[options.profile]?.map((e) => e.url) ?? [];
    if (wanted.length === 0) {
      return unknown(`no endpoints to check for the ${options.profile} profile`,
        'List the endpoints in the requirements file (endpoints.<profile>) or name them with --endpoint URL.');
    }
    const { endpoints } = fact(networkFact);
    const winhttp = has(winhttpProxyFact) ? fact(winhttpProxyFact) : undefined;
    const verdicts = wanted.map((url) => {
      const e = endpoints.find((x) => sameUrl(x.url, url));
      return e ? judgeEndpoint(e, winhttp) : { url, status: 'unknown' as const, layer: 'none', detail: 'not probed' };
    });
    // One readable line per endpoint for the console; the structured verdicts stay in `found`.
    const lines = verdicts.map((x) => `${x.status.padEnd(7)} ${new URL(x.url).host}: ${x.detail}`);
    const evidence = { expected: `HTTPS reachable: ${listing(wanted)}`, found: verdicts, lines };
    const failed = verdicts.filter((x) => x.status === 'fail');
    const warned = verdicts.filter((x) => x.status === 'warn');
    const missing = verdicts.filter((x) => x.status === 'unknown');
    const line = (xs: EndpointVerdict[]) => xs.map((x) => `${new URL(x.url).host}: ${x.detail}`).join('; ');
    if (failed.length > 0) return { status: 'fail', summary: `${failed.length} of ${wanted.length} endpoints unreachable: ${line(failed)}`, evidence };
    if (missing.length > 0) return unknown(`${listing(missing.map((m) => m.url))} ${missing.length === 1 ? 'was' : 'were'} not probed`,
      'Collect the facts again on the server with this version of clickker, so that every required endpoint is probed.', evidence);
    if (warned.length > 0) return { status: 'warn', summary: `Reachable, but ${line(warned)}`, evidence };
    return { status: 'pass', summary: `All ${wanted.length} endpoints reachable over HTTPS`, evidence };
  },
};
