// The wire format between Node and the long-lived PowerShell session (docs/powershell.md, "The bridge").
//
// Node sends ONE line: `& { ... }`. The probe script and every parameter value travel as base64(UTF-8) inside single
// quotes, so only [A-Za-z0-9+/=] from the outside ever reaches the PowerShell parser: no quoting, no `$()`, no
// backticks, no smart quotes (U+2018-U+201B are quotes to PowerShell), no newlines that would end the statement in
// `-Command -` mode. One line also avoids the REPL's multi-line quirks (PS 5.1.14393 mis-parsing `{` on a next line).
// Parameters are decoded one by one into a hashtable and splatted, not sent as JSON: Windows PowerShell 5.1's
// ConvertFrom-Json turns a string such as "\/Date(0)\/" into a [DateTime], so a value would not arrive byte-exact.
//
// PowerShell answers with ONE line: base64(UTF-8 JSON) of an envelope
//   { nonce, ok: true, data: "<the probe's stdout>" } | { nonce, ok: false, error: { message, types[], hresults[], ... } }
// written with [Console]::Out.WriteLine, so the console code page cannot garble it and nothing goes through stderr.
// The nonce proves that the answer belongs to this request (a desynchronised session answers an older one).
import { randomBytes } from 'node:crypto';
import '../../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';

const PARAM_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const NONCE = /^[0-9a-f]{16,64}$/;

export function newNonce(): string {
  return randomBytes(12).toString('hex');
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Builds the single line sent to PowerShell. Only base64 text and checked names are put between quotes. */
export function buildInvocation(script: string, params: Readonly<Record<string, string>>, nonce: string): string {
  if (!NONCE.test(nonce)) throw new Error(`invalid nonce ${JSON.stringify(nonce)}`);
  const assignments = Object.entries(params).map(([name, value]) => {
    if (!PARAM_NAME.test(name)) throw new Error(`invalid PowerShell parameter name ${JSON.stringify(name)}`);
    if (typeof value !== 'string') throw new Error(`parameter ${name} must be a string`);
    return `$h['${name}'] = $u.GetString([System.Convert]::FromBase64String('${b64(value)}'));`;
  }).join(' ');
  return [
    '& {',
    "$ErrorActionPreference = 'Stop'; $ProgressPreference = 'SilentlyContinue'; $WarningPreference = 'SilentlyContinue';",
    "$VerbosePreference = 'SilentlyContinue'; $InformationPreference = 'SilentlyContinue'; $ConfirmPreference = 'None';",
    '$u = New-Object System.Text.UTF8Encoding -ArgumentList $false; $r = $null;',
    'try {',
    `$s = $u.GetString([System.Convert]::FromBase64String('${b64(script)}'));`,
    '$h = @{};',
    assignments,
    '$o = @(& ([scriptblock]::Create($s)) @h);',
    `$r = [ordered]@{ nonce = '${nonce}'; ok = $true; data = ($o -join [string][char]10) }`,
    '} catch {',
    '$t = @(); $c = @(); $x = $_.Exception; while ($null -ne $x) { $t += $x.GetType().FullName; $c += $x.HResult; $x = $x.InnerException };',
    `$r = [ordered]@{ nonce = '${nonce}'; ok = $false; error = [ordered]@{ message = [string] $_.Exception.Message; types = $t; hresults = $c; category = [string] $_.CategoryInfo.Category; id = [string] $_.FullyQualifiedErrorId } }`,
    '};',
    '[Console]::Out.WriteLine([System.Convert]::ToBase64String($u.GetBytes((ConvertTo-Json -InputObject $r -Compress -Depth 4))))',
    '}',
  ].filter((part) => part !== '').join(' ');
}

const envelopeSchema = z.union([
  z.object({ nonce: z.string(), ok: z.literal(true), data: z.string().nullable() }),
  z.object({
    nonce: z.string(),
    ok: z.literal(false),
    error: z.object({
      message: z.string().nullable(),
      // PS 5.1 prints a one-element array as a bare value.
      types: z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), z.array(z.string())),
      hresults: z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? (v as unknown[]) : [v]), z.array(z.number())),
      category: z.string().nullish(),
      id: z.string().nullish(),
    }),
  }),
]);

export type Envelope = z.infer<typeof envelopeSchema>;

export type ReadResult =
  | { kind: 'envelope'; envelope: Envelope }
  /** The output is not an answer to this request: the session cannot be trusted any more. */
  | { kind: 'garbled'; reason: string };

const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat;
}

/**
 * Terminal control sequences (CSI ... final byte). pwsh on Linux and macOS writes the keypad-mode pair ESC[?1h ESC[?1l
 * around every command read from redirected stdin when TERM names a terminal (found running the real pwsh 7.6): they
 * are not output, and would otherwise make the answer line unreadable.
 */
// eslint-disable-next-line no-control-regex -- ESC is exactly what is matched
const CONTROL_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]/g;

/** Reads PowerShell's stdout for one invocation: the last non-empty line must be this request's envelope. */
export function readEnvelope(stdout: string, nonce: string): ReadResult {
  const lines = stdout.replace(CONTROL_SEQUENCE, '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const last = lines.at(-1);
  if (last === undefined) return { kind: 'garbled', reason: 'PowerShell printed nothing' };
  if (!BASE64_LINE.test(last)) return { kind: 'garbled', reason: `PowerShell printed something other than an answer: ${preview(stdout)}` };
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(last, 'base64').toString('utf8'));
  } catch {
    return { kind: 'garbled', reason: `PowerShell's answer is not base64 JSON: ${preview(last)}` };
  }
  const parsed = envelopeSchema.safeParse(doc);
  if (!parsed.success) return { kind: 'garbled', reason: `PowerShell's answer has an unexpected shape: ${preview(JSON.stringify(doc))}` };
  if (parsed.data.nonce !== nonce) return { kind: 'garbled', reason: 'PowerShell answered an earlier request: the session is out of step' };
  return { kind: 'envelope', envelope: parsed.data };
}

/** A probe's stdout as JSON: empty output is null (ConvertTo-Json prints nothing for $null input). */
export function parseProbeOutput(text: string | null): { ok: true; data: unknown } | { ok: false; message: string } {
  const body = (text ?? '').replace(/^\uFEFF/, '').trim();
  if (body === '') return { ok: true, data: null };
  try {
    return { ok: true, data: JSON.parse(body) };
  } catch (err) {
    return { ok: false, message: `the probe printed something that is not one JSON document (${(err as Error).message.split('\n')[0]}): ${preview(body)}` };
  }
}
