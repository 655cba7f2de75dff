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
  const who = plan.auth.kind === 'sql' ? `the login ${plan.login}` : `the Windows account ${plan.login}`;
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
    : plan.auth.kind === 'integrated'
      ? 'the account has no login on this SQL Server (neither directly nor through an AD group), or it is denied or disabled; '
        + 'its default database is unavailable; run clickker as the account whose rights you want to see'
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

/**
 * What System.Data.SqlClient reported, as sqlQuery.ps1 prints it: SqlException.Number (a SQL Server error, -2 for a
 * timeout, -1 for a generic network-interface error, a Winsock or SChannel code for the network and TLS), the
 * individual SqlErrors, and the inner-exception chain with Win32 native error codes.
 */
export interface SqlClientError {
  number: number | null;
  message: string;
  errors: readonly { number: number; message: string; class?: number | null; state?: number | null }[];
  exceptions: readonly { type: string; message: string; hresult?: number | null; nativeErrorCode?: number | null }[];
}

/** SQL Server errors of a refused login. */
const LOGIN_NUMBERS = [18456, 18452, 4060, 18486, 18487, 18488];
/** Winsock errors behind "a network-related or instance-specific error". */
const WSA_DNS = new Set([11001, 11002, 11003, 11004]);
const WSA_REFUSED = 10061;
const WSA_TIMEDOUT = 10060;
const WSA_UNREACHABLE = new Set([10050, 10051, 10064, 10065, 53, 1231]);
const WSA_LOST = new Set([10053, 10054, 64, 232, 233, 109]);
/** SChannel / certificate-chain HRESULTs (as signed 32-bit numbers) that mean "this certificate is not trusted". */
const SCHANNEL_CERT: Readonly<Record<number, string>> = {
  [-2146893019]: 'the certificate chain was issued by an authority that is not trusted (SEC_E_UNTRUSTED_ROOT)',
  [-2146893022]: 'the certificate is not for this server name (SEC_E_WRONG_PRINCIPAL)',
  [-2146893016]: 'the certificate has expired (SEC_E_CERT_EXPIRED)',
  [-2146893017]: 'the certificate is unknown (SEC_E_CERT_UNKNOWN)',
  [-2146762487]: 'the root certificate is not trusted (CERT_E_UNTRUSTEDROOT)',
  [-2146762495]: 'the certificate has expired (CERT_E_EXPIRED)',
  [-2146762481]: 'the certificate is not for this server name (CERT_E_CN_NO_MATCH)',
  [-2146762486]: 'the certificate chain does not lead to a trusted root (CERT_E_CHAINING)',
};
/** SChannel HRESULTs of a handshake that fails before any certificate is judged: no common protocol or cipher. */
const SCHANNEL_HANDSHAKE = new Set([-2146893007, -2146893048, -2146893018]);

/**
 * The probe error for a System.Data.SqlClient failure (the route through PowerShell, current Windows account): the
 * same kinds and, where the same thing happened, the same words as for mssql/tedious. Numbers decide, never the
 * message text, which Windows localizes; the message is only quoted.
 */
