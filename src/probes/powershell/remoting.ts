// clickker collect --computer A,B (issue 17): the fleet collected through PowerShell remoting. remoting/fleet.ps1 runs
// the standalone collector on every target with Invoke-Command -ComputerName ... -ThrottleLimit from the local Windows
// PowerShell and prints one JSON line per target; this module reads those lines into snapshots and per-host failures,
// each failure with its fix (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_remote_troubleshooting).
import '../../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';
import { msg } from '../../report/i18n/catalogue.js';
import { verbatim, type Msg } from '../../core/text.js';

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
/** A target that gave no snapshot: Windows' own message (as it came), and why and what to do, in English and Dutch. */
export interface RemoteFailure { computer: string; message: Msg; why: Msg; fix: Msg }

/** fleet.ps1's id for a target from which neither an answer nor an error came back. */
export const NO_ANSWER_ID = 'clickker.no-answer';

/** What went wrong with a target, in words, and what to do about it. */
export function remotingFix(f: { error: string; id?: string | null; reason?: string | null }): { why: Msg; fix: Msg } {
  const text = `${f.id ?? ''} ${f.reason ?? ''} ${f.error}`;
  const said = (kind: string) => ({ why: msg(`in.remote.why.${kind}` as Parameters<typeof msg>[0]), fix: msg(`in.remote.fix.${kind}` as Parameters<typeof msg>[0]) });
  if (/AccessDenied|Access is denied|UnauthorizedAccess/i.test(text)) return said('denied');
  if (/Kerberos|double.?hop|delegat|0x8009030e|logon session does not exist/i.test(text)) return said('hop');
  if (/ComputerNotFound|cannot be resolved|could not be resolved|No such host|name.*not.*found/i.test(text)) return said('name');
  if (/WinRM|CannotConnect|refused|TrustedHosts|5985|5986|firewall|PSRemotingTransport/i.test(text)) return said('winrm');
  return said('other');
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
    else {
      const message = v.id === NO_ANSWER_ID ? msg('in.remote.no-answer') : verbatim(v.error);
      failures.push({ computer: v.computer || msg('in.remote.unknown-target').en, message, ...remotingFix(v) });
    }
  }
  return { snapshots, failures };
}
