// SQL Server steps. What the installer may do is narrow, and the plan says so:
// - the Clickker database: created if missing and marked as created by this run; a database of that name that
//   clickker did not create is refused, never altered; rollback drops it only when this run's marker is on it;
// - its scripts: applied once each, in the manifest's order, recorded (name + SHA-256) in a history table; a script
//   recorded with other content is refused (a release never edits an applied script);
// - the service account: a Windows login if missing, and its database roles in the Clickker database;
// - Exact databases: read access only (a user for the login, member of db_datareader); nothing else is touched;
// - optionally, afterwards: the service account leaves sysadmin (read on Exact, read/write on Clickker remain).
import { createHash } from 'node:crypto';
import type { Step, StepContext, Undo } from '../step.js';
import { StepRefused } from '../step.js';
import { SaidError } from '../../core/errors.js';
import { say } from '../../core/text.js';

/** Splits a T-SQL script at lines holding only GO (as sqlcmd and SSMS do). */
export function splitBatches(script: string): string[] {
  return script.replace(/^\uFEFF/, '').split(/^[ \t]*GO[ \t]*(?:--[^\n]*)?\r?$/gim).map((b) => b.trim()).filter((b) => b !== '');
}

const sha256 = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
const on = (ctx: StepContext) => `on ${ctx.params.sqlServer}`;

/**
 * Where rollback backs the database up before dropping it. BACKUP ... TO DISK names a file on the SQL Server's own
 * machine, written by SQL Server's service account, which must be able to write there (learn.microsoft.com: BACKUP
 * (Transact-SQL), DISK and Permissions). A relative name goes to the server's default backup folder, which that account
 * can write. It is used for a local server too: the state folder is Administrators and SYSTEM only, so SQL Server
 * could not write a backup into it (Msg 3201, operating system error 5).
 */
export function databaseBackupFile(ctx: StepContext): { file: string; where: string } {
  const name = `${ctx.params.database}-rollback-${ctx.runId}-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}.bak`;
  return { file: name, where: `${name} in the default backup folder of ${ctx.params.sqlServer}` };
}

export function databaseStep(): Step {
  const owner = (ctx: StepContext) => `[${ctx.params.serviceAccount}] would own it and be dbo there, where database roles cannot be given to dbo (Msg 15405)`;
  return {
    id: 'sql.database',
    description: 'create the Clickker database',
    needsElevation: false,
    reboot: 'never',
    requires: ['sql.service-account'],
    async test(ctx) {
      const db = ctx.params.database;
      const sql = ctx.exec.sql();
      const state = await sql.database(db);
      if (state.exists && state.createdBy) {
        if (await sql.ownedBy(db, ctx.params.serviceAccount)) {
          return { inState: false, changes: [`make sa the owner of [${db}] ${on(ctx)}: the service account owns it, so ${owner(ctx)}`] };
        }
        return { inState: true, changes: [], notes: [`database [${db}] exists (created by clickker run ${state.createdBy}), owned by another login than the service account`] };
      }
      // Created by this run, which stopped before the marker was written: the journal's record of the started step
      // vouches for it (CREATE DATABASE cannot share a transaction with the marker).
      const started = ctx.startedUndo?.('sql.database');
      if (state.exists && started?.existed === false) {
        return { inState: false, changes: [`finish creating [${db}] ${on(ctx)}: mark it as clickker's (run ${ctx.runId} created it and stopped before marking it) and make sa its owner`] };
      }
      if (state.exists) {
        throw new StepRefused(say(
          `database [${db}] already exists on ${ctx.params.sqlServer} and was not created by clickker: it is left untouched. Name another database with --clickker-database, or ask the DBA`,
          `database [${db}] bestaat al op ${ctx.params.sqlServer} en is niet door clickker gemaakt: ze blijft onaangeroerd. Geef een andere database op met --clickker-database, of vraag het de DBA`,
        ));
      }
      return { inState: false, changes: [`create database [${db}] ${on(ctx)}, owned by sa (clickker's own; --rollback backs it up, then drops it)`] };
    },
    async capture(ctx) {
      const state = await ctx.exec.sql().database(ctx.params.database);
      return { existed: state.exists, marker: ctx.runId };
    },
    async apply(ctx, undo) {
      if (undo.existed === true) {
        // Made by an earlier run: only its ownership is put right.
        if (!(await ctx.exec.sql().database(ctx.params.database)).createdBy) throw new StepRefused(say(`database [${ctx.params.database}] existed before this run and is not clickker's`, `database [${ctx.params.database}] bestond al vóór deze run en is niet van clickker`));
      } else {
        const state = await ctx.exec.sql().database(ctx.params.database);
        if (!state.exists) await ctx.exec.sql().createDatabase(ctx.params.database, String(undo.marker));
        else if (!state.createdBy) await ctx.exec.sql().markDatabase(ctx.params.database, String(undo.marker));
      }
      // Ownership decided explicitly: sa (SID 0x01), never the connected login, so the service account is an ordinary user.
      await ctx.exec.sql().giveOwnershipToSa(ctx.params.database);
    },
    async rollback(ctx, undo) {
      if (undo.existed === true) return [`left database [${ctx.params.database}]: it existed before (its owner stays sa)`];
      const sql = ctx.exec.sql();
      const state = await sql.database(ctx.params.database);
      if (!state.exists) return [`database [${ctx.params.database}] is already gone`];
      const backup = databaseBackupFile(ctx);
      await sql.backupDatabase(ctx.params.database, backup.file);
      ctx.log(`database [${ctx.params.database}] backed up (COPY_ONLY) to ${backup.where} before it is dropped`);
      await sql.dropDatabase(ctx.params.database, String(undo.marker), { unmarkedIsOurs: true });
      return [`backed up database [${ctx.params.database}] to ${backup.where} (BACKUP DATABASE ... WITH COPY_ONLY), then dropped it (created by this run)`];
    },
    async undoPlan(ctx, undo) {
      if (undo.existed === true) return { lines: [`leave database [${ctx.params.database}]: it existed before`] };
      const state = await ctx.exec.sql().database(ctx.params.database);
      if (!state.exists) return { lines: [`database [${ctx.params.database}] is already gone`] };
      return { lines: [`back up database [${ctx.params.database}] (COPY_ONLY) to ${databaseBackupFile(ctx).where}`, `then DROP database [${ctx.params.database}] ${on(ctx)}: every row Clickker wrote in it goes (the backup keeps them)`] };
    },
  };
}