export function classifySqlClientFailure(e: SqlClientError, ctx: FailureContext): SqlFailure {
  const { plan } = ctx;
  const where = describeAddress(plan.address);
  const numbers = [...new Set([e.number, ...e.errors.map((x) => x.number)].filter((n): n is number => typeof n === 'number'))];
  const codes = [...new Set([...numbers, ...e.exceptions.flatMap((x) => [x.nativeErrorCode, x.hresult])].filter((n): n is number => typeof n === 'number'))];
  const has = (n: number) => codes.includes(n);
  const text = [e.message, ...e.errors.map((x) => x.message)].join(' ');
  const quoted = e.message.replace(/\s+/g, ' ').trim();

  if (ctx.query) {
    const q = ctx.query;
    // The connection is opened for every query (SqlClient pools it), so a query can fail because connecting failed.
    const connectLike = [...LOGIN_NUMBERS, WSA_REFUSED, WSA_TIMEDOUT, 20, -1, ...WSA_DNS, ...WSA_UNREACHABLE].some(has)
      || codes.some((c) => SCHANNEL_CERT[c] !== undefined || SCHANNEL_HANDSHAKE.has(c));
    const denied = numbers.find((n) => ACCESS_NUMBERS.has(n));
    if (denied !== undefined) return { kind: 'access-denied', message: `${plan.login} may not ${q.purpose} (SQL Server error ${denied}: ${quoted})` };
    if (connectLike) return connectFailureClient();
    if (has(-2)) return { kind: 'timeout', message: `SQL Server did not answer the query to ${q.purpose} within ${ctx.timeoutMs} ms (--timeout).` };
    if (codes.some((c) => WSA_LOST.has(c))) return { kind: 'connection-lost', message: `The connection to ${where} was lost while trying to ${q.purpose} (${quoted}).` };
    const number = numbers[0];
    return { kind: 'error', message: `Could not ${q.purpose}: ${number !== undefined ? `SQL Server error ${number}: ` : ''}${quoted}` };
  }
  return connectFailureClient();

  function connectFailureClient(): SqlFailure {
    if (LOGIN_NUMBERS.some(has)) return loginFailure(ctx, numbers, text);
    // Kerberos could not get a ticket for the server (missing or duplicate SPN): "Cannot generate SSPI context".
    if (/\bSSPI\b/.test(text)) {
      return {
        kind: 'login-failed',
        message: `${where}: Windows could not authenticate the account ${plan.login} to SQL Server (${quoted}). This is usually Kerberos: `
          + `the SQL Server service account has no (or a duplicate) service principal name MSSQLSvc/${plan.address.host}, or the clocks differ; `
          + `an administrator can check with setspn -L <service account>.`,
      };
    }
    const cert = codes.find((c) => SCHANNEL_CERT[c] !== undefined);
    if (cert !== undefined) {
      return {
        kind: 'tls',
        message: `The TLS certificate of ${where} is not trusted: ${SCHANNEL_CERT[cert]} (${quoted}). Fix it properly: give SQL Server a `
          + `certificate issued by a CA this machine trusts (or add its CA to this machine's Trusted Root Certification Authorities). `
          + `${TRUST_OPTION} skips the check: the connection stays encrypted, but anyone who can intercept the traffic can pose as the `
          + `SQL Server, so use it only on a network you trust.`,
      };
    }
    if (codes.some((c) => SCHANNEL_HANDSHAKE.has(c))) {
      return {
        kind: 'tls',
        message: `The TLS handshake with ${where} failed (${quoted}): client and server share no TLS version or cipher. Older SQL Server builds `
          + `offer only TLS 1.0/1.1; install the SQL Server update that adds TLS 1.2, or check this machine's SCHANNEL settings.`,
      };
    }
    // SNI error 20: the server does not support encryption, but Encrypt=True was asked for.
    if (has(20) && plan.encrypt) {
      return { kind: 'tls', message: `${where} does not support encryption, and clickker asked for it (${quoted}): give SQL Server a certificate and let it encrypt.` };
    }
    if (codes.some((c) => WSA_DNS.has(c))) {
      return { kind: 'unreachable', message: `Cannot resolve the host name '${plan.address.host}' (${quoted}): check the name, or use the IP address.` };
    }
    if (has(WSA_REFUSED)) {
      return {
        kind: 'unreachable',
        message: `${where} refused the connection: SQL Server is not running there, listens on another port (named instances usually use a dynamic port), `
          + `or its TCP/IP protocol is disabled.`,
      };
    }
    if (has(WSA_TIMEDOUT)) return connectTimeout({ ...ctx, tcpConnected: false });
    if (codes.some((c) => WSA_UNREACHABLE.has(c))) return { kind: 'unreachable', message: `Cannot reach ${where} (${quoted}): check the host, the network route and the firewall.` };
    // -1 is the SQL Network Interfaces' own error; for a named instance without a port it is error 26, "Error Locating
    // Server/Instance Specified": SQL Server Browser did not answer, or does not know the instance.
    if (has(-1) && plan.address.instance !== undefined && plan.address.port === undefined) {
      return {
        kind: 'instance-not-found',
        message: `Could not find instance '${plan.address.instance}' on ${plan.address.host} (${quoted}): SQL Server Browser (UDP 1434) did not answer `
          + `or knows no such instance. Check the instance name, start the SQL Server Browser service or allow UDP 1434, or give the port (HOST\\INSTANCE,PORT).`,
      };
    }
    if (has(-2)) {
      // SqlClient names the phase it timed out in ("[Pre-Login] initialization=...; handshake=..."): a handshake that
      // took time means TCP was connected.
      const connected = /handshake=[1-9]|\[(?:Login|Post-Login)\]/i.test(text);
      return connectTimeout({ ...ctx, tcpConnected: connected, phase: connected ? 'login' : ctx.phase });
    }
    if (codes.some((c) => WSA_LOST.has(c))) {
      return { kind: 'connection-lost', message: `${where} closed the connection while connecting (${quoted}): is it really SQL Server, and does it offer a TLS version this machine accepts?` };
    }
    return { kind: 'error', message: `Could not connect to ${where}: ${numbers.length ? `error ${numbers.join(', ')}: ` : ''}${quoted}` };
  }
}
