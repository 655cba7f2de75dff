// One table of options, shared by the commands that take them; commander's attribute names map to settings keys.
import { Option, type Command } from 'commander';
import { PROFILES } from '../core/vocabulary.js';
import type { SettingKey } from './settings.js';

export interface OptionSpec {
  flags: string;
  key: SettingKey;
  help: string;
  choices?: string[];
}

export const JUDGE_OPTIONS: OptionSpec[] = [
  { flags: '-s, --snapshot <file...>', key: 'snapshots', help: 'judge snapshot files instead of this machine; several give a fleet matrix' },
  { flags: '--profile <name>', key: 'profile', help: 'synergy (default): the on-premise install; online: Exact Online registration', choices: [...PROFILES] },
  { flags: '--only <id...>', key: 'only', help: 'run only these checks (and what they depend on); comma-separated or repeated' },
  { flags: '--skip <id...>', key: 'skip', help: 'do not run these checks (recorded in the report)' },
  { flags: '--confirm <id...>', key: 'confirm', help: "confirm manual items (see 'clickker checks'), or 'all'" },
  { flags: '--waivers <file>', key: 'waivers', help: 'YAML or JSON file of accepted findings with reason, approver and expiry' },
  { flags: '--fail-on <level...>', key: 'failOn', help: 'also exit 1 on warnings and/or unknowns: warning, unknown' },
  { flags: '--confirmations <file>', key: 'confirmations', help: 'confirmations.yaml: manual items confirmed with who and when (like waivers)' },
  { flags: '-f, --format <format>', key: 'format', help: 'report format', choices: ['console', 'json', 'junit', 'markdown', 'html'] },
  { flags: '-o, --output <file>', key: 'output', help: 'write the report to a file (the console summary still prints)' },
  { flags: '--requirements <file>', key: 'requirements', help: 'use another requirements file instead of the built-in one' },
  { flags: '--synergy-release <n>', key: 'synergyRelease', help: 'state the Exact Synergy release when it cannot be detected, e.g. 503' },
  { flags: '--external-access', key: 'externalAccess', help: 'external parties must reach Clickker: a valid HTTPS binding becomes blocking' },
  { flags: '--service-account <account>', key: 'serviceAccount', help: 'the Clickker service account, DOMAIN\\user' },
];

/** Where the preflight saves its HTML and JSON report (on by default where a state folder is known). */
export const REPORT_OPTIONS: OptionSpec[] = [
  { flags: '--report-dir <dir>', key: 'reportDir', help: 'where the HTML and JSON report are saved (default %ProgramData%\\Clickker\\reports)' },
  { flags: '--no-save-report', key: 'saveReport', help: 'do not save the HTML and JSON report' },
];

export const LIVE_OPTIONS: OptionSpec[] = [
  { flags: '--timeout <seconds>', key: 'timeout', help: 'budget of the network and SQL probes (default 10)' },
  { flags: '--powershell-timeout <seconds>', key: 'powershellTimeout', help: 'budget of all PowerShell probes together (default 180; 60 per probe)' },
  { flags: '--endpoint <url...>', key: 'endpoints', help: "probe exactly these URLs instead of the requirements' endpoints" },
  { flags: '--proxy <url>', key: 'proxy', help: 'HTTP(S) proxy for the endpoint probes (default: HTTPS_PROXY/HTTP_PROXY)' },
  { flags: '--powershell <exe>', key: 'powershell', help: 'powershell (default), pwsh, or a path' },
  { flags: '--sql-server <server>', key: 'sqlServer', help: 'SQL Server as HOST[\\INSTANCE][,PORT]' },
  { flags: '--sql-user <login>', key: 'sqlUser', help: 'SQL login or domain user; password from CLICKKER_SQL_PASSWORD or a hidden prompt' },
  { flags: '--sql-domain <domain>', key: 'sqlDomain', help: 'Windows domain of --sql-user (NTLM)' },
  { flags: '--sql-database <name>', key: 'sqlDatabase', help: 'database to connect to (default master)' },
  { flags: '--sql-trust-server-certificate', key: 'sqlTrustServerCertificate', help: 'accept an untrusted SQL Server certificate (risk: a man in the middle goes unnoticed)' },
  { flags: '--no-sql-encrypt', key: 'sqlEncrypt', help: 'do not encrypt the SQL connection (the password then travels in clear)' },
  { flags: '--clickker-database <name>', key: 'clickkerDatabase', help: 'name of the Clickker database (default Clickker)' },
];

