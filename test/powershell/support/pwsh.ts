// One real pwsh per jest file, speaking JSON lines (pwsh-host.ps1): run PowerShell text over the mock layer, parse
// PowerShell with PowerShell's own parser (plus the Windows PowerShell 5.1 rules), parse T-SQL with ScriptDom.
// pwsh and ScriptDom come from NuGet through `node scripts/test-tools.mjs` (npm test's pretest step).
//
//   const ps = await pwshHost();          // started once, shared by the file's tests
//   afterAll(() => ps.close());
//   const r = await ps.run(script, scenario);
import { jest } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { missingTools, pwshPath, scriptDomDll } from '../../../scripts/test-tools-paths.mjs';

const here = dirname(fileURLToPath(import.meta.url));

// A file that uses pwsh waits for it to start (seconds, more on a busy machine) in its first test.
jest.setTimeout(180_000);
export const HOST_SCRIPT = join(here, 'pwsh-host.ps1');
export const RULES_SCRIPT = join(here, 'ps51-rules.ps1');
export const MOCK_LOADER = join(here, '..', 'mocks', 'loader.ps1');

/** The real pwsh, or a one-line error saying how to get it. */
export function realPwsh(): string {
  const missing = missingTools();
  if (missing.length > 0) throw new Error(`missing test tools: ${missing.join(', ')}; run node scripts/test-tools.mjs`);
  return pwshPath();
}

/** What the mock layer returns, by cmdlet (see test/powershell/mocks/README.md). */
export type Scenario = Record<string, unknown>;

export interface RunResult {
  /** What the script wrote to [Console]::Out (the bridge's envelope, a probe's Console writes). */
  stdout: string;
  /** The pipeline's output objects, each as [string]. */
  output: string[];
  /** The terminating error, if the script threw. */
  error: { message: string; types: string[]; id: string } | null;
}

export interface PsParseError { line: number; column: number; id: string; message: string; text: string }
export interface Ps51Finding { rule: string; line: number; column: number; text: string; detail: string }
export interface ParseReport { errors: PsParseError[]; ps51: Ps51Finding[] }
export interface TsqlError { line: number; column: number; number: number; message: string }

interface Pending { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }

const MARK = '@@clickker-host@@ ';
/** How long pwsh may take to start (a busy 2-core machine has taken over 20 s). */
const STARTUP_MS = 180_000;

