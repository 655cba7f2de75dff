// Proxy tunnel stage: HTTP CONNECT host:port through the proxy with undici, over the TCP socket already open to it.
import type { Duplex } from 'node:stream';
import { clientOnSocket } from './undici.js';
import { errnoCode, runStage, timerError, type Limits } from './stage.js';
import type { ProxyDecision } from './proxy.js';
import type { StageError } from './types.js';

export type TunnelStage = {
  ok: boolean;
  status?: number;
  authenticate?: string;
  credentials: boolean;
  server?: string;
  error?: StageError;
  ms: number;
}

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

/** Words for a CONNECT answer other than 200. */
export function tunnelStatusError(status: number, target: string, proxy: string, credentials: boolean, authenticate?: string): StageError {
  // 407 is the standard answer; some proxies (tinyproxy 1.11 among them) answer wrong credentials with 401.
  if (status === 407 || status === 401) {
    const scheme = authenticate ? `, ${authenticate}` : '';
    const windowsOnly = authenticate !== undefined && !/\bbasic\b/i.test(authenticate) && /\b(ntlm|negotiate|kerberos)\b/i.test(authenticate);
    const message = credentials
      ? `the proxy ${proxy} rejected the credentials (HTTP ${status}${scheme})`
      : `the proxy ${proxy} needs authentication (HTTP ${status}${scheme}): give this probe credentials with --proxy http://user:password@host:port`;
    return {
      code: 'PROXY_AUTH_REQUIRED',
      kind: 'proxy-auth',
      // A default HttpWebRequest sends no credentials to a proxy: <defaultProxy useDefaultCredentials> defaults to false
      // (learn.microsoft.com: <defaultProxy> element), so the service fails the same way unless its config says otherwise.
      message: `${message}; a .NET service sends no credentials to a proxy unless its configuration sets <defaultProxy useDefaultCredentials="true">${windowsOnly ? ' (this proxy offers only Windows authentication)' : ''}: ask for the endpoint on the proxy's allow list`,
    };
  }
  if (status === 403) return { code: 'PROXY_FORBIDDEN', kind: 'proxy-denied', message: `the proxy ${proxy} refuses to tunnel to ${target} (HTTP 403): ask for it on the proxy's allow list` };
  if (status === 502 || status === 503 || status === 504 || status === 500) {
    return { code: `PROXY_HTTP_${status}`, kind: 'proxy-upstream', message: `the proxy ${proxy} could not reach ${target} (HTTP ${status})` };
  }
  return { code: `PROXY_HTTP_${status}`, kind: 'proxy-error', message: `the proxy ${proxy} answered HTTP ${status} to CONNECT ${target}` };
}

function tunnelError(err: unknown, target: string, proxy: string): StageError {
  const timed = timerError(err, `CONNECT ${target} through ${proxy}`);
  if (timed) return timed;
  const code = errnoCode(err) ?? 'ERROR';
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'UND_ERR_CLOSED') {
    return { code, kind: 'proxy-closed', message: `the proxy ${proxy} closed the connection during CONNECT ${target}` };
  }
  if (code === 'HPE_INVALID_CONSTANT' || code.startsWith('HPE_')) {
    return { code, kind: 'proxy-protocol', message: `${proxy} did not answer CONNECT like an HTTP proxy (${code})` };
  }
  return { code, kind: 'proxy-error', message: `CONNECT ${target} through ${proxy} failed: ${(err as Error)?.message ?? String(err)}` };
}

/**
 * Sends CONNECT over `socket` (already connected to the proxy, TLS-wrapped for an https proxy). On 200 the returned
 * socket is the raw tunnel to `target`; otherwise the socket is closed and the answer recorded.
 */
export async function openTunnel(socket: Duplex, decision: ProxyDecision, target: string, limits: Limits): Promise<{ stage: TunnelStage; socket?: Duplex }> {
  const proxy = decision.display ?? 'proxy';
  const credentials = decision.authorization !== null;
  const outcome = await runStage(limits, async (signal) => {
    const origin = `${decision.proxy?.protocol ?? 'http:'}//${decision.proxy?.host ?? 'proxy'}`;
    const { client, release } = await clientOnSocket(origin, socket, 'the connection to the proxy is gone');
    signal.addEventListener('abort', release, { once: true });
    try {
      const headers: Record<string, string> = { host: target, 'user-agent': 'clickker-preflight' };
      if (decision.authorization) headers['proxy-authorization'] = decision.authorization;
      const res = await client.connect({ path: target, headers, signal });
      // After CONNECT undici hands the socket over; the client itself is no longer needed.
      void client.close().catch(() => undefined);
      return { status: res.statusCode, headers: res.headers, tunnel: res.socket };
    } catch (err) {
      release();
      throw err;
    }
  });
  if (!outcome.ok) return { stage: { ok: false, credentials, error: tunnelError(outcome.error, target, proxy), ms: outcome.ms } };
  const { status, headers, tunnel } = outcome.value;
  const authenticate = header(headers, 'proxy-authenticate');
  const server = header(headers, 'server') ?? header(headers, 'proxy-agent');
  const base = { status, credentials, ms: outcome.ms, ...(authenticate ? { authenticate } : {}), ...(server ? { server } : {}) };
  if (status === 200) {
    tunnel.on('error', () => undefined);
    return { stage: { ok: true, ...base }, socket: tunnel };
  }
  tunnel.destroy();
  return { stage: { ok: false, ...base, error: tunnelStatusError(status, target, proxy, credentials, authenticate) } };
}