export const OUTPUT_OPTIONS: OptionSpec[] = [
  { flags: '--no-color', key: 'color', help: 'no colours (also when NO_COLOR is set or output is not a terminal)' },
  { flags: '--ascii', key: 'ascii', help: 'plain ASCII symbols instead of ✔ ✖ ⚠' },
  { flags: '-v, --verbose', key: 'verbose', help: 'show evidence, error codes, timings and stack traces' },
  { flags: '--lang <lang>', key: 'lang', help: 'report language: en or nl (default: CLICKKER_LANG, else the Windows display language)', choices: ['en', 'nl'] },
];

export const INSTALL_OPTIONS: OptionSpec[] = [
  { flags: '--package <file>', key: 'package', help: 'the Clickker release package (clickker-<version>.zip)' },
  { flags: '--sha256 <hex>', key: 'sha256', help: "the package's SHA-256 as published; the package is refused if it differs" },
  { flags: '--checksum-file <file>', key: 'checksumFile', help: 'a sha256sum file with the package hash (default: <package>.sha256 when present)' },
  { flags: '--state-dir <dir>', key: 'stateDir', help: 'where the journal, logs, backups and reports go (default %ProgramData%\\Clickker)' },
  { flags: '--install-dir <dir>', key: 'installDir', help: 'install folder (default %ProgramFiles%\\Clickker)' },
  { flags: '--site <name>', key: 'site', help: 'the IIS website of Exact Synergy to install the application under' },
  { flags: '--app-path <path>', key: 'appPath', help: "the application's path under the website (default from the package, e.g. /clickker)" },
  { flags: '--base-url <url>', key: 'baseUrl', help: 'where the website answers on this server, for the verification requests (default http://localhost)' },
  { flags: '--exact-database <name...>', key: 'exactDatabases', help: 'the Exact databases to grant read access on (default: those detected on the SQL Server)' },
  { flags: '--reduce-sql-rights', key: 'reduceSqlRights', help: 'afterwards take the service account out of sysadmin (it keeps read on Exact, read/write on Clickker)' },
  { flags: '--simulate <file>', key: 'simulate', help: 'rehearse on a simulated host (a clickker.simulated-host/v1 file) instead of this machine' },
];

export const FIX_OPTIONS: OptionSpec[] = [
  { flags: '--source <path>', key: 'source', help: 'for role services whose payload was removed: wim:D:\\sources\\install.wim:<index> of matching media, or the WinSxS folder of a matching image (\\sources\\sxs holds only .NET 3.5)' },
  { flags: '--state-dir <dir>', key: 'stateDir', help: 'where the fix log goes (default %ProgramData%\\Clickker)' },
  { flags: '--simulate <file>', key: 'simulate', help: 'act on a simulated host (a clickker.simulated-host/v1 file) instead of this machine' },
];

export function addOptions(cmd: Command, specs: readonly OptionSpec[]): Command {
  for (const s of specs) {
    const o = new Option(s.flags, s.help);
    if (s.choices) o.choices(s.choices);
    cmd.addOption(o);
  }
  return cmd;
}

/** Values the user actually gave on the command line, keyed by setting (commander's defaults dropped). */
export function givenFlags(cmd: Command, specs: readonly OptionSpec[]): { flags: Record<string, unknown>; names: Partial<Record<SettingKey, string>> } {
  const flags: Record<string, unknown> = {};
  const names: Partial<Record<SettingKey, string>> = {};
  for (const s of specs) {
    const attr = cmd.options.find((o) => o.flags === s.flags)?.attributeName();
    if (!attr) continue;
    if (cmd.getOptionValueSource(attr) !== 'cli') continue;
    flags[s.key] = cmd.getOptionValue(attr);
    names[s.key] = s.flags.split(/[ ,]+/).find((f) => f.startsWith('--'));
  }
  return { flags, names };
}