export class PwshHost {
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  private stderr = '';
  private exited = false;
  private markReady: () => void = () => undefined;
  /** Resolves when the host has started (its first line); requests are timed from then on. */
  private readonly ready = new Promise<void>((resolve) => { this.markReady = resolve; });

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stderr.on('data', (c: Buffer) => { this.stderr = (this.stderr + c.toString()).slice(-4000); });
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const [, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new Error(`pwsh host ended (${signal ?? code}): ${this.stderr.trim().slice(-500)}`));
      }
      this.pending.clear();
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith(MARK)) return; // stray host output (Write-Host): not an answer
      const answer = JSON.parse(line.slice(MARK.length)) as Record<string, unknown>;
      if (answer.ready === true) { this.markReady(); return; }
      const p = this.pending.get(answer.id as number);
      if (!p) return;
      this.pending.delete(answer.id as number);
      clearTimeout(p.timer);
      if (typeof answer.hostError === 'string') p.reject(new Error(`pwsh host: ${answer.hostError}`));
      else p.resolve(answer);
    });
  }

  static start(): PwshHost {
    const child = spawn(realPwsh(), [
      '-NoLogo', '-NoProfile', '-NonInteractive', '-File', HOST_SCRIPT,
      '-MockLoader', MOCK_LOADER, '-Rules', RULES_SCRIPT, '-ScriptDom', scriptDomDll(),
    ], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off' } });
    // Jest must be able to end even if a file forgets close(): the host never holds the event loop open.
    child.unref();
    for (const s of [child.stdin, child.stdout, child.stderr] as unknown as { unref?: () => void }[]) s.unref?.();
    return new PwshHost(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private async request(body: Record<string, unknown>, timeoutMs: number): Promise<Record<string, unknown>> {
    if (this.exited) throw new Error(`pwsh host has ended: ${this.stderr.trim().slice(-500)}`);
    // pwsh's start-up is bounded on its own (STARTUP_MS), not by the request's deadline.
    let startTimer: NodeJS.Timeout | undefined;
    const started = await Promise.race([
      this.ready.then(() => true),
      new Promise<false>((r) => { startTimer = setTimeout(() => r(false), STARTUP_MS); }),
    ]);
    clearTimeout(startTimer);
    if (!started) {
      this.child.kill('SIGKILL');
      throw new Error(`pwsh host did not start within ${STARTUP_MS} ms: ${this.stderr.trim().slice(-500)}`);
    }
    if (this.exited) throw new Error(`pwsh host has ended: ${this.stderr.trim().slice(-500)}`);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // A request that does not answer leaves the host out of step: end it.
        this.child.kill('SIGKILL');
        reject(new Error(`pwsh host did not answer ${String(body.op)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.child.stdin.write(`${JSON.stringify({ ...body, id })}\n`);
    });
  }

  /** Runs PowerShell text in a child scope over the mock layer loaded with `scenario`. */
  async run(script: string, scenario: Scenario = {}, timeoutMs = 60_000): Promise<RunResult> {
    const a = await this.request({ op: 'run', script, scenario }, timeoutMs);
    return { stdout: String(a.stdout ?? ''), output: (a.output as string[] | null) ?? [], error: (a.error as RunResult['error']) ?? null };
  }

  /** PowerShell's own parser and the Windows PowerShell 5.1 rules (ps51-rules.ps1). */
  async parse(text: string, timeoutMs = 60_000): Promise<ParseReport> {
    const a = await this.request({ op: 'parse', text }, timeoutMs);
    return { errors: (a.errors as PsParseError[] | null) ?? [], ps51: (a.ps51 as Ps51Finding[] | null) ?? [] };
  }

  /** ScriptDom's TSql130Parser (SQL Server 2016 syntax). */
  async tsql(text: string, timeoutMs = 60_000): Promise<TsqlError[]> {
    const a = await this.request({ op: 'tsql', text }, timeoutMs);
    return (a.errors as TsqlError[] | null) ?? [];
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.stdin.end();
    const t = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await done;
    clearTimeout(t);
  }
}

let shared: PwshHost | null = null;

/** The file's pwsh host (started on first use). Close it in afterAll. */
export function pwshHost(): PwshHost {
  if (!shared || (shared as unknown as { exited: boolean }).exited) shared = PwshHost.start();
  return shared;
}

export function hostScriptsPresent(): boolean {
  return existsSync(HOST_SCRIPT) && existsSync(RULES_SCRIPT) && existsSync(MOCK_LOADER);
}

/**
 * One line that loads the mock layer into a bridge session's global scope (send it through PsSession.invoke before
 * the code under test runs): the scenario travels as base64 JSON, like the bridge's own parameters.
 * `latency` (cmdlet -> ms) fills $ClickkerMockLatency, the hook the mock loader honours.
 */
export function mockPreamble(scenario: Scenario = {}, latency: Record<string, number> = {}): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64');
  const json = (v: unknown) => `(ConvertFrom-Json -AsHashtable -InputObject ([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String('${b64(v)}'))))`;
  if (MOCK_LOADER.includes("'")) throw new Error('a quote in the mock loader path');
  return `$global:ClickkerMockLatency = ${json(latency)}; . '${MOCK_LOADER}' -Scenario ${json(scenario)}; [Console]::Out.WriteLine('mocks-loaded')`;
}

/**
 * Starts a bridge session on the real pwsh with the mock layer loaded (for BridgeOptions.startSession). `executable`:
 * another way to start the real pwsh (a wrapper that counts its starts or sets the environment), default realPwsh().
 */
export async function startMockedSession(
  scenario: Scenario = {}, latency: Record<string, number> = {}, executable?: string,
): Promise<import('../../../src/probes/powershell/session.js').PsSession> {
  const { PsSession } = await import('../../../src/probes/powershell/session.js');
  // Runspaces the session creates itself (the bridge's job host, jobhost.ps1) do not see the global mocks: they get the Windows-only
  // cmdlets from the auto-loaded ClickkerMocks module, which reads the scenario from this file (mocks/README.md).
  const file = join(mkdtempSync(join(tmpdir(), 'clickker-mock-')), 'scenario.json');
  writeFileSync(file, JSON.stringify(scenario));
  const saved = { s: process.env.CLICKKER_MOCK_SCENARIO, m: process.env.PSModulePath };
  process.env.CLICKKER_MOCK_SCENARIO = file;
  process.env.PSModulePath = [join(here, '..', 'mocks'), saved.m].filter(Boolean).join(delimiter);
  let session;
  try {
    session = await PsSession.start({ executable: executable ?? realPwsh() });
  } finally {
    for (const [k, v] of [['CLICKKER_MOCK_SCENARIO', saved.s], ['PSModulePath', saved.m]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  // Loading the mock layer parses a dozen files (and compiles one assembly once per machine): minutes on a busy machine.
  const r = await session.invoke(mockPreamble(scenario, latency), STARTUP_MS);
  if (!r.ok || !r.stdout.includes('mocks-loaded')) {
    await session.kill();
    throw new Error(`the mock layer did not load: ${r.ok ? r.stdout : r.failure.message}`);
  }
  return session;
}