export function scriptStep(name: string): Step {
  return {
    id: `sql.script:${name}`,
    description: `apply ${name} to the Clickker database`,
    needsElevation: false,
    reboot: 'never',
    async test(ctx) {
      const text = ctx.pkg.text(name);
      const sum = sha256(text);
      const db = ctx.params.database;
      const exists = (await ctx.exec.sql().database(db)).exists;
      const applied = exists ? await ctx.exec.sql().appliedScripts(db) : [];
      const done = applied.find((a) => a.name.toLowerCase() === name.toLowerCase());
      if (done && done.sha256 !== sum) {
        const [was, now] = [done.sha256.slice(0, 12), sum.slice(0, 12)];
        throw new StepRefused(say(
          `${name} was applied to [${db}] with other content (SHA-256 ${was}..., this package has ${now}...): a release must not change an applied script`,
          `${name} is op [${db}] toegepast met een andere inhoud (SHA-256 ${was}..., dit pakket heeft ${now}...): een release mag een toegepast script niet wijzigen`,
        ));
      }
      if (done) return { inState: true, changes: [], notes: [`${name} already applied to [${db}]`] };
      return { inState: false, changes: [`apply ${name} to [${db}] (${splitBatches(text).length} batch(es), in one transaction, recorded in dbo.ClickkerInstallHistory)`] };
    },
    capture() {
      return Promise.resolve({});
    },
    async apply(ctx) {
      const text = ctx.pkg.text(name);
      await ctx.exec.sql().applyScript(ctx.params.database, { name, sha256: sha256(text), batches: splitBatches(text), runId: ctx.runId });
    },
    async rollback(ctx) {
      // In a database this run created, dropping the database (sql.database's rollback) removes it.
      if (ctx.recorded?.('sql.database')?.existed === false) return [`${name}: removed with the database this run created`];
      const undo = ctx.pkg.manifest.database?.undoScripts[name];
      if (!undo) throw new StepRefused(say(`${name} was applied to the existing database [${ctx.params.database}] and declares no undo script`, `${name} is toegepast op de bestaande database [${ctx.params.database}] en heeft geen script om het ongedaan te maken`));
      await ctx.exec.sql().unapplyScript(ctx.params.database, { name, batches: splitBatches(ctx.pkg.text(undo)) });
      return [`${name}: undone with ${undo}`];
    },
    undoPlan(ctx) {
      if (ctx.recorded?.('sql.database')?.existed === false) return Promise.resolve({ lines: [`${name}: goes with the database this run created`] });
      const undo = ctx.pkg.manifest.database?.undoScripts[name];
      if (!undo) {
        return Promise.resolve({ lines: [], refuse: say(
          `${name} changed the existing database [${ctx.params.database}] and declares no undo script: restore the database from its backup instead (putting back the earlier version's files beside this schema would break it)`,
          `${name} heeft de bestaande database [${ctx.params.database}] gewijzigd en heeft geen script om het ongedaan te maken: zet in plaats daarvan de back-up van de database terug (de bestanden van de vorige versie terugzetten naast dit schema zou haar breken)`,
        ) });
      }
      return Promise.resolve({ lines: [`run ${undo} to undo ${name} in [${ctx.params.database}]`] });
    },
  };
}

