#!/usr/bin/env node
// npm run bench (last part): the single executable's size and its `--version` start-up, natively (the Linux build of
// the same blob and Node version) and as clickker.exe under Wine, next to the npm package's launcher on this Node.
// Prints; never fails a build. Needs `npm run build:exe` first (npm run bench does it).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const EXE = 'dist/clickker.exe';
const LINUX_EXE = 'dist/exe/clickker-linux-x64';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (file) => statSync(file).size / 1048576;
const row = (label, value, unit) => console.log(`${label.padEnd(60)} ${value.toFixed(1).padStart(8)} ${unit}`);

/** Median wall time of a command over RUNS runs after two warm-up runs; output goes to /dev/null (a file, for Wine). */
function timeIt(cmd, args, env) {
  const times = [];
  for (let i = 0; i < RUNS + 2; i += 1) {
    const out = openSync('/dev/null', 'w');
    const t = performance.now();
    const r = spawnSync(cmd, args, { env, stdio: ['ignore', out, out] });
    const ms = performance.now() - t;
    closeSync(out);
    if (r.error || r.status !== 0) return NaN;
    if (i >= 2) times.push(ms);
  }
  return median(times);
}

console.log(`\nclickker single executable (${RUNS} runs each, medians)\n`);
if (!existsSync(EXE) || !existsSync(LINUX_EXE)) {
  console.log('no executables: run npm run build:exe first');
  process.exit(0);
}
row('clickker.exe size (Windows x64)', mib(EXE), 'MiB');
row('clickker-linux-x64 size (native smoke-test build)', mib(LINUX_EXE), 'MiB');

const env = { ...process.env, CI: 'true' };
row(`node bin/clickker.js --version (npm package, Node ${process.version})`, timeIt(process.execPath, ['bin/clickker.js', '--version'], env), 'ms');
row('clickker-linux-x64 --version (native)', timeIt(LINUX_EXE, ['--version'], env), 'ms');

if (spawnSync('wine', ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.log('clickker.exe --version under Wine: Wine is not installed (apt-get install wine wine64)');
  process.exit(0);
}
// A fresh prefix reporting Windows Server 2016, one persistent wineserver (as test/exe/support/wine.ts does).
const scratch = mkdtempSync(join(tmpdir(), 'clickker-bench-wine-'));
const prefix = join(scratch, 'prefix');
mkdirSync(prefix);
const wineEnv = { PATH: process.env.PATH, HOME: process.env.HOME, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
try {
  spawnSync('wineserver', ['-p'], { env: wineEnv, stdio: 'ignore' });
  const t0 = performance.now();
  spawnSync('wineboot', ['-i'], { env: wineEnv, stdio: 'ignore', timeout: 120_000 });
  const boot = performance.now() - t0;
  const reg = join(scratch, 'server2016.reg');
  writeFileSync(reg, [
    'REGEDIT4', '', '[HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion]', '"CurrentVersion"="10.0"',
    '"CurrentBuild"="14393"', '"CurrentBuildNumber"="14393"', '"CSDVersion"=""', '',
    '[HKEY_LOCAL_MACHINE\\System\\CurrentControlSet\\Control\\ProductOptions]', '"ProductType"="ServerNT"', '',
  ].join('\r\n'));
  spawnSync('wine', ['regedit', '/S', reg], { env: wineEnv, stdio: 'ignore' });
  row('Wine prefix set-up (wineboot, once)', boot, 'ms');
  row('wine cmd /c exit (Wine\'s own start-up, baseline)', timeIt('wine', ['cmd', '/c', 'exit'], wineEnv), 'ms');
  row('clickker.exe --version under Wine', timeIt('wine', [EXE, '--version'], wineEnv), 'ms');
  row('clickker.exe preflight --snapshot under Wine', timeIt('wine', [EXE, 'preflight', '--snapshot', 'fixtures/hosts/ws2019-ready.json', '--confirm', 'all'], wineEnv), 'ms');
} finally {
  spawnSync('wineserver', ['-k'], { env: wineEnv, stdio: 'ignore' });
  rmSync(scratch, { recursive: true, force: true });
}
