// Configuration files rendered from the package's templates. They hold connection strings and secrets, so each is
// protected: inheritance cut, readable only by the service account and Administrators. The rendered text never
// reaches the plan, the journal or the log; only its path does.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { say, verbatim } from '../../core/text.js';
import { missingBackupReason, protectBackups } from '../backups.js';
import { SID } from '../executor.js';
import type { ConfigFileSpec } from '../manifest.js';
import type { Step, StepContext, Undo } from '../step.js';
import { placeholders, render, TEMPLATE_VARIABLES } from '../template.js';
import { safeJoin } from '../zip.js';
import { backupPath } from './files.js';
import { SaidError } from '../../core/errors.js';

export function templateValues(ctx: Pick<StepContext, 'params' | 'pkg' | 'secrets'>): Record<string, string> {
  const p = ctx.params;
  const plain: Record<(typeof TEMPLATE_VARIABLES)[number], string> = {
    installDir: p.installDir, sqlServer: p.sqlServer, database: p.database, serviceAccount: p.serviceAccount,
    site: p.site, appPath: p.appPath, version: ctx.pkg.manifest.version, baseUrl: p.baseUrl.replace(/\/$/, ''),
  };
  const secrets = Object.fromEntries(Object.entries(ctx.secrets.values).map(([k, v]) => [`secret.${k}`, v]));
  return { ...plain, ...secrets };
}

/** The secrets this template needs that were not given (a plan may run without them). */
function missingSecrets(ctx: StepContext, spec: ConfigFileSpec): string[] {
  return placeholders(ctx.pkg.text(spec.template)).filter((p) => p.startsWith('secret.') && ctx.secrets.values[p.slice(7)] === undefined).map((p) => p.slice(7));
}

function rendered(ctx: StepContext, spec: ConfigFileSpec): string {
  const missing = missingSecrets(ctx, spec);
  if (missing.length > 0) throw new SaidError(say(`the secret ${missing.join(', ')} has no value`, `het geheim ${missing.join(', ')} heeft geen waarde`));
  return render(ctx.pkg.text(spec.template), templateValues(ctx), spec.format);
}

/** Inheritance cut and exactly Administrators and the service account, compared by SID (names are localized). */
async function protectedWell(ctx: StepContext, path: string): Promise<boolean> {
  const p = await ctx.exec.files.protection(path);
  if (!p || !p.inheritanceDisabled) return false;
  const svc = await ctx.exec.accounts.sid(ctx.params.serviceAccount);
  if (!svc) return false;
  const want = [SID.administrators, svc].sort();
  const have = [...new Set(p.sids)].sort();
  return JSON.stringify(want) === JSON.stringify(have);
}

/**
 * A process killed inside writeSecretFile (SIGKILL, a power cut) leaves its temporary file behind, named with its own
 * process id; the run that resumes has another id, so it removes those of `path` before writing its own.
 */
function removeLeftovers(path: string): void {
  const name = basename(path);
  const leftover = (e: string) => e.startsWith(`.${name}.`) && /^\.\d+\.secret\.tmp$/.test(e.slice(name.length + 1));
  for (const e of readdirSync(dirname(path)).filter(leftover)) rmSync(join(dirname(path), e), { force: true });
}

/**
 * Writes a file that holds a secret so that it is never readable by others, not even for a moment: an empty file is
 * created beside it, given its restricted ACL, then filled, flushed, and moved over the target (on one NTFS volume a
 * moved file keeps its own DACL; learn.microsoft.com MoveFileEx). Node's file mode does not restrict readers on
 * Windows (windows-behaviour.md: only the read-only bit is applied), so it is not relied on.
 */
