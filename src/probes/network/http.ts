// HTTP stage: one GET over the socket the earlier stages opened (undici client with that socket as its connection).
import type { Duplex } from 'node:stream';
import { clientOnSocket } from './undici.js';
import { errnoCode, runStage, timerError, type Limits } from './stage.js';
import type { StageError } from './types.js';

export type HttpAnswer = {
  status: number;
  location?: string;
  server?: string;
  via?: string;
}

/** The body read before the connection is dropped: enough to tell a portal page, never a download. */
const BODY_LIMIT = 64 * 1024;

const header = (headers: Record<string, string | string[] | undefined>, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
};

/**
 * Whether a final status means "the server was reached and answers": 2xx, 3xx, and the 401/404/405 an API gives to
 * an anonymous GET of its root. 403, 407, other 4xx and 5xx are reported as failures with their reason.
 */
export function statusReached(status: number): boolean {
  return (status >= 200 && status < 400) || status === 401 || status === 404 || status === 405;
}

export function statusError(answer: HttpAnswer, url: string): StageError {
  const { status, via } = answer;
  const by = via ? ` (Via: ${via})` : '';
  if (status === 407) return { code: 'PROXY_AUTH_REQUIRED', kind: 'proxy-auth', message: `a proxy in the path needs authentication (HTTP 407)${by}` };
  if (status === 403) return { code: 'HTTP_403', kind: 'forbidden', message: `${url} answered 403 Forbidden${by}: a filter or proxy block page, or the server refuses this client` };
  if (status >= 500) {
    return via
      ? { code: `HTTP_${status}`, kind: 'proxy-upstream', message: `a proxy${by} answered ${status}: it could not reach ${url}` }
      : { code: `HTTP_${status}`, kind: 'server-error', message: `${url} answered ${status} (server error)` };
  }
  return { code: `HTTP_${status}`, kind: 'http-status', message: `${url} answered HTTP ${status}` };
}

export function httpError(err: unknown, url: string): StageError {
  const timed = timerError(err, `HTTP GET ${url}`);
  if (timed) return timed.kind === 'timeout' ? { ...timed, message: `${timed.message} (no response headers)` } : timed;
  const code = errnoCode(err) ?? 'ERROR';
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'UND_ERR_CLOSED') {
    return { code, kind: 'closed', message: `the connection closed before ${url} answered` };
  }
  if (code.startsWith('HPE_')) return { code, kind: 'not-http', message: `the answer from ${url} is not HTTP (${code})` };
  return { code, kind: 'error', message: `GET ${url} failed: ${(err as Error)?.message ?? String(err)}` };
}

/** GET `url` over `socket`; the socket is closed afterwards whatever happens. */
export async function httpGet(socket: Duplex, url: URL, limits: Limits): Promise<{ ok: true; answer: HttpAnswer; ms: number } | { ok: false; error: StageError; ms: number }> {
  const outcome = await runStage(limits, async (signal) => {
    const { client, release } = await clientOnSocket(url.origin, socket, 'the connection is gone');
    signal.addEventListener('abort', release, { once: true });
    try {
      const res = await client.request({
        method: 'GET',
        path: `${url.pathname || '/'}${url.search}`,
        headers: { host: url.host, 'user-agent': 'clickker-preflight', accept: '*/*' },
        signal,
      });
      await res.body.dump({ limit: BODY_LIMIT }).catch(() => undefined);
      const headers = res.headers as Record<string, string | string[] | undefined>;
      const answer: HttpAnswer = { status: res.statusCode };
      const location = header(headers, 'location');
      const server = header(headers, 'server');
      const via = header(headers, 'via');
      if (location) answer.location = location;
      if (server) answer.server = server;
      if (via) answer.via = via;
      return answer;
    } finally {
      release();
    }
  });
  if (outcome.ok) return { ok: true, answer: outcome.value, ms: outcome.ms };
  return { ok: false, error: httpError(outcome.error, url.href), ms: outcome.ms };
}
