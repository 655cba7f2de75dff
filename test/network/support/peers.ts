// Loopback peers for the network tests: Node-built servers for each failure class, and launchers for the real
// third-party peers (openssl s_server, tinyproxy, mitmdump). Every peer listens on 127.0.0.1 only and has a close().
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LookupFunction } from '../../../src/probes/network/index.js';
import { requireBinary } from './binaries.js';
import type { KeyPair } from './pki.js';

export interface Peer {
  port: number;
  close(): Promise<void>;
}

/** Maps every name to 127.0.0.1, except the names that stand for resolver failures. Never asks a real resolver. */
export const loopbackLookup: LookupFunction = (hostname, _options, callback) => {
  const fail = (code: string) => setImmediate(() => callback(Object.assign(new Error(`${code} ${hostname}`), { code, hostname }), []));
  if (hostname.startsWith('nxdomain.')) return fail('ENOTFOUND');
  if (hostname.startsWith('dns-timeout.')) return fail('EAI_AGAIN');
  if (hostname.startsWith('dns-refused.')) return fail('ECONNREFUSED');
  if (hostname.startsWith('dns-silent.')) return undefined; // never answers
  setImmediate(() => callback(null, [{ address: '127.0.0.1', family: 4 }]));
  return undefined;
};

/** Tracks sockets so that close() does not wait for keep-alive or silent connections. */
function closer(server: net.Server): () => Promise<void> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
}

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as net.AddressInfo).port;
}

export async function httpsPeer(pair: KeyPair, handler: http.RequestListener): Promise<Peer> {
  const server = https.createServer({ key: pair.key, cert: pair.cert }, handler);
  const close = closer(server);
  return { port: await listen(server), close };
}

export async function httpPeer(handler: http.RequestListener): Promise<Peer> {
  const server = http.createServer(handler);
  const close = closer(server);
  return { port: await listen(server), close };
}

/** A port on which nothing listens (bound, then released): connecting is refused. */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export const freePort = refusedPort;

/** Accepts TCP and never says a word: a TLS handshake (or an HTTP request) against it never completes. */
export async function silentPeer(): Promise<Peer & { connections: () => number }> {
  let count = 0;
  const server = net.createServer(() => { count += 1; });
  const close = closer(server);
  return { port: await listen(server), close, connections: () => count };
}

/**
 * A TCP black hole on loopback: a listener in a worker thread that never accepts (its event loop is blocked), with
 * its accept queue filled, so the kernel drops further SYNs and a connect times out, as behind a dropping firewall.
 */
