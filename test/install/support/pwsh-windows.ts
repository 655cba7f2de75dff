// A pretend Windows server for the install tests, on the real pwsh 7.6: one long-lived pwsh session with the mock
// layer (test/powershell/mocks/, each shape cited there) holds the server's state, and every WindowsExecutor built
// here runs the shipped operation scripts in it through the real bridge (PsRunner, envelope, nonce). The executor's
// tools (icacls.exe, sc.exe, appcmd.exe) run as the mock functions of the same name in that session, with the same
// argument array the executor would give execa, so they change the state the scripts read. The state outlives an
// executor (as a server outlives a clickker run): close() ends the session.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../../../src/probes/powershell/bridge.js';
import type { PsSession } from '../../../src/probes/powershell/session.js';
import { WindowsExecutor, type ToolRunner } from '../../../src/install/windows/executor.js';
import { realPwsh, startMockedSession, type Scenario } from '../../powershell/support/pwsh.js';
import { newHost } from './host.js';

/** Runs a tool's mock function in the session: its console lines and the $LASTEXITCODE it set. */
const TOOL_SCRIPT = [
  'param([string]$Tool, [string]$Arguments)',
  '$a = [string[]] @(ConvertFrom-Json -InputObject $Arguments)',
  '$global:LASTEXITCODE = 0',
  '$out = @(& $Tool @a) -join [string][char]10',
  'ConvertTo-Json -Compress -InputObject ([ordered]@{ ExitCode = [int]$global:LASTEXITCODE; Output = $out })',
].join('\n');

export interface PwshWindows {
  /** A new executor (a new clickker run) on this server. */
  exec(options?: { sqlFromModel?: boolean }): WindowsExecutor;
  /** The server's state as the mock layer holds it ($ClickkerMock). */
  state(): Promise<Record<string, unknown>>;
  /** Every tool call, as the executor made it. */
  tools: { file: string; args: readonly string[]; exitCode: number; output: string }[];
  /**
   * Every operation sent to PowerShell: its name (the script's first line) and parameters, decoded from the one-line
   * invocation, and the invocation itself (what script-block logging, 4104, would record with the script text, and
   * module logging, 4103, with the parameter values).
   */
  calls: { op: string; params: Record<string, string>; line: string }[];
  /** Where the executors put a password file for the one script that reads (and deletes) it. */
  secretDir: string;
  close(): Promise<void>;
}

export async function pwshWindows(scenario: Scenario): Promise<PwshWindows> {
  const session = await startMockedSession(scenario);
  // The executor closes its session after a run; the server (this session) stays.
  const calls: PwshWindows['calls'] = [];
  const shared = {
    invoke: (line: string, timeoutMs: number, signal?: AbortSignal) => {
      const unb64 = (t: string) => Buffer.from(t, 'base64').toString('utf8');
      const script = unb64(/\$s = \$u\.GetString\(\[System\.Convert\]::FromBase64String\('([A-Za-z0-9+/=]*)'\)\)/.exec(line)?.[1] ?? '');
      const op = /^# clickker step: ([a-z-]+)/.exec(script)?.[1];
      if (op) {
        const params: Record<string, string> = {};
        for (const m of line.matchAll(/\$h\['([A-Za-z0-9]+)'\] = \$u\.GetString\(\[System\.Convert\]::FromBase64String\('([A-Za-z0-9+/=]*)'\)\)/g)) params[m[1]!] = unb64(m[2]!);
        calls.push({ op, params, line });
      }
      return session.invoke(line, timeoutMs, signal);
    },
    kill: async () => undefined,
  } as unknown as PsSession;
  const tools: PwshWindows['tools'] = [];
  const data = async (text: string, params: Record<string, string> = {}) => {
    const r = await runScript(session, { text }, params, 60_000);
    if (!r.ok) throw new Error(`mocked Windows: ${JSON.stringify(r).slice(0, 500)}`);
    return r.data as Record<string, unknown>;
  };
  const runTool: ToolRunner = async (file, args) => {
    const tool = file.split(/[\\/]/).pop()!;
    const r = await data(TOOL_SCRIPT, { Tool: tool, Arguments: JSON.stringify(args) });
    const out = { file: tool, args, exitCode: Number(r.ExitCode), output: String(r.Output ?? '') };
    tools.push(out);
    return { exitCode: out.exitCode, stdout: out.output, stderr: '' };
  };
  const secretDir = join(mkdtempSync(join(tmpdir(), 'clickker-pwshwin-')), 'secrets');
  return {
    tools, calls, secretDir,
    exec: ({ sqlFromModel = true } = {}) => {
      const e = new WindowsExecutor({
        powershell: realPwsh(), startSession: async () => shared, runTool, systemRoot: 'C:\\Windows', computerName: 'SRV01',
        collect: async () => ({}), secretDir,
      });
      // SQL Server is not part of this model: the simulated host's SQL answers (test/install/support/host.ts).
      if (sqlFromModel) {
        const model = newHost();
        e.sql = () => model.sql();
      }
      return e;
    },
    state: () => data('ConvertTo-Json -Depth 12 -Compress -InputObject $ClickkerMock'),
    close: () => session.kill(),
  };
}
