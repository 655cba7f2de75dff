// SQL Server steps. What the installer may do is narrow, and the plan says so:
// - the Clickker database: created if missing and marked as created by this run; a database of that name that
//   clickker did not create is refused, never altered; rollback drops it only when this run's marker is on it;
// - its scripts: applied once each, in the manifest's order, recorded (name + SHA-256) in a history table; a script
//   recorded with other content is refused (a release never edits an applied script);
// - the service account: a Windows login if missing, and its database roles in the Clickker database;
// - Exact databases: read access only (a user for the login, member of db_datareader); nothing else is touched;
// - optionally, afterwards: the service account leaves sysadmin (read on Exact, read/write on Clickker remain).
import { createHash } from 'node:crypto';
import { say, type Msg } from '../../core/text.js';
import type { Step, StepContext, Undo } from '../step.js';
import { StepRefused } from '../step.js';
import { SaidError } from '../../core/errors.js';

/** Splits a T-SQL script at lines holding only GO (as sqlcmd and SSMS do). */
export function splitBatches(script: string): string[] {
  return script.replace(/^\uFEFF/, '').split(/^[ \t]*GO[ \t]*(?:--[^\n]*)?\r?$/gim).map((b) => b.trim()).filter((b) => b !== '');
}

const sha256 = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
const on = (ctx: StepContext) => `on ${ctx.params.sqlServer}`;
const op = (ctx: StepContext) => `op ${ctx.params.sqlServer}`;

/**
 * Where rollback backs the database up before dropping it. BACKUP ... TO DISK names a file on the SQL Server's own
 * machine, written by SQL Server's service account, which must be able to write there (learn.microsoft.com: BACKUP
 * (Transact-SQL), DISK and Permissions). A relative name goes to the server's default backup folder, which that account
 * can write. It is used for a local server too: the state folder is Administrators and SYSTEM only, so SQL Server
 * could not write a backup into it (Msg 3201, operating system error 5).
 */
export function databaseBackupFile(ctx: StepContext): { file: string; where: Msg } {
  const name = `${ctx.params.database}-rollback-${ctx.runId}-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}.bak`;
  return { file: name, where: say(`${name} in the default backup folder of ${ctx.params.sqlServer}`, `${name} in de standaardback-upmap van ${ctx.params.sqlServer}`) };
}

