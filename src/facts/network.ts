// Reachability facts, one record per endpoint and stage (DNS -> TCP -> [proxy tunnel] -> TLS -> HTTP), gathered in Node.
// Every field added after the first version is optional, so older snapshots still read.
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';
import type { FactDef } from '../core/facts.js';

/**
 * `code` is Node's own error code where there is one (ENOTFOUND, ECONNREFUSED, CERT_HAS_EXPIRED, ...) or a clickker
 * code (ETIMEDOUT for a stage timer, PROXY_AUTH_REQUIRED, TOO_MANY_REDIRECTS, ...); `kind` is the class an
 * administrator acts on (nxdomain, timeout, refused, unreachable, expired, self-signed, hostname-mismatch, ...).
 */
const stageError = z.looseObject({ code: z.string(), message: z.string(), kind: z.string().optional() });

/** One certificate of the peer chain, leaf first. Names are rendered as "CN=..., O=...". */
export const certificateSchema = z.looseObject({
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint256: z.string(),
  serialNumber: z.string().optional(),
  /** The leaf's DNS names, e.g. "DNS:www.example.com, DNS:example.com". */
  subjectAltName: z.string().optional(),
  selfSigned: z.boolean().optional(),
});

/**
 * The view of a .NET Framework client (HttpWebRequest: SChannel, the Windows certificate store, .NET's default proxy =
 * the Internet Explorer settings of the account, SecurityProtocol SystemDefault as a .NET 4.7+ service has it); on
 * Windows it decides the verdict. Snapshots from before issue 13 hold a view made with powershell.exe's own default
 * SecurityProtocol ("Ssl3, Tls") and, when one was set, through the WinHTTP proxy: checks/network-endpoints.ts
 * recognises and discounts those. Gathered by PowerShell
 * (src/probes/powershell/dotnetEndpoints.ps1). `ok`: an HTTP answer whose status means the server was reached
 * (2xx, 3xx, 401, 404, 405); `error`: WebException status and messages, e.g. "TrustFailure: ...".
 */
export const dotnetViewSchema = z.looseObject({
  ok: z.boolean(),
  status: z.number().int().nullish(),
  error: z.string().nullish(),
  /** System.Net.WebExceptionStatus: NameResolutionFailure, ConnectFailure, TrustFailure, SecureChannelFailure, Timeout, ProtocolError... */
  webStatus: z.string().nullish(),
  /** The proxy .NET used, or null for direct. */
  proxy: z.string().nullish(),
  /** Where the proxy came from: default (.NET's default proxy); winhttp only in snapshots from before issue 13. */
  proxySource: z.string().nullish(),
  finalUrl: z.string().nullish(),
  /** The issuer of the certificate .NET received. */
  issuer: z.string().nullish(),
  /**
   * ServicePointManager.SecurityProtocol the request was made with: "SystemDefault" (as a .NET 4.7+ app) since issue
   * 13; in older snapshots the process' own default, e.g. "Ssl3, Tls".
   */
  securityProtocol: z.string().nullish(),
  /** powershell.exe's own default SecurityProtocol (a diagnosis for dotnet.tls12, never the verdict). Added in issue 13. */
  processSecurityProtocol: z.string().nullish(),
  ms: z.number().nullish(),
});

