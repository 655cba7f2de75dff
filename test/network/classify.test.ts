// The words for each error code: what an administrator reads for each failure class, without a live peer where a
// loopback peer cannot produce the condition (EHOSTUNREACH, ESERVFAIL, NTLM-only proxies ...).
import { describe, expect, test } from '@jest/globals';
import { dnsError } from '../../src/probes/network/dns.js';
import { statusError, statusReached } from '../../src/probes/network/http.js';
import { runStage } from '../../src/probes/network/stage.js';
import { tcpError } from '../../src/probes/network/tcp.js';
import { handshakeError } from '../../src/probes/network/tls.js';
import { tunnelStatusError } from '../../src/probes/network/tunnel.js';

const err = (code: string) => Object.assign(new Error(code), { code });

describe('classifiers', () => {
  test.each([
    ['ENOTFOUND', 'nxdomain'], ['EAI_AGAIN', 'timeout'], ['ETIMEOUT', 'timeout'], ['ECONNREFUSED', 'refused'],
    ['EREFUSED', 'refused'], ['ESERVFAIL', 'servfail'], ['ENODATA', 'nodata'], ['EWEIRD', 'error'],
  ])('DNS %s -> %s', (code, kind) => {
    expect(dnsError(err(code), 'x.test')).toMatchObject({ code, kind });
  });

  test.each([
    ['ECONNREFUSED', 'refused'], ['ETIMEDOUT', 'timeout'], ['EHOSTUNREACH', 'unreachable'], ['ENETUNREACH', 'unreachable'],
    ['ECONNRESET', 'reset'], ['EACCES', 'blocked'],
  ])('TCP %s -> %s', (code, kind) => {
    expect(tcpError(err(code), '203.0.113.1:443')).toMatchObject({ code, kind });
  });

  test.each([
    ['ECONNRESET', 'reset'], ['ERR_SSL_WRONG_VERSION_NUMBER', 'not-tls'], ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'protocol'],
    ['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'cipher'],
  ])('TLS handshake %s -> %s', (code, kind) => {
    expect(handshakeError(err(code), 'x.test')).toMatchObject({ code, kind });
  });

  test.each([
    [407, 'PROXY_AUTH_REQUIRED', 'proxy-auth'], [401, 'PROXY_AUTH_REQUIRED', 'proxy-auth'], [403, 'PROXY_FORBIDDEN', 'proxy-denied'],
    [502, 'PROXY_HTTP_502', 'proxy-upstream'], [418, 'PROXY_HTTP_418', 'proxy-error'],
  ])('CONNECT answered %s -> %s', (status, code, kind) => {
    expect(tunnelStatusError(status, 'x.test:443', 'http://p:1', false)).toMatchObject({ code, kind });
  });

  test('HTTP statuses: reached or not', () => {
    expect([200, 204, 301, 401, 404, 405].every(statusReached)).toBe(true);
    expect([400, 403, 407, 429, 500, 502, 503].some(statusReached)).toBe(false);
    expect(statusError({ status: 502, via: '1.1 squid' }, 'https://x.test/')).toMatchObject({ kind: 'proxy-upstream' });
    expect(statusError({ status: 502 }, 'https://x.test/')).toMatchObject({ kind: 'server-error' });
  });
});

describe('runStage', () => {
  test('a stage that never settles costs its timer, and its signal fires', async () => {
    let aborted = false;
    const started = Date.now();
    const o = await runStage({ deadline: performance.now() + 5000, stageTimeoutMs: 100 }, (signal) => {
      signal.addEventListener('abort', () => { aborted = true; });
      return new Promise<never>(() => undefined);
    });
    expect(o.ok).toBe(false);
    expect(aborted).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('the endpoint deadline caps the stage timer', async () => {
    const o = await runStage({ deadline: performance.now() + 50, stageTimeoutMs: 5000 }, () => new Promise<never>(() => undefined));
    expect(o).toMatchObject({ ok: false });
    expect((o as { error: Error }).error.message).toMatch(/overall budget/);
  });

  test('a past deadline fails at once', async () => {
    const o = await runStage({ deadline: performance.now() - 1, stageTimeoutMs: 5000 }, () => new Promise<never>(() => undefined));
    expect(o.ms).toBeLessThan(200);
  });
});