export function loginStep(): Step {
  return {
    id: 'sql.login',
    description: 'a SQL Server login for the service account',
    needsElevation: false,
    reboot: 'never',
    async test(ctx) {
      const l = await ctx.exec.sql().login(ctx.params.serviceAccount);
      if (l.exists) return { inState: true, changes: [], notes: [`login [${ctx.params.serviceAccount}] exists`] };
      return { inState: false, changes: [`create Windows login [${ctx.params.serviceAccount}] ${on(ctx)}`] };
    },
    async capture(ctx) {
      return { existed: (await ctx.exec.sql().login(ctx.params.serviceAccount)).exists };
    },
    async apply(ctx) {
      if (!(await ctx.exec.sql().login(ctx.params.serviceAccount)).exists) await ctx.exec.sql().createWindowsLogin(ctx.params.serviceAccount);
    },
    async rollback(ctx, undo) {
      if (undo.existed === true) return [`left login [${ctx.params.serviceAccount}]: it existed before`];
      await ctx.exec.sql().dropLogin(ctx.params.serviceAccount);
      return [`dropped login [${ctx.params.serviceAccount}] (created by this run)`];
    },
  };
}

/** A database user for the service account with exactly these roles added (never removed). */
function accessStep(id: string, description: string, db: (ctx: StepContext) => string, roles: (ctx: StepContext) => readonly string[], exact: boolean): Step {
  return {
    id,
    description,
    needsElevation: false,
    reboot: 'never',
    async test(ctx) {
      const name = db(ctx);
      const want = roles(ctx);
      const sql = ctx.exec.sql();
      const exists = (await sql.database(name)).exists;
      if (!exists && exact) throw new StepRefused(say(`Exact database [${name}] does not exist on ${ctx.params.sqlServer}`, `Exact-database [${name}] bestaat niet op ${ctx.params.sqlServer}`));
      const u: { exists: boolean; roles: string[]; dbo?: boolean } = exists ? await sql.user(name, ctx.params.serviceAccount) : { exists: false, roles: [] };
      if (u.dbo && exact) {
        return { inState: true, changes: [], notes: [`Exact database [${name}]: [${ctx.params.serviceAccount}] owns it (it is dbo there) and reads it already; clickker changes nothing in it`] };
      }
      if (u.dbo) {
        // The database step hands ownership to sa first; until then the account is dbo, which roles cannot be given to.
        return { inState: false, changes: [`once sa owns [${name}]: create user [${ctx.params.serviceAccount}] in it and add it to ${want.join(', ')}`] };
      }
      const missing = want.filter((r) => !u.roles.includes(r));
      const notes = exact ? [`Exact database [${name}]: read access only (db_datareader); nothing else in it is changed`] : [];
      if (u.exists && missing.length === 0) return { inState: true, changes: [], notes };
      const changes = [
        ...(u.exists ? [] : [`create user [${ctx.params.serviceAccount}] in [${name}] for its login`]),
        ...missing.map((r) => `add [${ctx.params.serviceAccount}] to ${r} in [${name}]`),
      ];
      return { inState: false, changes, notes };
    },
    async capture(ctx) {
      const name = db(ctx);
      const sql = ctx.exec.sql();
      const exists = (await sql.database(name)).exists;
      const u = exists ? await sql.user(name, ctx.params.serviceAccount) : { exists: false, roles: [] };
      return { database: name, userExisted: u.exists, rolesBefore: u.roles };
    },
    async apply(ctx) {
      const name = db(ctx);
      const sql = ctx.exec.sql();
      const u = await sql.user(name, ctx.params.serviceAccount);
      if (u.dbo) {
        throw new SaidError(say(
          `[${ctx.params.serviceAccount}] owns [${name}] (it is dbo there); database roles cannot be given to dbo (Msg 15405)`,
          `[${ctx.params.serviceAccount}] is eigenaar van [${name}] (het is daar dbo); databaserollen kunnen niet aan dbo worden gegeven (Msg 15405)`,
        ));
      }
      if (!u.exists) await sql.createUser(name, ctx.params.serviceAccount);
      for (const r of roles(ctx)) if (!u.roles.includes(r)) await sql.addRole(name, ctx.params.serviceAccount, r);
    },
    async rollback(ctx, undo: Undo) {
      const name = String(undo.database);
      const sql = ctx.exec.sql();
      if (!(await sql.database(name)).exists) return [`[${name}] is gone; nothing to undo there`];
      const before = (undo.rolesBefore as string[] | undefined) ?? [];
      const u = await sql.user(name, ctx.params.serviceAccount);
      if (!u.exists) return [`user [${ctx.params.serviceAccount}] is already gone from [${name}]`];
      if (u.dbo) return [`left [${name}]: [${ctx.params.serviceAccount}] owns it (dbo)`];
      const added = roles(ctx).filter((r) => !before.includes(r) && u.roles.includes(r));
      for (const r of added) await sql.dropRole(name, ctx.params.serviceAccount, r);
      if (undo.userExisted !== true) {
        await sql.dropUser(name, ctx.params.serviceAccount);
        return [`removed user [${ctx.params.serviceAccount}] from [${name}] (created by this run)`];
      }
      return [added.length ? `removed [${ctx.params.serviceAccount}] from ${added.join(', ')} in [${name}]` : `left [${name}] as it was`];
    },
  };
}

