// Accounts compared as Windows compares them: by SID, never by the text of a name. Get-ScheduledTask reports
// Principal.UserId without the domain on Server 2016+ (ComputerManagementDsc #200, #352), Win32_Service.StartName
// says .\user for a local account, IIS keeps the name as typed, and a domain has a NetBIOS and a DNS name.
import { relative, isAbsolute } from 'node:path';
import { say, type Msg } from '../../core/text.js';
import type { TaskState } from '../executor.js';
import type { StepContext } from '../step.js';

export async function sameAccount(ctx: Pick<StepContext, 'exec'>, a: string, b: string): Promise<boolean> {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  const [x, y] = await Promise.all([ctx.exec.accounts.sid(a), ctx.exec.accounts.sid(b)]);
  return x !== null && x === y;
}

/** Whether `path` is the install folder or inside it (case-insensitive, as on NTFS). */
export function insideInstallDir(ctx: Pick<StepContext, 'params'>, path: string): boolean {
  const rel = relative(ctx.params.installDir.toLowerCase(), path.toLowerCase().replace(/^"|"$/g, ''));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The executable of a service command line: "C:\...\x.exe" --service -> C:\...\x.exe */
export function executableOf(commandLine: string): string {
  return /^"([^"]+)"/.exec(commandLine)?.[1] ?? commandLine.split(' ')[0] ?? '';
}

export type TaskAccount = { same: true } | { same: false; ambiguous?: Msg };

/**
 * Whether a scheduled task runs as `want`. The registered definition's UserId decides when it could be read: a SID is
 * compared with the account's SID, DOMAIN\user by SID as well. Otherwise only Get-ScheduledTask's name is left, which
 * on Server 2016+ has no domain (ComputerManagementDsc #200, #352): LookupAccountName resolves a bare name in this
 * server's own domain first (learn.microsoft.com: LookupAccountNameW), so when that finds another account of the same
 * name, the task may run as `want` or as that account, and clickker says it cannot tell instead of "differs".
 */
export async function taskRunsAs(ctx: Pick<StepContext, 'exec'>, have: Pick<TaskState, 'user' | 'registeredUser'>, want: string): Promise<TaskAccount> {
  const r = have.registeredUser?.trim();
  if (r) {
    if (/^S-1-\d+(-\d+)+$/i.test(r)) return (await ctx.exec.accounts.sid(want))?.toUpperCase() === r.toUpperCase() ? { same: true } : { same: false };
    if (r.includes('\\')) return await sameAccount(ctx, r, want) ? { same: true } : { same: false };
  }
  const name = r || have.user;
  if (await sameAccount(ctx, name, want)) return { same: true };
  const wantName = want.split('\\').pop()!;
  if (!name.includes('\\') && name.toLowerCase() === wantName.toLowerCase()) {
    return {
      same: false,
      ambiguous: say(
        `Windows reports the task's user as '${name}' without a domain, that name resolves to another account (this server's own domain has one), and the task's registered definition could not be read: clickker cannot tell whether it runs as ${want}`,
        `Windows meldt de gebruiker van de taak als '${name}' zonder domein, die naam verwijst naar een ander account (het eigen domein van deze server heeft er een), en de geregistreerde definitie van de taak kon niet worden gelezen: clickker kan niet zien of ze als ${want} wordt uitgevoerd`,
      ),
    };
  }
  return { same: false };
}

/** A bare user name that LookupAccountName would resolve to another account than `want` (same name, other domain). */
export async function bareNameCollides(ctx: Pick<StepContext, 'exec'>, want: string): Promise<string | null> {
  if (!want.includes('\\')) return null;
  const bare = want.split('\\').pop()!;
  const [a, b] = await Promise.all([ctx.exec.accounts.sid(bare), ctx.exec.accounts.sid(want)]);
  return a !== null && b !== null && a !== b ? bare : null;
}
