// clickker collect --computer A,B (issue 17): the fleet collected through PowerShell remoting. remoting/fleet.ps1 runs
// the standalone collector on every target with Invoke-Command -ComputerName ... -ThrottleLimit from the local Windows
// PowerShell and prints one JSON line per target; this module reads those lines into snapshots and per-host failures,
// each failure with its fix (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_remote_troubleshooting).
import '../../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';

export const REMOTING_SCRIPT = 'src/probes/powershell/remoting/fleet.ps1';

/** A target name that may become a file name: letters, digits, dot, hyphen, underscore (NetBIOS and DNS names). */
export function snapshotFileName(computer: string): string | null {
  const name = computer.trim();
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(name) && !name.includes('..') ? `${name}.json` : null;
}

const lineSchema = z.union([
  z.object({ computer: z.string(), snapshot: z.string() }),
  z.object({ computer: z.string(), error: z.string(), id: z.string().nullish(), category: z.string().nullish(), reason: z.string().nullish() }),
]);

export interface RemoteSnapshot { computer: string; text: string }
export interface RemoteFailure { computer: string; message: string; why: string; fix: string }

/** What went wrong with a target, in words, and what to do about it. */
export function remotingFix(f: { error: string; id?: string | null; reason?: string | null }): { why: string; fix: string } {
  const text = `${f.id ?? ''} ${f.reason ?? ''} ${f.error}`;
  if (/AccessDenied|Access is denied|UnauthorizedAccess/i.test(text)) {
    return { why: 'access denied', fix: 'use an account that is an administrator of the target (--credential-user DOMAIN\\admin); remote sessions of administrators are elevated' };
  }
  if (/Kerberos|double.?hop|delegat|0x8009030e|logon session does not exist/i.test(text)) {
    return {
      why: 'Kerberos double hop: the target could not use your credentials to reach a third machine',
      fix: 'run clickker collect on the server itself, or set up resource-based Kerberos constrained delegation for the target (CredSSP hands your password to the target: not recommended)',
    };
  }
  if (/ComputerNotFound|cannot be resolved|could not be resolved|No such host|name.*not.*found/i.test(text)) {
    return { why: 'the name does not resolve', fix: 'check the computer name (DNS or NetBIOS) from this machine' };
  }
  if (/WinRM|CannotConnect|refused|TrustedHosts|5985|5986|firewall|PSRemotingTransport/i.test(text)) {
    return {
      why: 'WinRM refused or unreachable',
      fix: 'on the target run Enable-PSRemoting -Force as an administrator (or enable it by Group Policy) and allow TCP 5985 in its firewall; a target outside the domain also needs to be in this machine\'s WSMan TrustedHosts, with HTTPS (5986) preferred',
    };
  }
  return { why: 'remoting failed', fix: 'see about_Remote_Troubleshooting; Test-WSMan <computer> shows whether WinRM answers' };
}

/** Reads fleet.ps1's output: one JSON line per target; anything else on stdout is ignored (warnings). */
export function readRemotingOutput(stdout: string): { snapshots: RemoteSnapshot[]; failures: RemoteFailure[] } {
  const snapshots: RemoteSnapshot[] = [];
  const failures: RemoteFailure[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    let doc: unknown;
    try { doc = JSON.parse(t); } catch { continue; }
    const parsed = lineSchema.safeParse(doc);
    if (!parsed.success) continue;
    const v = parsed.data;
    if ('snapshot' in v) snapshots.push({ computer: v.computer, text: v.snapshot });
    else failures.push({ computer: v.computer || '(unknown target)', message: v.error, ...remotingFix(v) });
  }
  return { snapshots, failures };
}
