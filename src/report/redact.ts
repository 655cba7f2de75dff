// Every report passes through here: secrets never leave clickker, whatever a probe or a snapshot contained.

// Key names that hold secrets. Not a bare "pass": that is a status count.
const SECRET_KEY = /password|passwd|pwd|secret|token|api[-_]?key|credential|connection[-_]?string/i;
const MASK = '***';
const MAYBE_SECRET = /:\/\/|=/;
/** A value that names what goes there instead of holding it: <password Exact expects>, N'<current password>'. */
const PLACEHOLDER = /^N?(['"]?)<[^<>'"]*>\1$/;

/** Values the user gave us that are secret (e.g. CLICKKER_SQL_PASSWORD); masked wherever they appear. */
const knownSecrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 3) knownSecrets.add(value);
}

/** The secret values registered so far, for a worker thread that redacts on this process' behalf (src/cli/fleet.ts). */
export function registeredSecrets(): string[] {
  return [...knownSecrets];
}

/** Masks secrets inside free text: URL credentials, connection-string passwords, known secret values. */
export function redactText(text: string, values = true): string {
  // Fast path: most strings (summaries, ids) hold neither a URL, an assignment nor a known secret.
  if (!MAYBE_SECRET.test(text) && (!values || knownSecrets.size === 0)) return text;
  let out = text
    // scheme://user:password@host
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:)[^@\s/]+@/gi, `$1${MASK}@`)
    // Password=...; Pwd=...; in connection strings, and T-SQL's PASSWORD = N'...' (the N prefix is part of the value:
    // without it the literal after N stayed readable). A value that is only a <placeholder> is no secret and stays, so
    // remediation T-SQL such as CREATE LOGIN ... WITH PASSWORD = N'<password Exact expects>' is printed as written.
    .replace(/\b(password|pwd)\s*=\s*(N?'[^']*'|"[^"]*"|[^;"'\s]*)/gi, (m: string, key: string, v: string) => (PLACEHOLDER.test(v) ? m : `${key}=${MASK}`));
  if (values) for (const secret of knownSecrets) out = out.split(secret).join(MASK);
  return out;
}

/**
 * A deep copy of `value` with secret-named fields masked and every string scrubbed. `values: false` leaves known
 * secret values alone (only names and patterns are masked): for documents whose structure must survive, such as
 * the install journal, where a short password that happens to equal part of a step id must not rewrite that id.
 */
export function redact<T>(value: T, options: { values?: boolean } = {}): T {
  return walk(value, undefined, options.values ?? true) as T;
}

function walk(value: unknown, key: string | undefined, values: boolean): unknown {
  if (typeof value === 'string') return key !== undefined && SECRET_KEY.test(key) && value !== '' ? MASK : redactText(value, values);
  if (Array.isArray(value)) return value.map((v) => walk(v, undefined, values));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== 'boolean' && typeof v !== 'object' ? MASK : walk(v, k, values);
    }
    return out;
  }
  return value;
}
