// Classifies what mssql/tedious report (error codes, the cause chain) plus what was observed on the connection
// (server error numbers captured through beforeConnect, whether TCP connected, how far the handshake got) into a probe
// error; the words come from failure-messages.ts.
import { describeAddress } from './address.js';
import { ACCESS_NUMBERS, connectTimeout, loginFailure, PHASE_WORDS, trustAdvice, type FailureContext, type SqlFailure } from './failure-messages.js';

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED',
  'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'INVALID_CA', 'HOSTNAME_MISMATCH',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const NET_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EHOSTDOWN', 'EADDRNOTAVAIL']);
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

interface ErrorFacts {
  codes: string[];
  messages: string[];
  /** RequestError.number of the outermost SQL error. */
  number?: number;
  top: string;
}

/** Walks err, originalError, cause and AggregateError.errors (bounded) and collects codes and messages. */
function inspect(err: unknown): ErrorFacts {
  const facts: ErrorFacts = { codes: [], messages: [], top: err instanceof Error ? err.message : String(err) };
  const seen = new Set<unknown>();
  const visit = (e: unknown, depth: number) => {
    if (!e || typeof e !== 'object' || seen.has(e) || depth > 6) return;
    seen.add(e);
    const o = e as { code?: unknown; message?: unknown; number?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
    if (typeof o.code === 'string') facts.codes.push(o.code);
    if (typeof o.message === 'string' && o.message) facts.messages.push(o.message);
    if (typeof o.number === 'number' && facts.number === undefined) facts.number = o.number;
    visit(o.originalError, depth + 1);
    visit(o.cause, depth + 1);
    if (Array.isArray(o.errors)) o.errors.forEach((x) => visit(x, depth + 1));
  };
  visit(err, 0);
  return facts;
}

function connectFailure(err: unknown, f: ErrorFacts, ctx: FailureContext): SqlFailure {
  const { plan } = ctx;
  const where = describeAddress(plan.address);
  const code = f.codes[0];
  // Driver messages repeat the host name; keep it out of the keyword tests (a host called "tlsdb01" is not a TLS error).
  const text = [f.top, ...f.messages].join(' | ').split(plan.address.host).join('<host>');

  if (code === 'ELOGIN' || ctx.serverMessages.some((m) => m.number === 18456 || m.number === 4060)) {
    return loginFailure(ctx, ctx.serverMessages.map((m) => m.number), [text, ...ctx.serverMessages.map((m) => m.message)].join(' '));
  }
  if (code === 'EENCRYPT') {
    return { kind: 'tls', message: `${where} requires encryption (Force Encryption is on), but encryption was turned off for this connection: leave encryption on.` };
  }
  const cert = f.codes.find((c) => CERT_CODES.has(c));
  if (cert || /certificate/i.test(text)) {
    const detail = f.messages.find((m) => /certificate|self.signed|issuer/i.test(m) && !m.startsWith('Failed to connect')) ?? cert ?? 'not trusted';
    return { kind: 'tls', message: `The TLS certificate of ${where} is not trusted (${detail}). ${trustAdvice()}` };
  }
  if (f.codes.some((c) => c.startsWith('ERR_SSL_')) || /ssl|tls|handshake|wrong version number|unsupported protocol/i.test(text)) {
    return {
      kind: 'tls',
      message: `The TLS handshake with ${where} failed (${f.messages.at(-1) ?? f.top}). Older SQL Server builds offer only TLS 1.0/1.1, which this `
        + `client refuses: install the SQL Server update that adds TLS 1.2.`,
    };
  }
  if (code === 'EINSTLOOKUP') {
    const inst = plan.address.instance ?? '';
    if (/not found/i.test(f.top)) {
      return { kind: 'instance-not-found', message: `SQL Server Browser on ${plan.address.host} answered, but knows no instance named '${inst}': check the instance name, or give the port (HOST,PORT).` };
    }
    return {
      kind: 'instance-not-found',
      message: `Could not find the port of instance '${inst}' on ${plan.address.host}: SQL Server Browser (UDP 1434) did not answer (${f.top}). `
        + `Start the SQL Server Browser service or allow UDP 1434 through the firewall, or give the port (HOST\\INSTANCE,PORT).`,
    };
  }
  const dns = f.codes.find((c) => DNS_CODES.has(c));
  if (dns) return { kind: 'unreachable', message: `Cannot resolve the host name '${plan.address.host}' (${dns}): check the name, or use the IP address.` };
  if (f.codes.includes('ECONNREFUSED')) {
    return {
      kind: 'unreachable',
      message: `${where} refused the connection: SQL Server is not running there, listens on another port (named instances usually use a dynamic port), `
        + `or its TCP/IP protocol is disabled.`,
    };
  }
  const net = f.codes.find((c) => NET_CODES.has(c));
  if (net) return { kind: 'unreachable', message: `Cannot reach ${where} (${net}): check the host, the network route and the firewall.` };
  if (code === 'ETIMEOUT' || f.codes.includes('ETIMEOUT') || /timeout|timed out/i.test(text)) return connectTimeout(ctx);
  if (f.codes.some((c) => LOST_CODES.has(c)) || /socket hang up|connection lost|ended without/i.test(text)) {
    if (ctx.phase === 'tls') {
      return { kind: 'tls', message: `${where} closed the connection during the TLS handshake: it may offer only old TLS versions (1.0/1.1), which this client refuses.` };
    }
    return { kind: 'connection-lost', message: `${where} closed the connection during the ${PHASE_WORDS[ctx.phase]} (${f.top}): is it really SQL Server?` };
  }
  return { kind: 'error', message: `Could not connect to ${where}: ${f.top}` };
}

function queryFailure(f: ErrorFacts, ctx: FailureContext): SqlFailure {
  const q = ctx.query!;
  const code = f.codes[0];
  const number = f.number ?? ctx.serverMessages.at(-1)?.number;
  if (number !== undefined && ACCESS_NUMBERS.has(number)) {
    return { kind: 'access-denied', message: `${ctx.plan.login} may not ${q.purpose} (SQL Server error ${number}: ${f.top})` };
  }
  if (code === 'ETIMEOUT' || /timeout/i.test(f.top)) {
    return { kind: 'timeout', message: `SQL Server did not answer the query to ${q.purpose} within ${ctx.timeoutMs} ms (--timeout).` };
  }
  if (code === 'ECLOSE' || code === 'ESOCKET' || code === 'ECONNCLOSED' || f.codes.some((c) => LOST_CODES.has(c)) || /connection (lost|closed)/i.test(f.top)) {
    return { kind: 'connection-lost', message: `The connection to ${describeAddress(ctx.plan.address)} was lost while trying to ${q.purpose} (${f.top}).` };
  }
  return { kind: 'error', message: `Could not ${q.purpose}: ${number !== undefined ? `SQL Server error ${number}: ` : ''}${f.top}` };
}

/** The probe error for a failure while connecting (no query in ctx) or while running ctx.query. */
export function classifySqlFailure(err: unknown, ctx: FailureContext): SqlFailure {
  const f = inspect(err);
  // mssql opens the connection for the queries lazily, so a query can fail because connecting failed.
  const connecting = !ctx.query || (err instanceof Error && err.name === 'ConnectionError');
  return connecting ? connectFailure(err, f, ctx) : queryFailure(f, ctx);
}