export function databaseStep(): Step {
  const owner = (ctx: StepContext) => say(
    `[${ctx.params.serviceAccount}] would own it and be dbo there, where database roles cannot be given to dbo (Msg 15405)`,
    `[${ctx.params.serviceAccount}] zou er eigenaar en dus dbo zijn, en aan dbo kunnen geen databaserollen worden gegeven (Msg 15405)`,
  );
  return {
    id: 'sql.database',
    description: say('the Clickker database', 'de Clickker-database'),
    needsElevation: false,
    reboot: 'never',
    requires: ['sql.service-account'],
    async test(ctx) {
      const db = ctx.params.database;
      const sql = ctx.exec.sql();
      const state = await sql.database(db);
      if (state.exists && state.createdBy) {
        if (await sql.ownedBy(db, ctx.params.serviceAccount)) {
          const o = owner(ctx);
          return { inState: false, changes: [say(`make sa the owner of [${db}] ${on(ctx)}: the service account owns it, so ${o.en}`, `sa eigenaar maken van [${db}] ${op(ctx)}: het serviceaccount is er eigenaar van, dus ${o.nl}`)] };
        }
        return {
          inState: true,
          changes: [],
          notes: [say(
            `database [${db}] exists (created by clickker run ${state.createdBy}), owned by another login than the service account`,
            `database [${db}] bestaat (gemaakt door clickker-run ${state.createdBy}), met een andere aanmelding dan het serviceaccount als eigenaar`,
          )],
        };
      }
      // Created by this run, which stopped before the marker was written: the journal's record of the started step
      // vouches for it (CREATE DATABASE cannot share a transaction with the marker).
      const started = ctx.startedUndo?.('sql.database');
      if (state.exists && started?.existed === false) {
        return {
          inState: false,
          changes: [say(
            `finish creating [${db}] ${on(ctx)}: mark it as clickker's (run ${ctx.runId} created it and stopped before marking it) and make sa its owner`,
            `het maken van [${db}] ${op(ctx)} afronden: markeren als van clickker (run ${ctx.runId} maakte haar en stopte vóór het markeren) en sa eigenaar maken`,
          )],
        };
      }
      if (state.exists) {
        throw new StepRefused(say(
          `database [${db}] already exists on ${ctx.params.sqlServer} and was not created by clickker: it is left untouched. Name another database with --clickker-database, or ask the DBA`,
          `database [${db}] bestaat al op ${ctx.params.sqlServer} en is niet door clickker gemaakt: ze blijft onaangeroerd. Geef een andere database op met --clickker-database, of vraag het de DBA`,
        ));
      }
      return {
        inState: false,
        changes: [say(
          `create database [${db}] ${on(ctx)}, owned by sa (clickker's own; --rollback backs it up, then drops it)`,
          `database [${db}] maken ${op(ctx)}, met sa als eigenaar (van clickker zelf; --rollback maakt er een back-up van en verwijdert haar dan)`,
        )],
      };
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
      const db = ctx.params.database;
      if (undo.existed === true) return [say(`left database [${db}]: it existed before (its owner stays sa)`, `database [${db}] blijft staan: ze bestond al (sa blijft eigenaar)`)];
      const sql = ctx.exec.sql();
      const state = await sql.database(db);
      if (!state.exists) return [say(`database [${db}] is already gone`, `database [${db}] is al weg`)];
      const backup = databaseBackupFile(ctx);
      await sql.backupDatabase(db, backup.file);
      ctx.log(`database [${db}] backed up (COPY_ONLY) to ${backup.where.en} before it is dropped`);
      await sql.dropDatabase(db, String(undo.marker), { unmarkedIsOurs: true });
      return [say(
        `backed up database [${db}] to ${backup.where.en} (BACKUP DATABASE ... WITH COPY_ONLY), then dropped it (created by this run)`,
        `back-up van database [${db}] gemaakt naar ${backup.where.nl} (BACKUP DATABASE ... WITH COPY_ONLY), daarna verwijderd (gemaakt door deze installatie)`,
      )];
    },
    async undoPlan(ctx, undo) {
      const db = ctx.params.database;
      if (undo.existed === true) return { lines: [say(`leave database [${db}]: it existed before`, `database [${db}] laten staan: ze bestond al`)] };
      const state = await ctx.exec.sql().database(db);
      if (!state.exists) return { lines: [say(`database [${db}] is already gone`, `database [${db}] is al weg`)] };
      const where = databaseBackupFile(ctx).where;
      return {
        lines: [
          say(`back up database [${db}] (COPY_ONLY) to ${where.en}`, `back-up maken van database [${db}] (COPY_ONLY) naar ${where.nl}`),
          say(`then DROP database [${db}] ${on(ctx)}: every row Clickker wrote in it goes (the backup keeps them)`, `daarna database [${db}] verwijderen (DROP) ${op(ctx)}: elke rij die Clickker erin schreef verdwijnt (de back-up bewaart ze)`),
        ],
      };
    },
  };
}

