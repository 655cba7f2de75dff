// The parts of a URL the network checks read, parsed once per distinct text rather than once per host and use: a
// fleet's hosts name the same few endpoints, and `new URL` for each of them was a fifth of network.endpoints' time
// (issue 17, --cpu-prof). WHATWG URL parsing is a pure function of the text (and base), so a kept answer is the answer.
import { boundedMemo } from '../src/core/bounded-memo.js';

/** What the checks read of a parsed URL (the same strings URL gives). */
export interface UrlParts {
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly protocol: string;
  readonly origin: string;
  readonly pathname: string;
}

// Bounded (boundedMemo): a fleet of hosts that each name other URLs (or hostile input) never grows these past LIMIT
// entries. `new URL` throws for an invalid URL, and nothing is kept for it.
const LIMIT = 1024;

function partsOf(u: URL): UrlParts {
  return { host: u.host, hostname: u.hostname, port: u.port, protocol: u.protocol, origin: u.origin, pathname: u.pathname };
}

const absolute = boundedMemo(LIMIT, (text) => partsOf(new URL(text)));
// Relative texts by their base, each base's own memo.
const relative = boundedMemo(LIMIT, (base) => boundedMemo(LIMIT, (text) => partsOf(new URL(text, base))));

/** `new URL(text, base)`'s parts. An invalid URL throws URL's own TypeError, every time (nothing is kept for it). */
export function urlParts(text: string, base?: string): UrlParts {
  return base === undefined ? absolute(text) : relative(base)(text);
}

/** How two endpoint URLs are compared: trailing slashes dropped, case ignored ("https://X.nl/" is "https://x.nl"). */
export const urlKey = boundedMemo(LIMIT, (url) => url.replace(/\/+$/, '').toLowerCase());
