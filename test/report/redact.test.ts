// Issue 15, finding 5: secrets are found by the structure they are written in, and only their value is masked.
// Each form is tried with several values (spaces, the form's own delimiters inside quotes or braces) and in several
// surroundings, so a test covers the class, not one string.
import { describe, expect, it } from '@jest/globals';
import { redact, redactForText, redactText, registerSecret } from '../../src/report/redact.js';
import { jsonResultText } from '../../src/report/json.js';
import { docsLink } from '../../src/report/common.js';
import type { Result } from '../../src/core/types.js';
import { escapeControls, escapeJsonControls, sanitizeControls } from '../../src/report/controls.js';
import { commanderLine, errorLine } from '../../src/cli/error-line.js';
import { SECRET_FORMS } from '../breakit/support/hostile.js';

// Values with spaces and with characters URLs and headers allow; the forms' own delimiters are tried below.
const VALUES = ['Canary', 'first Canary', 'Can.ary-1~x'];
const SURROUNDINGS: ((s: string) => string)[] = [(s) => s, (s) => `error: ${s}`, (s) => `${s}\nnext line`, (s) => `[${s}] at step 3`];

describe('redactText', () => {
  it.each(SECRET_FORMS.map((f, i) => [i, f('X')] as const))('form %i (%s): no value survives in any surrounding', (i) => {
    // A URL cannot hold a raw space (it would be %20): spaced values are for the other forms.
    for (const value of VALUES.filter((v) => !(SECRET_FORMS[i]!('X').includes('://') && v.includes(' ')))) {
      for (const around of SURROUNDINGS) {
        const text = around(SECRET_FORMS[i]!(value));
        expect(redactText(text, false)).not.toContain('Can');
      }
    }
  });

  it('userinfo is masked as WHATWG URL parses it: up to the last @ of the authority', () => {
    for (const url of ['http://svc:p@Canary@proxy:8080/x', 'http://:Canary@proxy', 'https://Canary@host/p', 'socks5://u:Can%40ary@h:1080']) {
      const parsed = new URL(url);
      const out = redactText(url);
      expect(out).not.toContain(decodeURIComponent(parsed.password || parsed.username));
      expect(out).toContain(`${parsed.host}`);
    }
    expect(redactText('see http://host/a@b for details')).toBe('see http://host/a@b for details');
  });

  it('leaves text without a secret as it was: T-SQL placeholders, variable names, ratios, flags', () => {
    for (const text of [
      "CREATE LOGIN [BACO] WITH PASSWORD = N'<password Exact expects>', CHECK_POLICY = OFF;",
      "ALTER LOGIN [BACO] WITH PASSWORD = N'<current password>' UNLOCK;",
      'CLICKKER_SERVICE_ACCOUNT_PASSWORD: missing (the password of CORP\\svc, for the application pool)',
      'ratio 3:4 = fine', '"isPasswordExpired": true', 'HTTP 407 from proxy.corp:8080', 'password never expires',
      '--sql-user sa; the password comes from CLICKKER_SQL_PASSWORD', 'Set-ItemProperty -Name SchUseStrongCrypto -Value 1',
    ]) expect(redactText(text)).toBe(text);
  });

  it('keeps the quoting of a masked value, so T-SQL and connection strings keep their shape', () => {
    expect(redactText("ALTER LOGIN [x] WITH PASSWORD = N'Hunter2' UNLOCK;")).toBe("ALTER LOGIN [x] WITH PASSWORD = N'***' UNLOCK;");
    expect(redactText('Server=s;PWD={a;b}}c};Encrypt=yes')).toBe('Server=s;PWD={***};Encrypt=yes');
    expect(redactText('Server=s;Password="a;""b";Encrypt=yes')).toBe('Server=s;Password="***";Encrypt=yes');
  });

  it('masks fields by name in structured data, at any depth', () => {
    expect(redact({ a: { sqlPassword: 'x', list: [{ apiKey: 1 }] }, Authorization: 'Bearer y', ok: true })).toEqual({ a: { sqlPassword: '***', list: [{ apiKey: '***' }] }, Authorization: '***', ok: true });
  });
});

