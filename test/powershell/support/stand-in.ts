// Starting support/fake-powershell.mjs (the stand-in for PowerShell: there is none on these machines) with a scenario,
// for tests of sources that use the bridge for their own ends (SQL as the current Windows account, the Windows roots
// and the .NET view of the endpoints). The code under test starts it exactly as it starts powershell.exe, through
// node-powershell, given the wrapper below as its executable (ProbeOptions.powershell).
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const FAKE_POWERSHELL = join(here, 'fake-powershell.mjs');

/** A reply mode of the stand-in (see fake-powershell.mjs), keyed by script id or "<script id>:<QueryId>". */
export type Mode = string | { data: string; delayMs?: number };

export interface Scenario {
  startup?: 'exit' | 'silent';
  pidFile?: string;
  coalesce?: boolean;
  probes?: Record<string, Mode>;
}

export interface LogEntry {
  pid: number;
  argv?: string[];
  stdin?: string;
  probe?: string;
  mode?: unknown;
  params?: Record<string, string>;
}

export interface StandIn {
  /** The executable to give as ProbeOptions.powershell. */
  wrapper: string;
  /** Everything the stand-in saw: one entry per start (argv), per stdin line and per script run. */
  log(): LogEntry[];
  /** How many PowerShell processes were started. */
  starts(): number;
  /** The scripts run, in order ("sqlQuery:server", "rootStore"...), with the parameters they received. */
  runs(): { probe: string; params: Record<string, string> }[];
  /** The `& { ... }` lines written to PowerShell's stdin. */
  invocations(): string[];
}

let workDir = '';
let n = 0;

/** A fresh stand-in: the wrapper tells it which scenario file to read (Jest's process.env is not inherited). */
export function standIn(scenario: Scenario = {}): StandIn {
  if (!workDir) {
    chmodSync(FAKE_POWERSHELL, 0o755);
    workDir = mkdtempSync(join(tmpdir(), 'clickker-standin-'));
  }
  n += 1;
  const logFile = join(workDir, `log-${n}.jsonl`);
  const setupFile = join(workDir, `setup-${n}.json`);
  writeFileSync(setupFile, JSON.stringify({ scenario, log: logFile }));
  const wrapper = join(workDir, `powershell-${n}`);
  if (`${setupFile}${FAKE_POWERSHELL}`.includes("'")) throw new Error('a quote in the temporary path');
  writeFileSync(wrapper, `#!/bin/sh\nCLICKKER_FAKE_PS_FILE='${setupFile}' exec '${FAKE_POWERSHELL}' "$@"\n`, { mode: 0o755 });
  const log = (): LogEntry[] => (existsSync(logFile)
    ? readFileSync(logFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as LogEntry)
    : []);
  return {
    wrapper,
    log,
    starts: () => log().filter((e) => e.argv).length,
    runs: () => log().filter((e) => e.probe).map((e) => ({ probe: e.probe!, params: e.params ?? {} })),
    invocations: () => log().filter((e) => e.stdin?.startsWith('& {')).map((e) => e.stdin!),
  };
}

/** Every single-quoted literal on a bridge line is base64, a nonce, a preference name or a parameter name. */
export function onlyDataLiterals(line: string): string[] {
  const literals = [...line.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
  return literals.filter((lit) => !/^(?:[A-Za-z0-9+/]*={0,2}|Stop|SilentlyContinue|None)$/.test(lit));
}

/** Whether a process has ended (a zombie not yet reaped counts as ended). */
export function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}
