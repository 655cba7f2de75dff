// Maps every way a SQL probe can fail to a clear probe error { kind, message } that an administrator can act on.
// Inputs are what mssql/tedious report (error codes, the cause chain) plus what we observed on the connection
// (server error numbers captured through beforeConnect, whether TCP connected, how far the handshake got).
import { describeAddress } from './address.js';
import type { ConnectionPlan } from './config.js';
import type { SqlQuery } from './queries.js';

export type SqlFailureKind =
  | 'not-configured' | 'unsupported'
  | 'unreachable' | 'instance-not-found' | 'tls'
  | 'login-failed' | 'windows-auth-only' | 'cannot-open-database'
  | 'access-denied' | 'timeout' | 'connection-lost' | 'cancelled' | 'bad-output' | 'error';

export interface SqlFailure {
  kind: SqlFailureKind;
  message: string;
}

export interface ServerMessageSeen {
  number: number;
  message: string;
}

/** How far a connection got, observed through tedious' events. */
export type ConnectPhase = 'connecting' | 'prelogin' | 'tls' | 'login' | 'session' | 'ready';

export interface FailureContext {
  plan: ConnectionPlan;
  /** Error tokens the server sent (login errors carry their number only here). */
  serverMessages: readonly ServerMessageSeen[];
  /** Whether a TCP connection was established. */
  tcpConnected: boolean;
  phase: ConnectPhase;
  /** The timeout in force for the stage that failed. */
  timeoutMs: number;
  /** The query that failed; absent while connecting. */
  query?: SqlQuery;
}

export const TRUST_OPTION = '--sql-trust-server-certificate';

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED',
  'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'INVALID_CA', 'HOSTNAME_MISMATCH',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const NET_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EHOSTDOWN', 'EADDRNOTAVAIL']);
const LOST_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
/** SQL Server errors that mean "not allowed to see or do this". */
const ACCESS_NUMBERS = new Set([229, 230, 262, 297, 300, 916, 15151, 15247]);

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

const PHASE_WORDS: Record<ConnectPhase, string> = {
  connecting: 'connection', prelogin: 'pre-login handshake', tls: 'TLS handshake', login: 'login', session: 'session set-up', ready: 'request',
};

function trustAdvice(): string {
  return `Fix it properly: give SQL Server a certificate issued by a CA this machine trusts (or add its CA to this machine's trusted roots). `
    + `${TRUST_OPTION} skips the check: the connection stays encrypted, but anyone who can intercept the traffic can pose as `
    + `the SQL Server and read the login and password, so use it only on a network you trust.`;
}

function loginFailure(ctx: FailureContext, numbers: readonly number[], text: string): SqlFailure {
  const { plan } = ctx;
  const who = plan.auth.kind === 'ntlm' ? `the Windows account ${plan.login}` : `the login ${plan.login}`;
  const where = describeAddress(plan.address);
  if (numbers.includes(4060)) {
    return {
      kind: 'cannot-open-database',
      message: `${where}: ${who} cannot open the database '${plan.database ?? '(default)'}' (SQL Server error 4060): it does not exist, is offline, `
        + `or the login has no access to it. Leave the database out to use the login's default database.`,
    };
  }
  if (numbers.includes(18486)) return { kind: 'login-failed', message: `${where}: ${who} is locked out (SQL Server error 18486) after too many wrong passwords; an administrator must unlock it.` };
  if (numbers.includes(18487)) return { kind: 'login-failed', message: `${where}: the password of ${who} has expired (SQL Server error 18487).` };
  if (numbers.includes(18488)) return { kind: 'login-failed', message: `${where}: the password of ${who} must be changed before it can log in (SQL Server error 18488).` };
  if (plan.auth.kind === 'sql' && (numbers.includes(18452) || /windows authentication/i.test(text))) {
    return {
      kind: 'windows-auth-only',
      message: `${where} refused SQL authentication for ${who}${numbers.includes(18452) ? ' (SQL Server error 18452)' : ''}: `
        + `the server accepts Windows authentication only, so no SQL login (BACO included) can log in. `
        + `Switch the instance to SQL Server and Windows Authentication mode, or connect with a Windows account to check.`,
    };
  }
  if (numbers.includes(18452)) {
    return {
      kind: 'login-failed',
      message: `${where}: SQL Server cannot authenticate ${who} (SQL Server error 18452, untrusted domain): check the domain and user name, `
        + `and that the SQL Server's machine trusts that domain.`,
    };
  }
  const causes = plan.auth.kind === 'ntlm'
    ? 'a wrong password or user name; the account has no login on this SQL Server (neither directly nor through an AD group); '
      + 'its default database is unavailable'
    : `a wrong password; there is no login named ${plan.login}, or it is disabled; the server accepts Windows authentication only `
      + '(then no SQL login can log in, BACO included); the login\'s default database is unavailable';
  const num = numbers.includes(18456) ? 'SQL Server error 18456' : numbers.length ? `SQL Server error ${numbers.join(', ')}` : 'login refused';
  return {
    kind: 'login-failed',
    message: `${where}: login failed for ${who} (${num}). SQL Server does not tell the client why; the usual causes are ${causes}. `
      + `The exact reason is in the SQL Server error log (the State of error 18456).`,
  };
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

/** The probe error when connecting outlived its time: where it got to decides between unreachable and timeout. */
export function connectTimeout(ctx: FailureContext): SqlFailure {
  const { plan, timeoutMs } = ctx;
  const where = describeAddress(plan.address);
  if (!ctx.tcpConnected && plan.address.instance !== undefined && plan.address.port === undefined) {
    return {
      kind: 'unreachable',
      message: `No answer for instance '${plan.address.instance}' on ${plan.address.host} within ${timeoutMs} ms: SQL Server Browser (UDP 1434) is stopped `
        + `or blocked, or the instance's TCP port is blocked. Give the port (HOST\\INSTANCE,PORT) to bypass the Browser.`,
    };
  }
  if (!ctx.tcpConnected) {
    return { kind: 'unreachable', message: `No answer from ${where} within ${timeoutMs} ms: the host is down or unreachable, a firewall drops the traffic, or the port is wrong.` };
  }
  return {
    kind: 'timeout',
    message: `Connected to ${where}, but the ${PHASE_WORDS[ctx.phase]} did not finish within ${timeoutMs} ms (--timeout): the server is not answering like SQL Server, or is overloaded.`,
  };
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

/** The probe error when the overall budget ran out before SQL Server answered. */
export function budgetExhausted(plan: ConnectionPlan, timeoutMs: number, what: string): SqlFailure {
  return { kind: 'timeout', message: `${describeAddress(plan.address)} did not ${what} within the ${timeoutMs} ms budget (--timeout).` };
}

/** Removes every occurrence of each secret from a text (messages never carry a password, whatever a driver says). */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}