describe('control characters', () => {
  it('every C0 (but tab), DEL and C1 character is escaped on one line; newlines stay only where a field is multi-line', () => {
    for (let c = 0; c <= 0x9f; c++) {
      if (c >= 0x20 && c < 0x7f) continue;
      const ch = String.fromCharCode(c);
      const one = escapeControls(`a${ch}b`);
      expect([c, one.length > 3 || ch === '\t']).toEqual([c, true]);
      expect(errorLine(`bad ${ch} name`).split('\n')).toHaveLength(2);
    }
    expect(sanitizeControls({ host: 'a\nb', remediation: { text: 'x\ny', commands: [{ script: 'l1\nl2\u001b' }] } })).toEqual({ host: 'a\\nb', remediation: { text: 'x\ny', commands: [{ script: 'l1\nl2\\x1B' }] } });
    expect(JSON.parse(escapeJsonControls(JSON.stringify({ s: '\u009b2K\u007f' })))).toEqual({ s: '\u009b2K\u007f' });
  });

  it('bidirectional controls (marks, embeddings, overrides, isolates) are shown, never obeyed', () => {
    const bidi = [0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    for (const c of bidi) {
      const shown = escapeControls(`EXACT01${String.fromCharCode(c)}10TCAXE`);
      expect(shown).toBe(`EXACT01\\u${c.toString(16).toUpperCase()}10TCAXE`);
      expect(errorLine(`host ${String.fromCharCode(c)}x`)).not.toContain(String.fromCharCode(c));
    }
    // Neighbours that are ordinary text stay as they are (a zero-width joiner, an en dash, a Dutch ij).
    expect(escapeControls('a\u200db\u2013c\u0133')).toBe('a\u200db\u2013c\u0133');
  });

  it("commander's errors become one line, without a secret option's value", () => {
    expect(commanderLine("error: unknown command 'preflgiht'\n(Did you mean preflight?)")).toBe("clickker: unknown command 'preflgiht' (did you mean preflight?)\n");
    for (const name of ['--sql-password', '--password', '--api-key', '--token', '--client-secret', '--pwd']) {
      expect(commanderLine(`error: unknown option '${name}=Can ary;x'`)).not.toMatch(/Can|ary/);
    }
    expect(commanderLine("error: unknown option '--formt=json'")).toBe("clickker: unknown option '--formt=json'\n");
  });
});

describe('a remediation redacted once for a whole fleet (issue 17)', () => {
  const result = (remediation: Result['remediation']): Result => ({
    host: 'H', id: 'x.y', title: 'T', category: 'IIS', severity: 'blocking', status: 'fail', summary: 's', evidence: { password: 'p4ss', note: 'token=abc' }, remediation, docs: 'x-y', ms: 1,
  });

  it('writes what redacting the whole result writes', () => {
    const remediation = { text: 'Set Password=Hunter22; then run it', nl: 'Zet Password=Hunter22; voer het dan uit', commands: [{ shell: 'powershell' as const, runAs: 'administrator' as const, script: '$c = "Server=db;Password=S3cret!"' }] };
    for (const r of [result(remediation), result(remediation), result(undefined)]) {
      const expected = `    ${escapeJsonControls(JSON.stringify(redact({ ...r, reason: r.reason ?? null, remediation: r.remediation ? { text: r.remediation.text, commands: r.remediation.commands } : null, waiver: null, docs: docsLink(r, undefined) }), null, 2)).replace(/\n/g, '\n    ')}`;
      const text = jsonResultText(r, undefined);
      expect(JSON.parse(text)).toEqual(JSON.parse(expected));
      expect(text).not.toMatch(/Hunter22|S3cret|p4ss|abc/);
    }
  });

  it('masks a secret registered after the remediation was first written', () => {
    const remediation = { text: 'connect with Canary-Later-77 as the login', nl: 'maak verbinding met Canary-Later-77 als aanmelding' };
    expect(jsonResultText(result(remediation), undefined)).toContain('Canary-Later-77');
    registerSecret('Canary-Later-77');
    expect(jsonResultText(result(remediation), undefined)).not.toContain('Canary-Later-77');
  });
});

describe('redactForText: redact() without copying what holds no secret (issue 17)', () => {
  const shared = { note: 'plain', list: [1, 'two', null] };
  const values: unknown[] = [
    { host: 'H', evidence: { a: 1, b: [true, 'x', { c: 'd' }] } },
    { evidence: { password: 'p4ss', deep: [{ note: 'token=abc' }, 'Server=db;Password=S3cret!'] } },
    { when: new Date(0), set: new Set(['a', 'pwd=x']), again: shared, twice: shared },
    JSON.parse('{"__proto__": {"x": 1}, "y": "z"}'),
    JSON.parse('{"a": {"__proto__": "s"}, "b": [1, {"__proto__": []}]}'),
    Object.assign(Object.create(null) as object, { k: 'v', secret: 'hidden' }),
    [1, [2, ['api_key=abcdef', 3]], 4],
    'Authorization: Bearer abcdefgh',
    42,
    null,
  ];

  it('gives the text redact() gives, for plain, secret, shared, Date, Set, __proto__ and null-prototype values', () => {
    for (const v of values) expect(JSON.stringify(redactForText(v), null, 2)).toBe(JSON.stringify(redact(v), null, 2));
  });

  it('gives back what holds no secret as it is, and copies only the way to a secret', () => {
    const clean = values[0] as { evidence: object };
    expect(redactForText(clean)).toBe(clean);
    const dirty = values[1] as { evidence: { deep: unknown[] } };
    const out = redactForText(dirty) as { evidence: { deep: unknown[] } };
    expect(out).not.toBe(dirty);
    expect(dirty.evidence.deep[1]).toBe('Server=db;Password=S3cret!'); // the input is not changed
    expect(JSON.stringify(out)).not.toMatch(/p4ss|abc|S3cret/);
  });
});
