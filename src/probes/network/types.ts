// Shared types of the network probes. Facts only: nothing here decides a verdict.
import type { LookupAddress } from 'node:dns';
import type { EndpointFacts } from '../../facts/network.js';

/** A stage failure: Node's error code (or a clickker code), the class an administrator acts on, and plain words. */
export type StageError = {
  code: string;
  kind: string;
  message: string;
}

/**
 * A resolver with the shape of `dns.lookup` / `net.LookupFunction`. It is called with `{ all: true }`; a callback with
 * a single address string is accepted too. Tests inject one that maps names to 127.0.0.1, so no real name is resolved.
 */
export type LookupFunction = (
  hostname: string,
  options: { all: true },
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

export interface EndpointSpec {
  url: string;
  /** Issuer families (substrings of an issuer's CN or O, case-insensitive) the endpoint's chain must contain. Empty: any. */
  expectedIssuers?: readonly string[];
}

/** Which endpoints are still running and in which stage; for the CLI's "still pending" line. */
export interface PendingEndpoint {
  url: string;
  /** dns, tcp, "dns (proxy)", "tcp (proxy)", "proxy CONNECT", tls, http, "redirect 2", ... */
  stage: string;
  /** How long it has been in that stage. */
  ms: number;
}

export interface ProbeEndpointsOptions {
  /** Overall budget for the whole network stage, in ms. Every endpoint runs concurrently within it. */
  timeoutMs: number;
  /** Limit for one stage (DNS, TCP, tunnel, TLS, HTTP); default: the overall budget. */
  stageTimeoutMs?: number;
  /** Name resolution; default `dns.lookup` (the OS resolver, hosts file included). */
  lookup?: LookupFunction;
  /** Extra trusted CAs (PEM): the Windows root store exported through PowerShell, NODE_EXTRA_CA_CERTS, a test CA. */
  ca?: readonly (string | Buffer)[];
  /** The public roots; default Node's bundled `tls.rootCertificates`. A chain that verifies only against `ca` is TLS inspection. */
  publicRoots?: readonly (string | Buffer)[];
  /** --proxy URL (credentials in the URL are used, never echoed); "direct" or "none" forces direct connections. */
  proxy?: string;
  /** Where HTTPS_PROXY/HTTP_PROXY/NO_PROXY are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Redirect hops followed per endpoint (default 5). */
  maxRedirects?: number;
  signal?: AbortSignal;
  /** Called every `pendingIntervalMs` (default 1000, first call after that) while endpoints are still running. */
  onPending?: (pending: readonly PendingEndpoint[], elapsedMs: number) => void;
  pendingIntervalMs?: number;
}

export type { EndpointFacts };
