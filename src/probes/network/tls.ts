// TLS stage: handshake over an open socket (direct or tunnelled), then the facts: version, cipher, SNI, chain,
// verification outcome with Node's code, and TLS inspection. The handshake never rejects an untrusted peer by itself,
// so the chain can be described; `ok` is true only when the chain verifies and names the host.
import { isIP } from 'node:net';
import tls, { type DetailedPeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { CertificateFacts } from '../../facts/network.js';
import { describeCertificate, renderName, shortName, walkChain } from './certs.js';
import { detectInspection, type Inspection, type PublicRoots } from './inspection.js';
import { errnoCode, runStage, timerError, type Limits } from './stage.js';
import type { StageError } from './types.js';

export type TlsStage = {
  ok: boolean;
  protocol?: string | null;
  cipher?: { name: string; standardName?: string; version?: string } | null;
  sni: string | null;
  alpn?: string | null;
  authorized?: boolean;
  issuer?: string | null;
  chain?: CertificateFacts[];
  inspectedBy?: string | null;
  inspection?: Omit<Inspection, 'inspectedBy'> | null;
  error?: StageError;
  ms: number;
}

/** Words for a failed handshake (the peer never completed TLS). */
export function handshakeError(err: unknown, host: string): StageError {
  const timed = timerError(err, `TLS handshake with ${host}`);
  if (timed) {
    return timed.kind === 'timeout'
      ? { ...timed, message: `${timed.message} (the peer accepted TCP but never answered the TLS ClientHello: a silent server or a filter that drops TLS)` }
      : timed;
  }
  const code = errnoCode(err) ?? 'ERROR';
  const text = (err as Error)?.message ?? String(err);
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket disconnected/i.test(text)) {
    return { code, kind: 'reset', message: `the connection was closed during the TLS handshake with ${host} (a firewall or proxy that filters by server name, or a server that refused it)` };
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG' || code === 'ERR_SSL_HTTP_REQUEST') {
    return { code, kind: 'not-tls', message: `the peer at ${host} does not speak TLS there (plain HTTP on an HTTPS port, or a filter's own page)` };
  }
  if (/PROTOCOL|VERSION/i.test(code)) {
    return { code, kind: 'protocol', message: `no TLS version in common with ${host} (this probe offers TLS 1.2 and 1.3)` };
  }
  if (/HANDSHAKE_FAILURE|NO_SHARED_CIPHER|CIPHER/i.test(code)) {
    return { code, kind: 'cipher', message: `no cipher suite in common with ${host}` };
  }
  return { code, kind: 'handshake', message: `the TLS handshake with ${host} failed: ${text}` };
}

/** Words for a completed handshake whose certificate does not verify; `code` is Node's authorizationError. */
export function verifyError(code: string, host: string, chain: readonly DetailedPeerCertificate[], altnameReason?: string): StageError {
  const leaf = chain[0];
  const top = chain[chain.length - 1];
  switch (code) {
    case 'CERT_HAS_EXPIRED':
      return { code, kind: 'expired', message: `the certificate of ${host} expired on ${leaf ? new Date(leaf.valid_to).toISOString().slice(0, 10) : '?'}` };
    case 'CERT_NOT_YET_VALID':
      return { code, kind: 'not-yet-valid', message: `the certificate of ${host} is valid only from ${leaf ? new Date(leaf.valid_from).toISOString().slice(0, 10) : '?'} (check this server's clock)` };
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
      return { code, kind: 'self-signed', message: `${host} presents a self-signed certificate (${renderName(leaf?.subject)})` };
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return { code, kind: 'untrusted-root', message: `the chain of ${host} ends in the root ${shortName(top?.subject)}, which is not trusted here` };
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
      return { code, kind: 'unknown-issuer', message: `the issuer ${shortName(top?.issuer)} of ${host}'s certificate is not trusted here (or the server omits an intermediate certificate)` };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { code, kind: 'hostname-mismatch', message: `the certificate is not for ${host}${altnameReason ? `: ${altnameReason}` : ''}` };
    case 'CERT_REVOKED':
      return { code, kind: 'revoked', message: `the certificate of ${host} is revoked` };
    default:
      return { code, kind: 'untrusted', message: `the certificate of ${host} does not verify (${code})` };
  }
}

export interface TlsOptions {
  /** Server name to verify and to send as SNI (not sent for an IP address). */
  host: string;
  secureContext: SecureContext;
  roots: PublicRoots;
  expectedIssuers: readonly string[];
}

export async function handshake(socket: Duplex, options: TlsOptions, limits: Limits): Promise<{ stage: TlsStage; socket?: TLSSocket }> {
  const bare = options.host.replace(/^\[|\]$/g, '');
  const sni = isIP(bare) ? null : bare;
  const outcome = await runStage(limits, (signal) => new Promise<TLSSocket>((resolve, reject) => {
    const secure = tls.connect({
      socket,
      ...(sni ? { servername: sni } : {}),
      secureContext: options.secureContext,
      // Diagnosis needs the chain of an untrusted server (who intercepts?), so the handshake is allowed to finish;
      // verification is still done: Node sets `authorized` from the chain and the host name, and the stage is
      // `ok` only when authorized, so an unverified connection is never reported as reachable.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const onError = (err: Error) => reject(err);
    secure.on('error', onError);
    const onClose = () => reject(Object.assign(new Error('socket disconnected before the TLS handshake completed'), { code: 'ECONNRESET' }));
    secure.once('close', onClose);
    secure.once('secureConnect', () => {
      secure.removeListener('error', onError);
      secure.removeListener('close', onClose);
      secure.on('error', () => undefined);
      resolve(secure);
    });
    signal.addEventListener('abort', () => { secure.destroy(); socket.destroy(); }, { once: true });
  }));
  if (!outcome.ok) return { stage: { ok: false, sni, error: handshakeError(outcome.error, bare), ms: outcome.ms } };
  const secure = outcome.value;
  const peer = secure.getPeerCertificate(true);
  const chain = peer && peer.fingerprint256 ? walkChain(peer) : [];
  const leaf = chain[0];
  const identity = leaf ? tls.checkServerIdentity(bare, leaf) : new Error('no certificate');
  const code = secure.authorizationError as unknown as string | Error | null | undefined;
  const verifyCode = code ? (typeof code === 'string' ? code : (errnoCode(code) ?? code.message)) : undefined;
  const authorized = secure.authorized && !!leaf;
  const inspection = detectInspection({ chain, authorized, verifyCode, hostnameMatches: !identity, expectedIssuers: options.expectedIssuers, roots: options.roots });
  const cipher = secure.getCipher();
  const stage: TlsStage = {
    ok: authorized,
    protocol: secure.getProtocol(),
    cipher: cipher ? { name: cipher.name, standardName: cipher.standardName, version: cipher.version } : null,
    sni,
    alpn: secure.alpnProtocol || null,
    authorized,
    issuer: leaf ? renderName(leaf.issuer) : null,
    chain: chain.map((c, i) => describeCertificate(c, i === 0)),
    inspectedBy: inspection?.inspectedBy ?? null,
    inspection: inspection ? { reason: inspection.reason, root: inspection.root, ...(inspection.suspected ? { suspected: true } : {}) } : null,
    ms: outcome.ms,
  };
  if (!authorized) stage.error = verifyError(verifyCode ?? 'NO_CERTIFICATE', bare, chain, identity?.message.replace(/^Hostname\/IP does not match certificate's altnames: /, ''));
  return { stage, socket: secure };
}
