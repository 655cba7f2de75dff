import type { FixAction, FixContext } from '../src/core/fix.js';
import type { Check, CheckContext, Evidence, Result, Verdict } from '../src/core/types.js';
import { boundedMemo } from '../src/core/bounded-memo.js';
import { psQuote } from '../src/core/quote.js';
import { fail, listed, pass, remedy, say, warn } from '../src/core/verdict.js';
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

type IisRequirements = CheckContext['requirements']['iis'];

/** The names one cmdlet lists the role and its role services by, lower-cased, and what each listed name is. */
interface Wanted {
  role: string;
  /** Each role service's lower-case name, in requirements order. */
  services: readonly string[];
  /** A listed name's lower-case form when it is wanted, null when not: fleets list the same names on every host. */
  keyOf: (name: string) => string | null;
}

// Windows lists some 270 features; only the role and its role services are read. Their lower-case names are worked
// out once per requirements (issue 17: indexing every feature of every host was most of this check's time).
const wantedNames = new WeakMap<IisRequirements, { name: Wanted; clientName: Wanted }>();
function wanted(iis: IisRequirements, names: 'name' | 'clientName'): Wanted {
  let sets = wantedNames.get(iis);
  if (!sets) {
    const of = (key: 'name' | 'clientName'): Wanted => {
      const services = iis.roleServices.map((s) => s[key].toLowerCase());
      const role = iis.role[key].toLowerCase();
      const names = new Set([role, ...services]);
      // Bounded: hosts that each list other names (or hostile input) never grow the memo of listed names past 4096.
      const keyOf = boundedMemo(4096, (name) => {
        const lower = name.toLowerCase();
        return names.has(lower) ? lower : null;
      });
      return { role, services, keyOf };
    };
    wantedNames.set(iis, sets = { name: of('name'), clientName: of('clientName') });
  }
  return sets[names];
}

/** The listed features by lower-case name, for the wanted names only (a later duplicate wins, as in a Map of all). */
function wantedOf<F>(features: readonly F[], nameOf: (f: F) => string, w: Wanted): Map<string, F> {
  const byName = new Map<string, F>();
  for (const f of features) {
    const key = w.keyOf(nameOf(f));
    if (key !== null) byName.set(key, f);
  }
  return byName;
}

const nameOfServer = (f: WindowsFeature) => f.Name;
const nameOfClient = (f: OptionalFeature) => f.FeatureName;

