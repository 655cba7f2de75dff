// The one table of words for SQL probe failures: the kinds, the context a classifier gets, and the messages both
// classifiers (tedious: classify.ts, System.Data.SqlClient: classify-sqlclient.ts) give for the same situation.
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

export const PHASE_WORDS: Record<ConnectPhase, string> = {
  connecting: 'connection', prelogin: 'pre-login handshake', tls: 'TLS handshake', login: 'login', session: 'session set-up', ready: 'request',
};

export function trustAdvice(): string {
  return `Fix it properly: give SQL Server a certificate issued by a CA this machine trusts (or add its CA to this machine's trusted roots). `
    + `${TRUST_OPTION} skips the check: the connection stays encrypted, but anyone who can intercept the traffic can pose as `
    + `the SQL Server and read the login and password, so use it only on a network you trust.`;
}

export function loginFailure(ctx: FailureContext, numbers: readonly number[], text: string): SqlFailure {
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
  // Windows authentication that reached SQL Server as NT AUTHORITY\ANONYMOUS LOGON: the credentials did not make the
  // second hop (clickker ran in a remote session such as Enter-PSSession or Invoke-Command, and the SQL Server is on a
  // third machine). Microsoft: "Login failed for user 'NT AUTHORITY\ANONYMOUS LOGON'" when credentials are not
  // delegated (https://support.microsoft.com/help/2443455), and the second hop in PowerShell remoting
  // (https://learn.microsoft.com/powershell/scripting/security/remoting/ps-remoting-second-hop). The account name is the
  // SQL Server machine's and may be localized there: only the English name is recognised, another falls through to the
  // generic 18456 message below.
  if (numbers.includes(18456) && plan.auth.kind !== 'sql' && /NT AUTHORITY\\ANONYMOUS LOGON/i.test(text)) {
    return {
      kind: 'login-failed',
      message: `${where}: SQL Server saw this connection as NT AUTHORITY\\ANONYMOUS LOGON, not as ${plan.login} (SQL Server error 18456): `
        + 'the Windows credentials did not make the second hop (a Kerberos double hop: clickker runs in a remote session, '
        + 'Enter-PSSession or Invoke-Command, and SQL Server is on another machine). Run clickker in a session on the server itself '
        + '(console or Remote Desktop), or check with a SQL login (--sql-user), or have an administrator set up Kerberos constrained '
        + 'delegation for this server to the SQL Server (CredSSP hands your password to the server: not recommended).',
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

/** The probe error when the overall budget ran out before SQL Server answered. */
export function budgetExhausted(plan: ConnectionPlan, timeoutMs: number, what: string): SqlFailure {
  return { kind: 'timeout', message: `${describeAddress(plan.address)} did not ${what} within the ${timeoutMs} ms budget (--timeout).` };
}

/**
 * Removes every occurrence of each secret value from a driver's message (never a password in a probe error, whatever
 * a driver says). Not the report redactor (src/report/redact.ts): this one knows the values, not the shapes.
 */
export function withoutSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}

/** SQL Server errors that mean "not allowed to see or do this". */
export const ACCESS_NUMBERS = new Set([229, 230, 262, 297, 300, 916, 15151, 15247]);
