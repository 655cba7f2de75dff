// DNS stage: the addresses of a host through the injected (or the OS) resolver, or the resolver's error in words.
import { lookup as osLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { errnoCode, runStage, timerError, type Limits } from './stage.js';
import type { LookupFunction, StageError } from './types.js';

export type DnsStage = {
  ok: boolean;
  host: string;
  addresses?: string[];
  error?: StageError;
  ms: number;
}

const defaultLookup: LookupFunction = (hostname, options, callback) => osLookup(hostname, options, callback);

/** Words for the resolver's error codes: getaddrinfo (dns.lookup) and c-ares (dns.Resolver) codes alike. */
export function dnsError(err: unknown, host: string): StageError {
  const timed = timerError(err, `DNS lookup of ${host}`);
  if (timed) return timed.kind === 'timeout' ? { ...timed, code: 'DNS_TIMEOUT' } : timed;
  const code = errnoCode(err) ?? 'ERROR';
  switch (code) {
    case 'ENOTFOUND':
    case 'NXDOMAIN':
      return { code, kind: 'nxdomain', message: `${host} does not exist in DNS (NXDOMAIN)` };
    case 'ENODATA':
      return { code, kind: 'nodata', message: `${host} exists in DNS but has no address record` };
    case 'EAI_AGAIN':
    case 'ETIMEOUT':
      return { code, kind: 'timeout', message: `the DNS server did not answer for ${host} in time (temporary failure or timeout)` };
    case 'ECONNREFUSED':
    case 'EREFUSED':
      return { code, kind: 'refused', message: `the DNS server refused to resolve ${host}` };
    case 'ESERVFAIL':
    case 'EAI_FAIL':
      return { code, kind: 'servfail', message: `the DNS server failed to resolve ${host} (SERVFAIL)` };
    default:
      return { code, kind: 'error', message: `resolving ${host} failed: ${(err as Error)?.message ?? String(err)}` };
  }
}

function normalise(address: string | LookupAddress[] | undefined): string[] {
  if (address === undefined) return [];
  if (typeof address === 'string') return [address];
  return address.map((a) => a.address);
}

/** Resolves `host`; an IP literal is its own answer (no resolver involved). */
export async function resolveHost(host: string, limits: Limits, lookup: LookupFunction = defaultLookup): Promise<DnsStage> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return { ok: true, host, addresses: [bare], ms: 0 };
  const outcome = await runStage(limits, () => new Promise<string[]>((resolve, reject) => {
    try {
      lookup(bare, { all: true }, (err, address) => {
        if (err) { reject(err); return; }
        const addresses = normalise(address);
        if (addresses.length === 0) reject(Object.assign(new Error('no addresses'), { code: 'ENODATA' }));
        else resolve([...new Set(addresses)]);
      });
    } catch (err) {
      reject(err);
    }
  }));
  if (outcome.ok) return { ok: true, host, addresses: outcome.value, ms: outcome.ms };
  return { ok: false, host, error: dnsError(outcome.error, host), ms: outcome.ms };
}
