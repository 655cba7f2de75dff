#!/usr/bin/env node
// npm run bench, live collection (issue 17): the PowerShell probes run in the real pwsh over the mock layer
// (test/powershell/mocks) made to take the time each cmdlet takes on Windows (scripts/live-latency.json, each figure
// with its source), one after another (throttle 1, before issue 17) and at once (the pool). Prints the wall time of
// each and the concurrent wall's ratio to the slowest probe (goal <= 1.3x). Prints; never fails a build.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

// BENCH_LIVE_DIST: another build's dist/ (e.g. the tree before a change, built elsewhere) for a paired before/after.
const dist = process.env.BENCH_LIVE_DIST ? pathToFileURL(`${process.env.BENCH_LIVE_DIST.replace(/\/$/, '')}/`) : new URL('../dist/', import.meta.url);
const { runPowershellProbes } = await import(new URL('src/probes/powershell/bridge.js', dist).href);
const { POWERSHELL_PROBE_IDS } = await import(new URL('src/probes/powershell/probes.js', dist).href);
const { PsSession } = await import(new URL('src/probes/powershell/session.js', dist).href);

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

/**
 * CPU seconds (user + system) a process and its descendants have used so far, from /proc (Linux only; null elsewhere).
 * The session's process is the .NET tool's pwsh launcher; PowerShell itself is its child.
 */
function cpuSeconds(root) {
  try {
    const parent = new Map();
    const ticks = new Map();
    for (const e of readdirSync('/proc')) {
      if (!/^\d+$/.test(e)) continue;
      try {
        const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parent.set(Number(e), Number(f[1]));
        ticks.set(Number(e), Number(f[11]) + Number(f[12])); // utime + stime of all its threads, in USER_HZ (100) ticks
      } catch {
        // ended while we looked
      }
    }
    if (!ticks.has(root)) return null;
    let total = 0;
    const todo = [root];
    while (todo.length > 0) {
      const pid = todo.pop();
      total += ticks.get(pid) ?? 0;
      for (const [child, ppid] of parent) if (ppid === pid) todo.push(child);
    }
    return total / 100;
  } catch {
    return null;
  }
}

async function once(throttle) {
  const session = await mockedSession();
  // The bridge ends the session, so pwsh's CPU is read just before it does.
  const pid = session.pid;
  const cpu0 = cpuSeconds(pid);
  let cpu1 = cpu0;
  const kill = session.kill.bind(session);
  session.kill = async () => { cpu1 = cpuSeconds(pid) ?? cpu1; return kill(); };
  const node0 = process.cpuUsage();
  // Where each job's time went inside PowerShell (the job host's phases) and when Node heard it had finished.
  const jobs = {};
  const t0 = performance.now();
  const records = await runPowershellProbes(POWERSHELL_PROBE_IDS, { timeoutMs: 600_000, powershell: PWSH, serviceAccount: 'CORP\\svc-clickker' },
    { startSession: async () => session, throttle, probeTimeoutMs: 300_000, onJob: (e) => { if (e.event === 'finished') jobs[e.label] = { phases: e.phases, heard: performance.now() - t0 }; } });
  const wall = performance.now() - t0;
  const node = process.cpuUsage(node0);
  return { wall, records, jobs, pwshCpu: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0, nodeCpu: (node.user + node.system) / 1e6 };
}

// Paired rounds (the machine may be shared and loaded): each round runs the probes one after another and then at
// once, and the round's ratio is its concurrent wall over the slowest probe's own record in its serial run, so both
// halves of a ratio saw about the same load. The median of the rounds' ratios is the figure.
const runs = Number(process.env.BENCH_LIVE_RUNS ?? 3);
const throttle = Number(process.env.BENCH_LIVE_THROTTLE ?? 4);
const rounds = [];
const load0 = loadavg()[0];
for (let i = 0; i < runs; i += 1) {
  const a = await once(1);
  let slowest = 0;
  let slowestId = '';
  for (const [id, r] of Object.entries(a.records)) if (r.ms > slowest) { slowest = r.ms; slowestId = id; }
  const b = await once(throttle);
  rounds.push({ serial: a, concurrent: b, slowest, slowestId, ratio: b.wall / slowest, serialRatio: a.wall / slowest });
}
const load1 = loadavg()[0];
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const fmt = (v) => (v === null ? '-' : v.toFixed(2));
const row = (label, value, target, ratio) => console.log(`${label.padEnd(60)} ${value.toFixed(0).padStart(7)} ms  target ${target.padEnd(22)} ${ratio}`);
console.log(`\nlive collection: real pwsh, mock layer at scripts/live-latency.json x ${table.scale}, ${runs} paired rounds, medians; load average ${load0.toFixed(1)} -> ${load1.toFixed(1)}`);
const slowest = median(rounds.map((r) => r.slowest));
const ratio = median(rounds.map((r) => r.ratio));
row(`slowest probe alone (${rounds[0].slowestId}, its record in the serial runs)`, slowest, '-', '');
row('PowerShell probes one after another (throttle 1, before)', median(rounds.map((r) => r.serial.wall)), '-', `ratio ${median(rounds.map((r) => r.serialRatio)).toFixed(2)}x slowest`);
row(`PowerShell probes at once (job host, throttle ${throttle})`, median(rounds.map((r) => r.concurrent.wall)), '<= 1.3x slowest probe', `ratio ${ratio.toFixed(2)}x  ${ratio <= 1.3 ? 'ok' : 'OVER TARGET'}`);
console.log(`  per round (concurrent wall / slowest): ${rounds.map((r) => `${r.ratio.toFixed(2)}x`).join(', ')}`);
{
  // The slowest probe's own path through the job host, so what the ratio is made of can be read off: before its job
  // started (open, submit and their round trips), its runspace and start, its run (beside its serial record), the
  // time until a control call noticed it ended, and after Node heard (close, other jobs still running).
  const id = rounds[0].slowestId;
  const path = rounds.map((r) => ({ j: r.concurrent.jobs[id], wall: r.concurrent.wall })).filter((x) => x.j?.phases);
  if (path.length > 0) {
    const m = (f) => median(path.map(f)).toFixed(0);
    const own = (x) => x.j.phases.start + x.j.phases.run + x.j.phases.notice;
    console.log(`  where the concurrent wall goes (${id}, medians, ms): before its job started ${m((x) => x.j.heard - own(x))} (open, submit, queue ${m((x) => x.j.phases.queue)}),`
      + ` runspace and start ${m((x) => x.j.phases.start)}, its script ${m((x) => x.j.phases.run)} (alone ${slowest.toFixed(0)} incl. a round trip),`
      + ` noticed after ${m((x) => x.j.phases.notice)}, after Node heard ${m((x) => x.wall - x.j.heard)} (close, jobs still running)`);
  }
}
console.log(`  CPU s per run, pwsh + node: one after another ${fmt(median(rounds.map((r) => r.serial.pwshCpu)))} + ${fmt(median(rounds.map((r) => r.serial.nodeCpu)))}, at once ${fmt(median(rounds.map((r) => r.concurrent.pwshCpu)))} + ${fmt(median(rounds.map((r) => r.concurrent.nodeCpu)))}`);
