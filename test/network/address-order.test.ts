// Issue 13: a .NET client (the Clickker service) tries a host's addresses in order and waits out the TCP connect
// timeout (about 21 s) on each dead one; Node races them (windows-behaviour.md, ".NET Framework networking"). The TCP
// stage therefore records every address's own result in resolver order, and the check warns on a dead first address.
// Real sockets on loopback only: ::1 and 127.0.0.1.
import { afterEach, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { judgeEndpoint } from '../../checks/network-endpoints.js';
import { endpointSchema } from '../../src/facts/network.js';
import { connectTcp } from '../../src/probes/network/tcp.js';
import { tcpBlackHole, type Peer } from './support/peers.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of closers.splice(0)) await c(); });

function listen(host: string, port = 0): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((s) => s.destroy());
    server.once('error', reject);
    server.listen({ host, port, ipv6Only: true }, () => resolve(server));
  });
}
const limits = (ms: number) => ({ deadline: performance.now() + ms, stageTimeoutMs: ms });

function judged(tcp: unknown) {
  return judgeEndpoint(endpointSchema.parse({
    url: 'https://api.cloud.clickker.nl',
    dns: { ok: true, addresses: ['::1', '127.0.0.1'], ms: 1 },
    tcp,
    tls: { ok: true, protocol: 'TLSv1.2', ms: 5 },
    http: { ok: true, status: 200, ms: 5 },
  }));
}

describe('per-address TCP results in resolver order', () => {
  it('a refused first address (::1 with nothing listening) is recorded, and the check warns', async () => {
    const v4 = await listen('127.0.0.1');
    closers.push(() => new Promise<void>((r) => v4.close(() => r())));
    const port = (v4.address() as net.AddressInfo).port;
    const { stage, socket } = await connectTcp('localhost', ['::1', '127.0.0.1'], port, limits(5000));
    socket?.destroy();
    expect(stage.ok).toBe(true);
    expect(stage.attempts.map((a) => [a.address, a.ok, a.error?.code ?? null])).toEqual([['::1', false, 'ECONNREFUSED'], ['127.0.0.1', true, null]]);
    const v = judged(stage);
    expect(v.status).toBe('warn');
    expect(v.layer).toBe('tcp');
    expect(v.detail).toMatch(/the endpoint's first address ::1 is dead \(connection to \[::1\]:\d+ refused.*a \.NET client tries the addresses in order and waits about 21 s on each dead one/);
  });

  it('a silent (black-holed) first address is recorded as no-answer after the grace, not hidden by the race', async () => {
    const hole: Peer = await tcpBlackHole();
    closers.push(() => hole.close());
    const v6 = await listen('::1', hole.port);
    closers.push(() => new Promise<void>((r) => v6.close(() => r())));
    const started = performance.now();
    const { stage, socket } = await connectTcp('dual', ['127.0.0.1', '::1'], hole.port, limits(5000), 300);
    socket?.destroy();
    expect(performance.now() - started).toBeLessThan(3000);
    expect(stage.address).toBe('::1');
    expect(stage.attempts[0]).toMatchObject({ address: '127.0.0.1', ok: false, error: { kind: 'no-answer' } });
    expect(stage.attempts[1]).toMatchObject({ address: '::1', ok: true });
    expect(judged(stage).status).toBe('warn');
  });

  it('both addresses alive: no wait, no warning', async () => {
    const v4 = await listen('127.0.0.1');
    const port = (v4.address() as net.AddressInfo).port;
    const v6 = await listen('::1', port);
    closers.push(() => new Promise<void>((r) => v4.close(() => r())), () => new Promise<void>((r) => v6.close(() => r())));
    const { stage, socket } = await connectTcp('dual', ['::1', '127.0.0.1'], port, limits(5000));
    socket?.destroy();
    expect(stage.attempts.every((a) => a.ok)).toBe(true);
    expect(judged(stage).status).toBe('pass');
  });

  it('a first address that was only cancelled (older snapshots) is not called dead', () => {
    expect(judged({ ok: true, address: '127.0.0.1', attempts: [
      { address: '::1', ok: false, ms: 3, error: { code: 'ECANCELED', kind: 'cancelled', message: 'not needed: another address connected first' } },
      { address: '127.0.0.1', ok: true, ms: 2 },
    ], ms: 3 }).status).toBe('pass');
  });
});
