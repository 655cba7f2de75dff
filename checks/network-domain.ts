// Whether a redirect left the endpoint's own domain: a web gateway's acceptable-use page or a captive portal answers
// 200 after a 302/307, and that 200 is not the endpoint (standing rule 3: a pass needs evidence for the endpoint itself).
import { urlParts, type UrlParts } from './url-parts.js';

/**
 * Second-level labels under which a country-code TLD registers names (example.co.uk): the registrable domain then has
 * three labels. A deliberate approximation of the Public Suffix List for the endpoints Clickker names; a host under one
 * of these is compared on three labels, everything else on two.
 */
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'ac', 'gov', 'edu', 'ne', 'or']);

/**
 * Sign-in hosts an endpoint may legitimately send a client to. Azure DevOps (sense-applications.visualstudio.com)
 * signs in through these (MicrosoftDocs/azure-devops-docs, docs/organizations/security/allow-list-ip-url.md).
 */
export const SIGN_IN_HOSTS: readonly string[] = ['login.microsoftonline.com', 'login.live.com', 'app.vssps.visualstudio.com', 'aex.dev.azure.com'];

/** The registrable domain of a host name (example.com, example.co.uk); an IP address is its own domain. */
export function registrableDomain(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '').replace(/^\[|\]$/g, '');
  if (/^[\d.]+$/.test(h) || h.includes(':')) return h;
  const labels = h.split('.');
  if (labels.length <= 2) return h;
  const keep = labels.length >= 3 && labels[labels.length - 1]!.length === 2 && SECOND_LEVEL.has(labels[labels.length - 2]!) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** A sentence naming where the client was sent when `finalUrl` is outside `url`'s registrable domain, else null. */
export function offDomain(url: string, finalUrl: string): string | null {
  let from: UrlParts;
  let to: UrlParts;
  try {
    from = urlParts(url);
    to = urlParts(finalUrl, url);
  } catch {
    return null;
  }
  const target = to.hostname.toLowerCase();
  if (registrableDomain(target) === registrableDomain(from.hostname)) return null;
  if (SIGN_IN_HOSTS.includes(target)) return null;
  return `it was sent to ${to.host} (${to.origin}${to.pathname}), outside ${registrableDomain(from.hostname)}: a web gateway, `
    + 'captive portal or block page answered, not the endpoint';
}
