// The PowerShell operations the Windows executor runs: one small Windows PowerShell 5.1-safe script per operation, in
// src/probes/powershell/install/<operation>.ps1 beside the probes (shipped the same way: package.json "files", the
// exe's SEA assets in scripts/build-exe.mjs, read through src/core/assets.ts). Each runs through the bridge
// (src/probes/powershell/envelope.ts): the script text and every parameter travel as base64 data and are splatted
// into its `param(...)`, so no value is ever part of the script text. Every script prints one JSON document (or
// 'null'); its first line names the operation (the PowerShell stand-in in the tests reads it).
// Names that reach cmdlets with wildcard semantics (-Name) are restricted by the manifest schema; lookups filter
// with -eq on the object instead of building WQL or wildcard patterns from values.
import { readAssetText } from '../../core/assets.js';

/** Where the operation scripts are, by package-relative key. */
export const INSTALL_SCRIPT_DIR = 'src/probes/powershell/install';

/**
 * Every operation: its script file (in INSTALL_SCRIPT_DIR) and the parameters its `param(...)` declares, in order.
 * All parameters are strings. The issue-11 real-PowerShell tests enumerate the operations from this table. No
 * parameter carries a secret: a password travels as `PasswordFile`, the path of a file only Administrators and SYSTEM
 * can read, which the script deletes once read (script-block and module logging record script text and parameter
 * values: windows-behaviour.md).
 */
export const INSTALL_OPERATIONS = {
  'iis-sites': { file: 'iis-sites.ps1', params: [] },
  'iis-get-pool': { file: 'iis-get-pool.ps1', params: ['Name'] },
  'iis-set-pool': { file: 'iis-set-pool.ps1', params: ['Name', 'RuntimeVersion', 'PipelineMode', 'Identity', 'PasswordFile'] },
  'iis-remove-pool': { file: 'iis-remove-pool.ps1', params: ['Name'] },
  'iis-get-app': { file: 'iis-get-app.ps1', params: ['Site', 'Path'] },
  'iis-set-app': { file: 'iis-set-app.ps1', params: ['Site', 'Path', 'PhysicalPath', 'AppPool'] },
  'iis-remove-app': { file: 'iis-remove-app.ps1', params: ['Site', 'Path'] },
  'website-start': { file: 'website-start.ps1', params: ['Name'] },
  'service-get': { file: 'service-get.ps1', params: ['Name'] },
  'service-set': { file: 'service-set.ps1', params: ['Name', 'DisplayName', 'Description', 'BinaryPath', 'StartMode', 'Account', 'PasswordFile'] },
  'service-restore': { file: 'service-restore.ps1', params: ['Name', 'DisplayName', 'Description', 'BinaryPath', 'StartMode', 'State'] },
  'service-stop': { file: 'service-stop.ps1', params: ['Name'] },
  'service-remove': { file: 'service-remove.ps1', params: ['Name'] },
  'task-get': { file: 'task-get.ps1', params: ['Name'] },
  'task-set': { file: 'task-set.ps1', params: ['Name', 'Execute', 'Arguments', 'User', 'Daily', 'PasswordFile'] },
  'task-remove': { file: 'task-remove.ps1', params: ['Name'] },
  'acl-get': { file: 'acl-get.ps1', params: ['Path'] },
  'account-sid': { file: 'account-sid.ps1', params: ['Account'] },
  'features-install': { file: 'features-install.ps1', params: ['Names', 'Source', 'Client'] },
  'registry-get': { file: 'registry-get.ps1', params: ['Key', 'Name'] },
  'registry-set': { file: 'registry-set.ps1', params: ['Key', 'Name', 'Value'] },
  'registry-values-get': { file: 'registry-values-get.ps1', params: ['Key'] },
  'registry-values-set': { file: 'registry-values-set.ps1', params: ['Key', 'Names', 'Kinds', 'Values'] },
  'registry-key-remove': { file: 'registry-key-remove.ps1', params: ['Key'] },
  'eventlog-write': { file: 'eventlog-write.ps1', params: ['EntryType', 'EventId', 'Message'] },
} as const satisfies Record<string, { file: string; params: readonly string[] }>;

export type PsOperation = keyof typeof INSTALL_OPERATIONS;
export type OperationParams<Op extends PsOperation> = (typeof INSTALL_OPERATIONS)[Op]['params'][number];

const cache = new Map<PsOperation, string>();

/** The text of an operation's script: LF line ends, no BOM (as the probes' scripts are read). */
export function operationScript(op: PsOperation): string {
  let text = cache.get(op);
  if (text === undefined) {
    text = readAssetText(`${INSTALL_SCRIPT_DIR}/${INSTALL_OPERATIONS[op].file}`).replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
    cache.set(op, text);
  }
  return text;
}
