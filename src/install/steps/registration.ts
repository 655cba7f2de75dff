// The entry in Programs and Features (Apps & features): the Uninstall registry key with DisplayName, DisplayVersion,
// Publisher, InstallLocation and UninstallString (learn.microsoft.com: "Uninstall Registry Key"), which SCCM/Intune
// inventory and administrators see. Its UninstallString runs `clickker uninstall` with this installation's state
// folder. Rollback removes the key when this run created it and restores the earlier values otherwise.
import { runningAsExecutable } from '../../core/assets.js';
import { packagePath } from '../../core/paths.js';
import { say } from '../../core/text.js';
import type { Step, StepContext } from '../step.js';

export const UNINSTALL_KEY = 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Clickker';

/** The command line that starts this clickker: the exe itself, or node with the package's bin script. */
export function clickkerCommand(): string {
  return runningAsExecutable() ? `"${process.execPath}"` : `"${process.execPath}" "${packagePath('bin', 'clickker.js')}"`;
}

function wanted(ctx: StepContext): Record<string, string | number> {
  const m = ctx.pkg.manifest;
  const cmd = `${clickkerCommand()} uninstall --state-dir "${ctx.stateDir}"`;
  return {
    DisplayName: m.product, DisplayVersion: m.version, Publisher: 'Clickker', InstallLocation: ctx.params.installDir,
    UninstallString: cmd, QuietUninstallString: `${cmd} --yes`, NoModify: 1, NoRepair: 1,
  };
}

export function registrationStep(): Step {
  return {
    id: 'windows.programs-and-features',
    description: say('the entry in Programs and Features', "de vermelding in Programma's en onderdelen"),
    needsElevation: true,
    reboot: 'never',
    async test(ctx) {
      const want = wanted(ctx);
      const have = await ctx.exec.registry.getValues(UNINSTALL_KEY);
      const differs = Object.entries(want).filter(([k, v]) => have?.[k] !== v).map(([k]) => k);
      const product = `${want.DisplayName} ${want.DisplayVersion}`;
      if (have && differs.length === 0) return { inState: true, changes: [], notes: [say(`Programs and Features lists ${product}`, `Programma's en onderdelen vermeldt ${product}`)] };
      return {
        inState: false,
        changes: [say(
          `${have ? 'update' : 'add'} the Programs and Features entry ${UNINSTALL_KEY}: ${product}, uninstall with clickker uninstall`,
          `de vermelding in Programma's en onderdelen ${have ? 'bijwerken' : 'toevoegen'} (${UNINSTALL_KEY}): ${product}, verwijderen met clickker uninstall`,
        )],
      };
    },
    async capture(ctx) {
      return { before: await ctx.exec.registry.getValues(UNINSTALL_KEY) };
    },
    async apply(ctx) {
      await ctx.exec.registry.setValues(UNINSTALL_KEY, wanted(ctx));
    },
    async rollback(ctx, undo) {
      const before = undo.before as Record<string, string | number> | null;
      if (!before) {
        await ctx.exec.registry.removeKey(UNINSTALL_KEY);
        return [say('removed the Programs and Features entry (added by this run)', "de vermelding in Programma's en onderdelen verwijderd (toegevoegd door deze installatie)")];
      }
      await ctx.exec.registry.removeKey(UNINSTALL_KEY);
      await ctx.exec.registry.setValues(UNINSTALL_KEY, before);
      const earlier = `${String(before.DisplayName)} ${String(before.DisplayVersion)}`;
      return [say(`the Programs and Features entry says ${earlier} again`, `de vermelding in Programma's en onderdelen toont weer ${earlier}`)];
    },
    undoPlan(_ctx, undo) {
      const before = undo.before as Record<string, string | number> | null;
      if (!before) return Promise.resolve({ lines: [say('remove the Programs and Features entry (added by this run)', "de vermelding in Programma's en onderdelen verwijderen (toegevoegd door deze installatie)")] });
      const earlier = `${String(before.DisplayName)} ${String(before.DisplayVersion)}`;
      return Promise.resolve({ lines: [say(`put the Programs and Features entry back to ${earlier}`, `de vermelding in Programma's en onderdelen terugzetten op ${earlier}`)] });
    },
  };
}
