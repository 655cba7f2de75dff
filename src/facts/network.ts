// Reachability facts, one record per endpoint and stage (DNS -> TCP -> TLS -> HTTP), gathered in Node.
import { z } from 'zod';
import type { FactDef } from '../core/facts.js';

const stageError = z.object({ code: z.string(), message: z.string() });

export const endpointSchema = z.looseObject({
  url: z.string(),
  /** The proxy that carried the request, or null for a direct connection. */
  proxy: z.string().nullish(),
  dns: z.looseObject({ ok: z.boolean(), addresses: z.array(z.string()).optional(), error: stageError.optional(), ms: z.number() }).optional(),
  tcp: z.looseObject({ ok: z.boolean(), address: z.string().optional(), error: stageError.optional(), ms: z.number() }).optional(),
  tls: z.looseObject({
    ok: z.boolean(),
    protocol: z.string().nullish(),
    authorized: z.boolean().optional(),
    issuer: z.string().nullish(),
    /** Set when the chain verifies only against a non-public root or an unexpected issuer: a TLS-inspecting proxy. */
    inspectedBy: z.string().nullish(),
    error: stageError.optional(),
    ms: z.number(),
  }).optional(),
  http: z.looseObject({
    ok: z.boolean(),
    status: z.number().int().optional(),
    redirects: z.array(z.object({ status: z.number().int(), location: z.string() })).optional(),
    error: stageError.optional(),
    ms: z.number(),
  }).optional(),
  /** The view of a .NET Framework client (SChannel, Windows store, WinHTTP proxy); on Windows it decides the verdict. */
  dotnet: z.looseObject({ ok: z.boolean(), status: z.number().int().nullish(), error: z.string().nullish() }).nullish(),
});

export const networkSchema = z.object({ endpoints: z.array(endpointSchema) });
export type EndpointFacts = z.infer<typeof endpointSchema>;
export type NetworkFacts = z.infer<typeof networkSchema>;

export const networkFact: FactDef<NetworkFacts> = {
  probe: 'network.endpoints',
  describe: 'Each required endpoint, stage by stage: DNS, TCP, TLS (chain, inspection), HTTP status and redirects',
  schema: networkSchema,
};
