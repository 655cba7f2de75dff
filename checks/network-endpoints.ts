import { manualWhenFailed } from '../src/core/fix.js';
import type { Check, EvaluatedStatus, Remediation, Verdict } from '../src/core/types.js';
import { psQuote } from '../src/core/quote.js';
import { fail, listed, listing, pass, remedy, say, unknown, warn, type Msg } from '../src/core/verdict.js';
import { wildcardMatch } from '../src/core/wildcard.js';
import { networkFact, type EndpointFacts } from '../src/facts/network.js';
import { winhttpProxyFact, type WinhttpProxyFacts } from '../src/facts/winhttp-proxy.js';
import { offDomain } from './network-domain.js';
import { tunnelStatusError } from '../src/probes/network/tunnel.js';
import { urlKey, urlParts } from './url-parts.js';

export interface EndpointVerdict {
  url: string;
  status: EvaluatedStatus;
  /** Which layer decided: dns, tcp, tls, http, proxy, dotnet. */
  layer: string;
  detail: string;
}

const BYPASS = "ask for this host on the proxy's inspection bypass list";

/** Node's view, stage by stage: the first failing layer is the answer an administrator can act on. */
function nodeView(e: EndpointFacts): EndpointVerdict {
  const v = (status: EvaluatedStatus, layer: string, detail: string): EndpointVerdict => ({ url: e.url, status, layer, detail });
  const via = e.proxy ? ` via proxy ${e.proxy}` : '';
  const err = (x?: { code: string; message: string }) => (x ? `${x.code} ${x.message}`.trim() : 'error');
  const ofProxy = e.proxy && e.dns?.host && e.route?.via === 'proxy' ? ` of the proxy host ${e.dns.host}` : '';
  if (e.dns && !e.dns.ok) return v('fail', 'dns', `DNS${ofProxy}: ${err(e.dns.error)}`);
  if (e.tcp && !e.tcp.ok) return v('fail', 'tcp', `TCP${via}: ${err(e.tcp.error)}`);
  if (e.tunnel && !e.tunnel.ok) {
    // A 407 is worded here, not from the stored message: snapshots before issue 13 said a .NET service authenticates
    // to the proxy with its own account, which a default HttpWebRequest does not do.
    const auth = e.tunnel.status === 407 || e.tunnel.status === 401
      ? tunnelStatusError(e.tunnel.status, e.url, e.proxy ?? 'in the path', e.tunnel.credentials === true, e.tunnel.authenticate).message
      : undefined;
    return v('fail', 'proxy', auth ?? e.tunnel.error?.message ?? `the proxy ${e.proxy ?? ''} refused CONNECT (HTTP ${e.tunnel.status ?? '?'})`);
  }
  if (e.http?.status === 407) {
    return v('fail', 'proxy', `the proxy ${e.proxy ?? ''} needs authentication (HTTP 407): a .NET service sends no credentials to a proxy unless its configuration sets <defaultProxy useDefaultCredentials="true">; give this probe credentials with --proxy http://user:password@host:port`.replace('  ', ' '));
  }
  if (e.tls && !e.tls.ok) {
    const suspected = e.tls.inspectedBy ? `; probably TLS inspection by ${e.tls.inspectedBy}, whose CA this machine does not trust: ${BYPASS}` : '';
    return v('fail', 'tls', `TLS: ${err(e.tls.error)}${suspected}`);
  }
  // HTTP success is decided first; TLS inspection is a note added to it (a 403 block page or a 5xx behind a trusted
  // inspection root is an HTTP failure, not "reachable, but inspected").
  const inspected = e.tls?.inspectedBy ? `TLS inspection by ${e.tls.inspectedBy}: ${BYPASS}` : '';
  if (e.http && !e.http.ok) {
    return v('fail', 'http', `HTTP: ${e.http.error ? err(e.http.error) : `status ${e.http.status ?? '?'}`}${inspected ? `; ${inspected}` : ''}`);
  }
  if (e.http?.status !== undefined) {
    const hops = e.http.redirects?.length ?? 0;
    const after = hops > 0 && e.http.finalUrl ? ` after ${hops} redirect${hops === 1 ? '' : 's'} to ${e.http.finalUrl}` : '';
    const detail = `HTTP ${e.http.status}${after}${via}${e.tls?.protocol ? `, ${e.tls.protocol}` : ''}`;
    const away = e.http.finalUrl ? offDomain(e.url, e.http.finalUrl) : null;
    if (away) return v('warn', 'http', `${detail}; ${away}`);
    if (inspected) return v('warn', 'tls', `${detail}; ${inspected}`);
    const dead = deadFirstAddress(e);
    if (dead) return v('warn', 'tcp', `${detail}; ${dead}`);
    return v('pass', 'http', detail);
  }
  if (inspected) return v('warn', 'tls', inspected);
  if (e.error) return v('unknown', 'none', `the probe failed before a verdict: ${err(e.error)}`);
  return v('unknown', 'none', 'no stage was recorded for this endpoint');
}

