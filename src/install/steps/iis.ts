// The IIS application pool (.NET CLR v4.0, integrated pipeline, running as the service account) and the IIS
// application under the Exact Synergy website. The engine backs up the IIS configuration before the first change.
import { join } from 'node:path';
import { join as joinMsg, say, type Msg } from '../../core/text.js';
import type { AppPoolSpec, AppPoolState, ApplicationState } from '../executor.js';
import type { Manifest } from '../manifest.js';
import type { Step, StepContext } from '../step.js';
import { StepRefused } from '../step.js';
import { accountNeedsPassword } from '../executor.js';
import { insideInstallDir, sameAccount } from './accounts.js';

type IisManifest = NonNullable<Manifest['iis']>;

const BUILT_IN = /^(ApplicationPoolIdentity|NetworkService|LocalService|LocalSystem)$/i;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function poolSpec(ctx: StepContext, iis: IisManifest): AppPoolSpec {
  return {
    name: iis.appPool.name,
    managedRuntimeVersion: iis.appPool.managedRuntimeVersion,
    pipelineMode: iis.appPool.pipelineMode,
    identity: ctx.params.serviceAccount,
  };
}

// Dutch as IIS Manager labels a pool's settings (.NET CLR-versie, Beheerde pijplijnmodus, Identiteit); values stay.
async function poolDiff(ctx: StepContext, have: AppPoolState, want: AppPoolSpec): Promise<Msg[]> {
  const out: Msg[] = [];
  if (have.managedRuntimeVersion !== want.managedRuntimeVersion) {
    out.push(say(`.NET CLR ${have.managedRuntimeVersion || '(none)'} -> ${want.managedRuntimeVersion}`, `.NET CLR ${have.managedRuntimeVersion || '(geen)'} -> ${want.managedRuntimeVersion}`));
  }
  if (have.pipelineMode !== want.pipelineMode) out.push(say(`pipeline ${have.pipelineMode} -> ${want.pipelineMode}`, `pijplijnmodus ${have.pipelineMode} -> ${want.pipelineMode}`));
  if (!BUILT_IN.test(have.identity) ? !await sameAccount(ctx, have.identity, want.identity) : !same(have.identity, want.identity)) {
    out.push(say(`identity ${have.identity} -> ${want.identity}`, `identiteit ${have.identity} -> ${want.identity}`));
  }
  return out;
}

/** The applications other than Clickker's own that run in this pool (site/path). */
async function otherApplications(ctx: StepContext, pool: string): Promise<string[]> {
  const sites = await ctx.exec.iis.sites();
  return sites.flatMap((site) => site.applications
    .filter((a) => same(a.appPool, pool) && !(same(site.name, ctx.params.site) && same(a.path, ctx.params.appPath)))
    .map((a) => `${site.name}${a.path === '/' ? '/' : a.path}`));
}

