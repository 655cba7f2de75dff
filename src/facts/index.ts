// Every fact definition by probe id: the snapshot loader validates known probes' data against these.
import type { FactDef } from '../core/facts.js';
import { osFact } from './os.js';
import { dotnetFact } from './dotnet.js';
import { powershellFact } from './powershell.js';
import { windowsFeaturesFact } from './windows-features.js';
import { optionalFeaturesFact } from './optional-features.js';
import { identityFact } from './identity.js';
import { pendingRebootFact } from './pending-reboot.js';
import { dotnetTlsFact } from './dotnet-tls.js';
import { iisSitesFact } from './iis-sites.js';
import { synergyFact } from './synergy.js';
import { serviceAccountFact } from './service-account.js';
import { winhttpProxyFact } from './winhttp-proxy.js';
import { sqlServerFact, sqlBacoFact, sqlPermissionsFact } from './sql.js';
import { networkFact } from './network.js';

export const FACTS: readonly FactDef<unknown>[] = [
  osFact, dotnetFact, powershellFact, windowsFeaturesFact, optionalFeaturesFact, identityFact, pendingRebootFact,
  dotnetTlsFact, iisSitesFact, synergyFact, serviceAccountFact, winhttpProxyFact, sqlServerFact, sqlBacoFact,
  sqlPermissionsFact, networkFact,
] as FactDef<unknown>[];

export const FACTS_BY_PROBE: ReadonlyMap<string, FactDef<unknown>> = new Map(FACTS.map((f) => [f.probe, f]));