export function scriptStep(name: string): Step {
  return {
    id: `sql.script:${name}`,
    description: say(`the script ${name} in the Clickker database`, `het script ${name} in de Clickker-database`),
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
      if (done) return { inState: true, changes: [], notes: [say(`${name} already applied to [${db}]`, `${name} is al uitgevoerd op [${db}]`)] };
      const n = splitBatches(text).length;
      return {
        inState: false,
        changes: [say(
          `apply ${name} to [${db}] (${n} batch(es), in one transaction, recorded in dbo.ClickkerInstallHistory)`,
          `${name} uitvoeren op [${db}] (${n} batch(es), in één transactie, vastgelegd in dbo.ClickkerInstallHistory)`,
        )],
      };
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
      if (ctx.recorded?.('sql.database')?.existed === false) return [say(`${name}: removed with the database this run created`, `${name}: verwijderd met de database die deze installatie maakte`)];
      const undo = ctx.pkg.manifest.database?.undoScripts[name];
      if (!undo) throw new StepRefused(say(`${name} was applied to the existing database [${ctx.params.database}] and declares no undo script`, `${name} is toegepast op de bestaande database [${ctx.params.database}] en heeft geen script om het ongedaan te maken`));
      await ctx.exec.sql().unapplyScript(ctx.params.database, { name, batches: splitBatches(ctx.pkg.text(undo)) });
      return [say(`${name}: undone with ${undo}`, `${name}: ongedaan gemaakt met ${undo}`)];
    },
    undoPlan(ctx) {
      const db = ctx.params.database;
      if (ctx.recorded?.('sql.database')?.existed === false) return Promise.resolve({ lines: [say(`${name}: goes with the database this run created`, `${name}: verdwijnt met de database die deze installatie maakte`)] });
      const undo = ctx.pkg.manifest.database?.undoScripts[name];
      if (!undo) {
        return Promise.resolve({
          lines: [],
          refuse: say(
            `${name} changed the existing database [${db}] and declares no undo script: restore the database from its backup instead (putting back the earlier version's files beside this schema would break it)`,
            `${name} wijzigde de bestaande database [${db}] en heeft geen script om dat ongedaan te maken: zet in plaats daarvan de database terug uit haar back-up (de bestanden van de eerdere versie naast dit schema terugzetten zou haar breken)`,
          ),
        });
      }
      return Promise.resolve({ lines: [say(`run ${undo} to undo ${name} in [${db}]`, `${undo} uitvoeren om ${name} in [${db}] ongedaan te maken`)] });
    },
  };
}

export function loginStep(): Step {
  return {
    id: 'sql.login',
    description: say('a SQL Server login for the service account', 'een SQL Server-aanmelding voor het serviceaccount'),
    needsElevation: false,
    reboot: 'never',
    async test(ctx) {
      const l = await ctx.exec.sql().login(ctx.params.serviceAccount);
      const a = ctx.params.serviceAccount;
      if (l.exists) return { inState: true, changes: [], notes: [say(`login [${a}] exists`, `aanmelding [${a}] bestaat`)] };
      return { inState: false, changes: [say(`create Windows login [${a}] ${on(ctx)}`, `Windows-aanmelding [${a}] maken ${op(ctx)}`)] };
    },
    async capture(ctx) {
      return { existed: (await ctx.exec.sql().login(ctx.params.serviceAccount)).exists };
    },
    async apply(ctx) {
      if (!(await ctx.exec.sql().login(ctx.params.serviceAccount)).exists) await ctx.exec.sql().createWindowsLogin(ctx.params.serviceAccount);
    },
    async rollback(ctx, undo) {
      const a = ctx.params.serviceAccount;
      if (undo.existed === true) return [say(`left login [${a}]: it existed before`, `aanmelding [${a}] blijft staan: ze bestond al`)];
      await ctx.exec.sql().dropLogin(a);
      return [say(`dropped login [${a}] (created by this run)`, `aanmelding [${a}] verwijderd (gemaakt door deze installatie)`)];
    },
    undoPlan(ctx, undo) {
      const a = ctx.params.serviceAccount;
      if (undo.existed === true) return Promise.resolve({ lines: [say(`leave login [${a}]: it existed before`, `aanmelding [${a}] laten staan: ze bestond al`)] });
      return Promise.resolve({ lines: [say(`drop login [${a}] (created by this run)`, `aanmelding [${a}] verwijderen (gemaakt door deze installatie)`)] });
    },
  };
}

