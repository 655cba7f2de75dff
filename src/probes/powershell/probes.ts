// The PowerShell probes: one .ps1 file per probe id, what each needs, and how a PowerShell error becomes a kind.
// This table is the one source of truth for the live bridge (bridge.ts) and the standalone script (standalone.ts).
import { readAssetText } from '../../core/assets.js';
import type { ProbeErrorKind } from '../../core/facts.js';
import { packagePath } from '../../core/paths.js';

/** Settings a probe may take, by the names ProbeOptions and the standalone script's parameters use. */
export interface PsProbeSettings {
  serviceAccount?: string;
  /** The endpoint URLs, one per line (the .NET view of network.endpoints in the standalone collector). */
  endpoints?: string;
}

/** One script parameter, filled from a setting; without the setting the probe is `not-configured`. */
export interface PsProbeParameter {
  /** The PowerShell parameter name in the script's param() block. */
  name: string;
  from: keyof PsProbeSettings;
  /** The not-configured message when the setting is empty. */
  missing: string;
  /** What a value looks like, for the standalone script's not-configured message. */
  example: string;
}

export interface PowershellProbe {
  /** The probe id in the snapshot. */
  id: string;
  /** The script under src/probes/powershell/. */
  file: string;
  /** Reported as `needs-elevation` without running when the collector is known not to be elevated. */
  needsElevation: boolean;
  /** The script's parameters: plain strings that travel as data, never as code. */
  parameters?: readonly PsProbeParameter[];
  /**
   * False for a probe that live collection gathers another way: the network source merges this .NET view into Node's
   * view of each endpoint (src/probes/windows-network.ts), so only the standalone collector runs it as a probe of its
   * own. Default true.
   */
  live?: boolean;
  /**
   * How long the probe typically takes on Windows Server (ms), from docs/latency.md's table (each figure with its
   * source): the live pool and the standalone collector start the slowest first, so the wall time is close to the
   * slowest probe instead of the sum. Only the order depends on it.
   */
  typicalMs?: number;
  /**
   * Only reads, and fails harmlessly without elevation: the live bridge starts it before identity has said whether the
   * token is elevated (it is the slowest probe, so waiting for identity would add to the wall time), and replaces its
   * answer by needs-elevation when identity says not elevated.
   */
  speculative?: boolean;
}

/**
 * In run order: identity first, because its IsElevated decides which probes can run; then the quick registry and CIM
 * reads; the slow ones last (Get-WindowsOptionalFeature -Online can take tens of seconds), so that a tight total
 * budget costs the fewest facts.
 */
export const POWERSHELL_PROBES: readonly PowershellProbe[] = [
  { id: 'identity', file: 'identity.ps1', needsElevation: false, typicalMs: 50 },
  { id: 'os', file: 'os.ps1', needsElevation: false, typicalMs: 400 },
  { id: 'dotnet', file: 'dotnet.ps1', needsElevation: false, typicalMs: 60 },
  { id: 'powershell', file: 'powershell.ps1', needsElevation: false, typicalMs: 30 },
  { id: 'pendingReboot', file: 'pendingReboot.ps1', needsElevation: false, typicalMs: 120 },
  { id: 'dotnetTls', file: 'dotnetTls.ps1', needsElevation: false, typicalMs: 80 },
  { id: 'winhttpProxy', file: 'winhttpProxy.ps1', needsElevation: false, typicalMs: 150 },
  { id: 'windowsFeatures', file: 'windowsFeatures.ps1', needsElevation: false, typicalMs: 4000 },
  { id: 'iisSites', file: 'iisSites.ps1', needsElevation: true, typicalMs: 900 },
  { id: 'synergy', file: 'synergy.ps1', needsElevation: true, typicalMs: 300 },
  {
    id: 'serviceAccount',
    file: 'serviceAccount.ps1',
    needsElevation: true,
    typicalMs: 3000,
    parameters: [{
      name: 'Account',
      from: 'serviceAccount',
      missing: 'no service account was configured: pass --service-account DOMAIN\\name (or set it in the config file)',
      example: 'DOMAIN\\name',
    }],
  },
  // DISM's read without elevation fails with ERROR_ELEVATION_REQUIRED (0x800702E4), so starting it early is harmless.
  { id: 'optionalFeatures', file: 'optionalFeatures.ps1', needsElevation: true, typicalMs: 25000, speculative: true },
  {
    // Standalone only: there is no Node on the server, so network.endpoints holds the .NET view alone.
    id: 'network.endpoints',
    file: 'dotnetEndpoints.ps1',
    needsElevation: false,
    live: false,
    typicalMs: 5000,
    parameters: [{
      name: 'Urls',
      from: 'endpoints',
      missing: 'no endpoints to probe (none in the requirements for this profile, no --endpoint)',
      example: 'https://api.cloud.clickker.nl/',
    }],
  },
];

