// An upgrade is a first-class path: stop -> replace -> migrate -> start. A running service's executable cannot be
// replaced (Windows keeps the image open; windows-behaviour.md, WiX ServiceControl and Restart Manager stop it
// first), so the package's services that run from the install folder are stopped before the files step, and the
// service steps start them again afterwards. Rollback starts a stopped service again when it was running.
import { say, type Msg } from '../../core/text.js';
import type { ServiceState } from '../executor.js';
import type { Manifest } from '../manifest.js';
import type { Step, StepContext } from '../step.js';
import { executableOf, insideInstallDir } from './accounts.js';
import { filesCurrent } from './files.js';

async function runningServices(ctx: StepContext, m: Manifest): Promise<{ name: string; state: ServiceState }[]> {
  const out: { name: string; state: ServiceState }[] = [];
  for (const s of m.services) {
    const state = await ctx.exec.services.get(s.name);
    if (state && state.state === 'Running' && insideInstallDir(ctx, executableOf(state.binaryPath))) out.push({ name: s.name, state });
  }
  return out;
}

export function stopServicesStep(m: Manifest): Step {
  return {
    id: 'upgrade.stop-services',
    description: say('stopping the services whose files are replaced', 'het stoppen van de services waarvan bestanden worden vervangen'),
    needsElevation: true,
    reboot: 'never',
    async test(ctx) {
      const running = await runningServices(ctx, m);
      if (running.length === 0 || filesCurrent(ctx)) {
        return { inState: true, changes: [], notes: running.length ? [say('no file of a running service changes', 'geen bestand van een actieve service verandert')] : [] };
      }
      const names = running.map((r) => `service ${r.name}`).join(', ');
      const one = running.length === 1;
      return {
        inState: false,
        changes: [say(
          `stop ${names}: ${one ? 'its' : 'their'} files are replaced (a running program's file is in use); started again after the upgrade`,
          `${names} stoppen: ${one ? 'haar' : 'hun'} bestanden worden vervangen (het bestand van een actief programma is in gebruik); na de upgrade weer gestart`,
        )],
      };
    },
    async capture(ctx) {
      return { running: (await runningServices(ctx, m)).map((r) => ({ name: r.name, state: r.state })) };
    },
    async apply(ctx, undo) {
      for (const r of undo.running as { name: string }[]) await ctx.exec.services.stop(r.name);
    },
    async rollback(ctx, undo) {
      const out: Msg[] = [];
      for (const r of undo.running as { name: string; state: ServiceState }[]) {
        const now = await ctx.exec.services.get(r.name);
        if (!now) continue;
        if (now.state !== 'Running') await ctx.exec.services.restore(r.name, { ...now, state: 'Running' });
        out.push(say(`service ${r.name} is running again, as before the upgrade`, `service ${r.name} wordt weer uitgevoerd, zoals vóór de upgrade`));
      }
      return out.length ? out : [say('no service was stopped', 'er is geen service gestopt')];
    },
    undoPlan(_ctx, undo) {
      const running = (undo.running as { name: string }[]).map((r) => r.name);
      if (running.length === 0) return Promise.resolve({ lines: [say('nothing: no service was stopped', 'niets: er is geen service gestopt')] });
      return Promise.resolve({ lines: running.map((n) => say(`start service ${n} again if it is not running (it ran before the upgrade)`, `service ${n} weer starten als ze niet wordt uitgevoerd (ze werd uitgevoerd vóór de upgrade)`)) });
    },
  };
}