/** A database user for the service account with exactly these roles added (never removed). */
function accessStep(id: string, description: Msg, db: (ctx: StepContext) => string, roles: (ctx: StepContext) => readonly string[], exact: boolean): Step {
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
      const a = ctx.params.serviceAccount;
      const u: { exists: boolean; roles: string[]; dbo?: boolean } = exists ? await sql.user(name, a) : { exists: false, roles: [] };
      if (u.dbo && exact) {
        return {
          inState: true,
          changes: [],
          notes: [say(
            `Exact database [${name}]: [${a}] owns it (it is dbo there) and reads it already; clickker changes nothing in it`,
            `Exact-database [${name}]: [${a}] is er eigenaar van (dbo) en leest haar al; clickker wijzigt er niets in`,
          )],
        };
      }
      if (u.dbo) {
        // The database step hands ownership to sa first; until then the account is dbo, which roles cannot be given to.
        return {
          inState: false,
          changes: [say(
            `once sa owns [${name}]: create user [${a}] in it and add it to ${want.join(', ')}`,
            `zodra sa eigenaar is van [${name}]: databasegebruiker [${a}] erin maken en lid maken van ${want.join(', ')}`,
          )],
        };
      }
      const missing = want.filter((r) => !u.roles.includes(r));
      const notes = exact ? [say(
        `Exact database [${name}]: read access only (db_datareader); nothing else in it is changed`,
        `Exact-database [${name}]: alleen leestoegang (db_datareader); verder wordt er niets in gewijzigd`,
      )] : [];
      if (u.exists && missing.length === 0) return { inState: true, changes: [], notes };
      const changes = [
        ...(u.exists ? [] : [say(`create user [${a}] in [${name}] for its login`, `databasegebruiker [${a}] maken in [${name}] voor de aanmelding`)]),
        ...missing.map((r) => say(`add [${a}] to ${r} in [${name}]`, `[${a}] lid maken van ${r} in [${name}]`)),
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
      const a = ctx.params.serviceAccount;
      if (!(await sql.database(name)).exists) return [say(`[${name}] is gone; nothing to undo there`, `[${name}] is weg; daar valt niets terug te draaien`)];
      const before = (undo.rolesBefore as string[] | undefined) ?? [];
      const u = await sql.user(name, a);
      if (!u.exists) return [say(`user [${a}] is already gone from [${name}]`, `databasegebruiker [${a}] is al weg uit [${name}]`)];
      if (u.dbo) return [say(`left [${name}]: [${a}] owns it (dbo)`, `[${name}] blijft zoals ze is: [${a}] is er eigenaar van (dbo)`)];
      const added = roles(ctx).filter((r) => !before.includes(r) && u.roles.includes(r));
      for (const r of added) await sql.dropRole(name, a, r);
      if (undo.userExisted !== true) {
        await sql.dropUser(name, a);
        return [say(`removed user [${a}] from [${name}] (created by this run)`, `databasegebruiker [${a}] verwijderd uit [${name}] (gemaakt door deze installatie)`)];
      }
      return [added.length
        ? say(`removed [${a}] from ${added.join(', ')} in [${name}]`, `[${a}] is geen lid meer van ${added.join(', ')} in [${name}]`)
        : say(`left [${name}] as it was`, `[${name}] blijft zoals ze was`)];
    },
    undoPlan(ctx, undo: Undo) {
      const name = String(undo.database);
      const a = ctx.params.serviceAccount;
      if (undo.userExisted !== true) return Promise.resolve({ lines: [say(`remove user [${a}] from [${name}] (created by this run)`, `databasegebruiker [${a}] verwijderen uit [${name}] (gemaakt door deze installatie)`)] });
      const before = (undo.rolesBefore as string[] | undefined) ?? [];
      const added = roles(ctx).filter((r) => !before.includes(r));
      if (added.length === 0) return Promise.resolve({ lines: [say(`leave [${name}] as it was`, `[${name}] laten zoals ze was`)] });
      return Promise.resolve({ lines: [say(`remove [${a}] from ${added.join(', ')} in [${name}] (the user existed before and stays)`, `[${a}] uit ${added.join(', ')} in [${name}] halen (de databasegebruiker bestond al en blijft)`)] });
    },
  };
}

export function clickkerAccessStep(): Step {
  return accessStep('sql.access', say("the service account's read and write access to the Clickker database", 'de lees- en schrijftoegang van het serviceaccount tot de Clickker-database'), (ctx) => ctx.params.database,
    (ctx) => ctx.pkg.manifest.database?.roles ?? ['db_datareader', 'db_datawriter'], false);
}

