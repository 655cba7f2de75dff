// clickker collect --computer A,B (issue 17): the standalone collector on every target through PowerShell remoting
// (src/probes/powershell/remoting/fleet.ps1 runs Invoke-Command -ComputerName ... -ThrottleLimit in the local Windows
// PowerShell), one snapshot per answering host in --out-dir, named from PSComputerName, and each unreachable target
// as a failure with its fix. The password for --credential-user is asked by Get-Credential in that PowerShell's
// console: it is never on a command line, in clickker's memory or in its output.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAssetText } from '../core/assets.js';
import { InputError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { parseSnapshot } from '../facts/snapshot.js';
import { readRemotingOutput, REMOTING_SCRIPT, snapshotFileName, type RemoteFailure } from '../probes/powershell/remoting.js';
import { resolveExecutable } from '../probes/powershell/session.js';
import { emitStandaloneScript } from '../probes/powershell/standalone.js';
import { msg } from '../report/i18n/catalogue.js';
import { onInterrupt } from './interrupt.js';
import { cliLang, inLang, tr } from './lang.js';
import { writeFileAtomic } from './write-file.js';

export interface FleetCollectOptions {
  computers: string;
  credentialUser?: string;
  throttle?: string;
  outDir?: string;
  powershell?: string;
  serviceAccount?: string;
  endpoints: readonly string[];
}

const HOST = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

export async function runFleetCollect(o: FleetCollectOptions): Promise<number> {
  const computers = o.computers.split(',').map((c) => c.trim()).filter(Boolean);
  if (computers.length === 0) throw new InputError(msg('in.fleet.no-names'));
  const bad = computers.find((c) => !HOST.test(c) || c.includes('..'));
  if (bad !== undefined) throw new InputError(msg('in.fleet.bad-name', { name: bad }));
  const throttle = o.throttle === undefined ? 32 : Number(o.throttle);
  if (!Number.isInteger(throttle) || throttle < 1 || throttle > 1000) throw new InputError(msg('in.fleet.throttle'));
  if (o.credentialUser !== undefined && !/^[^\s'"`$;&|<>]{1,256}$/.test(o.credentialUser)) throw new InputError(msg('in.fleet.credential-user'));
  if (process.platform !== 'win32' && !o.powershell) throw new InputError(msg('in.fleet.not-windows', { platform: process.platform }));
  const outDir = o.outDir ?? 'snapshots';
  mkdirSync(outDir, { recursive: true });

  // The collector and the remoting script go to a private temporary folder, removed at the end or on Ctrl+C.
  const work = mkdtempSync(join(tmpdir(), 'clickker-fleet-'));
  const release = onInterrupt(() => rmSync(work, { recursive: true, force: true }));
  let stdout = '';
  let code: number | null;
  try {
    const collector = join(work, 'collect-clickker.ps1');
    writeFileSync(collector, emitStandaloneScript({ serviceAccount: o.serviceAccount, endpoints: o.endpoints, lang: cliLang() }));
    const script = join(work, 'fleet.ps1');
    writeFileSync(script, readAssetText(REMOTING_SCRIPT));
    const args = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script,
      '-ComputerNames', computers.join(','), '-CollectorPath', collector, '-ThrottleLimit', String(throttle),
      '-ServiceAccount', o.serviceAccount ?? '', ...(o.credentialUser ? ['-CredentialUser', o.credentialUser, '-CredentialMessage', tr('in.fleet.credential-prompt')] : [])];
    // -NonInteractive would refuse Get-Credential's prompt: leave it out when a password is to be asked.
    const argv = o.credentialUser ? args.filter((a) => a !== '-NonInteractive') : args;
    process.stderr.write(`clickker: ${tr('in.fleet.start', { n: computers.length, throttle })}\n`);
    const child = spawn(resolveExecutable(o.powershell), argv, { stdio: ['inherit', 'pipe', 'inherit'], windowsHide: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => { stdout += d; });
    code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', (err) => reject(new InputError(msg('in.fleet.cannot-start', { file: resolveExecutable(o.powershell), code: (err as NodeJS.ErrnoException).code ?? err.message }))));
      child.on('exit', (c) => resolve(c));
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
    release();
  }

  const { snapshots, failures } = readRemotingOutput(stdout);
  const problems: RemoteFailure[] = [...failures];
  let written = 0;
  for (const s of snapshots) {
    const name = snapshotFileName(s.computer);
    if (!name) { problems.push({ computer: s.computer, message: msg('in.fleet.bad-computer-name'), why: msg('in.fleet.why.name'), fix: msg('in.fleet.fix.name') }); continue; }
    try {
      parseSnapshot(JSON.parse(s.text), `${s.computer} (remoting)`);
    } catch (err) {
      const e = err as Error & { nl?: string };
      problems.push({ computer: s.computer, message: { en: e.message, nl: e.nl ?? e.message }, why: msg('in.fleet.why.snapshot'), fix: msg('in.fleet.fix.snapshot') });
      continue;
    }
    await writeFileAtomic(join(outDir, name), s.text.endsWith('\n') ? s.text : `${s.text}\n`, msg('in.what.written-snapshot'));
    written += 1;
    process.stdout.write(`  ${tr('in.fleet.written', { computer: s.computer, file: join(outDir, name) })}\n`);
  }
  // Windows' own message (the ErrorRecord's) is quoted as it came, inside the run's language.
  for (const f of problems) {
    process.stdout.write(`  ${tr('in.fleet.failed', { computer: f.computer, why: inLang(f.why), message: inLang(f.message).replace(/\s+/g, ' ').slice(0, 300) })}\n      ${tr('in.fleet.fix', { fix: inLang(f.fix) })}\n`);
  }
  if (written === 0 && problems.length === 0) throw new InputError(msg('in.fleet.no-answer', { code: code ?? '-' }));
  process.stdout.write(`${tr('in.fleet.done', { written, n: computers.length, dir: outDir, command: `clickker preflight --snapshot ${join(outDir, '*.json')}` })}\n`);
  return problems.length > 0 ? EXIT.INCOMPLETE : EXIT.READY;
}
