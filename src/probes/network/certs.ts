// The peer chain as facts: subject, issuer, validity and SHA-256 fingerprint of each certificate, leaf first.
import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls';
import type { CertificateFacts } from '../../facts/network.js';

type Names = PeerCertificate['subject'];

const ORDER = ['CN', 'OU', 'O', 'L', 'ST', 'C'];

/** "CN=..., O=..., C=..." from Node's name object (values may be arrays). */
export function renderName(name: Names | undefined): string {
  if (!name) return '';
  const record = name as unknown as Record<string, string | string[] | undefined>;
  const keys = [...ORDER.filter((k) => k in record), ...Object.keys(record).filter((k) => !ORDER.includes(k))];
  return keys.flatMap((k) => {
    const v = record[k];
    if (v === undefined) return [];
    return (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`);
  }).join(', ');
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The short name of an issuer for "TLS inspection by <name>": its CN, with its O when that adds something. */
export function shortName(name: Names | undefined): string {
  if (!name) return 'an unknown issuer';
  const record = name as unknown as Record<string, string | string[] | undefined>;
  const cn = first(record.CN);
  const o = first(record.O);
  if (cn && o && !cn.toLowerCase().includes(o.toLowerCase())) return `${cn} (${o})`;
  return cn ?? o ?? (renderName(name) || 'an unknown issuer');
}

const isoDate = (s: string) => {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
};

/** Leaf first, up to the root when Node knows it; stops at a self-reference or after 10 certificates. */
export function walkChain(leaf: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const chain: DetailedPeerCertificate[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = leaf;
  while (cert && cert.fingerprint256 && !seen.has(cert.fingerprint256) && chain.length < 10) {
    chain.push(cert);
    seen.add(cert.fingerprint256);
    cert = cert.issuerCertificate;
  }
  return chain;
}

export function isSelfSigned(cert: DetailedPeerCertificate): boolean {
  return cert.issuerCertificate === cert
    || (cert.issuerCertificate?.fingerprint256 === cert.fingerprint256)
    || renderName(cert.subject) === renderName(cert.issuer);
}

export function describeCertificate(cert: DetailedPeerCertificate, leaf: boolean): CertificateFacts {
  return {
    subject: renderName(cert.subject),
    issuer: renderName(cert.issuer),
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
    fingerprint256: cert.fingerprint256,
    serialNumber: cert.serialNumber,
    ...(leaf && cert.subjectaltname ? { subjectAltName: cert.subjectaltname } : {}),
    selfSigned: isSelfSigned(cert),
  };
}
