// .github/workflows/windows-smoke.yml cannot run here (no Windows): its structure is checked instead.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const FILE = join(here, '..', '..', '.github', 'workflows', 'windows-smoke.yml');

interface Step { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; if?: string; shell?: string; 'continue-on-error'?: boolean }
interface Workflow { name: string; on: Record<string, unknown>; jobs: Record<string, { 'runs-on': string; 'timeout-minutes'?: number; steps: Step[] }> }

const wf = parse(readFileSync(FILE, 'utf8')) as Workflow;
const job = Object.values(wf.jobs)[0]!;
const runs = job.steps.filter((s) => s.run).map((s) => s.run!);
const stepRunning = (re: RegExp) => job.steps.find((s) => s.run && re.test(s.run));

describe('the Windows smoke workflow', () => {
  it('is valid YAML with one job on windows-2022, triggered by hand, pull requests and main', () => {
    expect(Object.keys(wf.jobs)).toHaveLength(1);
    expect(job['runs-on']).toBe('windows-2022');
    expect(job['timeout-minutes']).toBeGreaterThan(0);
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
  });

  it('checks out, sets up Node 20 and installs from the lockfile before anything runs', () => {
    const uses = job.steps.map((s) => s.uses ?? '');
    expect(uses[0]).toMatch(/^actions\/checkout@v\d+$/);
    const node = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(String(node?.with?.['node-version'])).toMatch(/^20(\.|$)/);
    const install = job.steps.findIndex((s) => s.run && /npm ci\b/.test(s.run));
    const collect = job.steps.findIndex((s) => s.run && /clickker\.js collect --out/.test(s.run));
    expect(install).toBeGreaterThan(0);
    expect(collect).toBeGreaterThan(install);
  });

  it('runs clickker collect, clickker preflight (snapshot and live) and the standalone collector', () => {
    expect(stepRunning(/clickker\.js collect --out artifacts\/snapshot\.json/)).toBeDefined();
    expect(stepRunning(/clickker\.js preflight --snapshot artifacts\/snapshot\.json/)).toBeDefined();
    expect(stepRunning(/clickker\.js preflight --format json --output artifacts\/report-live\.json/)).toBeDefined();
    const standalone = stepRunning(/collect --emit-script/)?.run ?? '';
    expect(standalone).toMatch(/powershell\.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File artifacts\/collect-clickker\.ps1/);
  });

  it('fails on a crash, not on a verdict: preflight accepts exit 0, 1 and 3 only, collect only 0', () => {
    for (const run of runs.filter((r) => /clickker\.js preflight/.test(r))) {
      expect(run).toMatch(/@\(0, 1, 3\) -notcontains \$LASTEXITCODE|\$verdicts -notcontains \$LASTEXITCODE/);
      expect(run).toMatch(/throw/);
    }
    expect(stepRunning(/clickker\.js collect --out/)!.run).toMatch(/if \(\$LASTEXITCODE -ne 0\) \{ throw/);
  });

  it('requires the probes every Windows server can answer, and not the Synergy ones', () => {
    const check = stepRunning(/ConvertFrom-Json/)!.run!;
    for (const probe of ['identity', 'os', 'dotnet', 'powershell', 'windowsFeatures']) expect(check).toContain(`'${probe}'`);
    for (const probe of ['synergy', 'iisSites', 'serviceAccount']) expect(check).not.toContain(`'${probe}'`);
  });

  it('only lets the remoting step fail without failing the run', () => {
    const lenient = job.steps.filter((s) => s['continue-on-error']);
    expect(lenient.map((s) => s.run ?? '')).toEqual([expect.stringContaining('Invoke-Command -ComputerName localhost -FilePath')]);
  });

  it('uploads the snapshots and reports as artifacts even when a step failed', () => {
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toBe('always()');
    expect(upload?.with?.path).toBe('artifacts/');
    const written = runs.join('\n');
    for (const f of ['artifacts/snapshot.json', 'artifacts/report.', 'artifacts/report-live.json', 'artifacts/snapshot-standalone.json']) expect(written).toContain(f);
  });
});
