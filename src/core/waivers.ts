// Waivers: an accepted finding with a reason, an approver and an expiry. A waived check still runs and shows;
// once expired it is a finding again (InSpec's model, which kubeadm's reason-less ignore list lacks).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from './errors.js';
import { formatIssue } from './json-document.js';
import { parseStructured } from './structured-document.js';

export const waiverSchema = z.object({
  check: z.string().min(1),
  host: z.string().min(1).default('*'),
  reason: z.string().min(1),
  approvedBy: z.string().min(1),
  expires: z.string().regex(/^\d{4}-\d\d-\d\d$/, 'expected a date YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date'),
});

export const waiversFileSchema = z.object({ waivers: z.array(waiverSchema) });
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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`waivers file ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const doc = await parseStructured(text, `waivers file ${file}`, file);
  const parsed = waiversFileSchema.safeParse(doc);
  if (!parsed.success) throw new InputError(`waivers file ${file}: ${formatIssue(parsed.error.issues[0]!)}`);
  return parsed.data.waivers;
}
