// Every report, log line and error message passes through here: secrets never leave clickker, whatever a probe,
// a snapshot or a user's typo contained. Redaction follows the structure a secret sits in (a connection string's
// grammar with its braces and quotes, a URL's userinfo, a JSON key, an HTTP authentication header, key=value and
// "Password: x" lines) and masks the value only, so text that holds no secret (a T-SQL fix with a placeholder)
// reads the same afterwards.

// Key names that hold secrets, for structured documents (a JSON key, an object field). Not a bare "pass": that is a
// status count.
const SECRET_KEY = /password|passwd|pwd|secret|token|api[-_]?key|credential|connection[-_]?string|authorization|cookie|private[-_]?key|access[-_]?key|account[-_]?key/i;
/** What a masked value reads (redacted-json.ts writes it too). */
export const MASK = '***';

// Words that name a secret in free text. `=` assignments may carry a prefix (sql_password=, CLICKKER_SQL_PASSWORD=);
// the `:` form only stands alone ("Password: x"), so "CLICKKER_SERVICE_ACCOUNT_PASSWORD: missing" names a variable
// and keeps its explanation.
const WORD = String.raw`(?:password|passwd|passphrase|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|account[-_]?key|shared[-_]?access[-_]?key|client[-_]?secret|private[-_]?key|auth[-_]?token)`;

// Values as a connection string (ADO.NET, ODBC) or T-SQL writes them: {braced with }} inside}, "double" or 'single'
// quoted with the quote doubled (or backslash-escaped), N'unicode', or bare up to ; & or the end of the line.
const QUOTED = String.raw`\{(?:[^}]|\}\})*\}?|"(?:[^"\\]|""|\\.)*"?|N?'(?:[^']|'')*'?`;
const BARE_ASSIGNED = String.raw`[^;&\r\n]*`;
const BARE_COLON = String.raw`[^;,}\r\n]*`;

const ASSIGNED = new RegExp(String.raw`(?<![\w.-])([\w.-]*${WORD}[\w-]*)(\s*=\s*)(${QUOTED}|${BARE_ASSIGNED})`, 'gi');
const COLON = new RegExp(String.raw`(?<![\w-])((?:x-)?${WORD})(\s*:[ \t]*)(${QUOTED}|${BARE_COLON})`, 'gi');
const JSON_KEY = new RegExp(String.raw`(["'])([^"'\\\r\n]*?${SECRET_KEY.source}[^"'\\\r\n]*)\1(\s*:\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d[\d.eE+-]*)`, 'gi');
const AUTH_HEADER = /(?<![\w-])((?:proxy-)?authorization|(?:set-)?cookie)(\s*:[ \t]*)(?:(basic|bearer|digest|negotiate|ntlm|token|apikey)([ \t]+))?([^\r\n]*)/gi;
const BEARER = /\b(bearer)([ \t]+)([A-Za-z0-9._~+/=-]{6,})/gi;
// scheme://userinfo@host: the authority ends at the first / ? # \ or space, and, as WHATWG URL parses it, the userinfo
// runs to the LAST @ inside it (http://svc:p@ss@proxy has the password "p@ss").
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#\\@]*(?:@[^\s/?#\\@]*)*)@/gi;

// Cheap pre-test: most strings (ids, summaries) have none of these and skip the regular expressions.
const MAYBE_SECRET = /[=:@]|bearer/i;

/** Values the user gave us that are secret (e.g. CLICKKER_SQL_PASSWORD); masked wherever they appear. */
const knownSecrets = new Set<string>();

export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 3) knownSecrets.add(value);
}

/** Placeholders in a fix ("<password Exact expects>", "…") are not secrets: they stay as written. */
function isPlaceholder(inner: string): boolean {
  const s = inner.trim();
  return s === '' || /^<[^<>]*>$/.test(s) || /^(…|\.\.\.|\*+)$/.test(s);
}

