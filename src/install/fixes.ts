// Typed remediation actions for failed checks. An automatic action is one that is safe to carry out for the
// administrator: it changes exactly what the check found missing, says whether it needs elevation and a restart,
// shows its what-if and the equivalent PowerShell, and its check is run again afterwards. Everything else is a
// manual action: the exact commands are printed, never run (changing SCHANNEL, user rights, group membership,
// SQL Server's authentication mode or restarting the server are decisions for the administrator).
import type { Result } from '../core/types.js';
import { psQuote } from '../core/quote.js';
import type { Executor } from './executor.js';
import { DOTNET_KEY32, DOTNET_KEY64, STRONG_CRYPTO_VALUES } from './registry-keys.js';
import type { Reboot } from './step.js';

export interface FixCommand {
  shell: 'powershell' | 'tsql' | 'text';
  script: string;
}

export interface FixAction {
  /** Stable id, e.g. iis.install-role-services. */
  id: string;
  /** The check it fixes. */
  checkId: string;
  title: string;
  automatic: boolean;
  needsElevation: boolean;
  reboot: Reboot;
  /** What would change, one line each. */
  whatIf: string[];
  /** The PowerShell (or T-SQL) that does the same, to review or run by hand. */
  commands: FixCommand[];
  /** Why it is manual, for manual actions. */
  why?: string;
  /** Installation media for removed payloads, when the action needs it and it was not given. */
  needsSource?: boolean;
  apply?(exec: Executor, input: { source?: string }): Promise<{ restartNeeded: boolean; message: string }>;
}

interface MissingFeature { name: string; label?: string; state: string }

function iisAction(r: Result, source: string | undefined): FixAction {
  const missing = (r.evidence.missing as MissingFeature[] | undefined) ?? [];
  const client = r.evidence.source === 'Get-WindowsOptionalFeature';
  const removing = missing.filter((m) => m.state === 'UninstallPending' || m.state === 'DisablePending');
  const removed = missing.filter((m) => m.state === 'Removed' || m.state === 'DisabledWithPayloadRemoved');
  const names = missing.map((m) => m.name);
  const list = names.map(psQuote).join(',');
  const src = source ?? 'D:\\sources\\sxs';
  const command = client
    ? `Enable-WindowsOptionalFeature -Online -All -NoRestart -FeatureName ${list}${removed.length ? ` -Source ${psQuote(src)} -LimitAccess` : ''}`
    : `Install-WindowsFeature -Name ${list}${removed.length ? ` -Source ${psQuote(src)}` : ''}`;
  const base = {
    id: 'iis.install-role-services', checkId: r.id, needsElevation: true, reboot: 'maybe' as const,
    commands: [{ shell: 'powershell' as const, script: command }],
  };
  if (removing.length > 0) {
    return {
      ...base, title: 'Install the missing IIS role services', automatic: false, whatIf: [],
      why: `${removing.map((m) => m.name).join(', ')} ${removing.length === 1 ? 'is' : 'are'} being removed (a restart is pending): restart the server first, then run clickker fix again`,
      commands: [{ shell: 'powershell', script: 'Restart-Computer' }, ...base.commands],
    };
  }
  return {
    ...base,
    title: `Install ${names.length} missing IIS role service${names.length === 1 ? '' : 's'}`,
    automatic: true,
    needsSource: removed.length > 0 && source === undefined,
    whatIf: [
      `${client ? 'enable' : 'install'} exactly these ${client ? 'optional features' : 'role services'}: ${names.join(', ')}`,
      ...(removed.length ? [`${removed.map((m) => m.name).join(', ')}: payload removed from this server, installed from ${source ? psQuote(source) : 'the installation media given with --source (\\sources\\sxs)'}`] : []),
      'Windows may ask for a restart to finish',
    ],
    async apply(exec, input) {
      const r2 = await exec.features.install(names, { client, ...(removed.length && input.source ? { source: input.source } : {}) });
      if (!r2.success) throw new Error(r2.message);
      return { restartNeeded: r2.restartNeeded, message: r2.message };
    },
  };
}

