// The parts of a URL the network checks read, parsed once per distinct text rather than once per host and use: a
// fleet's hosts name the same few endpoints, and `new URL` for each of them was a fifth of network.endpoints' time
// (issue 17, --cpu-prof). WHATWG URL parsing is a pure function of the text (and base), so a kept answer is the answer.

/** What the checks read of a parsed URL (the same strings URL gives). */
export interface UrlParts {
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly protocol: string;
  readonly origin: string;
  readonly pathname: string;
}

// Bounded: a fleet of hosts that each name other URLs (or hostile input) never grows these past LIMIT entries.
const LIMIT = 1024;
const absolute = new Map<string, UrlParts>();
const relative = new Map<string, Map<string, UrlParts>>();

function partsOf(u: URL): UrlParts {
  return { host: u.host, hostname: u.hostname, port: u.port, protocol: u.protocol, origin: u.origin, pathname: u.pathname };
}

/** `new URL(text, base)`'s parts. An invalid URL throws URL's own TypeError, every time (nothing is kept for it). */
export function urlParts(text: string, base?: string): UrlParts {
  if (base === undefined) {
    let parts = absolute.get(text);
    if (parts === undefined) {
      parts = partsOf(new URL(text));
      if (absolute.size >= LIMIT) absolute.clear();
      absolute.set(text, parts);
    }
    return parts;
  }
  let byText = relative.get(base);
  let parts = byText?.get(text);
  if (parts === undefined) {
    parts = partsOf(new URL(text, base));
    if (byText === undefined) {
      if (relative.size >= LIMIT) relative.clear();
      relative.set(base, byText = new Map<string, UrlParts>());
    } else if (byText.size >= LIMIT) byText.clear();
    byText.set(text, parts);
  }
  return parts;
}

const keys = new Map<string, string>();

/** How two endpoint URLs are compared: trailing slashes dropped, case ignored ("https://X.nl/" is "https://x.nl"). */
export function urlKey(url: string): string {
  let key = keys.get(url);
  if (key === undefined) {
    key = url.replace(/\/+$/, '').toLowerCase();
    if (keys.size >= LIMIT) keys.clear();
    keys.set(url, key);
  }
  return key;
}
