// Classifies a System.Data.SqlClient failure (the route through PowerShell as the current Windows account) by its
// numbers into the same kinds and words as the tedious classifier (failure-messages.ts).
import { describeAddress } from './address.js';
import { ACCESS_NUMBERS, connectTimeout, loginFailure, TRUST_OPTION, type FailureContext, type SqlFailure } from './failure-messages.js';

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