export function exactReadStep(database: string): Step {
  return accessStep(`sql.exact-read:${database}`, say(`read access to the Exact database ${database}`, `leestoegang tot de Exact-database ${database}`), () => database, () => ['db_datareader'], true);
}

/**
 * What taking a Windows login out of sysadmin cannot promise: the step removes direct membership
 * (sys.server_role_members), but the account may still be sysadmin through a Windows (AD) group, which that view does
 * not show and IS_SRVROLEMEMBER for another login may not resolve ("might return incorrect or incomplete data",
 * IS_SRVROLEMEMBER docs). xp_logininfo 'all' lists the groups through which a Windows account has access and their
 * privilege ("admin" = sysadmin). Null for a SQL login, which cannot be in a Windows group.
 */
export function groupSysadminWarning(account: string): Msg | null {
  if (!account.includes('\\')) return null;
  const query = `EXEC xp_logininfo N'${account.replace(/'/g, "''")}', 'all';`;
  return say(
    `${account} may still be sysadmin through a Windows (AD) group, which clickker cannot see: confirm with ${query} (a row with privilege "admin" is sysadmin through that group)`,
    `${account} kan nog sysadmin zijn via een Windows-groep (AD), en die ziet clickker niet: controleer het met ${query} (een rij met privilege "admin" is sysadmin via die groep)`,
  );
}

export function reduceRightsStep(): Step {
  return {
    id: 'sql.reduce-rights',
    description: say("the service account's removal from sysadmin (it keeps what Clickker needs)", 'het verwijderen van het serviceaccount uit sysadmin (het houdt wat Clickker nodig heeft)'),
    needsElevation: false,
    reboot: 'never',
    async test(ctx) {
      const sql = ctx.exec.sql();
      const l = await sql.login(ctx.params.serviceAccount);
      const notes = [say(
        'afterwards the service account is no longer a direct member of sysadmin; it keeps read on the Exact databases and read/write on the Clickker database; a later install or --rollback needs a sysadmin login (--sql-user)',
        'daarna is het serviceaccount geen direct lid meer van sysadmin; het houdt leestoegang tot de Exact-databases en lees- en schrijftoegang tot de Clickker-database; een latere installatie of --rollback heeft een sysadmin-aanmelding nodig (--sql-user)',
      )];
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
      const a = ctx.params.serviceAccount;
      return { inState: false, changes: [say(`remove [${a}] from the sysadmin server role ${on(ctx)}`, `[${a}] verwijderen uit de serverrol sysadmin ${op(ctx)}`)], notes };
    },
    async capture(ctx) {
      return { wasSysadmin: (await ctx.exec.sql().login(ctx.params.serviceAccount)).serverRoles.includes('sysadmin') };
    },
    async apply(ctx) {
      await ctx.exec.sql().dropServerRole(ctx.params.serviceAccount, 'sysadmin');
    },
    async rollback(ctx, undo) {
      if (undo.wasSysadmin !== true) return [say('the service account was not sysadmin before; nothing to give back', 'het serviceaccount was eerder geen sysadmin; er valt niets terug te geven')];
      await ctx.exec.sql().addServerRole(ctx.params.serviceAccount, 'sysadmin');
      return [say(`made [${ctx.params.serviceAccount}] sysadmin again, as it was before`, `[${ctx.params.serviceAccount}] is weer sysadmin, zoals eerder`)];
    },
    undoPlan(ctx, undo) {
      const a = ctx.params.serviceAccount;
      if (undo.wasSysadmin !== true) return Promise.resolve({ lines: [say('nothing: the service account was not sysadmin before', 'niets: het serviceaccount was eerder geen sysadmin')] });
      return Promise.resolve({ lines: [say(`make [${a}] sysadmin again ${on(ctx)}, as it was before`, `[${a}] weer sysadmin maken ${op(ctx)}, zoals eerder`)] });
    },
  };
}
