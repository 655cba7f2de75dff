// The probe sources of this build, loaded only when facts are collected live (they pull in heavy modules).
import type { ProbeOptions, ProbeSource } from '../core/probe-sources.js';
import type { PendingEndpoint } from './network/types.js';

export interface SourceHooks {
  /** Called about once a second while endpoints are still pending (the CLI's "waiting for" line). */
  onPending?: (pending: readonly PendingEndpoint[], elapsedMs: number) => void;
  /** Total budget of the PowerShell probes; they are slower than the network and SQL stages. */
  powershellTimeoutMs: number;
  /** The platform whose sources apply (tests); default this process' platform. */
  platform?: NodeJS.Platform;
}

/** Gives a source its own budget instead of the shared --timeout. */
function withBudget(source: ProbeSource, timeoutMs: number): ProbeSource {
  return { ...source, run: (wanted, options: ProbeOptions) => source.run(wanted, { ...options, timeoutMs }) };
}

/**
 * PowerShell probes (own budget), SQL Server (SQL logins and NTLM through mssql; on Windows, without --sql-user, the
 * current Windows account through PowerShell's System.Data.SqlClient) and the network. On Windows the network source
 * adds what only PowerShell can give (the machine's trusted roots for Node's view, and the .NET view of each endpoint)
 * whenever PowerShell can be started; elsewhere, and when it cannot, Node's view stands alone.
 */
export async function loadProbeSources(hooks: SourceHooks): Promise<ProbeSource[]> {
  const platform = hooks.platform ?? process.platform;
  const [{ powershellSource }, { createSqlSource }, { createNetworkSource }] = await Promise.all([
    import('./powershell/index.js'),
    import('./sql/index.js'),
    import('./network/index.js'),
  ]);
  const network = platform === 'win32'
    ? (await import('./windows-network.js')).createWindowsNetworkSource({ onPending: hooks.onPending })
    : createNetworkSource({ onPending: hooks.onPending });
  return [withBudget(powershellSource, hooks.powershellTimeoutMs), createSqlSource({ platform }), network];
}