export async function tcpBlackHole(): Promise<Peer> {
  const flag = new SharedArrayBuffer(4);
  const worker = new Worker(`
    const { workerData, parentPort } = require('node:worker_threads');
    const net = require('node:net');
    const server = net.createServer();
    server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
      parentPort.postMessage(server.address().port);
      setImmediate(() => { Atomics.wait(new Int32Array(workerData), 0, 0, 60000); server.close(); });
    });`, { eval: true, workerData: flag });
  const port = await new Promise<number>((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
  // Fill the accept queue (backlog 1 holds two connections on Linux).
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 2; i++) {
    const s = net.connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    fillers.push(s);
    await new Promise<void>((resolve) => { s.once('connect', () => resolve()); setTimeout(resolve, 1000); });
  }
  return {
    port,
    close: async () => {
      for (const s of fillers) s.destroy();
      const view = new Int32Array(flag);
      Atomics.store(view, 0, 1);
      Atomics.notify(view, 0);
      await worker.terminate();
    },
  };
}

/** A forward proxy that answers every CONNECT with 407 and the given challenge (Basic by default). */
export async function proxy407(challenge = 'Basic realm="clickker-test"'): Promise<Peer & { connects: string[] }> {
  const connects: string[] = [];
  const server = http.createServer((_req, res) => { res.writeHead(407, { 'proxy-authenticate': challenge }); res.end(); });
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
    connects.push(req.url ?? '');
    socket.end(`HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: ${challenge}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });
  const close = closer(server);
  return { port: await listen(server), close, connects };
}

/** Polls until something accepts on 127.0.0.1:port; bounded. */
export async function waitForPort(port: number, timeoutMs: number, child?: ChildProcess, output?: () => string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child && child.exitCode !== null) throw new Error(`${child.spawnfile} exited with ${child.exitCode} before listening on ${port}: ${output?.() ?? ''}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
      setTimeout(() => { s.destroy(); resolve(false); }, 500);
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms: ${output?.() ?? ''}`);
}

export interface ChildPeer extends Peer {
  child: ChildProcess;
  output(): string;
}

async function startChild(binary: string, args: string[], port: number, readyMs: number, cwd?: string): Promise<ChildPeer> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
  let out = '';
  const keep = (b: Buffer) => { out = (out + b.toString()).slice(-8000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (err) => { out += `\nspawn error: ${err.message}`; });
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitForPort(port, readyMs, child, () => out);
  } catch (err) {
    await close();
    throw err;
  }
  return { port, child, output: () => out, close };
}

/** `openssl s_server` on 127.0.0.1 with the given certificate; -www answers GET with a 200 status page. */
export async function startOpensslServer(pair: KeyPair, extra: string[] = []): Promise<ChildPeer> {
  const binary = requireBinary('openssl');
  const port = await freePort();
  const chain = pair.cert.split(/(?=-----BEGIN CERTIFICATE-----)/).slice(1);
  const args = ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', pair.certFile, '-key', pair.keyFile, '-www', '-quiet', '-naccept', '1000', ...extra];
  let dir: string | undefined;
  if (chain.length > 0) {
    dir = mkdtempSync(path.join(tmpdir(), 'clickker-sserver-'));
    const chainFile = path.join(dir, 'chain.pem');
    writeFileSync(chainFile, chain.join(''));
    args.push('-cert_chain', chainFile);
  }
  const peer = await startChild(binary, args, port, 10_000);
  return { ...peer, close: async () => { await peer.close(); if (dir) rmSync(dir, { recursive: true, force: true }); } };
}

/** tinyproxy as a forward proxy on 127.0.0.1, optionally with Basic authentication and a CONNECT port allow list. */
export async function startTinyproxy(options: { auth?: { user: string; password: string }; connectPorts?: number[] } = {}): Promise<ChildPeer> {
  const binary = requireBinary('tinyproxy');
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'clickker-tinyproxy-'));
  const conf = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 10',
    'MaxClients 100',
    'Allow 127.0.0.1',
    'LogLevel Info',
    ...(options.auth ? [`BasicAuth ${options.auth.user} ${options.auth.password}`] : []),
    ...(options.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
  ].join('\n');
  const file = path.join(dir, 'tinyproxy.conf');
  writeFileSync(file, `${conf}\n`);
  const peer = await startChild(binary, ['-d', '-c', file], port, 10_000);
  return { ...peer, close: async () => { await peer.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** mitmdump as an intercepting proxy on 127.0.0.1, with its own fresh CA; it trusts the upstream test CA. */
export async function startMitmdump(upstreamCaFile: string): Promise<ChildPeer & { caCert: string }> {
  const binary = requireBinary('mitmdump');
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'clickker-mitm-'));
  const args = ['--listen-host', '127.0.0.1', '--listen-port', String(port), '--set', `confdir=${dir}`,
    '--set', `ssl_verify_upstream_trusted_ca=${upstreamCaFile}`, '-q'];
  const peer = await startChild(binary, args, port, 30_000, dir);
  const caFile = path.join(dir, 'mitmproxy-ca-cert.pem');
  if (!existsSync(caFile)) { await peer.close(); throw new Error(`mitmdump did not write its CA to ${caFile}: ${peer.output()}`); }
  return { ...peer, caCert: readFileSync(caFile, 'utf8'), close: async () => { await peer.close(); rmSync(dir, { recursive: true, force: true }); } };
}
