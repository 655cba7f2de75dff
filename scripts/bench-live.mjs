#!/usr/bin/env node
// npm run bench, live collection (issue 17): the PowerShell probes run in the real pwsh over the mock layer
// (test/powershell/mocks) made to take the time each cmdlet takes on Windows (scripts/live-latency.json, each figure
// with its source), one after another (throttle 1, before issue 17) and at once (the pool). Prints the wall time of
// each and the concurrent wall's ratio to the slowest probe (goal <= 1.3x). Prints; never fails a build.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runPowershellProbes } from '../dist/src/probes/powershell/bridge.js';
import { POWERSHELL_PROBE_IDS } from '../dist/src/probes/powershell/probes.js';
import { PsSession } from '../dist/src/probes/powershell/session.js';

const PWSH = process.env.CLICKKER_PWSH ?? '/root/.cache/clickker-tools/pwsh-7.6.10/pwsh';
const LOADER = join(process.cwd(), 'test', 'powershell', 'mocks', 'loader.ps1');
if (!existsSync(PWSH) || !existsSync(LOADER)) {
  console.log(`live collection: skipped (needs the real pwsh at ${PWSH} and the mock layer at ${LOADER})`);
  process.exit(0);
}
process.env.TERM = 'dumb'; // pwsh on Linux otherwise writes terminal mode escapes around its answers

const table = JSON.parse(readFileSync('scripts/live-latency.json', 'utf8'));
const latency = Object.fromEntries(Object.entries(table.cmdlets).map(([k, v]) => [k, Math.round(v.ms * table.scale)]));
const b64 = (v) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64');
const hashtable = (v) => `(ConvertFrom-Json -AsHashtable -InputObject ([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String('${b64(v)}'))))`;

/** A pwsh session with the mock layer loaded (the same line as test/powershell/support/pwsh.ts's mockPreamble). */
async function mockedSession() {
  const s = await PsSession.start({ executable: PWSH });
  const r = await s.invoke(`$global:ClickkerMockLatency = ${hashtable(latency)}; . '${LOADER}' -Scenario ${hashtable({})}; [Console]::Out.WriteLine('mocks-loaded')`, 120_000);
  if (!r.ok || !r.stdout.includes('mocks-loaded')) throw new Error(`the mock layer did not load: ${r.ok ? r.stdout : r.failure.message}`);
  return s;
}

async function once(throttle) {
  const session = await mockedSession();
  const t0 = performance.now();
  const records = await runPowershellProbes(POWERSHELL_PROBE_IDS, { timeoutMs: 600_000, powershell: PWSH, serviceAccount: 'CORP\\svc-clickker' },
    { startSession: async () => session, throttle, probeTimeoutMs: 300_000 });
  return { wall: performance.now() - t0, records };
}

const runs = Number(process.env.BENCH_LIVE_RUNS ?? 3);
const serial = [];
const concurrent = [];
let slowest = 0;
let slowestId = '';
for (let i = 0; i < runs; i += 1) {
  const a = await once(1);
  serial.push(a.wall);
  for (const [id, r] of Object.entries(a.records)) if (r.ms > slowest) { slowest = r.ms; slowestId = id; }
  concurrent.push((await once(4)).wall);
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const s = median(serial);
const c = median(concurrent);
const row = (label, value, target, ratio) => console.log(`${label.padEnd(60)} ${value.toFixed(0).padStart(7)} ms  target ${target.padEnd(22)} ${ratio}`);
console.log(`\nlive collection: real pwsh, mock layer at scripts/live-latency.json x ${table.scale}, ${runs} runs each, medians`);
row(`slowest probe alone (${slowestId}, largest record of the serial runs)`, slowest, '-', '');
row('PowerShell probes one after another (throttle 1, before)', s, '-', `ratio ${(s / slowest).toFixed(2)}x slowest`);
row('PowerShell probes at once (pool, throttle 4)', c, '<= 1.3x slowest probe', `ratio ${(c / slowest).toFixed(2)}x  ${c / slowest <= 1.3 ? 'ok' : 'OVER TARGET'}`);
