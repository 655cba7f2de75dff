// The probe sources of this build, loaded only when facts are collected live (they pull in heavy modules).
import type { CollectOptions, ProbeSource } from '../core/collect.js';
import type { PendingEndpoint } from './network/types.js';

export interface SourceHooks {
  /** Called about once a second while endpoints are still pending (the CLI's "waiting for" line). */
  onPending?: (pending: readonly PendingEndpoint[], elapsedMs: number) => void;
  /** Total budget of the PowerShell probes; they are slower than the network and SQL stages. */
  powershellTimeoutMs: number;
}

/** Gives a source its own budget instead of the shared --timeout. */
function withBudget(source: ProbeSource, timeoutMs: number): ProbeSource {
  return { ...source, collect: (wanted, options: CollectOptions) => source.collect(wanted, { ...options, timeoutMs }) };
}

export async function loadProbeSources(hooks: SourceHooks): Promise<ProbeSource[]> {
  const [{ powershellSource }, { sqlSource }, { createNetworkSource }] = await Promise.all([
    import('./powershell/index.js'),
    import('./sql/index.js'),
    import('./network/index.js'),
  ]);
  return [withBudget(powershellSource, hooks.powershellTimeoutMs), sqlSource, createNetworkSource({ onPending: hooks.onPending })];
}
