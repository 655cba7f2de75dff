import type { FixAction, FixContext } from '../src/core/fix.js';
import type { Check, CheckContext, Result, Verdict } from '../src/core/types.js';
import { psQuote } from '../src/core/quote.js';
import { fail, listing, pass, warn } from '../src/core/verdict.js';
import { osFact } from '../src/facts/os.js';
import { windowsFeaturesFact, type WindowsFeature } from '../src/facts/windows-features.js';
import { optionalFeaturesFact, type OptionalFeature } from '../src/facts/optional-features.js';

/** What one required role service needs, normalised from either cmdlet's state. */
type Need = 'ok' | 'pending' | 'missing' | 'removed' | 'removing';

export interface RoleServiceState {
  name: string;
  label: string;
  need: Need;
  /** The state as the cmdlet reported it. */
  state: string;
}

/** Get-WindowsFeature: `Installed` is the first signal, InstallState refines it. */
export function serverNeed(f: WindowsFeature | undefined): { need: Need; state: string } {
  if (!f) return { need: 'missing', state: 'not listed' };
  switch (f.InstallState) {
    case 'Installed': return { need: f.Installed ? 'ok' : 'missing', state: f.InstallState };
    case 'InstallPending': return { need: 'pending', state: f.InstallState };
    case 'UninstallPending': return { need: 'removing', state: f.InstallState };
    case 'Removed': return { need: 'removed', state: f.InstallState };
    default: return { need: f.Installed ? 'ok' : 'missing', state: f.InstallState };
  }
}

/** Get-WindowsOptionalFeature State. */
export function clientNeed(f: OptionalFeature | undefined): { need: Need; state: string } {
  if (!f) return { need: 'missing', state: 'not listed' };
  switch (f.State) {
    case 'Enabled': return { need: 'ok', state: f.State };
    case 'EnablePending': return { need: 'pending', state: f.State };
    case 'DisablePending': return { need: 'removing', state: f.State };
    case 'DisabledWithPayloadRemoved': return { need: 'removed', state: f.State };
    default: return { need: 'missing', state: f.State };
  }
}

type Cmdlet = 'Get-WindowsFeature' | 'Get-WindowsOptionalFeature';

interface ReadStates {
  states: RoleServiceState[];
  names: 'server' | 'client';
  source: Cmdlet;
  /** Whether the IIS role itself (Web-Server / IIS-WebServerRole) is installed. */
  roleInstalled: boolean;
}

function readStates(ctx: CheckContext, client: boolean): ReadStates {
  const services = ctx.requirements.iis.roleServices;
  const role = ctx.requirements.iis.role;
  // ServerManager exists only on Server SKUs; the DISM names work on both, so a server falls back to them.
  if (!client && (ctx.has(windowsFeaturesFact) || !ctx.has(optionalFeaturesFact))) {
    const byName = new Map(ctx.fact(windowsFeaturesFact).map((f) => [f.Name.toLowerCase(), f]));
    return {
      names: 'server',
      source: 'Get-WindowsFeature',
      roleInstalled: serverNeed(byName.get(role.name.toLowerCase())).need !== 'missing',
      states: services.map((s) => ({ name: s.name, label: s.label, ...serverNeed(byName.get(s.name.toLowerCase())) })),
    };
  }
  const byName = new Map(ctx.fact(optionalFeaturesFact).map((f) => [f.FeatureName.toLowerCase(), f]));
  return {
    names: 'client',
    source: 'Get-WindowsOptionalFeature',
    roleInstalled: clientNeed(byName.get(role.clientName.toLowerCase())).need !== 'missing',
    states: services.map((s) => ({ name: s.clientName, label: s.label, ...clientNeed(byName.get(s.clientName.toLowerCase())) })),
  };
}

function installCommand(names: 'server' | 'client', missing: RoleServiceState[]): string {
  const list = missing.map((m) => psQuote(m.name)).join(',');
  const removed = missing.some((m) => m.need === 'removed');
  if (names === 'server') {
    return `Install-WindowsFeature -Name ${list}${removed ? ` -Source ${psQuote(SOURCE_HINT)}   # the payload was removed: a matching image (\\sources\\sxs holds only .NET 3.5)` : ''}`;
  }
  return `Enable-WindowsOptionalFeature -Online -All -FeatureName ${list}${removed ? ` -Source ${psQuote(SOURCE_HINT)} -LimitAccess` : ''}`;
}

/**
 * -Source takes the WinSxS folder of a Windows image of the same version and edition, or the install.wim of the
 * matching media with its index; the media's \sources\sxs holds the .NET Framework 3.5 payload only
 * (Install-WindowsFeature docs; windows-behaviour.md). There is no safe default: the printed command names it.
 */
const SOURCE_HINT = 'wim:D:\\sources\\install.wim:<index of this edition: Get-WindowsImage -ImagePath D:\\sources\\install.wim>';

/** A role service as the evidence lists it: its name for the cmdlet that read it, and the state it reported. */
export type RoleServiceRef = Pick<RoleServiceState, 'name' | 'label' | 'state'>;

/** What the verdicts show and the fix reads. */
export type IisEvidence = { expected: string; found: string; missing: RoleServiceRef[]; pending: RoleServiceRef[]; source: Cmdlet };