/** The masked form of one value, keeping its quoting so the surrounding text keeps its shape. */
function maskValue(value: string): string {
  const quote = /^(N?')([\s\S]*?)'?$/.exec(value) ?? /^(")([\s\S]*?)"?$/.exec(value);
  if (quote) return isPlaceholder(quote[2]!) ? value : `${quote[1]}${MASK}${quote[1]!.endsWith("'") ? "'" : '"'}`;
  if (value.startsWith('{')) return isPlaceholder(value.slice(1, -1)) ? value : `{${MASK}}`;
  const trailing = /\s*$/.exec(value)![0];
  const bare = value.slice(0, value.length - trailing.length);
  return bare === '' || isPlaceholder(bare) ? value : `${MASK}${trailing}`;
}

/**
 * Whether redactText(text) is `text` itself, known without running its expressions: nothing a secret's structure
 * needs (MAYBE_SECRET) and no registered secret inside. A fleet's strings are mostly such (ids, words, paths).
 */
export function holdsNoSecret(text: string): boolean {
  if (MAYBE_SECRET.test(text)) return false;
  for (const secret of knownSecrets) if (text.includes(secret)) return false;
  return true;
}

/** Changes whenever a secret is registered: a redacted copy made under an older generation may miss one. */
export function secretsGeneration(): number {
  return knownSecrets.size;
}

/**
 * `compute` (a text's redacted form) with a bounded memo: a fleet's hosts repeat the same titles, summaries, keys and
 * values, and each is worked out once (issue 17). The memo holds for the secrets registered so far (one registered
 * since may be inside a kept text, so it starts over); texts over `maxChars` are not kept, and past `maxEntries` it
 * starts over.
 */
export function redactedTextMemo(compute: (text: string) => string, maxEntries: number, maxChars: number): (text: string) => string {
  const memo = new Map<string, string>();
  let generation = -1;
  return (text) => {
    if (knownSecrets.size !== generation) {
      memo.clear();
      generation = knownSecrets.size;
    }
    let out = memo.get(text);
    if (out === undefined) {
      out = compute(text);
      if (text.length <= maxChars) {
        if (memo.size >= maxEntries) memo.clear();
        memo.set(text, out);
      }
    }
    return out;
  };
}

/** The secret values registered so far, for a worker thread that redacts on this process' behalf (src/cli/fleet.ts). */
export function registeredSecrets(): string[] {
  return [...knownSecrets];
}

/** Masks secrets inside free text by structure, and (unless `values` is false) every registered secret value. */
export function redactText(text: string, values = true): string {
  let out = text;
  if (MAYBE_SECRET.test(out)) {
    const memo = text.length <= STRUCTURE_MEMO_CHARS;
    const known = memo ? byStructure.get(text) : undefined;
    out = known ?? maskByStructure(text);
    if (memo && known === undefined) {
      if (byStructure.size >= STRUCTURE_MEMO_MAX) byStructure.clear();
      byStructure.set(text, out);
    }
  }
  if (values) for (const secret of knownSecrets) if (out.includes(secret)) out = out.split(secret).join(MASK);
  return out;
}

/**
 * Texts already masked by structure (which depends on the text alone): a fleet's hosts repeat the same remediations,
 * commands and summaries, and running the expressions over each again was a tenth of a fleet's time (issue 17).
 */
const byStructure = new Map<string, string>();
const STRUCTURE_MEMO_MAX = 2048;
/** Only short texts are kept (a few MB at most); a long one is rarely repeated anyway. */
const STRUCTURE_MEMO_CHARS = 512;

function maskByStructure(text: string): string {
  return text
    .replace(AUTH_HEADER, (_m, name: string, sep: string, scheme: string | undefined, gap: string | undefined, rest: string) =>
      (rest.trim() === '' ? `${name}${sep}${scheme ?? ''}${gap ?? ''}${rest}` : `${name}${sep}${scheme ? `${scheme}${gap}` : ''}${MASK}`))
    .replace(BEARER, (_m, word: string, gap: string) => `${word}${gap}${MASK}`)
    .replace(JSON_KEY, (_m, q: string, key: string, sep: string, value: string) =>
      `${q}${key}${q}${sep}${/^["']/.test(value) ? (value.length <= 2 ? value : `${value[0]}${MASK}${value[0]}`) : MASK}`)
    .replace(ASSIGNED, (_m, key: string, sep: string, value: string) => `${key}${sep}${maskValue(value)}`)
    .replace(COLON, (_m, key: string, sep: string, value: string) => `${key}${sep}${maskValue(value)}`)
    .replace(URL_USERINFO, (_m, scheme: string) => `${scheme}${MASK}@`);
}

/**
 * A deep copy of `value` with secret-named fields masked and every string scrubbed. `values: false` leaves known
 * secret values alone (only names and patterns are masked): for documents whose structure must survive, such as
 * the install journal, where a short password that happens to equal part of a step id must not rewrite that id.
 */
export function redact<T>(value: T, options: { values?: boolean } = {}): T {
  return walk(value, undefined, options.values ?? true, new Map()) as T;
}

/**
 * SECRET_KEY's answer per key name: a fleet's results repeat the same few dozen keys in every host, and the expression
 * ran on each key of each object (issue 17). At most SECRET_KEY_MEMO_MAX names are kept (then the memo starts over).
 */
const secretKeys = new Map<string, boolean>();
const SECRET_KEY_MEMO_MAX = 4096;
/** Whether a key names a secret (a JSON key, an object field): what masksValue asks of the key. */
export function isSecretKey(key: string): boolean {
  if (key.length > 256) return SECRET_KEY.test(key); // a long name from a hostile file is not kept
  let known = secretKeys.get(key);
  if (known === undefined) {
    known = SECRET_KEY.test(key);
    if (secretKeys.size >= SECRET_KEY_MEMO_MAX) secretKeys.clear();
    secretKeys.set(key, known);
  }
  return known;
}

/**
 * A field whose value is masked whole: a secret's name over a scalar (a boolean says nothing; objects are walked).
 * `secretKey`: isSecretKey(key) when the caller already knows it (the report writer keeps it with the key's text).
 */
export function masksValue(key: string, value: unknown, secretKey?: boolean): boolean {
  return value !== null && value !== undefined && typeof value !== 'boolean' && typeof value !== 'object' && (secretKey ?? isSecretKey(key));
}

/**
 * redact() for a value that is only serialized, never changed: what holds no secret comes back as it is instead of
 * copied (issue 17: a fleet's results are mostly clean, and copying each was a tenth of writing its JSON report).
 * JSON.stringify gives the same text for the value returned as for redact()'s copy: only plain objects and arrays are
 * passed through; anything else (a Set, a Date, a class instance) goes to redact()'s own copying walk.
 */
export function redactForText<T>(value: T): T {
  return walkShared(value, undefined, new Map()) as T;
}

/** A plain object or array (what JSON.parse and object literals make), not a Set, a Date or a class instance. */
export function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return Array.isArray(value) ? proto === Array.prototype : proto === Object.prototype || proto === null;
}

/** walk() with values masked, returning `value` itself when nothing in it changes. */
function walkShared(value: unknown, key: string | undefined, copies: Map<object, unknown>): unknown {
  if (typeof value === 'string') return walk(value, key, true, copies);
  if (!value || typeof value !== 'object') return value;
  // An own "__proto__" key (JSON.parse makes one) is dropped or turned into a prototype by walk()'s copy: it keeps
  // that copy, so the text stays what it was.
  if (!isPlain(value) || Object.hasOwn(value, '__proto__')) return walk(value, key, true, copies);
  const seen = copies.get(value);
  if (seen !== undefined) return seen;
  copies.set(value, value); // a cycle meets itself unchanged, as it would meet its copy in walk()
  let out: unknown[] | Record<string, unknown> | undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const v: unknown = value[i];
      const w = walkShared(v, undefined, copies);
      if (w !== v && out === undefined) out = value.slice(0, i);
      if (out !== undefined) (out as unknown[]).push(w);
    }
  } else {
    const entries: [string, unknown][] = Object.entries(value);
    for (let i = 0; i < entries.length; i += 1) {
      const [k, v] = entries[i]!;
      const w = masksValue(k, v) ? MASK : walkShared(v, k, copies);
      if (w !== v && out === undefined) out = Object.fromEntries(entries.slice(0, i));
      if (out !== undefined) (out as Record<string, unknown>)[k] = w;
    }
  }
  if (out === undefined) return value;
  copies.set(value, out);
  return out;
}

/**
 * `copies`: each object already copied in this walk. An object's copy does not depend on where it is met (the key
 * above it only matters for a string), so an object met twice is copied once: an evaluation holds each result in its
 * host, in its results and in the deciding results (issue 17: three walks of every result at every report).
 */
function walk(value: unknown, key: string | undefined, values: boolean, copies: Map<object, unknown>): unknown {
  if (typeof value === 'string') return key !== undefined && isSecretKey(key) && value !== '' ? MASK : redactText(value, values);
  if (Array.isArray(value)) return value.map((v) => walk(v, undefined, values, copies));
  if (value instanceof Set) return new Set([...value].map((v) => walk(v, undefined, values, copies)));
  if (value && typeof value === 'object') {
    const seen = copies.get(value);
    if (seen !== undefined) return seen;
    const out: Record<string, unknown> = {};
    copies.set(value, out);
    for (const [k, v] of Object.entries(value)) {
      out[k] = masksValue(k, v) ? MASK : walk(v, k, values, copies);
    }
    return out;
  }
  return value;
}
