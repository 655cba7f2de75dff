// The network checks read URLs through a memo (checks/url-parts.ts, issue 17): every answer must be the one `new URL`
// gives, an invalid URL must throw URL's own error every time, and the memo's bound must not change an answer.
import { describe, expect, it } from '@jest/globals';
import { urlKey, urlParts } from '../../checks/url-parts.js';

const fields = (u: URL) => ({ host: u.host, hostname: u.hostname, port: u.port, protocol: u.protocol, origin: u.origin, pathname: u.pathname });

describe('urlParts', () => {
  const urls = [
    'https://www.clickker.nl', 'https://API.Cloud.Clickker.nl:8443/v1/', 'http://proxy.corp.local:3128', 'https://[::1]:443/x',
    'https://user:secret@host.example/a?b=c#d', 'HTTPS://EXAMPLE.COM', 'https://xn--bcher-kva.example/',
  ];

  it('gives what new URL gives, the first time and every time after', () => {
    for (const text of urls) {
      expect(urlParts(text)).toEqual(fields(new URL(text)));
      expect(urlParts(text)).toEqual(fields(new URL(text)));
    }
  });

  it('resolves a redirect target against its base, per base', () => {
    expect(urlParts('/login', 'https://a.example/x')).toEqual(fields(new URL('/login', 'https://a.example/x')));
    expect(urlParts('/login', 'https://b.example/x').host).toBe('b.example');
    expect(urlParts('https://c.example/', 'https://a.example/').host).toBe('c.example');
  });

  it('throws URL\'s own error for an invalid URL, every time', () => {
    const thrown = (f: () => unknown) => { try { f(); } catch (e) { const err = e as Error & { code?: string }; return `${err.name} ${err.code} ${err.message}`; } return 'nothing thrown'; };
    const own = thrown(() => new URL('not a url'));
    expect(own).toMatch(/^TypeError ERR_INVALID_URL /);
    for (let i = 0; i < 3; i += 1) {
      expect(thrown(() => urlParts('not a url'))).toBe(own);
      expect(thrown(() => urlParts('::', 'also not a url'))).toBe(thrown(() => new URL('::', 'also not a url')));
    }
  });

  it('keeps giving the right answers past its bound (a fleet naming many URLs)', () => {
    for (let i = 0; i < 3000; i += 1) expect(urlParts(`https://host-${i}.example:${1000 + i}/`).port).toBe(String(1000 + i));
    for (let i = 0; i < 3000; i += 1) expect(urlParts(`/p${i}`, `https://base-${i % 1500}.example/`).pathname).toBe(`/p${i}`);
    expect(urlParts(urls[1]!)).toEqual(fields(new URL(urls[1]!)));
  });
});

describe('urlKey', () => {
  it('compares endpoint URLs without trailing slashes and case, as sameUrl did', () => {
    expect(urlKey('https://WWW.Clickker.nl/')).toBe('https://www.clickker.nl');
    expect(urlKey('https://www.clickker.nl///')).toBe(urlKey('https://www.clickker.nl'));
    expect(urlKey('https://a.example/Path/')).toBe('https://a.example/path');
    expect(urlKey('https://a.example/b')).not.toBe(urlKey('https://a.example/c'));
    for (let i = 0; i < 3000; i += 1) expect(urlKey(`https://H${i}.example/`)).toBe(`https://h${i}.example`);
  });
});
