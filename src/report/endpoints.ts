// The network check as an administrator can act on it (like azcmagent check): one row per endpoint with the layer
// that failed, the reason in plain words and what to ask the firewall/proxy team. Node and .NET error codes appear
// only with --verbose. The layer names and .NET messages are those the network check records (checks/network-endpoints.ts,
// .NET WebException texts as captured in /work/shared/reference/captures).
import type { Result } from '../core/types.js';
import { t, type Lang, type MessageId } from './i18n/catalogue.js';

export interface EndpointRow {
  host: string;
  url: string;
  status: string;
  /** The layer that failed, in words ("DNS", "TCP connect"), or "" for a reachable endpoint. */
  layer: string;
  reason: string;
  ask: string;
  /** The raw detail with its error codes: shown with --verbose only. */
  detail: string;
}

interface EndpointVerdictLike { url: string; status: string; layer: string; detail: string }

function isVerdicts(v: unknown): v is EndpointVerdictLike[] {
  return Array.isArray(v) && v.every((x) => x && typeof x === 'object' && typeof (x as EndpointVerdictLike).url === 'string' && typeof (x as EndpointVerdictLike).detail === 'string');
}

type Kind = 'dns' | 'tcp.timeout' | 'tcp.refused' | 'tcp.reset' | 'tcp' | 'tls.inspection' | 'tls.weak' | 'tls' | 'proxy.auth' | 'proxy' | 'proxy.route' | 'http' | 'none';

/** Which failure it was, from the deciding layer and the recorded detail (the .NET view's layer is "dotnet"). */
export function classify(v: EndpointVerdictLike): { kind: Kind; inspectedBy?: string; status?: string } {
  const d = v.detail;
  const inspected = /TLS inspection by ([^:;,]+)/.exec(d)?.[1]?.trim();
  if (/offered only .* not TLS 1\.2/.test(d)) return { kind: 'tls.weak' };
  if (/\b407\b|Proxy Authentication Required|needs authentication/i.test(d)) return { kind: 'proxy.auth' };
  if (v.layer === 'dns' || /could not be resolved|\bDNS\b|ENOTFOUND|EAI_AGAIN/.test(d)) return { kind: 'dns' };
  if (inspected) return { kind: 'tls.inspection', inspectedBy: inspected };
  if (v.layer === 'proxy' && /WinHTTP/.test(d)) return { kind: 'proxy.route' };
  if (v.layer === 'proxy' || /refused CONNECT/.test(d)) return { kind: 'proxy' };
  if (/ETIMEDOUT|timed out|operation has timed out/i.test(d)) return { kind: 'tcp.timeout' };
  if (/ECONNREFUSED|actively refused/i.test(d)) return { kind: 'tcp.refused' };
  if (/ECONNRESET|forcibly closed|connection was closed/i.test(d)) return { kind: 'tcp.reset' };
  if (v.layer === 'tcp' || /Unable to connect to the remote server/.test(d)) return { kind: 'tcp' };
  if (v.layer === 'tls' || /trust relationship|SSL\/TLS|secure channel|TLS:/i.test(d)) return { kind: 'tls' };
  if (v.layer === 'http' || /\bHTTP\b/.test(d)) return { kind: 'http', status: /(?:status|HTTP) (\d{3})/.exec(d)?.[1] ?? '?' };
  return { kind: 'none' };
}

const LAYER_OF: Record<Kind, MessageId> = {
  dns: 'layer.dns', 'tcp.timeout': 'layer.tcp', 'tcp.refused': 'layer.tcp', 'tcp.reset': 'layer.tcp', tcp: 'layer.tcp',
  'tls.inspection': 'layer.tls', 'tls.weak': 'layer.tls', tls: 'layer.tls', 'proxy.auth': 'layer.proxy', proxy: 'layer.proxy',
  'proxy.route': 'layer.proxy', http: 'layer.http', none: 'layer.none',
};
const ASK_OF: Record<Kind, MessageId> = {
  dns: 'ask.dns', 'tcp.timeout': 'ask.tcp', 'tcp.refused': 'ask.tcp', 'tcp.reset': 'ask.tcp', tcp: 'ask.tcp',
  'tls.inspection': 'ask.tls.inspection', 'tls.weak': 'ask.tls.weak', tls: 'ask.tls', 'proxy.auth': 'ask.proxy.auth', proxy: 'ask.proxy',
  'proxy.route': 'ask.proxy.route', http: 'ask.http', none: 'ask.none',
};

/** The rows of a network.endpoints result, or undefined when its evidence is not the per-endpoint list. */
export function endpointRows(r: Result, lang: Lang): EndpointRow[] | undefined {
  if (r.id !== 'network.endpoints' || !isVerdicts(r.evidence.found)) return undefined;
  return r.evidence.found.map((v) => {
    let host: string;
    try { host = new URL(v.url).host; } catch { host = v.url; }
    if (v.status === 'pass') return { host, url: v.url, status: v.status, layer: '', reason: t(lang, 'endpoints.ok'), ask: '', detail: v.detail };
    const c = classify(v);
    const reasonId = `reason.${c.kind}` as MessageId;
    return {
      host, url: v.url, status: v.status,
      layer: t(lang, LAYER_OF[c.kind]),
      reason: t(lang, reasonId, { by: c.inspectedBy ?? '', status: c.status ?? '' }),
      ask: t(lang, ASK_OF[c.kind], { host }),
      detail: v.detail,
    };
  });
}
