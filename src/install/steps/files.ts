// Placing the package's files in the install folder. A file whose content is already right is left alone; a file
// that differs is backed up (state folder, backups/<run>/files) before it is replaced; rollback removes what this
// run created (only if it still holds what was placed) and puts the backed-up files back.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { say, verbatim, type Msg } from '../../core/text.js';
import { missingBackupReason, protectBackups } from '../backups.js';
import { writeDurable } from '../durable.js';
import type { PlacedFile } from '../package.js';
import type { Step, StepContext, Undo } from '../step.js';
import { safeJoin } from '../zip.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const contentCache = new WeakMap<PlacedFile, { data: Buffer; sha256: string }>();
function content(p: PlacedFile): { data: Buffer; sha256: string } {
  let c = contentCache.get(p);
  if (!c) {
    const data = p.entry.read();
    c = { data, sha256: sha256(data) };
    contentCache.set(p, c);
  }
  return c;
}

function fileSha(path: string): string | null {
  try {
    return sha256(readFileSync(path));
  } catch {
    return null;
  }
}

export function backupPath(ctx: Pick<StepContext, 'stateDir' | 'runId'>, kind: string, target: string): string {
  return join(ctx.stateDir, 'backups', ctx.runId, kind, ...target.split('/'));
}

interface FilesUndo extends Undo {
  created: { target: string; sha256: string }[];
  replaced: string[];
  /** Folders (relative) that did not exist, shallowest first. */
  dirsCreated: string[];
}

function survey(ctx: StepContext) {
  const created: string[] = [];
  const replaced: string[] = [];
  for (const p of ctx.pkg.placed) {
    const have = fileSha(safeJoin(ctx.params.installDir, p.target));
    if (have === null) created.push(p.target);
    else if (have !== content(p).sha256) replaced.push(p.target);
  }
  // Files the upgraded installation placed that this package no longer ships.
  const shipped = new Set(ctx.pkg.placed.map((p) => p.target.toLowerCase()));
  const obsolete = (ctx.previousFiles ?? []).filter((t) => !shipped.has(t.toLowerCase()) && existsSync(safeJoin(ctx.params.installDir, t)));
  return { created, replaced, obsolete };
}

/** Every file of the package is in place and no obsolete file of the upgraded installation is left. */
export function filesCurrent(ctx: StepContext): boolean {
  const { created, replaced, obsolete } = survey(ctx);
  return created.length + replaced.length + obsolete.length === 0;
}