// The states in which a role service's payload is gone (installing needs -Source) or is being removed (restart first).
const REMOVED = new Set(['Removed', 'DisabledWithPayloadRemoved']);
const REMOVING = new Set(['UninstallPending', 'DisablePending']);

/** Installs exactly the missing role services, with the cmdlet that reported them; nothing while one is being removed. */
function fixIis(r: Result<IisEvidence>, ctx: FixContext): FixAction | null {
  const missing = r.evidence.missing;
  if (r.status !== 'fail' || missing.length === 0) return null;
  const client = r.evidence.source === 'Get-WindowsOptionalFeature';
  const removing = missing.filter((m) => REMOVING.has(m.state));
  const removed = missing.filter((m) => REMOVED.has(m.state));
  const names = missing.map((m) => m.name);
  const list = names.map(psQuote).join(',');
  const src = ctx.source ?? SOURCE_HINT;
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
    needsSource: removed.length > 0 && ctx.source === undefined,
    whatIf: [
      `${client ? 'enable' : 'install'} exactly these ${client ? 'optional features' : 'role services'}: ${names.join(', ')}`,
      ...(removed.length ? [`${removed.map((m) => m.name).join(', ')}: payload removed from this server, installed from ${ctx.source ? psQuote(ctx.source) : 'the source given with --source (wim:D:\\sources\\install.wim:<index> of the matching media, or a mounted image\'s Windows\\WinSxS folder); without it the other role services are still installed'}`] : []),
      'Windows may ask for a restart to finish',
    ],
    async apply(host, input) {
      // Without a source, the role services whose payload is present are installed anyway (one command with a removed
      // name in it fails as a whole: 0x800f081f), and the rest is reported.
      const present = names.filter((n) => !removed.some((m) => m.name === n));
      const todo = removed.length && !input.source ? present : names;
      if (todo.length === 0) throw new Error(`${removed.map((m) => m.name).join(', ')}: payload removed; give --source`);
      const done = await host.features.install(todo, { client, ...(removed.length && input.source ? { source: input.source } : {}) });
      if (!done.success) throw new Error(done.message);
      const left = names.filter((n) => !todo.includes(n));
      return { restartNeeded: done.restartNeeded, message: `${done.message}${left.length ? `; ${left.join(', ')} still need --source (their payload is removed)` : ''}` };
    },
  };
}

export const check: Check<IisEvidence> = {
  id: 'iis.features',
  title: 'IIS with the 16 required role services',
  category: 'IIS',
  severity: 'blocking',
  needs: ['os', 'windowsFeatures', 'optionalFeatures'],
  profiles: ['synergy'],
  rationale:
    'Clickker runs as an IIS application beside Exact Synergy and needs 16 IIS role services (Preparing IIS in the vendor '
    + 'requirements). They are matched by Name (Web-* on servers, IIS-* with DISM on clients), never by the localized '
    + 'display name. A role service waiting for a restart is a warning; one whose payload was removed needs -Source.',
  remediation: {
    text: 'Install the missing IIS role services with Install-WindowsFeature (exactly the names listed), then restart if asked.',
    commands: [
      { shell: 'powershell', script: "Install-WindowsFeature -Name 'Web-Server' -IncludeManagementTools" },
      { shell: 'powershell', runAs: 'user', purpose: 'look', script: "Get-WindowsFeature -Name 'Web-*' | Where-Object Installed | Select-Object Name, DisplayName, InstallState" },
    ],
  },
  evaluate(ctx): Verdict<IisEvidence> {
    const os = ctx.fact(osFact);
    const client = os !== null && os.ProductType === 1;
    const { states, names, source, roleInstalled } = readStates(ctx, client);
    const total = states.length;
    const missing = states.filter((s) => s.need === 'missing' || s.need === 'removed' || s.need === 'removing');
    const pending = states.filter((s) => s.need === 'pending');
    const evidence: IisEvidence = {
      expected: `${total} role services installed`,
      found: `${total - missing.length - pending.length} installed, ${pending.length} pending a restart, ${missing.length} missing`,
      missing: missing.map((m) => ({ name: m.name, label: m.label, state: m.state })),
      pending: pending.map((m) => ({ name: m.name, label: m.label, state: m.state })),
      source,
    };
    if (missing.length > 0) {
      const removed = missing.filter((m) => m.need === 'removed');
      const none = missing.length === total;
      const words = none && !roleInstalled ? 'IIS is not installed'
        : none ? `IIS is installed, but none of the ${total} required role services is`
        : `${missing.length} of ${total} IIS role services missing: ${listing(missing.map((m) => m.name))}`;
      const extra = removed.length > 0 ? `; payload removed for ${listing(removed.map((m) => m.name))}, so installing needs -Source` : '';
      return fail(words + extra, evidence, {
        text: `Install exactly the missing role services${removed.length ? ' (point -Source at the Windows installation media for the removed payloads)' : ''}, then restart if Windows asks.`,
        commands: [{ shell: 'powershell', script: installCommand(names, missing) }],
      });
    }
    if (pending.length > 0) {
      return warn(`Installed, but a restart is required to finish ${listing(pending.map((p) => p.name))}`, evidence, {
        text: 'Restart the server to complete the installation of the pending role services.',
        commands: [{ shell: 'powershell', script: 'Restart-Computer' }],
      });
    }
    return pass(`All ${total} role services installed`, evidence);
  },
  fix: fixIis,
};
