// Accounts compared as Windows compares them: by SID, never by the text of a name. Get-ScheduledTask reports
// Principal.UserId without the domain on Server 2016+ (ComputerManagementDsc #200, #352), Win32_Service.StartName
// says .\user for a local account, IIS keeps the name as typed, and a domain has a NetBIOS and a DNS name.
import { relative, isAbsolute } from 'node:path';
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
