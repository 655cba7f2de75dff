// TLS inspection: a chain that verifies only against a root that is not public (a corporate intercepting proxy whose
// CA the machine trusts), or whose issuers are not the expected family, or that names the right host but ends in an
// untrusted root (an intercepting proxy whose CA this machine does not trust: suspected).
import { X509Certificate } from 'node:crypto';
import tls, { type DetailedPeerCertificate } from 'node:tls';
import { isSelfSigned, renderName, shortName } from './certs.js';

export interface PublicRoots {
  fingerprints: ReadonlySet<string>;
  certificates: readonly X509Certificate[];
}

const cache = new WeakMap<readonly (string | Buffer)[], PublicRoots>();

/** Parses the public roots once per list (Node's bundle by default); unparsable entries are left out. */
export function publicRootSet(roots: readonly (string | Buffer)[] = tls.rootCertificates): PublicRoots {
  const hit = cache.get(roots);
  if (hit) return hit;
  const certificates: X509Certificate[] = [];
  for (const pem of roots) {
    try { certificates.push(new X509Certificate(pem)); } catch { /* not a certificate */ }
  }
  const set = { fingerprints: new Set(certificates.map((c) => c.fingerprint256)), certificates };
  cache.set(roots, set);
  return set;
}

export type Inspection = {
  inspectedBy: string;
  reason: 'private-root' | 'unexpected-issuer' | 'untrusted-root';
  root: string | null;
  suspected?: boolean;
}

/** Verification errors that mean "this chain ends in a CA I do not know". */
const UNTRUSTED_ROOT = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

function anchoredInPublicRoot(top: DetailedPeerCertificate, roots: PublicRoots): boolean {
  if (roots.fingerprints.has(top.fingerprint256)) return true;
  if (isSelfSigned(top) || !top.raw) return false;
  try {
    const x = new X509Certificate(top.raw);
    return roots.certificates.some((r) => x.checkIssued(r) && x.verify(r.publicKey));
  } catch {
    return false;
  }
}

/** Whether any issuer in the chain belongs to one of the expected families (substring of CN or O, any case). */
export function matchesExpectedIssuer(chain: readonly DetailedPeerCertificate[], expected: readonly string[]): boolean {
  if (expected.length === 0) return true;
  const names = chain.flatMap((c) => [renderName(c.issuer), ...(c === chain[0] ? [] : [renderName(c.subject)])]).join('\n').toLowerCase();
  return expected.some((family) => family.trim() !== '' && names.includes(family.trim().toLowerCase()));
}

export function detectInspection(input: {
  chain: readonly DetailedPeerCertificate[];
  authorized: boolean;
  verifyCode?: string;
  hostnameMatches: boolean;
  expectedIssuers: readonly string[];
  roots: PublicRoots;
}): Inspection | null {
  const { chain, authorized, verifyCode, hostnameMatches, expectedIssuers, roots } = input;
  const leaf = chain[0];
  const top = chain[chain.length - 1];
  if (!leaf || !top) return null;
  const rootName = isSelfSigned(top) ? shortName(top.subject) : shortName(top.issuer);
  const by = shortName(leaf.issuer);
  if (authorized) {
    if (!anchoredInPublicRoot(top, roots)) return { inspectedBy: by, reason: 'private-root', root: rootName };
    if (!matchesExpectedIssuer(chain, expectedIssuers)) return { inspectedBy: by, reason: 'unexpected-issuer', root: rootName };
    return null;
  }
  if (verifyCode && UNTRUSTED_ROOT.has(verifyCode) && hostnameMatches) {
    return { inspectedBy: by, reason: 'untrusted-root', root: rootName, suspected: true };
  }
  if (verifyCode !== 'DEPTH_ZERO_SELF_SIGNED_CERT' && chain.length > 1 && !matchesExpectedIssuer(chain, expectedIssuers)) {
    return { inspectedBy: by, reason: 'unexpected-issuer', root: rootName, suspected: true };
  }
  return null;
}