function readStates(ctx: CheckContext, client: boolean): ReadStates {
  const services = ctx.requirements.iis.roleServices;
  // ServerManager exists only on Server SKUs; the DISM names work on both, so a server falls back to them.
  if (!client && (ctx.has(windowsFeaturesFact) || !ctx.has(optionalFeaturesFact))) {
    const w = wanted(ctx.requirements.iis, 'name');
    const byName = wantedOf(ctx.fact(windowsFeaturesFact), nameOfServer, w);
    return {
      names: 'server',
      source: 'Get-WindowsFeature',
      roleInstalled: serverNeed(byName.get(w.role)).need !== 'missing',
      states: services.map((s, i) => {
        const { need, state } = serverNeed(byName.get(w.services[i]!));
        return { name: s.name, label: s.label, need, state };
      }),
    };
  }
  const w = wanted(ctx.requirements.iis, 'clientName');
  const byName = wantedOf(ctx.fact(optionalFeaturesFact), nameOfClient, w);
  return {
    names: 'client',
    source: 'Get-WindowsOptionalFeature',
    roleInstalled: clientNeed(byName.get(w.role)).need !== 'missing',
    states: services.map((s, i) => {
      const { need, state } = clientNeed(byName.get(w.services[i]!));
      return { name: s.clientName, label: s.label, need, state };
    }),
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
export type IisEvidence = { expected: string; found: string; said: Evidence['said']; missing: RoleServiceRef[]; pending: RoleServiceRef[]; source: Cmdlet };

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
      nl: {
        title: 'Installeer de ontbrekende IIS-rolservices', whatIf: [],
        why: `${removing.map((m) => m.name).join(', ')} ${removing.length === 1 ? 'wordt' : 'worden'} verwijderd (er is een herstart in behandeling): herstart eerst de server en voer daarna clickker fix opnieuw uit`,
      },
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
    nl: {
      title: `Installeer ${names.length} ontbrekende IIS-rolservice${names.length === 1 ? '' : 's'}`,
      whatIf: [
        `${client ? 'schakel precies deze optionele onderdelen in' : 'installeer precies deze rolservices'}: ${names.join(', ')}`,
        ...(removed.length ? [`${removed.map((m) => m.name).join(', ')}: payload van deze server verwijderd, geïnstalleerd vanaf ${ctx.source ? psQuote(ctx.source) : 'de bron opgegeven met --source (wim:D:\\sources\\install.wim:<index> van de bijpassende media, of de map Windows\\WinSxS van een gekoppelde image); zonder die bron worden de andere rolservices wel geïnstalleerd'}`] : []),
        'Windows vraagt mogelijk om een herstart om het af te ronden',
      ],
    },
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
  nl: {
    title: 'IIS met de 16 vereiste rolservices',
    rationale:
      'Clickker draait als IIS-toepassing naast Exact Synergy en heeft 16 IIS-rolservices nodig ("Preparing IIS" in de eisen van '
      + 'de leverancier). Ze worden herkend aan hun naam (Web-* op servers, IIS-* met DISM op clients), nooit aan de vertaalde '
      + 'weergavenaam. Een rolservice die op een herstart wacht is een waarschuwing; een waarvan de payload is verwijderd, vereist -Source.',
  },
  rationale:
    'Clickker runs as an IIS application beside Exact Synergy and needs 16 IIS role services (Preparing IIS in the vendor '
    + 'requirements). They are matched by Name (Web-* on servers, IIS-* with DISM on clients), never by the localized '
    + 'display name. A role service waiting for a restart is a warning; one whose payload was removed needs -Source.',
  remediation: remedy(say(
    'Install the missing IIS role services with Install-WindowsFeature (exactly the names listed), then restart if asked.',
    'Installeer de ontbrekende IIS-rolservices met Install-WindowsFeature (precies de genoemde namen) en herstart als daarom wordt gevraagd.',
  ), [
      { shell: 'powershell', script: "Install-WindowsFeature -Name 'Web-Server' -IncludeManagementTools" },
      { shell: 'powershell', runAs: 'user', purpose: 'look', script: "Get-WindowsFeature -Name 'Web-*' | Where-Object Installed | Select-Object Name, DisplayName, InstallState" },
  ]),
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
      said: {
        expected: say(`${total} role services installed`, `${total} rolservices geïnstalleerd`),
        found: say(`${total - missing.length - pending.length} installed, ${pending.length} pending a restart, ${missing.length} missing`,
          `${total - missing.length - pending.length} geïnstalleerd, ${pending.length} wachten op een herstart, ${missing.length} ontbreken`),
      },
      missing: missing.map((m) => ({ name: m.name, label: m.label, state: m.state })),
      pending: pending.map((m) => ({ name: m.name, label: m.label, state: m.state })),
      source,
    };
    if (missing.length > 0) {
      const removed = missing.filter((m) => m.need === 'removed');
      const none = missing.length === total;
      const list = listed(missing.map((m) => m.name));
      const words = none && !roleInstalled ? say('IIS is not installed', 'IIS is niet geïnstalleerd')
        : none ? say(`IIS is installed, but none of the ${total} required role services is`, `IIS is geïnstalleerd, maar geen van de ${total} vereiste rolservices`)
        : say(`${missing.length} of ${total} IIS role services missing: ${list.en}`, `${missing.length} van ${total} IIS-rolservices ontbreken: ${list.nl}`);
      const gone = listed(removed.map((m) => m.name));
      const extra = removed.length > 0
        ? say(`; payload removed for ${gone.en}, so installing needs -Source`, `; payload verwijderd voor ${gone.nl}, dus installeren vereist -Source`)
        : say('', '');
      return fail(say(words.en + extra.en, words.nl + extra.nl), evidence, remedy(say(
        `Install exactly the missing role services${removed.length ? ' (point -Source at the Windows installation media for the removed payloads)' : ''}, then restart if Windows asks.`,
        `Installeer precies de ontbrekende rolservices${removed.length ? ' (laat -Source naar de Windows-installatiemedia wijzen voor de verwijderde payloads)' : ''} en herstart als Windows daarom vraagt.`,
      ), [{ shell: 'powershell', script: installCommand(names, missing) }]));
    }
    if (pending.length > 0) {
      const list = listed(pending.map((p) => p.name));
      return warn(say(`Installed, but a restart is required to finish ${list.en}`, `Geïnstalleerd, maar een herstart is nodig om ${list.nl} af te ronden`), evidence, remedy(say(
        'Restart the server to complete the installation of the pending role services.',
        'Herstart de server om de installatie van de wachtende rolservices af te ronden.',
      ), [{ shell: 'powershell', script: 'Restart-Computer' }]));
    }
    return pass(say(`All ${total} role services installed`, `Alle ${total} rolservices geïnstalleerd`), evidence);
  },
  fix: fixIis,
};
