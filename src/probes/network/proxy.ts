// Which proxy carries a request: --proxy, else HTTPS_PROXY/HTTP_PROXY, unless NO_PROXY sends the host direct.
// Credentials never leave this module in clear: the shown form is http://***@host:port.

export interface ProxyDecision {
  /** The proxy to use, credentials included (for the Proxy-Authorization header only), or null for direct. */
  proxy: URL | null;
  /** The proxy as shown in facts and messages, credentials replaced by ***. */
  display: string | null;
  /** What decided: "--proxy", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "--proxy direct", "none". */
  decidedBy: string;
  /** The NO_PROXY entry that matched, when NO_PROXY decided. */
  bypass: string | null;
  /** The Proxy-Authorization header value (Basic), when the proxy URL carries credentials. */
  authorization: string | null;
  /** Set when the chosen proxy setting is not a usable URL: why (credentials already removed). */
  invalid?: string;
}

export interface ProxySettings {
  /** --proxy URL; "direct" or "none" forces direct connections whatever the environment says. */
  proxy?: string;
  env?: NodeJS.ProcessEnv;
}

/** Replaces user and password in every URL within a string with ***; leaves everything else as it is. */
export function redactUrl(value: string): string {
  return value.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^@/?#\s]*@/gi, '$1***@');
}

/** Parses a proxy setting; a bare "host:port" means http://host:port. Throws a message without the credentials. */
export function parseProxyUrl(value: string): URL {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`not a proxy URL: ${redactUrl(text)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported proxy scheme ${url.protocol} in ${redactUrl(text)} (http: or https: only)`);
  return url;
}

export function displayProxy(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.protocol}//${url.username || url.password ? '***@' : ''}${url.hostname}:${port}`;
}

function basicAuth(url: URL): string | null {
  if (!url.username && !url.password) return null;
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

const defaultPort = (protocol: string) => (protocol === 'https:' ? '443' : '80');

/**
 * The NO_PROXY entry that matches `target`, if any. Entries are separated by commas or spaces; "*" matches every
 * host; "example.com", ".example.com" and "*.example.com" match the domain and its subdomains; "host:port" matches
 * that port only; IP addresses match exactly. (CIDR ranges are not supported.)
 */
export function noProxyMatch(target: URL, noProxy: string | undefined): string | null {
  if (!noProxy) return null;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || defaultPort(target.protocol);
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return raw.trim();
    let name = entry;
    let entryPort: string | undefined;
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
    if (m) { name = m[1] as string; entryPort = m[2]; }
    name = name.replace(/^\[|\]$/g, '').replace(/^\*?\./, '');
    if (entryPort && entryPort !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return raw.trim();
  }
  return null;
}

function fromEnv(env: NodeJS.ProcessEnv, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value && value.trim()) return { name, value: value.trim() };
  }
  return undefined;
}

const DIRECT: Omit<ProxyDecision, 'decidedBy' | 'bypass'> = { proxy: null, display: null, authorization: null };

/**
 * Decides the route for one URL. Like undici's EnvHttpProxyAgent and curl: lower-case variables win over upper-case,
 * an https URL uses HTTPS_PROXY and falls back to HTTP_PROXY, NO_PROXY applies to --proxy as well.
 */
export function decideProxy(target: URL, settings: ProxySettings = {}): ProxyDecision {
  const env = settings.env ?? process.env;
  const explicit = settings.proxy?.trim();
  if (explicit && /^(direct|none)$/i.test(explicit)) return { ...DIRECT, decidedBy: '--proxy direct', bypass: null };
  let chosen: { name: string; value: string } | undefined;
  if (explicit) chosen = { name: '--proxy', value: explicit };
  else if (target.protocol === 'https:') chosen = fromEnv(env, ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']);
  else chosen = fromEnv(env, ['http_proxy', 'HTTP_PROXY']);
  if (!chosen) return { ...DIRECT, decidedBy: 'none', bypass: null };
  const noProxy = fromEnv(env, ['no_proxy', 'NO_PROXY']);
  const bypass = noProxyMatch(target, noProxy?.value);
  if (bypass !== null) return { ...DIRECT, decidedBy: noProxy?.name ?? 'NO_PROXY', bypass };
  let proxy: URL;
  try {
    proxy = parseProxyUrl(chosen.value);
  } catch (err) {
    return { ...DIRECT, display: redactUrl(chosen.value), decidedBy: chosen.name, bypass: null, invalid: (err as Error).message };
  }
  return { proxy, display: displayProxy(proxy), decidedBy: chosen.name, bypass: null, authorization: basicAuth(proxy) };
}

/** Removes every trace of the proxy's credentials from a message (raw, percent-encoded and Basic forms). */
export function scrubSecrets(message: string, decision: ProxyDecision | undefined): string {
  if (!decision?.proxy) return message;
  let out = redactUrl(message);
  // The password in every form it may take; the user name is only hidden in URLs (replacing it everywhere would
  // mangle ordinary words).
  const { password } = decision.proxy;
  const secrets = [password, safeDecode(password), decision.authorization?.slice(6)]
    .filter((s): s is string => typeof s === 'string' && s.length >= 3);
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
