#!/usr/bin/env node
// Network-stage benchmark, loopback only. Build first: npx tsc -p tsconfig.build.json (or npm run bench:network).
//  A. 20 endpoints of which 5 are black-holed (the kernel drops their SYNs), budget T: the whole stage should end
//     within T + 10 %. Prints the measured time and its ratio to T.
//  B. 50 healthy endpoints: the concurrent run should take at most 3x the slowest endpoint measured alone (the target
//     applies to the round-trip case; the at-once case has none). Prints both,
//     twice: with peers that answer at once (pure CPU: on loopback every stage is CPU, so this shows the cost per
//     endpoint rather than concurrency), and with a simulated round trip of L ms at each exchange, as across the
//     internet: the resolver answers after L, the TLS server starts its handshake after L, the HTTP answer comes after L.
// The peers run in worker threads, so their TLS work does not share the prober's event loop. Figures only: no asserts.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate, setTimeout } from 'node:timers';
import { Worker } from 'node:worker_threads';
import { probeEndpoints } from '../dist/src/probes/network/index.js';
import { benchTempDir } from './bench-temp.mjs';

const T = Number(process.env.BENCH_T_MS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const L = Number(process.env.BENCH_LATENCY_MS ?? 40);

// A throwaway certificate for bench.test, trusted as the only "public root" of this run; its folder is removed however
// the bench ends (bench-temp.mjs), as bench.mjs's is.
const { dir, remove } = benchTempDir();
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
  '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=bench.test',
  '-addext', 'subjectAltName=DNS:bench.test'], { stdio: 'ignore', timeout: 20_000 });
const cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
const key = readFileSync(path.join(dir, 'key.pem'), 'utf8');

/**
 * n HTTPS servers on 127.0.0.1 in a worker thread; resolves with their ports and a stop(). With `latency`, each
 * accepted connection waits that long before the TLS server sees it, and each answer waits that long too.
 */
async function httpsServers(n, latency = 0) {
  const worker = new Worker(`
    const { workerData, parentPort } = require('node:worker_threads');
    const https = require('node:https');
    const net = require('node:net');
    const { latency } = workerData;
    const servers = [];
    let ready = 0;
    for (let i = 0; i < workerData.n; i++) {
      const tlsServer = https.createServer({ key: workerData.key, cert: workerData.cert }, (_req, res) => {
        setTimeout(() => { res.writeHead(200); res.end('ok'); }, latency);
      });
      const s = latency > 0 ? net.createServer({ pauseOnConnect: true }, (socket) => {
        setTimeout(() => { tlsServer.emit('connection', socket); socket.resume(); }, latency);
      }) : tlsServer;
      s.listen(0, '127.0.0.1', () => { if (++ready === workerData.n) parentPort.postMessage(servers.map((x) => x.address().port)); });
      servers.push(s);
    }
    parentPort.on('message', () => { for (const s of servers) s.close(); parentPort.close(); });`,
  { eval: true, workerData: { n, key, cert, latency } });
  const ports = await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
  return { ports, stop: async () => { worker.postMessage('stop'); await worker.terminate(); } };
}

/** A TCP black hole: a listener whose accept queue is full and never drained, so further SYNs are dropped. */
async function blackHole() {
  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(`
    const { workerData, parentPort } = require('node:worker_threads');
    const server = require('node:net').createServer();
    server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
      parentPort.postMessage(server.address().port);
      setImmediate(() => { Atomics.wait(new Int32Array(workerData), 0, 0, 120000); server.close(); });
    });`, { eval: true, workerData: flag });
  const port = await new Promise((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
  const fillers = [];
  for (let i = 0; i < 2; i++) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    fillers.push(s);
    await new Promise((resolve) => { s.once('connect', resolve); setTimeout(resolve, 1000); });
  }
  return {
    port,
    stop: async () => {
      for (const s of fillers) s.destroy();
      const view = new Int32Array(flag);
      Atomics.store(view, 0, 1);
      Atomics.notify(view, 0);
      await worker.terminate();
    },
  };
}

const lookup = (_host, _opts, cb) => setImmediate(() => cb(null, [{ address: '127.0.0.1', family: 4 }]));
const slowLookup = (_host, _opts, cb) => setTimeout(() => cb(null, [{ address: '127.0.0.1', family: 4 }]), L);
const options = (timeoutMs, latency = 0) => ({ timeoutMs, lookup: latency > 0 ? slowLookup : lookup, publicRoots: [cert], env: {} });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x, d = 0) => x.toFixed(d);

