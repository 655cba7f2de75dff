// Windows services and scheduled tasks, run as the service account. A service is (re)configured and started; a
// task runs daily whether or not the account is logged on. Rollback removes what this run created and restores the
// settings of what it changed (credentials stay as they are: their old password is not known).
import { join } from 'node:path';
import { join as joinMsg, say, type Msg } from '../../core/text.js';
import { accountNeedsPassword, type ServiceSpec, type ServiceState, type TaskSpec, type TaskState } from '../executor.js';
import type { ManifestService, ManifestTask } from '../manifest.js';
import { StepRefused, type Step, type StepContext } from '../step.js';
import { windowsArguments, windowsCommandLine } from '../winargs.js';
import { bareNameCollides, executableOf, insideInstallDir, sameAccount, taskRunsAs } from './accounts.js';

const exePath = (ctx: StepContext, rel: string) => join(ctx.params.installDir, ...rel.split('/'));

function serviceSpec(ctx: StepContext, s: ManifestService): ServiceSpec {
  return {
    name: s.name, displayName: s.displayName, ...(s.description ? { description: s.description } : {}),
    binaryPath: windowsCommandLine(exePath(ctx, s.executable), s.arguments), startMode: s.startMode,
    delayedStart: s.startMode === 'Automatic' && s.delayedStart, restartOnFailure: s.restartOnFailure, account: ctx.params.serviceAccount,
  };
}

// In Dutch, start modes and states as the Dutch Services console (services.msc) shows them; others stay as Windows
// reported them.
const MODE_NL: Record<string, string> = { Automatic: 'Automatisch', Manual: 'Handmatig', Disabled: 'Uitgeschakeld' };
const STATE_NL: Record<string, string> = { Running: 'wordt uitgevoerd', Stopped: 'gestopt', Paused: 'onderbroken' };
const modeText = (mode: string, delayed: boolean): Msg => (mode === 'Automatic' && delayed
  ? say('Automatic (Delayed Start)', 'Automatisch (vertraagd starten)')
  : say(mode, MODE_NL[mode] ?? mode));
const stateText = (state: string): Msg => say(state, STATE_NL[state] ?? state);

/**
 * Whether clickker may take over a service that existed before this run: only one that runs a program from the install
 * folder (an earlier installation), and only when rollback could give it back exactly, which it cannot when the
 * account changes to ours from one with a password clickker does not know.
 */
async function adoptionProblem(ctx: StepContext, name: string, have: ServiceState, want: ServiceSpec): Promise<Msg | null> {
  if (!insideInstallDir(ctx, executableOf(have.binaryPath))) {
    return say(
      `service ${name} exists and runs ${have.binaryPath}, which is not in the install folder ${ctx.params.installDir}: it is not Clickker's, and clickker does not take over a service it did not create. Remove or rename it, or ask its owner`,
      `service ${name} bestaat en start ${have.binaryPath}, dat niet in de installatiemap ${ctx.params.installDir} staat: hij is niet van Clickker, en clickker neemt geen service over die het niet zelf heeft gemaakt. Verwijder hem of geef hem een andere naam, of vraag het zijn eigenaar`,
    );
  }
  if (!await sameAccount(ctx, have.account, want.account) && accountNeedsPassword(have.account) && !/^(LocalSystem|\.\\)/i.test(have.account)) {
    return say(
      `service ${name} runs as ${have.account}; changing it to ${want.account} could not be undone (its password is not known): set the account by hand first, or remove the service`,
      `service ${name} draait als ${have.account}; dat wijzigen in ${want.account} zou niet terug te draaien zijn (het wachtwoord is niet bekend): stel eerst zelf het account in, of verwijder de service`,
    );
  }
  return null;
}

