// Mock scenarios rebuilt from a host fixture's probe data: what the Windows cmdlets must have returned on that host
// for the probe to print what the fixture holds. Running the real probe script over them in pwsh must give the same
// facts back (capture -> real script -> fact -> verdict). The extra objects each scenario adds (values and features a
// real host has but the probe must leave out) come from the captures named beside them.
import type { Scenario } from './pwsh.js';

type Json = Record<string, unknown>;

/** The probes whose Windows surface the mock layer covers, with the scenario each needs. */
export const MOCKED_PROBES = ['os', 'dotnet', 'pendingReboot', 'windowsFeatures', 'optionalFeatures'] as const;
export type MockedProbe = (typeof MOCKED_PROBES)[number];

const NDP_FULL = 'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full';
const SESSION_MANAGER = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager';
const ACTIVE_NAME = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ActiveComputerName';
const PENDING_NAME = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName';
const UPDATES = 'HKLM:\\SOFTWARE\\Microsoft\\Updates';

/** Registry keys whose mere presence is a pending-restart signal (pendingReboot.ps1, src/facts/pending-reboot.ts). */
const REBOOT_KEYS: Record<string, string> = {
  'CBS.RebootPending': 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending',
  'WindowsUpdate.RebootRequired': 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired',
  'ServerManager.CurrentRebootAttempts': 'HKLM:\\SOFTWARE\\Microsoft\\ServerManager\\CurrentRebootAttempts',
};

/** Fault of the mock that stands for a probe's recorded error kind. */
const FAULT_BY_KIND: Record<string, string> = { 'needs-elevation': 'elevation-required', 'access-denied': 'access-denied' };

export function scenarioFor(probe: MockedProbe, record: { ok: true; data: unknown } | { ok: false; error: { kind: string } }, hostName = 'WS01'): Scenario {
  if (!record.ok) {
    const cmdlet = { os: 'Get-CimInstance', dotnet: 'Get-ItemProperty', pendingReboot: 'Test-Path', windowsFeatures: 'Get-WindowsFeature', optionalFeatures: 'Get-WindowsOptionalFeature' }[probe];
    // "not recognized" on a client (captures/03-get-windowsfeature-notrecognized-client-inspec.txt): the cmdlet is absent.
    if (record.error.kind === 'not-found' || record.error.kind === 'unsupported') return { missing: [cmdlet] };
    const fault = FAULT_BY_KIND[record.error.kind];
    if (!fault) throw new Error(`no mock fault for ${probe} error kind ${record.error.kind}`);
    return { faults: { [cmdlet]: fault } };
  }
  const data = record.data as Json | Json[] | null;
  switch (probe) {
    case 'os':
      return { cim: { Win32_OperatingSystem: data } };
    case 'dotnet': {
      if (data === null) return { registry: {} };
      const d = data as Json;
      // The other values of the key (captures/16-ndp-v4-full-itemproperty-win10-528372.txt): the probe must drop them.
      return {
        registry: {
          [NDP_FULL]: {
            CBS: { type: 'DWord', value: 1 }, Install: { type: 'DWord', value: 1 },
            InstallPath: 'C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\',
            Release: { type: 'DWord', value: d.Release }, Servicing: { type: 'DWord', value: 0 }, TargetVersion: '4.0.0',
            Version: d.Version,
          },
        },
      };
    }
    case 'pendingReboot': {
      const raw = (data as Json).Reasons;
      const reasons = new Set<string>(Array.isArray(raw) ? raw as string[] : raw ? [raw as string] : []);
      const registry: Record<string, unknown> = {
        [SESSION_MANAGER]: { BootExecute: { type: 'MultiString', value: ['autocheck autochk *'] } },
        [ACTIVE_NAME]: { ComputerName: hostName },
        [PENDING_NAME]: { ComputerName: reasons.has('ComputerName.RenamePending') ? `${hostName}-NEW` : hostName },
        [UPDATES]: { UpdateExeVolatile: { type: 'DWord', value: reasons.has('Updates.UpdateExeVolatile') ? 1 : 0 } },
      };
      for (const [reason, key] of Object.entries(REBOOT_KEYS)) if (reasons.has(reason)) registry[key] = {};
      if (reasons.has('Session.PendingFileRenameOperations')) {
        (registry[SESSION_MANAGER] as Json).PendingFileRenameOperations = { type: 'MultiString', value: ['\\??\\C:\\Windows\\temp\\x.dll', ''] };
      }
      return { registry };
    }
    case 'windowsFeatures': {
      const list = Array.isArray(data) ? data : data === null ? [] : [data];
      // A feature outside Web-* / NET-Framework-45-* (captures/02-get-windowsfeature-json-dhcp-inspec.txt): filtered out by -Name.
      return { windowsFeatures: [{ Name: 'DHCP', DisplayName: 'DHCP Server', Installed: false, InstallState: 0 }, ...list] };
    }
    case 'optionalFeatures': {
      const list = Array.isArray(data) ? data : data === null ? [] : [data];
      // Non-IIS features (captures/44-get-windowsoptionalfeature-state-enum-names-ws2019.txt): filtered out by -like 'IIS-*'.
      return {
        optionalFeatures: [
          { FeatureName: 'Printing-XPSServices-Features', State: 'Enabled' },
          { FeatureName: 'Xps-Foundation-Xps-Viewer', State: 'DisabledWithPayloadRemoved' },
          ...list,
        ],
      };
    }
  }
}

/** One scenario for several probes: the registry keys of each are put together, other keys side by side. */
export function mergeScenarios(...parts: Scenario[]): Scenario {
  const out: Scenario = {};
  for (const part of parts) {
    for (const [k, v] of Object.entries(part)) {
      out[k] = k === 'registry' ? { ...(out.registry as object | undefined), ...(v as object) } : v;
    }
  }
  return out;
}

/** What the mocks need to answer every mocked probe as a fixture's host did. */
export function hostScenario(doc: { host: string; probes: Record<string, unknown> }): Scenario {
  return mergeScenarios(...MOCKED_PROBES.map((p) => scenarioFor(p, doc.probes[p] as Parameters<typeof scenarioFor>[1], doc.host)));
}