const healthy = await httpsServers(50);
const distant = await httpsServers(50, L);
const hole = await blackHole();
try {
  // Warm-up: the first call imports undici and parses the roots.
  await probeEndpoints([`https://bench.test:${healthy.ports[0]}/`], options(T));

  console.log(`network bench: Node ${process.version}, loopback only, ${RUNS} runs each`);

  // A. 20 endpoints, 5 black-holed.
  const twenty = [
    ...Array.from({ length: 5 }, (_, i) => `https://bench.test:${hole.port}/hole${i}`),
    ...healthy.ports.slice(0, 15).map((p) => `https://bench.test:${p}/`),
  ];
  const ratiosA = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const facts = await probeEndpoints(twenty, options(T));
    const ms = performance.now() - t0;
    const timedOut = facts.filter((f) => f.tcp?.error?.kind === 'timeout').length;
    const ok = facts.filter((f) => f.http?.ok).length;
    ratiosA.push(ms / T);
    console.log(`A run ${r + 1}: 20 endpoints (5 black-holed), T = ${T} ms: ${fmt(ms)} ms, ratio ${fmt(ms / T, 3)} (${ok} answered, ${timedOut} timed out at TCP)`);
  }
  console.log(`A: median ratio to T ${fmt(median(ratiosA), 3)} (target <= 1.10) ${median(ratiosA) <= 1.1 ? 'ok' : 'OVER TARGET'}`);

  // B. 50 healthy endpoints: each alone, then all at once; without and with a simulated round trip.
  for (const [label, servers, latency] of [['answering at once', healthy, 0], [`${L} ms round trip per exchange`, distant, L]]) {
    const fifty = servers.ports.map((p) => `https://bench.test:${p}/`);
    const ratiosB = [];
    for (let r = 0; r < RUNS; r++) {
      const singles = [];
      for (const url of fifty) {
        const t0 = performance.now();
        await probeEndpoints([url], options(T, latency));
        singles.push(performance.now() - t0);
      }
      const slowest = Math.max(...singles);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const facts = await probeEndpoints(fifty, options(T, latency));
      const all = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const ok = facts.filter((f) => f.http?.ok).length;
      ratiosB.push(all / slowest);
      console.log(`B run ${r + 1} (${label}): alone median ${fmt(median(singles), 1)} ms, slowest ${fmt(slowest, 1)} ms; `
        + `all 50 concurrently ${fmt(all, 1)} ms (${ok} answered, process CPU ${fmt((cpu.user + cpu.system) / 1000 / 50, 2)} ms per endpoint), ratio ${fmt(all / slowest, 2)}`);
    }
    // With peers that answer at once every stage is CPU on one event loop, so 50 at once cost about 50 x the CPU of
    // one: that figure shows the cost per endpoint and has no concurrency target. The target is for real round trips.
    const m = median(ratiosB);
    const verdict = latency === 0 ? '(no target: CPU-bound on loopback, see the CPU per endpoint)' : `(target <= 3) ${m <= 3 ? 'ok' : 'OVER TARGET'}`;
    console.log(`B (${label}): median ratio to the slowest single endpoint ${fmt(m, 2)} ${verdict}`);
  }
} finally {
  await healthy.stop();
  await distant.stop();
  await hole.stop();
  remove();
}