export async function writeSecretFile(ctx: StepContext, path: string, data: string | Buffer, reader = ctx.params.serviceAccount): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  removeLeftovers(path);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.secret.tmp`);
  closeSync(openSync(tmp, 'w'));
  try {
    await ctx.exec.files.protect(tmp, reader);
    const fd = openSync(tmp, 'r+');
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    await ctx.exec.files.replace(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export function configStep(spec: ConfigFileSpec): Step {
  const who = (ctx: StepContext) => say(`readable only by ${ctx.params.serviceAccount} and Administrators`, `alleen leesbaar voor ${ctx.params.serviceAccount} en Administrators`);
  return {
    id: `config:${spec.target}`,
    description: say(`the configuration file ${spec.target}, rendered from ${spec.template}`, `het configuratiebestand ${spec.target}, opgebouwd uit ${spec.template}`),
    needsElevation: true,
    reboot: 'never',
    async test(ctx) {
      const path = safeJoin(ctx.params.installDir, spec.target);
      const missing = missingSecrets(ctx, spec);
      if (missing.length > 0) {
        const w = who(ctx);
        return {
          inState: false,
          changes: [say(
            `write ${path} from ${spec.template} and protect it (${w.en}); not compared with the current file: secret ${missing.join(', ')} not given`,
            `${path} schrijven uit ${spec.template} en beveiligen (${w.nl}); niet vergeleken met het huidige bestand: geheim ${missing.join(', ')} niet opgegeven`,
          )],
        };
      }
      const text = rendered(ctx, spec);
      const exists = existsSync(path);
      const current = exists && readFileSync(path, 'utf8') === text;
      const guarded = exists && await protectedWell(ctx, path);
      const w = who(ctx);
      if (current && guarded) return { inState: true, changes: [], notes: [say(`${spec.target} is current and ${w.en}`, `${spec.target} is actueel en ${w.nl}`)] };
      const changes = [];
      if (!current) {
        changes.push(exists
          ? say(`rewrite ${path} from ${spec.template} (the old one is backed up)`, `${path} opnieuw schrijven uit ${spec.template} (van het oude wordt een back-up gemaakt)`)
          : say(`write ${path} from ${spec.template}`, `${path} schrijven uit ${spec.template}`));
      }
      changes.push(say(`protect ${path}: ${w.en}`, `${path} beveiligen: ${w.nl}`));
      return { inState: false, changes };
    },
    capture(ctx) {
      return Promise.resolve({ existed: existsSync(safeJoin(ctx.params.installDir, spec.target)) });
    },
    async apply(ctx, undo) {
      const path = safeJoin(ctx.params.installDir, spec.target);
      const text = rendered(ctx, spec);
      if (undo.existed === true) {
        const backup = backupPath(ctx, 'config', spec.target);
        // The old file holds secrets too: its backup is Administrators and SYSTEM only (the service account has no
        // business with it) before its content is written, in a backups folder protected the same way.
        if (!existsSync(backup) && existsSync(path)) {
          await protectBackups(ctx.exec, ctx.stateDir);
          await writeSecretFile(ctx, backup, readFileSync(path), 'NT AUTHORITY\\SYSTEM');
        }
      }
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text) await writeSecretFile(ctx, path, text);
      await ctx.exec.files.protect(path, ctx.params.serviceAccount);
    },
    async rollback(ctx, undo: Undo) {
      const path = safeJoin(ctx.params.installDir, spec.target);
      if (undo.existed !== true) {
        rmSync(path, { force: true });
        if (existsSync(dirname(path))) removeLeftovers(path);
        return [say(`removed ${spec.target}`, `${spec.target} verwijderd`)];
      }
      const backup = backupPath(ctx, 'config', spec.target);
      if (!existsSync(backup)) {
        const why = missingBackupReason(verbatim(spec.target));
        return [say(`left ${spec.target}: ${why.en}`, `${spec.target} blijft staan: ${why.nl}`)];
      }
      await writeSecretFile(ctx, path, readFileSync(backup));
      return [say(`restored the earlier ${spec.target} from the backup`, `het eerdere ${spec.target} teruggezet uit de back-up`)];
    },
    undoPlan(ctx, undo: Undo) {
      if (undo.existed !== true) return Promise.resolve({ lines: [say(`remove ${spec.target} (written by this run)`, `${spec.target} verwijderen (geschreven door deze installatie)`)] });
      if (!existsSync(backupPath(ctx, 'config', spec.target))) {
        return Promise.resolve({ lines: [say(`put back the earlier ${spec.target}`, `het eerdere ${spec.target} terugzetten`)], refuse: missingBackupReason(verbatim(spec.target)) });
      }
      return Promise.resolve({ lines: [say(`put back the earlier ${spec.target} from its backup`, `het eerdere ${spec.target} terugzetten uit de back-up`)] });
    },
  };
}
