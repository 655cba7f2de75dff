// The PowerShell probe source for live collection (`clickker collect`, `clickker preflight` without --snapshot),
// and the standalone collector script (`clickker collect --emit-script`).
import type { ProbeSource } from '../../core/probe-sources.js';
import { runPowershellProbes, type BridgeOptions } from './bridge.js';
import { POWERSHELL_PROBE_IDS } from './probes.js';

export { emitStandaloneScript, type StandaloneOptions } from './standalone.js';
export { POWERSHELL_PROBES, POWERSHELL_PROBE_IDS, type PowershellProbe } from './probes.js';
export { DEFAULT_PROBE_TIMEOUT_MS, runPowershellProbes, type BridgeOptions } from './bridge.js';

/** A PowerShell source with its own per-probe deadline (tests, or a CLI flag for slow servers). */
export function createPowershellSource(bridge: BridgeOptions = {}): ProbeSource {
  return {
    name: 'powershell',
    probes: POWERSHELL_PROBE_IDS,
    run: (wanted, options) => runPowershellProbes(wanted, options, bridge),
    reportsProbes: true,
  };
}

/** Every PowerShell probe, in one long-lived Windows PowerShell session; the CLI passes it to runProbeSources. */
export const powershellSource: ProbeSource = createPowershellSource();
