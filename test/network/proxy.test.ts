// Proxy resolution: --proxy, HTTPS_PROXY/HTTP_PROXY (lower case first), NO_PROXY; credentials never shown.
import { describe, expect, test } from '@jest/globals';
import { decideProxy, noProxyMatch, redactUrl } from '../../src/probes/network/index.js';
import { scrubSecrets } from '../../src/probes/network/proxy.js';

const u = (s: string) => new URL(s);

describe('decideProxy', () => {
  test('nothing set: direct, decided by nothing', () => {
    expect(decideProxy(u('https://www.clickker.nl'), { env: {} })).toMatchObject({ proxy: null, display: null, decidedBy: 'none' });
  });

  test('--proxy wins over the environment; "direct" forces direct', () => {
    const env = { HTTPS_PROXY: 'http://env.proxy:3128' };
    expect(decideProxy(u('https://www.clickker.nl'), { proxy: 'http://cli.proxy:8080', env })).toMatchObject({ display: 'http://cli.proxy:8080', decidedBy: '--proxy' });
    expect(decideProxy(u('https://www.clickker.nl'), { proxy: 'direct', env })).toMatchObject({ proxy: null, decidedBy: '--proxy direct' });
    expect(decideProxy(u('https://www.clickker.nl'), { proxy: 'cli.proxy:8080', env }).display).toBe('http://cli.proxy:8080');
  });

  test('https URLs use HTTPS_PROXY, then HTTP_PROXY; lower case before upper case; http URLs only HTTP_PROXY', () => {
    expect(decideProxy(u('https://a.example'), { env: { HTTP_PROXY: 'http://h:1' } })).toMatchObject({ decidedBy: 'HTTP_PROXY', display: 'http://h:1' });
    expect(decideProxy(u('https://a.example'), { env: { HTTP_PROXY: 'http://h:1', HTTPS_PROXY: 'http://s:2' } })).toMatchObject({ decidedBy: 'HTTPS_PROXY' });
    expect(decideProxy(u('https://a.example'), { env: { https_proxy: 'http://l:3', HTTPS_PROXY: 'http://s:2' } })).toMatchObject({ decidedBy: 'https_proxy', display: 'http://l:3' });
    expect(decideProxy(u('http://a.example'), { env: { HTTPS_PROXY: 'http://s:2' } })).toMatchObject({ decidedBy: 'none' });
  });

  test('NO_PROXY sends matching hosts direct and names the entry', () => {
    const env = { HTTPS_PROXY: 'http://p:3128', NO_PROXY: 'localhost, .corp.local,clickker.nl:8443' };
    expect(decideProxy(u('https://intranet.corp.local'), { env })).toMatchObject({ proxy: null, decidedBy: 'NO_PROXY', bypass: '.corp.local' });
    expect(decideProxy(u('https://www.clickker.nl'), { env })).toMatchObject({ decidedBy: 'HTTPS_PROXY' });
    expect(decideProxy(u('https://www.clickker.nl:8443'), { env })).toMatchObject({ decidedBy: 'NO_PROXY', bypass: 'clickker.nl:8443' });
    expect(decideProxy(u('https://www.clickker.nl'), { proxy: 'http://cli:1', env: { no_proxy: '*' } })).toMatchObject({ decidedBy: 'no_proxy', bypass: '*' });
  });

  test.each([
    ['clickker.nl', 'https://www.clickker.nl', 'clickker.nl'],
    ['*.clickker.nl', 'https://api.cloud.clickker.nl', '*.clickker.nl'],
    ['.clickker.nl', 'https://clickker.nl', '.clickker.nl'],
    ['notclickker.nl', 'https://clickker.nl', null],
    ['127.0.0.1', 'https://127.0.0.1:8443', '127.0.0.1'],
    ['[::1]:443', 'https://[::1]/', '[::1]:443'],
    ['', 'https://clickker.nl', null],
  ])('NO_PROXY %j against %s', (entry, url, expected) => {
    expect(noProxyMatch(u(url), entry)).toBe(expected);
  });

  test('credentials become a Basic header and are shown as ***', () => {
    const d = decideProxy(u('https://www.clickker.nl'), { proxy: 'http://CORP%5Cjan:p%40ss-w0rd@proxy.corp.local:8080', env: {} });
    expect(d.display).toBe('http://***@proxy.corp.local:8080');
    expect(d.authorization).toBe(`Basic ${Buffer.from('CORP\\jan:p@ss-w0rd').toString('base64')}`);
    expect(scrubSecrets('failed for http://CORP%5Cjan:p%40ss-w0rd@proxy.corp.local:8080 with p@ss-w0rd', d)).toBe('failed for http://***@proxy.corp.local:8080 with ***');
  });

  test('an unusable proxy setting is recorded as invalid, without its credentials', () => {
    const d = decideProxy(u('https://www.clickker.nl'), { env: { HTTPS_PROXY: 'socks5://bob:hunter22@p:1080' } });
    expect(d.invalid).toMatch(/unsupported proxy scheme socks5:/);
    expect(d.invalid).not.toContain('hunter22');
    expect(d.display).toBe('socks5://***@p:1080');
  });

  test('redactUrl hides user and password only', () => {
    expect(redactUrl('http://u:p@h:1/x')).toBe('http://***@h:1/x');
    expect(redactUrl('http://h:1/x@y')).toBe('http://h:1/x@y');
  });
});
