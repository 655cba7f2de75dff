// Reachability facts, one record per endpoint and stage (DNS -> TCP -> [proxy tunnel] -> TLS -> HTTP), gathered in Node.
// Every field added after the first version is optional, so older snapshots still read.
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import type { FactDef } from '../core/facts.js';

/**
 * `code` is Node's own error code where there is one (ENOTFOUND, ECONNREFUSED, CERT_HAS_EXPIRED, ...) or a clickker
 * code (ETIMEDOUT for a stage timer, PROXY_AUTH_REQUIRED, TOO_MANY_REDIRECTS, ...); `kind` is the class an
 * administrator acts on (nxdomain, timeout, refused, unreachable, expired, self-signed, hostname-mismatch, ...).
 */
const stageError = z.looseObject({ code: z.string(), message: z.string(), kind: z.optional(z.string()) });

/** One certificate of the peer chain, leaf first. Names are rendered as "CN=..., O=...". */
export const certificateSchema = z.looseObject({
  subject: z.string(),
  issuer: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint256: z.string(),
  serialNumber: z.optional(z.string()),
  /** The leaf's DNS names, e.g. "DNS:www.example.com, DNS:example.com". */
  subjectAltName: z.optional(z.string()),
  selfSigned: z.optional(z.boolean()),
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
  status: z.nullish(z.number().check(z.int())),
  error: z.nullish(z.string()),
  /** System.Net.WebExceptionStatus: NameResolutionFailure, ConnectFailure, TrustFailure, SecureChannelFailure, Timeout, ProtocolError... */
  webStatus: z.nullish(z.string()),
  /** The proxy .NET used, or null for direct. */
  proxy: z.nullish(z.string()),
  /** Where the proxy came from: default (.NET's default proxy); winhttp only in snapshots from before issue 13. */
  proxySource: z.nullish(z.string()),
  finalUrl: z.nullish(z.string()),
  /** The issuer of the certificate .NET received. */
  issuer: z.nullish(z.string()),
  /**
   * ServicePointManager.SecurityProtocol the request was made with: "SystemDefault" (as a .NET 4.7+ app) since issue
   * 13; in older snapshots the process' own default, e.g. "Ssl3, Tls".
   */
  securityProtocol: z.nullish(z.string()),
  /** powershell.exe's own default SecurityProtocol (a diagnosis for dotnet.tls12, never the verdict). Added in issue 13. */
  processSecurityProtocol: z.nullish(z.string()),
  ms: z.nullish(z.number()),
});