export function clickkerAccessStep(): Step {
  return accessStep('sql.access', 'the service account reads and writes the Clickker database', (ctx) => ctx.params.database,
    (ctx) => ctx.pkg.manifest.database?.roles ?? ['db_datareader', 'db_datawriter'], false);
}

export function exactReadStep(database: string): Step {
  return accessStep(`sql.exact-read:${database}`, `read access to the Exact database ${database}`, () => database, () => ['db_datareader'], true);
}

/**
 * What taking a Windows login out of sysadmin cannot promise: the step removes direct membership
 * (sys.server_role_members), but the account may still be sysadmin through a Windows (AD) group, which that view does
 * not show and IS_SRVROLEMEMBER for another login may not resolve ("might return incorrect or incomplete data",
 * IS_SRVROLEMEMBER docs). xp_logininfo 'all' lists the groups through which a Windows account has access and their
 * privilege ("admin" = sysadmin). Null for a SQL login, which cannot be in a Windows group.
 */
export function groupSysadminWarning(account: string): string | null {
  if (!account.includes('\\')) return null;
  return `${account} may still be sysadmin through a Windows (AD) group, which clickker cannot see: confirm with `
    + `EXEC xp_logininfo N'${account.replace(/'/g, "''")}', 'all'; (a row with privilege "admin" is sysadmin through that group)`;
}

export function reduceRightsStep(): Step {
  return {
    id: 'sql.reduce-rights',
    description: 'take the service account out of sysadmin (it keeps what Clickker needs)',
    needsElevation: false,
    reboot: 'never',
    async test(ctx) {
      const sql = ctx.exec.sql();
      const l = await sql.login(ctx.params.serviceAccount);
      const notes = ['afterwards the service account is no longer a direct member of sysadmin; it keeps read on the Exact databases and read/write on the Clickker database; a later install or --rollback needs a sysadmin login (--sql-user)'];
      const group = groupSysadminWarning(ctx.params.serviceAccount);
      if (group) notes.push(group);
      const db = ctx.params.database;
      // Not "only reader/writer" while it owns the Clickker database (dbo has every right in it).
      if (ctx.pkg.manifest.database && (await sql.database(db)).exists && await sql.ownedBy(db, ctx.params.serviceAccount)) {
        throw new StepRefused(say(
          `[${ctx.params.serviceAccount}] still owns [${db}] (it is dbo there): run clickker install again so the database step makes sa its owner, then reduce its rights`,
          `[${ctx.params.serviceAccount}] is nog eigenaar van [${db}] (het is daar dbo): voer clickker install opnieuw uit zodat de databasestap sa eigenaar maakt, en beperk daarna zijn rechten`,
        ));
      }
      if (!l.serverRoles.includes('sysadmin')) return { inState: true, changes: [], notes };
      return { inState: false, changes: [`remove [${ctx.params.serviceAccount}] from the sysadmin server role ${on(ctx)}`], notes };
    },
    async capture(ctx) {
      return { wasSysadmin: (await ctx.exec.sql().login(ctx.params.serviceAccount)).serverRoles.includes('sysadmin') };
    },
    async apply(ctx) {
      await ctx.exec.sql().dropServerRole(ctx.params.serviceAccount, 'sysadmin');
    },
    async rollback(ctx, undo) {
      if (undo.wasSysadmin !== true) return ['the service account was not sysadmin before; nothing to give back'];
      await ctx.exec.sql().addServerRole(ctx.params.serviceAccount, 'sysadmin');
      return [`made [${ctx.params.serviceAccount}] sysadmin again, as it was before`];
    },
  };
}
