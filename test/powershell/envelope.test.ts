// The wire format between Node and PowerShell (src/probes/powershell/envelope.ts) and the error-kind mapping.
import { describe, expect, it } from '@jest/globals';
import { buildInvocation, parseProbeOutput, readEnvelope } from '../../src/probes/powershell/envelope.js';
import { classifyPsError } from '../../src/probes/powershell/probes.js';

const NONCE = '0123456789abcdef01234567';
const b64json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64');

describe('buildInvocation', () => {
  it('is one line that carries the script and parameter values only as base64', () => {
    const line = buildInvocation("Write-Output 'x'\n", { Account: "a'b\nc" }, NONCE);
    expect(line).not.toMatch(/[\r\n]/);
    expect(line.startsWith('& {') && line.endsWith('}')).toBe(true);
    expect(line).toContain(`'${Buffer.from("Write-Output 'x'\n").toString('base64')}'`);
    expect(line).toContain(`$h['Account'] = $u.GetString([System.Convert]::FromBase64String('${Buffer.from("a'b\nc").toString('base64')}'));`);
  });

  it('refuses parameter names and nonces that are not plain identifiers', () => {
    expect(() => buildInvocation('x', { "A'; Stop-Computer; '": 'v' }, NONCE)).toThrow(/parameter name/);
    expect(() => buildInvocation('x', {}, "abc'; x")).toThrow(/nonce/);
  });
});

describe('readEnvelope', () => {
  it('reads the last line as this request\'s envelope, ignoring noise before it', () => {
    const stdout = `WARNING: something\r\n${b64json({ nonce: NONCE, ok: true, data: '{"a":1}' })}\r\n`;
    expect(readEnvelope(stdout, NONCE)).toEqual({ kind: 'envelope', envelope: { nonce: NONCE, ok: true, data: '{"a":1}' } });
  });

  it('ignores the terminal control sequences pwsh on Linux writes around each answer (seen from the real pwsh 7.6)', () => {
    const nonce = '0123456789abcdef';
    const line = Buffer.from(JSON.stringify({ nonce, ok: true, data: '1' })).toString('base64');
    const stdout = `\u001b[?1h\u001b[?1l${line}\n\u001b[?1h\u001b[?1l\u001b[?1h\u001b[?1l`;
    expect(readEnvelope(stdout, nonce)).toEqual({ kind: 'envelope', envelope: { nonce, ok: true, data: '1' } });
  });

  it('accepts the bare values Windows PowerShell 5.1 prints for one-element arrays', () => {
    const r = readEnvelope(b64json({ nonce: NONCE, ok: false, error: { message: 'm', types: 'System.NotSupportedException', hresults: -2146233067 } }), NONCE);
    expect(r).toMatchObject({ kind: 'envelope', envelope: { ok: false, error: { types: ['System.NotSupportedException'], hresults: [-2146233067] } } });
  });

  it.each([
    ['nothing', '', 'printed nothing'],
    ['text', 'Get-Date : not recognized', 'something other than an answer'],
    ['base64 of non-JSON', Buffer.from('not json').toString('base64'), 'not base64 JSON'],
    ['another shape', b64json({ hello: 1 }), 'unexpected shape'],
    ['another request', b64json({ nonce: 'ffffffffffffffffffffffff', ok: true, data: null }), 'out of step'],
  ])('calls %s garbled', (_what, stdout, reason) => {
    const r = readEnvelope(stdout, NONCE);
    expect(r.kind).toBe('garbled');
    expect(r.kind === 'garbled' && r.reason).toContain(reason);
  });
});

describe('parseProbeOutput', () => {
  it('parses JSON (with a BOM), turns empty output into null and rejects anything else', () => {
    expect(parseProbeOutput('\uFEFF{ "Release":  528049 }\r\n')).toEqual({ ok: true, data: { Release: 528049 } });
    expect(parseProbeOutput('')).toEqual({ ok: true, data: null });
    expect(parseProbeOutput(null)).toEqual({ ok: true, data: null });
    expect(parseProbeOutput('{"a":')).toMatchObject({ ok: false });
  });
});

describe('classifyPsError', () => {
  it('prefers a known HRESULT, then the first known exception type in the chain', () => {
    expect(classifyPsError({ types: ['System.Runtime.InteropServices.COMException'], hresults: [-2147024156] }, true)).toBe('needs-elevation');
    expect(classifyPsError({ types: ['System.Management.Automation.MethodInvocationException', 'System.NotSupportedException'], hresults: [0, 0] }, true)).toBe('unsupported');
    expect(classifyPsError({ types: ['System.Exception'], hresults: [-2146233088] }, true)).toBe('error');
  });

  it('calls access denied needs-elevation unless the collector is known to be elevated', () => {
    const denied = { types: ['System.UnauthorizedAccessException'], hresults: [-2147024891] };
    expect(classifyPsError(denied, true)).toBe('access-denied');
    expect(classifyPsError(denied, false)).toBe('needs-elevation');
    expect(classifyPsError(denied, null)).toBe('needs-elevation');
  });
});
