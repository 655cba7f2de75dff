// Waivers: an accepted finding with a reason, an approver and an expiry. A waived check still runs and shows;
// once expired it is a finding again (InSpec's model, which kubeadm's reason-less ignore list lacks).
import './zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import { DOCUMENT_MAX_BYTES, readInputText } from './input-file.js';
import { issueError } from './json-document.js';
import { zodText } from './issue-text.js';
import { msg } from '../report/i18n/catalogue.js';
import { parseStructured } from './structured-document.js';

/** YYYY-MM-DD naming a day that exists: Date.parse rolls 2026-02-30 over to March 2nd, so the parts are compared back. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

// Strict, like the config: a misspelt key ("hosts:") is refused rather than ignored, and there is no default host,
// since a waiver that silently applies to every server is the widest thing a typo can produce. "*" must be written.
export const waiverSchema = z.strictObject({
  check: z.string().check(z.minLength(1)),
  host: z.string({ error: (i) => zodText(i.input === undefined ? 'in.z.waiver-host' : 'in.z.waiver-host-type') }).check(z.minLength(1)),
  reason: z.string().check(z.minLength(1)),
  approvedBy: z.string().check(z.minLength(1)),
  expires: z.string().check(z.regex(/^\d{4}-\d\d-\d\d$/, zodText('in.z.date'))).check(z.refine(isCalendarDate, zodText('in.z.calendar'))),
});

export const waiversFileSchema = z.strictObject({ waivers: z.array(waiverSchema) });
export type Waiver = z.infer<typeof waiverSchema>;

/** A waiver is valid through the whole of its expiry day (UTC). */
export function isExpired(w: Waiver, now: Date): boolean {
  return now.getTime() >= Date.parse(`${w.expires}T00:00:00Z`) + 86_400_000;
}

export function findWaiver(waivers: readonly Waiver[], check: string, host: string): Waiver | undefined {
  const h = host.toLowerCase();
  // A waiver for this very host wins over a wildcard one.
  return waivers.find((w) => w.check === check && w.host.toLowerCase() === h)
    ?? waivers.find((w) => w.check === check && w.host === '*');
}

/** Reads a waivers file, YAML or JSON: { waivers: [ { check, host, reason, approvedBy, expires } ] }. */
export async function loadWaivers(file: string): Promise<Waiver[]> {
  const what = msg('in.what.waivers', { file });
  const text = readInputText(file, what, DOCUMENT_MAX_BYTES);
  const doc = await parseStructured(text, what, file);
  const parsed = waiversFileSchema.safeParse(doc, { reportInput: true }); // a wrong type is told from a missing key
  if (!parsed.success) {
    // A misspelt key explains a "missing" one next to it ("hosts:" for "host:"): name it first.
    const issues = parsed.error.issues;
    throw issueError(what, issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!);
  }
  return parsed.data.waivers;
}
