// Windows services and scheduled tasks, run as the service account. A service is (re)configured and started; a
// task runs daily whether or not the account is logged on. Rollback removes what this run created and restores the
// settings of what it changed (credentials stay as they are: their old password is not known).
import { join } from 'node:path';
import { accountNeedsPassword, type ServiceSpec, type ServiceState, type TaskSpec, type TaskState } from '../executor.js';
import type { ManifestService, ManifestTask } from '../manifest.js';
import { StepRefused, type Step, type StepContext } from '../step.js';
import { say, type Msg } from '../../core/text.js';
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

const modeText = (mode: string, delayed: boolean) => (mode === 'Automatic' && delayed ? 'Automatic (Delayed Start)' : mode);

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
    description: `the Windows service ${s.name}`,
    needsElevation: true,
    reboot: 'never',
    requires: ['account.service-account'],
    async test(ctx) {
      const want = serviceSpec(ctx, s);
      const have = await ctx.exec.services.get(s.name);
      const recovery = want.restartOnFailure ? '; restarts on failure' : '';
      if (!have) return { inState: false, changes: [`create service ${s.name} ('${s.displayName}'): ${want.binaryPath}, ${modeText(want.startMode, want.delayedStart)}${recovery}, runs as ${want.account}; start it`] };
      const started = ctx.startedUndo?.(`service:${s.name}`);
      if (!started) {
        const problem = await adoptionProblem(ctx, s.name, have, want);
        if (problem) throw new StepRefused(problem);
      }
      const diff: string[] = [];
      if (have.binaryPath !== want.binaryPath) diff.push(`command ${have.binaryPath} -> ${want.binaryPath}`);
      if (have.displayName !== want.displayName) diff.push(`display name -> '${want.displayName}'`);
      if (have.startMode !== want.startMode || have.delayedStart !== want.delayedStart) diff.push(`start mode ${modeText(have.startMode, have.delayedStart)} -> ${modeText(want.startMode, want.delayedStart)}`);
      if (have.restartsOnFailure === false && want.restartOnFailure) diff.push('restart on failure');
      if (!await sameAccount(ctx, have.account, want.account)) diff.push(`account ${have.account} -> ${want.account}`);
      if (have.state !== 'Running') diff.push(`start it (now ${have.state})`);
      if (diff.length === 0) return { inState: true, changes: [], notes: [`service ${s.name} is configured and running`] };
      return { inState: false, changes: [`change service ${s.name}: ${diff.join('; ')}`, '  rollback puts back its command, start mode (incl. Disabled and delayed start) and status exactly as they are now'] };
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
        if (!(await ctx.exec.services.get(s.name))) return [`service ${s.name} is already gone`];
        await ctx.exec.services.remove(s.name);
        return [`stopped and removed service ${s.name} (created by this run)`];
      }
      // Exactly as captured: command, display name, start mode incl. Disabled and delayed start, status. The account
      // was not changed (adoption is refused when it would be).
      await ctx.exec.services.restore(s.name, { ...before, delayedStart: before.delayedStart ?? false });
      return [`restored service ${s.name}: ${before.binaryPath}, ${modeText(before.startMode, before.delayedStart ?? false)}, ${before.state}`];
    },
    undoPlan(_ctx, undo) {
      const before = undo.before as ServiceState | null;
      if (!before) return Promise.resolve({ lines: [`stop and delete service ${s.name} (created by this run)`] });
      return Promise.resolve({ lines: [`put service ${s.name} back to ${before.binaryPath}, ${modeText(before.startMode, before.delayedStart ?? false)}, ${before.state}`] });
    },
  };
}

function taskSpec(ctx: StepContext, t: ManifestTask): TaskSpec {
  return { name: t.name, execute: exePath(ctx, t.executable), arguments: windowsArguments(t.arguments), user: ctx.params.serviceAccount, daily: t.daily };
}

export function taskStep(t: ManifestTask): Step {
  return {
    id: `task:${t.name}`,
    description: `the scheduled task ${t.name}`,
    needsElevation: true,
    reboot: 'never',
    requires: ['account.service-account'],
    async test(ctx) {
      const want = taskSpec(ctx, t);
      const have = await ctx.exec.tasks.get(t.name);
      if (!have) {
        // Said at plan time: the task is then verified by the SID in its registered definition, not by its name.
        const bare = await bareNameCollides(ctx, want.user);
        const notes = bare ? [`this server's own domain also has an account named '${bare}', and Windows reports a task's user without its domain: the task is verified by the SID in its registered definition (if that cannot be read, the verification says it cannot tell)`] : [];
        return { inState: false, changes: [`create scheduled task '${t.name}': daily at ${t.daily}, "${want.execute}" ${want.arguments}, runs as ${want.user} whether logged on or not`], notes };
      }
      const diff: string[] = [];
      if (have.execute !== want.execute || have.arguments !== want.arguments) diff.push(`action -> "${want.execute}" ${want.arguments}`);
      if (have.daily !== want.daily) diff.push(`trigger ${have.daily ?? '(other)'} -> daily at ${want.daily}`);
      // Server 2016+ reports the task's user without the domain: compared by the SID in the registered definition
      // (accounts.ts, taskRunsAs); when only the bare name is known and it is ambiguous, the step says so.
      const runsAs = await taskRunsAs(ctx, have, want.user);
      if (!runsAs.same) diff.push(runsAs.ambiguous ? `register it again to run as ${want.user} (${runsAs.ambiguous})` : `runs as ${have.registeredUser ?? have.user} -> ${want.user}`);
      if (diff.length === 0) return { inState: true, changes: [], notes: [`scheduled task '${t.name}' is configured`] };
      return { inState: false, changes: [`change scheduled task '${t.name}': ${diff.join('; ')}`], ...(!runsAs.same && runsAs.ambiguous ? { unverifiable: runsAs.ambiguous } : {}) };
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
        if (!(await ctx.exec.tasks.get(t.name))) return [`scheduled task '${t.name}' is already gone`];
        await ctx.exec.tasks.remove(t.name);
        return [`removed scheduled task '${t.name}' (created by this run)`];
      }
      const { registeredUser: _registered, ...prior } = before;
      await ctx.exec.tasks.set({ name: t.name, ...prior, user: (await taskRunsAs(ctx, before, ctx.params.serviceAccount)).same ? ctx.params.serviceAccount : before.user }, ctx.secrets.serviceAccountPassword);
      return [`restored scheduled task '${t.name}' to its earlier action and trigger`];
    },
  };
}