export function appPoolStep(iis: IisManifest): Step {
  return {
    id: 'iis.app-pool',
    description: say(`the IIS application pool ${iis.appPool.name}`, `de IIS-groep van toepassingen ${iis.appPool.name}`),
    needsElevation: true,
    reboot: 'never',
    touchesIis: true,
    requires: ['iis.features'],
    async test(ctx) {
      const want = poolSpec(ctx, iis);
      const have = await ctx.exec.iis.appPool(want.name);
      if (!have) {
        return {
          inState: false,
          changes: [say(
            `create application pool '${want.name}' (.NET CLR ${want.managedRuntimeVersion}, ${want.pipelineMode} pipeline, runs as ${want.identity})`,
            `groep van toepassingen '${want.name}' maken (.NET CLR ${want.managedRuntimeVersion}, pijplijnmodus ${want.pipelineMode}, identiteit ${want.identity})`,
          )],
        };
      }
      const diff = await poolDiff(ctx, have, want);
      // Never take over a pool that serves other applications: its runtime, pipeline and identity are theirs too.
      const others = await otherApplications(ctx, want.name);
      if (others.length > 0 && diff.length > 0) {
        const one = others.length === 1;
        const d = joinMsg(diff, '; ');
        throw new StepRefused(say(
          `application pool '${want.name}' also serves ${others.join(', ')}; changing it (${d.en}) would change ${one ? 'that application' : 'those applications'} too. Clickker needs a pool of its own: move ${one ? 'it' : 'them'} to another pool, or remove the pool '${want.name}' if it is unused`,
          `groep van toepassingen '${want.name}' bedient ook ${others.join(', ')}; haar wijzigen (${d.nl}) zou ${one ? 'die toepassing' : 'die toepassingen'} ook wijzigen. Clickker heeft een eigen groep nodig: verplaats ${one ? 'die toepassing' : 'ze'} naar een andere groep, of verwijder de groep '${want.name}' als ze ongebruikt is`,
        ));
      }
      if (diff.length === 0) {
        return { inState: true, changes: [], notes: [say(`application pool '${want.name}' is configured (the password is not compared)`, `groep van toepassingen '${want.name}' is ingesteld (het wachtwoord wordt niet vergeleken)`)] };
      }
      const d = joinMsg(diff, '; ');
      return { inState: false, changes: [say(`change application pool '${want.name}': ${d.en}`, `groep van toepassingen '${want.name}' wijzigen: ${d.nl}`)] };
    },
    async capture(ctx) {
      return { before: await ctx.exec.iis.appPool(iis.appPool.name) };
    },
    async apply(ctx) {
      // A gMSA has no password (SpecificUser with an empty password); other accounts need theirs.
      await ctx.exec.iis.setAppPool(poolSpec(ctx, iis), accountNeedsPassword(ctx.params.serviceAccount) ? ctx.secrets.serviceAccountPassword : undefined);
    },
    async rollback(ctx, undo) {
      const before = undo.before as AppPoolState | null;
      const name = iis.appPool.name;
      if (!before) {
        if (!(await ctx.exec.iis.appPool(name))) return [say(`application pool '${name}' is already gone`, `groep van toepassingen '${name}' is al weg`)];
        await ctx.exec.iis.removeAppPool(name);
        return [say(`removed application pool '${name}' (created by this run)`, `groep van toepassingen '${name}' verwijderd (gemaakt door deze installatie)`)];
      }
      if (BUILT_IN.test(before.identity) || await sameAccount(ctx, before.identity, ctx.params.serviceAccount)) {
        await ctx.exec.iis.setAppPool({ name, ...before }, undefined);
        return [say(`restored application pool '${name}' to its earlier settings`, `groep van toepassingen '${name}' teruggezet op de eerdere instellingen`)];
      }
      await ctx.exec.iis.setAppPool({ name, ...before, identity: ctx.params.serviceAccount }, undefined);
      return [say(
        `restored application pool '${name}' runtime and pipeline; its earlier identity ${before.identity} needs its password: set it in IIS Manager`,
        `.NET CLR-versie en pijplijnmodus van groep van toepassingen '${name}' teruggezet; de eerdere identiteit ${before.identity} heeft haar wachtwoord nodig: stel die in via Internet Information Services (IIS)-beheer`,
      )];
    },
    async undoPlan(ctx, undo) {
      const before = undo.before as AppPoolState | null;
      const name = iis.appPool.name;
      if (!before) return { lines: [say(`remove application pool '${name}' (created by this run)`, `groep van toepassingen '${name}' verwijderen (gemaakt door deze installatie)`)] };
      const settings = `.NET CLR ${before.managedRuntimeVersion || '-'}, ${before.pipelineMode}`;
      if (BUILT_IN.test(before.identity) || await sameAccount(ctx, before.identity, ctx.params.serviceAccount)) {
        return { lines: [say(`put application pool '${name}' back to ${settings}, identity ${before.identity}`, `groep van toepassingen '${name}' terugzetten op ${settings}, identiteit ${before.identity}`)] };
      }
      return {
        lines: [say(
          `put application pool '${name}' back to ${settings}; its earlier identity ${before.identity} needs its password: set it in IIS Manager afterwards`,
          `groep van toepassingen '${name}' terugzetten op ${settings}; de eerdere identiteit ${before.identity} heeft haar wachtwoord nodig: stel die daarna in via Internet Information Services (IIS)-beheer`,
        )],
      };
    },
  };
}

function appState(ctx: StepContext, iis: IisManifest): ApplicationState {
  const rel = iis.application.physicalPath;
  return { physicalPath: rel === '' ? ctx.params.installDir : join(ctx.params.installDir, ...rel.split('/')), appPool: iis.appPool.name };
}

