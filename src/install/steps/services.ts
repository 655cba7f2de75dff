// Windows services and scheduled tasks, run as the service account. A service is (re)configured and started; a
// task runs daily whether or not the account is logged on. Rollback removes what this run created and restores the
// settings of what it changed (credentials stay as they are: their old password is not known).
import { join } from 'node:path';
import type { ServiceSpec, ServiceState, TaskSpec, TaskState } from '../executor.js';
import type { ManifestService, ManifestTask } from '../manifest.js';
import type { Step, StepContext } from '../step.js';
import { windowsArguments, windowsCommandLine } from '../winargs.js';

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const exePath = (ctx: StepContext, rel: string) => join(ctx.params.installDir, ...rel.split('/'));

function serviceSpec(ctx: StepContext, s: ManifestService): ServiceSpec {
  return {
    name: s.name, displayName: s.displayName, ...(s.description ? { description: s.description } : {}),
    binaryPath: windowsCommandLine(exePath(ctx, s.executable), s.arguments), startMode: s.startMode, account: ctx.params.serviceAccount,
  };
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
      if (!have) return { inState: false, changes: [`create service ${s.name} ('${s.displayName}'): ${want.binaryPath}, ${want.startMode}, runs as ${want.account}; start it`] };
      const diff: string[] = [];
      if (have.binaryPath !== want.binaryPath) diff.push(`command ${have.binaryPath} -> ${want.binaryPath}`);
      if (have.displayName !== want.displayName) diff.push(`display name -> '${want.displayName}'`);
      if (have.startMode !== want.startMode) diff.push(`start mode ${have.startMode} -> ${want.startMode}`);
      if (!same(have.account, want.account)) diff.push(`account ${have.account} -> ${want.account}`);
      if (have.state !== 'Running') diff.push(`start it (now ${have.state})`);
      if (diff.length === 0) return { inState: true, changes: [], notes: [`service ${s.name} is configured and running`] };
      return { inState: false, changes: [`change service ${s.name}: ${diff.join('; ')}`] };
    },
    async capture(ctx) {
      return { before: await ctx.exec.services.get(s.name) };
    },
    async apply(ctx) {
      const have = await ctx.exec.services.get(s.name);
      const want = serviceSpec(ctx, s);
      // The password is sent when the service is new or changes account; otherwise its credentials stay.
      const newCredentials = !have || !same(have.account, want.account);
      await ctx.exec.services.set(want, newCredentials ? ctx.secrets.serviceAccountPassword : undefined);
    },
    async rollback(ctx, undo) {
      const before = undo.before as ServiceState | null;
      if (!before) {
        if (!(await ctx.exec.services.get(s.name))) return [`service ${s.name} is already gone`];
        await ctx.exec.services.remove(s.name);
        return [`stopped and removed service ${s.name} (created by this run)`];
      }
      await ctx.exec.services.set({ name: s.name, displayName: before.displayName, binaryPath: before.binaryPath, startMode: before.startMode === 'Manual' ? 'Manual' : 'Automatic', account: ctx.params.serviceAccount }, undefined);
      return [`restored the command line and start mode of service ${s.name}`];
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
      if (!have) return { inState: false, changes: [`create scheduled task '${t.name}': daily at ${t.daily}, "${want.execute}" ${want.arguments}, runs as ${want.user} whether logged on or not`] };
      const diff: string[] = [];
      if (have.execute !== want.execute || have.arguments !== want.arguments) diff.push(`action -> "${want.execute}" ${want.arguments}`);
      if (have.daily !== want.daily) diff.push(`trigger ${have.daily ?? '(other)'} -> daily at ${want.daily}`);
      if (!same(have.user, want.user)) diff.push(`runs as ${have.user} -> ${want.user}`);
      if (diff.length === 0) return { inState: true, changes: [], notes: [`scheduled task '${t.name}' is configured`] };
      return { inState: false, changes: [`change scheduled task '${t.name}': ${diff.join('; ')}`] };
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
      await ctx.exec.tasks.set({ name: t.name, ...before }, ctx.secrets.serviceAccountPassword);
      return [`restored scheduled task '${t.name}' to its earlier action and trigger`];
    },
  };
}
