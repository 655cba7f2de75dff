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
import { onInterrupt } from './interrupt.js';
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
  if (computers.length === 0) throw new InputError('--computer: expected one or more computer names, separated by commas');
  const bad = computers.find((c) => !HOST.test(c) || c.includes('..'));
  if (bad !== undefined) throw new InputError(`--computer: '${bad}' is not a computer name (letters, digits, '.', '-', '_')`);
  const throttle = o.throttle === undefined ? 32 : Number(o.throttle);
  if (!Number.isInteger(throttle) || throttle < 1 || throttle > 1000) throw new InputError('--throttle: expected a whole number from 1 to 1000');
  if (o.credentialUser !== undefined && !/^[^\s'"`$;&|<>]{1,256}$/.test(o.credentialUser)) throw new InputError('--credential-user: expected DOMAIN\\name or name@domain');
  if (process.platform !== 'win32' && !o.powershell) {
    throw new InputError(`--computer: PowerShell remoting runs from Windows PowerShell, and this is ${process.platform}; run clickker collect --computer on a Windows machine of the domain`);
  }
  const outDir = o.outDir ?? 'snapshots';
  mkdirSync(outDir, { recursive: true });

  // The collector and the remoting script go to a private temporary folder, removed at the end or on Ctrl+C.
  const work = mkdtempSync(join(tmpdir(), 'clickker-fleet-'));
  const release = onInterrupt(() => rmSync(work, { recursive: true, force: true }));
  let stdout = '';
  let code: number | null;
  try {
    const collector = join(work, 'collect-clickker.ps1');
    writeFileSync(collector, emitStandaloneScript({ serviceAccount: o.serviceAccount, endpoints: o.endpoints }));
    const script = join(work, 'fleet.ps1');
    writeFileSync(script, readAssetText(REMOTING_SCRIPT));
    const args = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script,
      '-ComputerNames', computers.join(','), '-CollectorPath', collector, '-ThrottleLimit', String(throttle),
      '-ServiceAccount', o.serviceAccount ?? '', ...(o.credentialUser ? ['-CredentialUser', o.credentialUser] : [])];
    // -NonInteractive would refuse Get-Credential's prompt: leave it out when a password is to be asked.
    const argv = o.credentialUser ? args.filter((a) => a !== '-NonInteractive') : args;
    process.stderr.write(`clickker: collecting ${computers.length} computer(s) through PowerShell remoting (at most ${throttle} at a time)\n`);
    const child = spawn(resolveExecutable(o.powershell), argv, { stdio: ['inherit', 'pipe', 'inherit'], windowsHide: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => { stdout += d; });
    code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', (err) => reject(new InputError(`--powershell: cannot start ${resolveExecutable(o.powershell)} (${(err as NodeJS.ErrnoException).code ?? err.message})`)));
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
    if (!name) { problems.push({ computer: s.computer, message: 'PSComputerName is not a plain computer name', why: 'unusable name', fix: 'collect it on its own' }); continue; }
    try {
      parseSnapshot(JSON.parse(s.text), `${s.computer} (remoting)`);
    } catch (err) {
      problems.push({ computer: s.computer, message: (err as Error).message, why: 'the collector did not return a snapshot', fix: 'run the standalone collector on that server (clickker collect --emit-script) and look at its output' });
      continue;
    }
    await writeFileAtomic(join(outDir, name), s.text.endsWith('\n') ? s.text : `${s.text}\n`, 'snapshot');
    written += 1;
    process.stdout.write(`  ${s.computer}: snapshot written to ${join(outDir, name)}\n`);
  }
  for (const f of problems) process.stdout.write(`  ${f.computer}: not collected: ${f.why}: ${f.message.replace(/\s+/g, ' ').slice(0, 300)}\n      Fix: ${f.fix}\n`);
  if (written === 0 && problems.length === 0) {
    throw new InputError(`PowerShell remoting gave no answer (exit code ${code ?? 'none'}); run it again with --verbose`);
  }
  process.stdout.write(`${written} of ${computers.length} computers collected into ${outDir}. Judge them with: clickker preflight --snapshot ${join(outDir, '*.json')}\n`);
  return problems.length > 0 ? EXIT.INCOMPLETE : EXIT.READY;
}