export function serviceStep(s: ManifestService): Step {
  return {
    id: `service:${s.name}`,
    description: say(`the Windows service ${s.name}`, `de Windows-service ${s.name}`),
    needsElevation: true,
    reboot: 'never',
    requires: ['account.service-account'],
    async test(ctx) {
      const want = serviceSpec(ctx, s);
      const have = await ctx.exec.services.get(s.name);
      if (!have) {
        const mode = modeText(want.startMode, want.delayedStart);
        return {
          inState: false,
          changes: [say(
            `create service ${s.name} ('${s.displayName}'): ${want.binaryPath}, ${mode.en}${want.restartOnFailure ? '; restarts on failure' : ''}, runs as ${want.account}; start it`,
            `service ${s.name} ('${s.displayName}') maken: ${want.binaryPath}, ${mode.nl}${want.restartOnFailure ? '; herstart bij een fout' : ''}, aanmelden als ${want.account}; daarna starten`,
          )],
        };
      }
      const started = ctx.startedUndo?.(`service:${s.name}`);
      if (!started) {
        const problem = await adoptionProblem(ctx, s.name, have, want);
        if (problem) throw new StepRefused(problem);
      }
      // Dutch as the service's Properties dialog labels them (Opstarttype, Aanmelden als, Herstel).
      const diff: Msg[] = [];
      if (have.binaryPath !== want.binaryPath) diff.push(say(`command ${have.binaryPath} -> ${want.binaryPath}`, `opdracht ${have.binaryPath} -> ${want.binaryPath}`));
      if (have.displayName !== want.displayName) diff.push(say(`display name -> '${want.displayName}'`, `weergavenaam -> '${want.displayName}'`));
      if (have.startMode !== want.startMode || have.delayedStart !== want.delayedStart) {
        const [from, to] = [modeText(have.startMode, have.delayedStart), modeText(want.startMode, want.delayedStart)];
        diff.push(say(`start mode ${from.en} -> ${to.en}`, `opstarttype ${from.nl} -> ${to.nl}`));
      }
      if (have.restartsOnFailure === false && want.restartOnFailure) diff.push(say('restart on failure', 'herstarten bij een fout'));
      if (!await sameAccount(ctx, have.account, want.account)) diff.push(say(`account ${have.account} -> ${want.account}`, `aanmelden als ${have.account} -> ${want.account}`));
      if (have.state !== 'Running') diff.push(say(`start it (now ${have.state})`, `starten (nu ${stateText(have.state).nl})`));
      if (diff.length === 0) return { inState: true, changes: [], notes: [say(`service ${s.name} is configured and running`, `service ${s.name} is ingesteld en wordt uitgevoerd`)] };
      const d = joinMsg(diff, '; ');
      return {
        inState: false,
        changes: [
          say(`change service ${s.name}: ${d.en}`, `service ${s.name} wijzigen: ${d.nl}`),
          say(
            '  rollback puts back its command, start mode (incl. Disabled and delayed start) and status exactly as they are now',
            '  terugdraaien zet de opdracht, het opstarttype (ook Uitgeschakeld en vertraagd starten) en de status precies terug zoals ze nu zijn',
          ),
        ],
      };
    },
    async capture(ctx) {
      return { before: await ctx.exec.services.get(s.name) };
    },
    async apply(ctx) {
      const have = await ctx.exec.services.get(s.name);
      const want = serviceSpec(ctx, s);
      // The password is sent when the service is new or changes account; otherwise its credentials stay.
      const newCredentials = !have || !await sameAccount(ctx, have.account, want.account);
      await ctx.exec.services.set(want, newCredentials ? ctx.secrets.serviceAccountPassword : undefined);
    },
    async rollback(ctx, undo) {
      const before = undo.before as ServiceState | null;
      if (!before) {
        if (!(await ctx.exec.services.get(s.name))) return [say(`service ${s.name} is already gone`, `service ${s.name} is al weg`)];
        await ctx.exec.services.remove(s.name);
        return [say(`stopped and removed service ${s.name} (created by this run)`, `service ${s.name} gestopt en verwijderd (gemaakt door deze installatie)`)];
      }
      // Exactly as captured: command, display name, start mode incl. Disabled and delayed start, status. The account
      // was not changed (adoption is refused when it would be).
      await ctx.exec.services.restore(s.name, { ...before, delayedStart: before.delayedStart ?? false });
      const [mode, state] = [modeText(before.startMode, before.delayedStart ?? false), stateText(before.state)];
      return [say(`restored service ${s.name}: ${before.binaryPath}, ${mode.en}, ${state.en}`, `service ${s.name} teruggezet: ${before.binaryPath}, ${mode.nl}, ${state.nl}`)];
    },
    undoPlan(_ctx, undo) {
      const before = undo.before as ServiceState | null;
      if (!before) return Promise.resolve({ lines: [say(`stop and delete service ${s.name} (created by this run)`, `service ${s.name} stoppen en verwijderen (gemaakt door deze installatie)`)] });
      const [mode, state] = [modeText(before.startMode, before.delayedStart ?? false), stateText(before.state)];
      return Promise.resolve({
        lines: [say(`put service ${s.name} back to ${before.binaryPath}, ${mode.en}, ${state.en}`, `service ${s.name} terugzetten op ${before.binaryPath}, ${mode.nl}, ${state.nl}`)],
      });
    },
  };
}

function taskSpec(ctx: StepContext, t: ManifestTask): TaskSpec {
  return { name: t.name, execute: exePath(ctx, t.executable), arguments: windowsArguments(t.arguments), user: ctx.params.serviceAccount, daily: t.daily };
}