/**
 * A .NET client connects to a host's addresses in the order name resolution gives them and waits out the TCP connect
 * timeout (about 21 s) on each dead one; Node raced them, so a dead first address (a black-holed IPv6 route) is
 * invisible in its success. The attempts are recorded in resolver order (the order Windows tries them).
 */
function deadFirstAddress(e: EndpointFacts): string | null {
  const attempts = e.tcp?.attempts ?? [];
  const first = attempts[0];
  if (!first || first.ok || first.error?.kind === 'cancelled' || !attempts.some((a) => a.ok)) return null;
  const target = e.route?.via === 'proxy' ? 'the proxy' : 'the endpoint';
  return `${target}'s first address ${first.address} is dead (${first.error?.message ?? 'no answer'}): a .NET client tries `
    + 'the addresses in order and waits about 21 s on each dead one before the next';
}

/** host:port of a proxy setting in any of its spellings: "http://u:p@host:8080", "host:8080", "https=host:8443". */
function proxyKey(value: string): string {
  const bare = value.trim().replace(/^[a-z]+=/i, '').replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]*@/, '').replace(/\/.*$/, '').toLowerCase();
  return /:\d+$/.test(bare) ? bare : `${bare}:80`;
}

/** The proxy WinHTTP uses for `url` ("netsh winhttp show proxy"), or null for direct. */
export function winhttpRoute(w: WinhttpProxyFacts, url: string): string | null {
  if (w.Direct || !w.ProxyServer) return null;
  const target = urlParts(url);
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

/**
 * A sentence when the WinHTTP proxy (`netsh winhttp`) would route `url` differently from the route that was taken:
 * .NET's default proxy when the .NET view recorded it, otherwise Node's. WinHTTP is context only: HttpWebRequest does not
 * read it; with an empty <defaultProxy> it uses the Internet Explorer (WinINET) settings of the account it runs as
 * (learn.microsoft.com: <defaultProxy> element, "Understanding Web Proxy Configuration").
 */
export function winhttpDisagreement(w: WinhttpProxyFacts, e: EndpointFacts): string | null {
  const winhttp = winhttpRoute(w, e.url);
  // Only a view that recorded it went through .NET's default proxy (since issue 13) says which route that proxy takes.
  const dotnetDefault = e.dotnet?.proxySource === 'default' ? e.dotnet : null;
  const taken = dotnetDefault
    ? (dotnetDefault.proxy ?? null)
    : e.route?.via === 'direct' || (!e.route && !e.proxy) ? null : (e.route?.proxy ?? e.proxy ?? null);
  const who = dotnetDefault ? ".NET's default proxy (the Internet Explorer settings of the account this ran as)" : 'this probe';
  const decided = !dotnetDefault && e.route?.decidedBy && e.route.decidedBy !== 'none' ? ` (${e.route.decidedBy})` : '';
  if (winhttp === null && taken === null) return null;
  if (winhttp !== null && taken !== null && proxyKey(winhttp) === proxyKey(taken)) return null;
  const wh = winhttp === null ? 'goes direct' : `goes via ${winhttp}`;
  const tk = taken === null ? 'went direct' : `went via ${taken}`;
  return `the WinHTTP proxy (netsh winhttp) ${wh}, but ${who} ${tk}${decided}; a .NET service uses the Internet Explorer `
    + 'proxy settings of its own account (or its <defaultProxy> config), not WinHTTP';
}

/**
 * On Windows the .NET view decides, because Clickker itself is a .NET Framework 4.7 service (SChannel, the Windows
 * store, SystemDefault TLS, .NET's default proxy); Node's view is the diagnosis. Elsewhere Node's view is all there is.
 */
export function judgeEndpoint(e: EndpointFacts, winhttp?: WinhttpProxyFacts): EndpointVerdict {
  const verdict = judgeViews(e);
  // An old standalone record (the .NET view alone) took WinHTTP's route itself: nothing to compare it with.
  const differs = winhttp && (hasNodeView(e) || e.dotnet?.proxySource === 'default') ? winhttpDisagreement(winhttp, e) : null;
  if (!differs) return verdict;
  // WinHTTP disagreeing with the route taken is a warning: some Windows components use it, and the service's own
  // account may have other Internet Explorer settings than the account this ran as.
  const status = verdict.status === 'pass' ? 'warn' : verdict.status;
  return { ...verdict, status, layer: status === 'warn' && verdict.status === 'pass' ? 'proxy' : verdict.layer, detail: `${verdict.detail}; ${differs}` };
}

/** Whether the record holds Node's view of the endpoint (a standalone snapshot holds the .NET view alone). */
function hasNodeView(e: EndpointFacts): boolean {
  return Boolean(e.route || e.proxy || e.dns || e.tcp || e.tunnel || e.tls || e.http || e.error);
}

/**
 * Whether the .NET view was made with powershell.exe's own default SecurityProtocol (snapshots from before issue 13):
 * no TLS 1.2 and not SystemDefault. A .NET 4.7 service gets SystemDefault ("Starting with apps that target .NET
 * Framework 4.7, the default value of this property is SystemDefault", learn.microsoft.com:
 * ServicePointManager.SecurityProtocol), so that view's SecureChannelFailure is not what the service will see.
 */
export function processDefaultView(d: NonNullable<EndpointFacts['dotnet']>): boolean {
  const offered = d.securityProtocol ?? '';
  return offered !== '' && !/Tls12|Tls13|SystemDefault/i.test(offered);
}

const DOTNET_TLS12 = 'see dotnet.tls12';

function judgeViews(e: EndpointFacts): EndpointVerdict {
  const node = nodeView(e);
  const d = e.dotnet;
  if (!d) return node;
  if (!d.ok && d.webStatus === 'SecureChannelFailure' && processDefaultView(d)) {
    // The old view: powershell.exe offered only what its own default allows. The service (4.7, SystemDefault) offers
    // the operating system's TLS 1.2, as Node did: Node's view over TLS 1.2 decides.
    const note = `the .NET view was made with powershell.exe's own default (${d.securityProtocol}), not the SystemDefault a .NET 4.7 service gets, so its SecureChannelFailure is not counted (${DOTNET_TLS12})`;
    if (node.status === 'fail') return { ...node, detail: `${node.detail}; ${note}` };
    if ((node.status === 'pass' || node.status === 'warn') && /^TLSv1\.2$/i.test(e.tls?.protocol ?? '')) return { ...node, detail: `${node.detail}; ${note}` };
    return {
      url: e.url, status: 'unknown', layer: 'dotnet',
      detail: `${note}, and nothing here shows the endpoint accepting TLS 1.2 (Node's view: ${hasNodeView(e) ? node.detail : 'not recorded'}); collect again with this version of clickker`,
    };
  }
  if (!d.ok) {
    const why = node.status === 'fail' ? `; ${node.detail}` : '';
    return { url: e.url, status: 'fail', layer: 'dotnet', detail: `.NET Framework cannot connect: ${d.error ?? 'error'}${why}` };
  }
  if (node.status === 'warn') return node;
  const aside = node.status === 'fail' ? ` (Node's own view: ${node.detail})` : '';
  const via = d.proxy ? ` via proxy ${d.proxy}` : '';
  const detail = `.NET Framework connects (HTTP ${d.status ?? 'ok'}${via})${aside}`;
  const away = d.finalUrl ? offDomain(e.url, d.finalUrl) : null;
  if (away) return { url: e.url, status: 'warn', layer: 'dotnet', detail: `${detail}; ${away}` };
  if (d.proxySource === 'winhttp' && d.proxy) {
    // Snapshots from before issue 13 made the .NET view through the WinHTTP proxy, a route the service does not take.
    return { url: e.url, status: 'warn', layer: 'proxy', detail: `${detail}; this .NET view went through the WinHTTP proxy, which a .NET service does not use by default (it uses the Internet Explorer settings of its account)` };
  }
  return { url: e.url, status: 'pass', layer: 'dotnet', detail };
}

/** The remediation for exactly the endpoints that failed or warned, each named. */
function forEndpoints(xs: readonly EndpointVerdict[]): Remediation {
  // One entry per endpoint, as many as there are (a Set of fresh URL objects never merged two of the same text).
  const hosts = xs.map((x) => urlParts(x.url)).map((u) => ({ host: u.hostname, port: u.port || (u.protocol === 'http:' ? '80' : '443') }));
  const names = listed(hosts.map((h) => h.host));
  return remedy(say(
    `Allow outbound HTTPS from this server to ${names.en} on the firewall's whitelist, exempt ${hosts.length === 1 ? 'it' : 'them'} from TLS inspection, and check the proxy the service's account uses.`,
    `Sta uitgaand HTTPS toe van deze server naar ${names.nl} op de whitelist van de firewall, zonder TLS-inspectie, en controleer de proxy die het account van de service gebruikt.`,
  ),
  // Diagnostics only: what changes the state is the firewall/proxy team's work (the report's endpoint table says what to ask).
  [{ shell: 'powershell', runAs: 'user', purpose: 'look', script: hosts.map((h) => `Test-NetConnection -ComputerName ${psQuote(h.host)} -Port ${h.port}`).join('\n') }]);
}

interface Wanted {
  wanted: readonly string[];
  /** Each wanted URL as endpoints are matched to it (urlKey). */
  keys: readonly string[];
  expected: string;
  said: Msg;
}

// The URLs to reach and the words for them depend on the endpoint list alone (the requirements' list for the profile,
// or --endpoint): worked out once per list, not once per host (issue 17).
const NONE: Wanted = { wanted: [], keys: [], expected: 'HTTPS reachable: ', said: say('HTTPS reachable: ', 'bereikbaar via HTTPS: ') };
const wantedLists = new WeakMap<readonly (string | { url: string })[], Wanted>();
function wantedOf(list: readonly (string | { url: string })[] | undefined): Wanted {
  if (list === undefined) return NONE;
  let w = wantedLists.get(list);
  if (w === undefined) {
    const wanted = list.map((e) => (typeof e === 'string' ? e : e.url));
    const expected = `HTTPS reachable: ${listing(wanted)}`;
    wantedLists.set(list, w = { wanted, keys: wanted.map(urlKey), expected, said: say(expected, `bereikbaar via HTTPS: ${listed(wanted).nl}`) });
  }
  return w;
}

export const check: Check = {
  id: 'network.endpoints',
  title: 'Clickker endpoints reachable over HTTPS',
  category: 'Network',
  severity: 'blocking',
  // winhttpProxy is optional evidence (Windows only): read with `has`, never a reason for "could not evaluate".
  needs: ['network.endpoints', 'winhttpProxy'],
  profiles: ['synergy', 'online'],
  // Only a person (or a download) can fix a failure: say who and what, never "not safe to automate" (issue 16).
  fix: manualWhenFailed(say(
    'the firewall and the proxy belong to your network team: send them the endpoint table that clickker preflight shows',
    'de firewall en de proxy zijn van uw netwerkteam: stuur hun de tabel met eindpunten die clickker preflight toont',
  )),
  nl: {
    title: 'Clickker-eindpunten bereikbaar via HTTPS',
    rationale:
      'Clickker moet zijn eindpunten via HTTPS bereiken; ze horen op de whitelist van de firewall. Elk eindpunt wordt laag voor laag '
      + 'onderzocht (DNS, TCP, TLS, HTTP, proxy), zodat "geblokkeerd" een actie wordt. Een proxy met TLS-inspectie is een waarschuwing, '
      + 'met de uitzondering om te vragen. Op Windows beslist de .NET Framework-blik, gemaakt zoals de Clickker-service (.NET 4.7: '
      + 'SystemDefault-TLS, de standaardproxy) hem zou maken; HTTP-succes wordt beoordeeld voordat TLS-inspectie wordt genoteerd; een '
      + 'omleiding buiten het domein van het eindpunt is niet "bereikbaar"; een dood eerste adres is een waarschuwing, omdat .NET de '
      + 'adressen op volgorde probeert.',
  },
  rationale:
    'Clickker must reach its endpoints over HTTPS; they belong on the firewall whitelist. Each endpoint is diagnosed layer '
    + 'by layer (DNS, TCP, TLS, HTTP, proxy) so that "blocked" becomes an action. A TLS-inspecting proxy is a warning with '
    + 'the bypass to ask for. On Windows the .NET Framework view decides, made as the Clickker service (.NET 4.7: '
    + 'SystemDefault TLS, the default proxy) would make it; HTTP success is decided before TLS inspection is noted; a '
    + 'redirect off the endpoint\'s domain is not "reachable"; a dead first address is a warning, because .NET tries '
    + 'addresses in order.',
  remediation: remedy(say(
    "Allow outbound HTTPS (TCP 443) from this server to each endpoint on the firewall's whitelist, and exempt them from TLS inspection.",
    'Sta uitgaand HTTPS (TCP 443) toe van deze server naar elk eindpunt op de whitelist van de firewall, zonder TLS-inspectie.',
  ), [{
      shell: 'powershell',
      runAs: 'user',
      purpose: 'look',
      script: "Test-NetConnection -ComputerName 'api.cloud.clickker.nl' -Port 443\n"
        + '# A .NET service uses the Internet Explorer proxy settings of its own account (or <defaultProxy> in its .config);\n'
        + '# netsh winhttp does not change what it uses. Show the settings of the account you are logged on with:\n'
        + "Get-ItemProperty -LiteralPath 'HKCU:\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings' | Select-Object ProxyEnable, ProxyServer, ProxyOverride, AutoConfigURL",
  }]),
  evaluate({ fact, has, requirements, options }): Verdict {
    const { wanted, keys, expected, said } = wantedOf(options.endpoints ?? requirements.endpoints[options.profile]);
    if (wanted.length === 0) {
      return unknown(say(`no endpoints to check for the ${options.profile} profile`, `geen eindpunten te controleren voor het profiel ${options.profile}`), say(
        'List the endpoints in the requirements file (endpoints.<profile>) or name them with --endpoint URL.',
        'Zet de eindpunten in het eisenbestand (endpoints.<profiel>) of noem ze met --endpoint URL.',
      ));
    }
    const { endpoints } = fact(networkFact);
    const winhttp = has(winhttpProxyFact) ? fact(winhttpProxyFact) : undefined;
    const verdicts = wanted.map((url, i) => {
      const e = endpoints.find((x) => urlKey(x.url) === keys[i]);
      return e ? judgeEndpoint(e, winhttp) : { url, status: 'unknown' as const, layer: 'none', detail: 'not probed' };
    });
    // One readable line per endpoint for the console; the structured verdicts stay in `found`.
    const lines = verdicts.map((x) => `${x.status.padEnd(7)} ${urlParts(x.url).host}: ${x.detail}`);
    const evidence = { expected, found: verdicts, lines, said: { expected: said } };
    const failed = verdicts.filter((x) => x.status === 'fail');
    const warned = verdicts.filter((x) => x.status === 'warn');
    const missing = verdicts.filter((x) => x.status === 'unknown');
    const line = (xs: EndpointVerdict[]) => xs.map((x) => `${urlParts(x.url).host}: ${x.detail}`).join('; ');
    // The per-endpoint detail is the probe's technical account (codes, proxies, protocols), kept as evidence; the Dutch
    // summary names the hosts and the endpoint table beside it says per host, in Dutch, what failed and what to ask.
    const hostsOf = (xs: EndpointVerdict[]) => listed(xs.map((x) => urlParts(x.url).host)).nl;
    if (failed.length > 0) {
      return fail(say(
        `${failed.length} of ${wanted.length} endpoints unreachable: ${line(failed)}`,
        `${failed.length} van ${wanted.length} eindpunten onbereikbaar: ${hostsOf(failed)} (zie de tabel met eindpunten)`,
      ), evidence, forEndpoints(failed));
    }
    if (missing.length > 0) {
      const urls = listed(missing.map((m) => m.url));
      return unknown(say(
        `${urls.en} ${missing.length === 1 ? 'was' : 'were'} not probed`,
        `${urls.nl} ${missing.length === 1 ? 'is' : 'zijn'} niet getest`,
      ), say(
        'Collect the facts again on the server with this version of clickker, so that every required endpoint is probed.',
        'Verzamel de gegevens opnieuw op de server met deze versie van clickker, zodat elk vereist eindpunt wordt getest.',
      ), evidence);
    }
    if (warned.length > 0) {
      return warn(say(`Reachable, but ${line(warned)}`, `Bereikbaar, maar met een kanttekening bij ${hostsOf(warned)} (zie de tabel met eindpunten)`), evidence, forEndpoints(warned));
    }
    return pass(say(`All ${wanted.length} endpoints reachable over HTTPS`, `Alle ${wanted.length} eindpunten bereikbaar via HTTPS`), evidence);
  },
};