/** The probes the live PowerShell source collects (those of the standalone collector less the ones gathered otherwise). */
export const POWERSHELL_PROBE_IDS: readonly string[] = POWERSHELL_PROBES.filter((p) => p.live !== false).map((p) => p.id);

/**
 * Scripts the bridge runs for other sources, not as snapshot probes of their own: SQL Server as the current Windows
 * account (the sql source), the Windows certificate store and the .NET view of each endpoint (the network source on
 * Windows). Like the probe scripts they are Windows PowerShell 5.1-safe, take their parameters as data and print one
 * JSON document.
 */
export const BRIDGE_SCRIPTS = {
  sqlQuery: 'sqlQuery.ps1',
  rootStore: 'rootStore.ps1',
  dotnetEndpoints: 'dotnetEndpoints.ps1',
  /** Keeps a RunspacePool in the session between invocations: jobs submitted and polled for (issue 17, job-host.ts). */
  jobHost: 'jobhost.ps1',
} as const;

export const PROBES_BY_ID: ReadonlyMap<string, PowershellProbe> = new Map(POWERSHELL_PROBES.map((p) => [p.id, p]));

/** The probes in the order the pool starts them: the slowest first, so the wall time is close to the slowest one. */
export function bySlowestFirst(probes: readonly PowershellProbe[]): PowershellProbe[] {
  return [...probes].sort((a, b) => (b.typicalMs ?? 0) - (a.typicalMs ?? 0));
}

/** A probe's parameter values, or why it is not configured. */
export function probeParameters(probe: PowershellProbe, settings: PsProbeSettings): { values: Record<string, string> } | { missing: string } {
  const values: Record<string, string> = {};
  for (const p of probe.parameters ?? []) {
    const value = settings[p.from];
    if (value === undefined || value.trim() === '') return { missing: p.missing };
    values[p.name] = value;
  }
  return { values };
}

/** The .ps1 files are shipped as they are (package.json `files`), not compiled: found from the package root. */
export const PROBE_SCRIPT_DIR = 'src/probes/powershell';

export function probeScriptPath(file: string): string {
  return packagePath(...PROBE_SCRIPT_DIR.split('/'), file);
}

const scriptCache = new Map<string, string>();

/** The text of a probe script (from the package, or inside clickker.exe its embedded copy), without a UTF-8 BOM and
 * with CRLF line ends made LF. */
export function readProbeScript(file: string): string {
  let text = scriptCache.get(file);
  if (text === undefined) {
    text = readAssetText(`${PROBE_SCRIPT_DIR}/${file}`).replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
    scriptCache.set(file, text);
  }
  return text;
}

/** What PowerShell reported when a probe threw: the exception chain (outermost first). */
export interface PsErrorInfo {
  message: string;
  types: readonly string[];
  hresults: readonly number[];
  category?: string;
  id?: string;
}

/** Exception types a probe throws (or PowerShell raises) and the kind each one means. */
export const ERROR_KIND_BY_TYPE: Readonly<Record<string, ProbeErrorKind>> = {
  'System.NotSupportedException': 'unsupported',
  'System.PlatformNotSupportedException': 'unsupported',
  'System.Management.Automation.CommandNotFoundException': 'unsupported',
  'System.UnauthorizedAccessException': 'access-denied',
  'System.Security.SecurityException': 'access-denied',
  'System.IO.FileNotFoundException': 'not-found',
  'System.IO.DirectoryNotFoundException': 'not-found',
  'System.Management.Automation.ItemNotFoundException': 'not-found',
};

/** HRESULTs that mean the same regardless of the exception type (DISM reports elevation as a COMException). */
export const ERROR_KIND_BY_HRESULT: Readonly<Record<number, ProbeErrorKind>> = {
  [-2147024156]: 'needs-elevation', // 0x800702E4 ERROR_ELEVATION_REQUIRED
  [-2147024891]: 'access-denied', // 0x80070005 E_ACCESSDENIED
};

/**
 * The kind of a probe's PowerShell error. Access denied while not known to be elevated means the probe needs an
 * elevated prompt; while elevated it stays access-denied (a policy or ACL refuses even an administrator).
 */
export function classifyPsError(info: Pick<PsErrorInfo, 'types' | 'hresults'>, elevated: boolean | null): ProbeErrorKind {
  let kind: ProbeErrorKind = 'error';
  for (const h of info.hresults) {
    const k = ERROR_KIND_BY_HRESULT[h];
    if (k) { kind = k; break; }
  }
  if (kind === 'error') {
    for (const t of info.types) {
      const k = ERROR_KIND_BY_TYPE[t];
      if (k) { kind = k; break; }
    }
  }
  if (kind === 'access-denied' && elevated !== true) return 'needs-elevation';
  return kind;
}

/** The message recorded for a probe skipped because the collector is not elevated. */
export function needsElevationMessage(id: string): string {
  return `the ${id} probe reads what only an administrator may read; run the collector from an elevated prompt (Run as administrator)`;
}
