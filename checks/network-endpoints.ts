import type { Check, EvaluatedStatus, Verdict } from '../src/core/types.js';
import { listing, unknown } from '../src/core/verdict.js';
import { networkFact, type EndpointFacts } from '../src/facts/network.js';

export interface EndpointVerdict {
  url: string;
  status: EvaluatedStatus;
  /** Which layer decided: dns, tcp, tls, http, proxy, dotnet. */
  layer: string;
  detail: string;
}

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

/** Node's view, stage by stage: the first failing layer is the answer an administrator can act on. */
function nodeView(e: EndpointFacts): EndpointVerdict {
  const v = (status: EvaluatedStatus, layer: string, detail: string): EndpointVerdict => ({ url: e.url, status, layer, detail });
  const via = e.proxy ? ` via proxy ${e.proxy}` : '';
  const err = (x?: { code: string; message: string }) => (x ? `${x.code} ${x.message}`.trim() : 'error');
  if (e.dns && !e.dns.ok) return v('fail', 'dns', `DNS: ${err(e.dns.error)}`);
  if (e.tcp && !e.tcp.ok) return v('fail', 'tcp', `TCP${via}: ${err(e.tcp.error)}`);
  if (e.http?.status === 407) return v('fail', 'proxy', `the proxy ${e.proxy ?? ''} needs authentication (HTTP 407)`.replace('  ', ' '));
  if (e.tls && !e.tls.ok) return v('fail', 'tls', `TLS: ${err(e.tls.error)}`);
  if (e.tls?.inspectedBy) return v('warn', 'tls', `TLS inspection by ${e.tls.inspectedBy}: ask for this host on the proxy's inspection bypass list`);
  if (e.http && !e.http.ok) return v('fail', 'http', `HTTP: ${e.http.error ? err(e.http.error) : `status ${e.http.status ?? '?'}`}`);
  if (e.http?.status !== undefined) return v('pass', 'http', `HTTP ${e.http.status}${via}${e.tls?.protocol ? `, ${e.tls.protocol}` : ''}`);
  return v('unknown', 'none', 'no stage was recorded for this endpoint');
}

/**
 * On Windows the .NET view decides, because Clickker itself is a .NET Framework service (SChannel, the Windows store,
 * the WinHTTP proxy); Node's view is the diagnosis. Elsewhere Node's view is all there is.
 */
export function judgeEndpoint(e: EndpointFacts): EndpointVerdict {
  const node = nodeView(e);
  if (!e.dotnet) return node;
  if (!e.dotnet.ok) {
    const why = node.status === 'fail' ? `; ${node.detail}` : '';
    return { url: e.url, status: 'fail', layer: 'dotnet', detail: `.NET Framework cannot connect: ${e.dotnet.error ?? 'error'}${why}` };
  }
  if (node.status === 'warn') return node;
  const aside = node.status === 'fail' ? ` (Node's own view: ${node.detail})` : '';
  return { url: e.url, status: 'pass', layer: 'dotnet', detail: `.NET Framework connects (HTTP ${e.dotnet.status ?? 'ok'})${aside}` };
}

export const check: Check = {
  id: 'network.endpoints',
  title: 'Clickker endpoints reachable over HTTPS',
  category: 'Network',
  severity: 'blocking',
  needs: ['network.endpoints'],
  profiles: ['synergy', 'online'],
  rationale:
    'Clickker must reach its endpoints over HTTPS; they belong on the firewall whitelist. Each endpoint is diagnosed layer '
    + 'by layer (DNS, TCP, TLS, HTTP, proxy) so that "blocked" becomes an action. A TLS-inspecting proxy is a warning with '
    + 'the bypass to ask for. On Windows the .NET Framework view decides, since Clickker is a .NET service.',
  remediation: {
    text: "Allow outbound HTTPS (TCP 443) from this server to each endpoint on the firewall's whitelist, and exempt them from TLS inspection.",
    commands: [{ shell: 'powershell', script: "Test-NetConnection -ComputerName 'api.cloud.clickker.nl' -Port 443\nnetsh winhttp show proxy" }],
  },
  evaluate({ fact, requirements, options }): Verdict {
    const wanted = options.endpoints ?? requirements.endpoints[options.profile]?.map((e) => e.url) ?? [];
    if (wanted.length === 0) {
      return unknown(`no endpoints to check for the ${options.profile} profile`,
        'List the endpoints in the requirements file (endpoints.<profile>) or name them with --endpoint URL.');
    }
    const { endpoints } = fact(networkFact);
    const verdicts = wanted.map((url) => {
      const e = endpoints.find((x) => sameUrl(x.url, url));
      return e ? judgeEndpoint(e) : { url, status: 'unknown' as const, layer: 'none', detail: 'not probed' };
    });
    const evidence = { expected: `HTTPS reachable: ${listing(wanted)}`, found: verdicts };
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