function tlsAction(r: Result): FixAction {
  const found = (r.evidence.found ?? {}) as Record<string, number | null | undefined>;
  const schannelOff = found.Tls12ClientEnabled === 0 || found.Tls12ClientDisabledByDefault === 1;
  if (schannelOff) {
    return {
      id: 'dotnet.enable-schannel-tls12', checkId: r.id, title: 'Enable the TLS 1.2 client protocol in SCHANNEL', automatic: false,
      needsElevation: true, reboot: 'always', whatIf: [],
      why: 'TLS 1.2 was switched off for the whole server, probably on purpose (a hardening policy or GPO): change it only with whoever set it, then restart',
      commands: (r.remediation?.commands ?? []).map((c) => ({ shell: c.shell, script: c.script })),
    };
  }
  const current: Record<string, number | null | undefined> = {
    [`${DOTNET_KEY64}|SchUseStrongCrypto`]: found.StrongCrypto64, [`${DOTNET_KEY64}|SystemDefaultTlsVersions`]: found.SystemDefaultTls64,
    [`${DOTNET_KEY32}|SchUseStrongCrypto`]: found.StrongCrypto32, [`${DOTNET_KEY32}|SystemDefaultTlsVersions`]: found.SystemDefaultTls32,
  };
  const todo = [DOTNET_KEY64, DOTNET_KEY32].flatMap((key) => STRONG_CRYPTO_VALUES.map((name) => ({ key, name }))).filter((v) => current[`${v.key}|${v.name}`] !== 1);
  return {
    id: 'dotnet.enable-strong-crypto', checkId: r.id, title: 'Let .NET Framework 4.x use TLS 1.2 (strong cryptography, 64- and 32-bit)', automatic: true,
    needsElevation: true, reboot: 'never',
    whatIf: [
      ...todo.map((v) => `set ${v.key}\\${v.name} = 1 (DWORD; now ${current[`${v.key}|${v.name}`] ?? 'absent'})`),
      'no Windows restart; running .NET applications (IIS application pools, services) pick it up when they restart',
    ],
    commands: [{ shell: 'powershell', script: todo.map((v) => `New-Item -Path ${psQuote(v.key)} -Force | Out-Null; Set-ItemProperty -LiteralPath ${psQuote(v.key)} -Name ${psQuote(v.name)} -Value 1 -Type DWord`).join('\n') }],
    async apply(exec) {
      for (const v of todo) if ((await exec.registry.getDword(v.key, v.name)) !== 1) await exec.registry.setDword(v.key, v.name, 1);
      return { restartNeeded: false, message: `set ${todo.length} registry value(s)` };
    },
  };
}

function startSiteAction(r: Result): FixAction | null {
  const apps = (r.evidence.found as { Site: string }[] | undefined) ?? [];
  const sites = (r.evidence.sites as { Name: string; State: unknown }[] | undefined) ?? [];
  const stopped = [...new Set(apps.map((a) => a.Site))].filter((s) => sites.some((x) => x.Name.toLowerCase() === s.toLowerCase() && (x.State === 'Stopped' || x.State === 3)));
  if (stopped.length === 0) return null;
  return {
    id: 'synergy.start-website', checkId: r.id, title: `Start the Exact Synergy website ${stopped.join(', ')}`, automatic: true,
    needsElevation: true, reboot: 'never',
    whatIf: stopped.map((s) => `start IIS website '${s}'`),
    commands: [{ shell: 'powershell', script: stopped.map((s) => `Start-Website -Name ${psQuote(s)}`).join('\n') }],
    async apply(exec) {
      for (const s of stopped) await exec.iis.startWebsite(s);
      return { restartNeeded: false, message: `started ${stopped.join(', ')}` };
    },
  };
}

const MANUAL_WHY: Record<string, string> = {
  'os.pending-reboot': 'restarting the server is the administrator\'s decision (plan it, then run clickker again)',
  'account.service-account': 'administrator rights and logon rights of an account are a security decision (and often set by a domain GPO)',
  'sql.auth-mode': 'changing SQL Server\'s authentication mode needs a SQL Server restart: the DBA\'s decision',
  'sql.baco-login': 'the BACO login belongs to Exact Synergy: its DBA decides',
  'sql.service-account': 'server roles on SQL Server are the DBA\'s decision',
  'dotnet.framework': 'installing .NET Framework needs the offline installer and a restart',
};

/** The fix actions for the results that need one, in the order of the results. */
export function fixActions(results: readonly Result[], options: { source?: string } = {}): FixAction[] {
  const out: FixAction[] = [];
  for (const r of results) {
    if (r.status !== 'fail' && r.status !== 'warn') continue;
    if (r.id === 'iis.features' && r.status === 'fail') { out.push(iisAction(r, options.source)); continue; }
    if (r.id === 'dotnet.tls12') { out.push(tlsAction(r)); continue; }
    if (r.id === 'synergy.website' && r.status === 'warn') {
      const a = startSiteAction(r);
      if (a) { out.push(a); continue; }
    }
    if (r.status !== 'fail' && r.id !== 'os.pending-reboot') continue;
    if (r.category === 'Confirmations') continue;
    // Only commands that change something: diagnostics ("to look") are never offered as a fix to run.
    const commands = (r.remediation?.commands ?? []).filter((c) => c.purpose !== 'look').map((c) => ({ shell: c.shell, script: c.script }));
    out.push({
      id: `${r.id}.manual`, checkId: r.id, title: r.remediation?.text ?? r.summary, automatic: false, needsElevation: true,
      reboot: r.id === 'os.pending-reboot' ? 'always' : 'never', whatIf: [],
      why: MANUAL_WHY[r.id] ?? 'not safe to automate: review and run it yourself', commands,
    });
  }
  return out;
}