export const endpointSchema = z.looseObject({
  url: z.string(),
  /** The proxy that carried the request (credentials replaced by ***), or null for a direct connection. */
  proxy: z.nullish(z.string()),
  /** How the route was chosen: which setting decided it (--proxy, HTTPS_PROXY, NO_PROXY entry, none). */
  route: z.optional(z.looseObject({
    via: z.string(),
    decidedBy: z.string(),
    proxy: z.nullish(z.string()),
    /** The NO_PROXY entry that sent this endpoint direct. */
    bypass: z.nullish(z.string()),
  })),
  /** Total time spent on this endpoint, redirects included. */
  ms: z.optional(z.number()),
  /** The probe itself failed (a defect, not a network condition); no stage after it was recorded. */
  error: z.optional(stageError),
  /** DNS of `host`: the endpoint's host, or the proxy's when a proxy carries the request (the proxy resolves the endpoint). */
  dns: z.optional(z.looseObject({
    ok: z.boolean(),
    host: z.optional(z.string()),
    addresses: z.optional(z.array(z.string())),
    error: z.optional(stageError),
    ms: z.number(),
  })),
  /** TCP connect to each address of `host` on `port`; `address` is the one used. */
  tcp: z.optional(z.looseObject({
    ok: z.boolean(),
    host: z.optional(z.string()),
    port: z.optional(z.number().check(z.int())),
    address: z.optional(z.string()),
    attempts: z.optional(z.array(z.looseObject({ address: z.string(), ok: z.boolean(), ms: z.number(), error: z.optional(stageError) }))),
    error: z.optional(stageError),
    ms: z.number(),
  })),
  /** HTTP CONNECT through the proxy (only when a proxy carries the request). */
  tunnel: z.optional(z.looseObject({
    ok: z.boolean(),
    status: z.optional(z.number().check(z.int())),
    /** The proxy's Proxy-Authenticate challenge scheme(s) on 407, e.g. "Basic realm=\"corp\"", "NTLM, Negotiate". */
    authenticate: z.optional(z.string()),
    /** Whether credentials were sent (never the credentials themselves). */
    credentials: z.optional(z.boolean()),
    server: z.optional(z.string()),
    error: z.optional(stageError),
    ms: z.number(),
  })),
  tls: z.optional(z.looseObject({
    ok: z.boolean(),
    protocol: z.nullish(z.string()),
    cipher: z.nullish(z.looseObject({ name: z.string(), standardName: z.optional(z.string()), version: z.optional(z.string()) })),
    /** The server name sent in the TLS ClientHello (none for an IP address). */
    sni: z.nullish(z.string()),
    alpn: z.nullish(z.string()),
    authorized: z.optional(z.boolean()),
    /** The leaf's issuer, as "CN=..., O=...". */
    issuer: z.nullish(z.string()),
    chain: z.optional(z.array(certificateSchema)),
    /** Set when the chain verifies only against a non-public root or an unexpected issuer: a TLS-inspecting proxy. */
    inspectedBy: z.nullish(z.string()),
    inspection: z.nullish(z.looseObject({
      /** private-root | unexpected-issuer | untrusted-root */
      reason: z.string(),
      /** The root (or topmost issuer) the chain ends in. */
      root: z.nullish(z.string()),
      /** True when the chain did not verify at all, so inspection is the likely, not the proven, explanation. */
      suspected: z.optional(z.boolean()),
    })),
    error: z.optional(stageError),
    ms: z.number(),
  })),
  http: z.optional(z.looseObject({
    ok: z.boolean(),
    method: z.optional(z.string()),
    status: z.optional(z.number().check(z.int())),
    redirects: z.optional(z.array(z.looseObject({ status: z.number().check(z.int()), location: z.string(), url: z.optional(z.string()) }))),
    /** The URL that gave the final answer, after redirects. */
    finalUrl: z.optional(z.string()),
    server: z.optional(z.string()),
    via: z.optional(z.string()),
    error: z.optional(stageError),
    ms: z.number(),
  })),
  dotnet: z.nullish(dotnetViewSchema),
});

/** What the Windows additions to the network probe did (absent elsewhere): the exported roots, the .NET view. */
export const windowsNetworkSchema = z.looseObject({
  /** Cert:\LocalMachine\Root and CA exported through PowerShell and trusted by Node's view (`ca`). */
  rootStore: z.optional(z.looseObject({
    ok: z.boolean(),
    roots: z.optional(z.number().check(z.int())),
    intermediates: z.optional(z.number().check(z.int())),
    /** Certificates Node could not use (unparseable, or refused by OpenSSL). */
    skipped: z.optional(z.number().check(z.int())),
    error: z.optional(z.string()),
    ms: z.optional(z.number()),
  })),
  /** The .NET view (dotnet of each endpoint): whether PowerShell gave it. */
  dotnetView: z.optional(z.looseObject({ ok: z.boolean(), error: z.optional(z.string()), ms: z.optional(z.number()) })),
});

export const networkSchema = z.object({ endpoints: z.array(endpointSchema), windows: z.optional(windowsNetworkSchema) });
export type EndpointFacts = z.infer<typeof endpointSchema>;
export type CertificateFacts = z.infer<typeof certificateSchema>;
export type NetworkFacts = z.infer<typeof networkSchema>;

export const networkFact: FactDef<NetworkFacts> = {
  probe: 'network.endpoints',
  describe: 'Each required endpoint, stage by stage: DNS, TCP, proxy tunnel, TLS (chain, inspection), HTTP status and redirects',
  describeNl: 'Elk vereist eindpunt, stap voor stap: DNS, TCP, proxytunnel, TLS (keten, inspectie), HTTP-status en omleidingen',
  schema: networkSchema,
};