export function applicationStep(iis: IisManifest): Step {
  const where = (ctx: StepContext) => `${ctx.params.site}${ctx.params.appPath}`;
  return {
    id: 'iis.application',
    description: say('the IIS application under the Exact Synergy website', 'de IIS-toepassing onder de website van Exact Synergy'),
    needsElevation: true,
    reboot: 'never',
    touchesIis: true,
    requires: ['synergy.website'],
    async test(ctx) {
      const sites = await ctx.exec.iis.sites();
      if (!sites.some((s) => same(s.name, ctx.params.site))) {
        const names = sites.map((s) => `'${s.name}'`).join(', ');
        throw new StepRefused(say(
          `IIS has no website named '${ctx.params.site}' (it has: ${names || 'none'}); choose one with --site`,
          `IIS heeft geen website met de naam '${ctx.params.site}' (wel: ${names || 'geen'}); kies er een met --site`,
        ));
      }
      const want = appState(ctx, iis);
      const have = await ctx.exec.iis.application(ctx.params.site, ctx.params.appPath);
      // An application that exists and does not serve the install folder is someone else's (e.g. Exact's /Synergy).
      if (have && !insideInstallDir(ctx, have.physicalPath) && !ctx.startedUndo?.('iis.application')) {
        throw new StepRefused(say(
          `IIS application ${where(ctx)} exists and serves ${have.physicalPath} in pool '${have.appPool}': it is not Clickker's, and clickker does not re-point it. Choose another --app-path`,
          `IIS-toepassing ${where(ctx)} bestaat en bedient ${have.physicalPath} in groep '${have.appPool}': ze is niet van Clickker, en clickker verwijst haar niet om. Kies een ander --app-path`,
        ));
      }
      if (!have) {
        return {
          inState: false,
          changes: [say(
            `create IIS application ${where(ctx)} -> ${want.physicalPath} in pool '${want.appPool}'`,
            `IIS-toepassing ${where(ctx)} maken -> ${want.physicalPath} in groep van toepassingen '${want.appPool}'`,
          )],
        };
      }
      const diff: Msg[] = [];
      if (!same(have.physicalPath, want.physicalPath)) diff.push(say(`folder ${have.physicalPath} -> ${want.physicalPath}`, `map ${have.physicalPath} -> ${want.physicalPath}`));
      if (!same(have.appPool, want.appPool)) diff.push(say(`pool '${have.appPool}' -> '${want.appPool}'`, `groep van toepassingen '${have.appPool}' -> '${want.appPool}'`));
      if (diff.length === 0) return { inState: true, changes: [], notes: [say(`IIS application ${where(ctx)} is configured`, `IIS-toepassing ${where(ctx)} is ingesteld`)] };
      const d = joinMsg(diff, '; ');
      return { inState: false, changes: [say(`change IIS application ${where(ctx)}: ${d.en}`, `IIS-toepassing ${where(ctx)} wijzigen: ${d.nl}`)] };
    },
    async capture(ctx) {
      return { before: await ctx.exec.iis.application(ctx.params.site, ctx.params.appPath) };
    },
    async apply(ctx) {
      await ctx.exec.iis.setApplication(ctx.params.site, ctx.params.appPath, appState(ctx, iis));
    },
    async rollback(ctx, undo) {
      const before = undo.before as ApplicationState | null;
      if (before) {
        await ctx.exec.iis.setApplication(ctx.params.site, ctx.params.appPath, before);
        return [say(
          `restored IIS application ${where(ctx)} to ${before.physicalPath} in pool '${before.appPool}'`,
          `IIS-toepassing ${where(ctx)} teruggezet op ${before.physicalPath} in groep van toepassingen '${before.appPool}'`,
        )];
      }
      if (!(await ctx.exec.iis.application(ctx.params.site, ctx.params.appPath))) return [say(`IIS application ${where(ctx)} is already gone`, `IIS-toepassing ${where(ctx)} is al weg`)];
      await ctx.exec.iis.removeApplication(ctx.params.site, ctx.params.appPath);
      return [say(`removed IIS application ${where(ctx)} (created by this run)`, `IIS-toepassing ${where(ctx)} verwijderd (gemaakt door deze installatie)`)];
    },
    undoPlan(ctx, undo) {
      const before = undo.before as ApplicationState | null;
      if (!before) return Promise.resolve({ lines: [say(`remove IIS application ${where(ctx)} (created by this run)`, `IIS-toepassing ${where(ctx)} verwijderen (gemaakt door deze installatie)`)] });
      return Promise.resolve({
        lines: [say(
          `put IIS application ${where(ctx)} back to ${before.physicalPath} in pool '${before.appPool}'`,
          `IIS-toepassing ${where(ctx)} terugzetten op ${before.physicalPath} in groep van toepassingen '${before.appPool}'`,
        )],
      });
    },
  };
}