export function filesStep(): Step {
  return {
    id: 'files',
    description: say('the package files in the install folder', 'de bestanden van het pakket in de installatiemap'),
    needsElevation: true,
    reboot: 'never',
    // test, capture and rollback do synchronous file I/O; the engine awaits each call, so a throw still fails the step.
    test(ctx) {
      const { created, replaced, obsolete } = survey(ctx);
      const total = ctx.pkg.placed.length;
      const dir = ctx.params.installDir;
      if (created.length + replaced.length + obsolete.length === 0) return Promise.resolve({ inState: true, changes: [], notes: [say(`${total} files in ${dir} are current`, `${total} bestanden in ${dir} zijn actueel`)] });
      const parts = [
        ...(created.length ? [say(`${created.length} new`, `${created.length} nieuw`)] : []),
        ...(replaced.length ? [say(`${replaced.length} replaced (backed up first)`, `${replaced.length} vervangen (eerst een back-up)`)] : []),
      ];
      const n = created.length + replaced.length;
      const listed = (p: Msg[], lang: 'en' | 'nl') => p.map((x) => x[lang]).join(', ') || (lang === 'en' ? 'none' : 'geen');
      const old = `${obsolete.slice(0, 10).join(', ')}${obsolete.length > 10 ? ', ...' : ''}`;
      const changes: Msg[] = [
        say(`place ${n} of ${total} files in ${dir}: ${listed(parts, 'en')}`, `${n} van ${total} bestanden plaatsen in ${dir}: ${listed(parts, 'nl')}`),
        ...(obsolete.length ? [say(
          `remove ${obsolete.length} file(s) the earlier version placed and this one no longer ships (backed up first): ${old}`,
          `${obsolete.length} bestand(en) verwijderen die de eerdere versie plaatste en deze niet meer meelevert (eerst een back-up): ${old}`,
        )] : []),
        // The file names themselves, indented under the first line.
        ...[...created, ...replaced].slice(0, 20).map((t) => verbatim(`  ${t}`)),
        ...(n > 20 ? [say(`  ... and ${n - 20} more`, `  ... en nog ${n - 20}`)] : []),
      ];
      return Promise.resolve({ inState: false, changes });
    },
    capture(ctx): Promise<FilesUndo> {
      const { created, replaced, obsolete } = survey(ctx);
      const dirs = new Set<string>();
      for (const p of ctx.pkg.placed) {
        const segs = p.target.split('/').slice(0, -1);
        for (let i = 1; i <= segs.length; i++) dirs.add(segs.slice(0, i).join('/'));
      }
      const dirsCreated = [...dirs].filter((d) => !existsSync(safeJoin(ctx.params.installDir, d))).sort((a, b) => a.split('/').length - b.split('/').length);
      // The install folder and any of its parents that do not exist yet: rollback removes them again if empty.
      const foldersCreated: string[] = [];
      for (let d = ctx.params.installDir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) foldersCreated.push(d);
      const byTarget = new Map(ctx.pkg.placed.map((p) => [p.target, p]));
      return Promise.resolve({
        created: created.map((t) => ({ target: t, sha256: content(byTarget.get(t)!).sha256 })),
        replaced,
        obsolete,
        dirsCreated,
        foldersCreated,
      });
    },
    async apply(ctx, undo) {
      const u = undo as FilesUndo & { obsolete?: string[]; foldersCreated?: string[] };
      // A folder clickker creates gets Administrators and SYSTEM (full) and the service account (read) only, not
      // what its parent would hand down (a custom --install-dir may sit where Users may write).
      if ((u.foldersCreated ?? []).length > 0 || !existsSync(ctx.params.installDir)) await ctx.exec.files.secureFolder(ctx.params.installDir, [ctx.params.serviceAccount]);
      // Backups are copied into a folder only Administrators and SYSTEM may use (a copy takes its folder's ACEs).
      if ((u.obsolete ?? []).length + u.replaced.length > 0) await protectBackups(ctx.exec, ctx.stateDir);
      for (const t of u.obsolete ?? []) {
        const target = safeJoin(ctx.params.installDir, t);
        if (!existsSync(target)) continue;
        const backup = backupPath(ctx, 'obsolete', t);
        if (!existsSync(backup)) {
          mkdirSync(dirname(backup), { recursive: true });
          copyFileSync(target, backup);
        }
        rmSync(target, { force: true });
      }
      for (const p of ctx.pkg.placed) {
        const target = safeJoin(ctx.params.installDir, p.target);
        const c = content(p);
        if (fileSha(target) === c.sha256) continue;
        if (u.replaced.includes(p.target)) {
          const backup = backupPath(ctx, 'files', p.target);
          if (!existsSync(backup) && existsSync(target)) {
            mkdirSync(dirname(backup), { recursive: true });
            copyFileSync(target, backup);
          }
        }
        await ctx.exec.files.write(target, c.data);
      }
    },
    rollback(ctx, undo) {
      const u = undo as FilesUndo & { foldersCreated?: string[]; obsolete?: string[] };
      const out: Msg[] = [];
      for (const t of u.obsolete ?? []) {
        const backup = backupPath(ctx, 'obsolete', t);
        if (existsSync(backup)) writeDurable(safeJoin(ctx.params.installDir, t), readFileSync(backup));
      }
      if (u.obsolete?.length) out.push(say(`put back ${u.obsolete.length} file(s) of the earlier version`, `${u.obsolete.length} bestand(en) van de eerdere versie teruggezet`));
      let removed = 0;
      for (const c of u.created) {
        const target = safeJoin(ctx.params.installDir, c.target);
        const have = fileSha(target);
        if (have === null) continue;
        if (have !== c.sha256) {
          out.push(say(`left ${c.target}: it changed after it was placed`, `${c.target} blijft staan: het is gewijzigd nadat het geplaatst werd`));
          continue;
        }
        rmSync(target, { force: true });
        removed += 1;
      }
      let restored = 0;
      for (const t of u.replaced) {
        const backup = backupPath(ctx, 'files', t);
        if (!existsSync(backup)) continue;
        writeDurable(safeJoin(ctx.params.installDir, t), readFileSync(backup));
        restored += 1;
      }
      const tryRmdir = (dir: string) => {
        try {
          if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
        } catch {
          // not empty or in use: leave it
        }
      };
      for (const d of [...u.dirsCreated].reverse()) tryRmdir(safeJoin(ctx.params.installDir, d));
      for (const d of u.foldersCreated ?? []) tryRmdir(d);
      out.unshift(say(
        `removed ${removed} placed file${removed === 1 ? '' : 's'}${restored ? `, restored ${restored} from the backup` : ''}`,
        `${removed} geplaatst${removed === 1 ? ' bestand' : 'e bestanden'} verwijderd${restored ? `, ${restored} teruggezet uit de back-up` : ''}`,
      ));
      return Promise.resolve(out);
    },
    undoPlan(ctx, undo) {
      const u = undo as FilesUndo & { obsolete?: string[] };
      const back = [...u.replaced.map((t) => backupPath(ctx, 'files', t)), ...(u.obsolete ?? []).map((t) => backupPath(ctx, 'obsolete', t))];
      const n = u.created.length;
      const lines = [say(
        `remove the ${n} file(s) placed in ${ctx.params.installDir} (those changed since are left)${back.length ? `; put back ${back.length} earlier file(s) from the backup` : ''}`,
        `de ${n} in ${ctx.params.installDir} geplaatste bestand(en) verwijderen (wat sindsdien gewijzigd is blijft staan)${back.length ? `; ${back.length} eerdere bestand(en) terugzetten uit de back-up` : ''}`,
      )];
      const gone = back.filter((b) => !existsSync(b));
      return Promise.resolve(gone.length ? { lines, refuse: missingBackupReason(say(`files (${gone.length})`, `bestanden (${gone.length})`)) } : { lines });
    },
  };
}