export const endpointSchema = z.looseObject({
  url: z.string(),
  /** The proxy that carried the request (credentials replaced by ***), or null for a direct connection. */
  proxy: z.string().nullish(),
  /** How the route was chosen: which setting decided it (--proxy, HTTPS_PROXY, NO_PROXY entry, none). */
  route: z.looseObject({
    via: z.string(),
    decidedBy: z.string(),
    proxy: z.string().nullish(),
    /** The NO_PROXY entry that sent this endpoint direct. */
    bypass: z.string().nullish(),
  }).optional(),
  /** Total time spent on this endpoint, redirects included. */
  ms: z.number().optional(),
  /** The probe itself failed (a defect, not a network condition); no stage after it was recorded. */
  error: stageError.optional(),
  /** DNS of `host`: the endpoint's host, or the proxy's when a proxy carries the request (the proxy resolves the endpoint). */
  dns: z.looseObject({
    ok: z.boolean(),
    host: z.string().optional(),
    addresses: z.array(z.string()).optional(),
    error: stageError.optional(),
    ms: z.number(),
  }).optional(),
  /** TCP connect to each address of `host` on `port`; `address` is the one used. */
  tcp: z.looseObject({
    ok: z.boolean(),
    host: z.string().optional(),
    port: z.number().int().optional(),
    address: z.string().optional(),
    attempts: z.array(z.looseObject({ address: z.string(), ok: z.boolean(), ms: z.number(), error: stageError.optional() })).optional(),
    error: stageError.optional(),
    ms: z.number(),
  }).optional(),
  /** HTTP CONNECT through the proxy (only when a proxy carries the request). */
  tunnel: z.looseObject({
    ok: z.boolean(),
    status: z.number().int().optional(),
    /** The proxy's Proxy-Authenticate challenge scheme(s) on 407, e.g. "Basic realm=\"corp\"", "NTLM, Negotiate". */
    authenticate: z.string().optional(),
    /** Whether credentials were sent (never the credentials themselves). */
    credentials: z.boolean().optional(),
    server: z.string().optional(),
    error: stageError.optional(),
    ms: z.number(),
  }).optional(),
  tls: z.looseObject({
    ok: z.boolean(),
    protocol: z.string().nullish(),
    cipher: z.looseObject({ name: z.string(), standardName: z.string().optional(), version: z.string().optional() }).nullish(),
    /** The server name sent in the TLS ClientHello (none for an IP address). */
    sni: z.string().nullish(),
    alpn: z.string().nullish(),
    authorized: z.boolean().optional(),
    /** The leaf's issuer, as "CN=..., O=...". */
    issuer: z.string().nullish(),
    chain: z.array(certificateSchema).optional(),
    /** Set when the chain verifies only against a non-public root or an unexpected issuer: a TLS-inspecting proxy. */
    inspectedBy: z.string().nullish(),
    inspection: z.looseObject({
      /** private-root | unexpected-issuer | untrusted-root */
      reason: z.string(),
      /** The root (or topmost issuer) the chain ends in. */
      root: z.string().nullish(),
      /** True when the chain did not verify at all, so inspection is the likely, not the proven, explanation. */
      suspected: z.boolean().optional(),
    }).nullish(),
    error: stageError.optional(),
    ms: z.number(),
  }).optional(),
  http: z.looseObject({
    ok: z.boolean(),
    method: z.string().optional(),
    status: z.number().int().optional(),
    redirects: z.array(z.looseObject({ status: z.number().int(), location: z.string(), url: z.string().optional() })).optional(),
    /** The URL that gave the final answer, after redirects. */
    finalUrl: z.string().optional(),
    server: z.string().optional(),
    via: z.string().optional(),
    error: stageError.optional(),
    ms: z.number(),
  }).optional(),
  dotnet: dotnetViewSchema.nullish(),
});

/** What the Windows additions to the network probe did (absent elsewhere): the exported roots, the .NET view. */
export const windowsNetworkSchema = z.looseObject({
  /** Cert:\LocalMachine\Root and CA exported through PowerShell and trusted by Node's view (`ca`). */
  rootStore: z.looseObject({
    ok: z.boolean(),
    roots: z.number().int().optional(),
    intermediates: z.number().int().optional(),
    /** Certificates Node could not use (unparseable, or refused by OpenSSL). */
    skipped: z.number().int().optional(),
    error: z.string().optional(),
    ms: z.number().optional(),
  }).optional(),
  /** The .NET view (dotnet of each endpoint): whether PowerShell gave it. */
  dotnetView: z.looseObject({ ok: z.boolean(), error: z.string().optional(), ms: z.number().optional() }).optional(),
});

export const networkSchema = z.object({ endpoints: z.array(endpointSchema), windows: windowsNetworkSchema.optional() });
export type EndpointFacts = z.infer<typeof endpointSchema>;
export type CertificateFacts = z.infer<typeof certificateSchema>;
export type NetworkFacts = z.infer<typeof networkSchema>;

export const networkFact: FactDef<NetworkFacts> = {
  probe: 'network.endpoints',
  describe: 'Each required endpoint, stage by stage: DNS, TCP, proxy tunnel, TLS (chain, inspection), HTTP status and redirects',
  describeNl: 'Elk vereist eindpunt, stap voor stap: DNS, TCP, proxytunnel, TLS (keten, inspectie), HTTP-status en omleidingen',
  schema: networkSchema,
};