export function taskStep(t: ManifestTask): Step {
  return {
    id: `task:${t.name}`,
    description: say(`the scheduled task ${t.name}`, `de taak ${t.name} in Taakplanner`),
    needsElevation: true,
    reboot: 'never',
    requires: ['account.service-account'],
    async test(ctx) {
      const want = taskSpec(ctx, t);
      const have = await ctx.exec.tasks.get(t.name);
      if (!have) {
        // Said at plan time: the task is then verified by the SID in its registered definition, not by its name.
        const bare = await bareNameCollides(ctx, want.user);
        const notes = bare ? [say(
          `this server's own domain also has an account named '${bare}', and Windows reports a task's user without its domain: the task is verified by the SID in its registered definition (if that cannot be read, the verification says it cannot tell)`,
          `het eigen domein van deze server heeft ook een account met de naam '${bare}', en Windows meldt de gebruiker van een taak zonder domein: de taak wordt gecontroleerd aan de hand van de SID in haar geregistreerde definitie (als die niet te lezen is, meldt de controle dat ze het niet kan zien)`,
        )] : [];
        // Dutch as Taakplanner's task properties say it ("Uitvoeren ongeacht of gebruiker wel of niet is aangemeld", Triggers, Acties).
        return {
          inState: false,
          changes: [say(
            `create scheduled task '${t.name}': daily at ${t.daily}, "${want.execute}" ${want.arguments}, runs as ${want.user} whether logged on or not`,
            `taak '${t.name}' maken in Taakplanner: dagelijks om ${t.daily}, "${want.execute}" ${want.arguments}, als ${want.user}, uitvoeren ongeacht of gebruiker wel of niet is aangemeld`,
          )],
          notes,
        };
      }
      const diff: Msg[] = [];
      if (have.execute !== want.execute || have.arguments !== want.arguments) diff.push(say(`action -> "${want.execute}" ${want.arguments}`, `actie -> "${want.execute}" ${want.arguments}`));
      if (have.daily !== want.daily) diff.push(say(`trigger ${have.daily ?? '(other)'} -> daily at ${want.daily}`, `trigger ${have.daily ?? '(andere)'} -> dagelijks om ${want.daily}`));
      // Server 2016+ reports the task's user without the domain: compared by the SID in the registered definition
      // (accounts.ts, taskRunsAs); when only the bare name is known and it is ambiguous, the step says so.
      const runsAs = await taskRunsAs(ctx, have, want.user);
      if (!runsAs.same) {
        const a = runsAs.ambiguous;
        diff.push(a
          ? say(`register it again to run as ${want.user} (${a.en})`, `opnieuw registreren om als ${want.user} uit te voeren (${a.nl})`)
          : say(`runs as ${have.registeredUser ?? have.user} -> ${want.user}`, `uitvoeren als ${have.registeredUser ?? have.user} -> ${want.user}`));
      }
      if (diff.length === 0) return { inState: true, changes: [], notes: [say(`scheduled task '${t.name}' is configured`, `taak '${t.name}' in Taakplanner is ingesteld`)] };
      const d = joinMsg(diff, '; ');
      return {
        inState: false,
        changes: [say(`change scheduled task '${t.name}': ${d.en}`, `taak '${t.name}' in Taakplanner wijzigen: ${d.nl}`)],
        ...(!runsAs.same && runsAs.ambiguous ? { unverifiable: runsAs.ambiguous } : {}),
      };
    },
    async capture(ctx) {
      return { before: await ctx.exec.tasks.get(t.name) };
    },
    async apply(ctx) {
      // Register-ScheduledTask replaces the whole task, so it always needs the password.
      await ctx.exec.tasks.set(taskSpec(ctx, t), ctx.secrets.serviceAccountPassword);
    },
    async rollback(ctx, undo) {
      const before = undo.before as TaskState | null;
      if (!before) {
        if (!(await ctx.exec.tasks.get(t.name))) return [say(`scheduled task '${t.name}' is already gone`, `taak '${t.name}' in Taakplanner is al weg`)];
        await ctx.exec.tasks.remove(t.name);
        return [say(`removed scheduled task '${t.name}' (created by this run)`, `taak '${t.name}' uit Taakplanner verwijderd (gemaakt door deze installatie)`)];
      }
      const { registeredUser: _registered, ...prior } = before;
      await ctx.exec.tasks.set({ name: t.name, ...prior, user: (await taskRunsAs(ctx, before, ctx.params.serviceAccount)).same ? ctx.params.serviceAccount : before.user }, ctx.secrets.serviceAccountPassword);
      return [say(`restored scheduled task '${t.name}' to its earlier action and trigger`, `taak '${t.name}' in Taakplanner teruggezet op haar eerdere actie en trigger`)];
    },
    undoPlan(_ctx, undo) {
      const before = undo.before as TaskState | null;
      if (!before) return Promise.resolve({ lines: [say(`remove scheduled task '${t.name}' (created by this run)`, `taak '${t.name}' uit Taakplanner verwijderen (gemaakt door deze installatie)`)] });
      return Promise.resolve({
        lines: [say(
          `put scheduled task '${t.name}' back to its earlier action ("${before.execute}" ${before.arguments}) and trigger (${before.daily ?? 'other'})`,
          `taak '${t.name}' in Taakplanner terugzetten op haar eerdere actie ("${before.execute}" ${before.arguments}) en trigger (${before.daily ?? 'andere'})`,
        )],
      });
    },
  };
}
