// Manual confirmations that outlive one run: a confirmations.yaml (like waivers: who confirmed what, and when), and
// the answers given at the terminal, remembered per host in the state folder so the next run does not ask again.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod/mini';
import { inputError } from '../core/input-error.js';
import { zodText } from '../core/issue-text.js';
import { issueError } from '../core/json-document.js';
import { msg } from '../report/i18n/catalogue.js';
import { parseStructured } from '../core/structured-document.js';
import { writeFileAtomic } from './write-file.js';

export const confirmationEntrySchema = z.strictObject({
  id: z.string().check(z.regex(/^confirm\.[a-z0-9-]+$/, zodText('in.z.confirm-id'))),
  /** The person who confirmed it (name or DOMAIN\user). */
  confirmedBy: z.string().check(z.minLength(1)),
  /** When: an ISO date or date-time. */
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}/, zodText('in.z.date-example'))),
  /** Only for this host; absent = every host. */
  host: z.optional(z.string().check(z.minLength(1))),
  note: z.optional(z.string()),
});
export const confirmationsFileSchema = z.strictObject({ confirmations: z.array(confirmationEntrySchema) });
export type ConfirmationEntry = z.infer<typeof confirmationEntrySchema>;

export async function loadConfirmations(file: string): Promise<ConfirmationEntry[]> {
  const what = msg('in.what.confirmations', { file });
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (err) {
    throw inputError(what, 'in.read.cannot', { code: (err as NodeJS.ErrnoException).code ?? 'error' });
  }
  const doc = (await parseStructured(text, what, file)) ?? { confirmations: [] };
  const parsed = confirmationsFileSchema.safeParse(doc, { reportInput: true }); // a wrong type is told from a missing key
  if (!parsed.success) throw issueError(what, parsed.error.issues[0]!);
  return parsed.data.confirmations;
}

/** The ids confirmed for `host` (host names compare case-insensitively, as Windows does). */
export function confirmedFor(entries: readonly ConfirmationEntry[], host: string): string[] {
  return entries.filter((e) => !e.host || e.host.toLowerCase() === host.toLowerCase()).map((e) => e.id);
}

/** The remembered answers of a host: <state>\confirmations\<host>.yaml. */
export function rememberedFile(stateDir: string, host: string): string {
  return join(stateDir, 'confirmations', `${host.replace(/[^A-Za-z0-9._-]/g, '_')}.yaml`);
}

export async function loadRemembered(stateDir: string | undefined, host: string): Promise<ConfirmationEntry[]> {
  if (!stateDir) return [];
  const file = rememberedFile(stateDir, host);
  return existsSync(file) ? loadConfirmations(file) : [];
}

/** Who is answering: DOMAIN\user on Windows, the login name elsewhere. */
export function currentUser(env: NodeJS.ProcessEnv = process.env): string {
  let name = env.USERNAME ?? env.USER ?? 'unknown';
  try { name = userInfo().username || name; } catch { /* no passwd entry: keep the environment's */ }
  return env.USERDOMAIN ? `${env.USERDOMAIN}\\${name}` : name;
}

/** Adds the confirmed ids to the host's remembered answers, with who and when; earlier answers are kept. */
export async function rememberAnswers(stateDir: string, host: string, ids: readonly string[], who: string, now = new Date()): Promise<string> {
  const file = rememberedFile(stateDir, host);
  const known = existsSync(file) ? await loadConfirmations(file) : [];
  const have = new Set(known.map((e) => e.id));
  const added = ids.filter((id) => !have.has(id)).map((id) => ({ id, confirmedBy: who, date: now.toISOString(), host }));
  const all: ConfirmationEntry[] = [...known, ...added];
  const yaml = ['# Answers given at the clickker preflight prompt on this host; edit or delete to be asked again.', 'confirmations:',
    ...all.flatMap((e) => [`  - id: ${e.id}`, `    confirmedBy: ${JSON.stringify(e.confirmedBy)}`, `    date: ${JSON.stringify(e.date)}`,
      ...(e.host ? [`    host: ${JSON.stringify(e.host)}`] : []), ...(e.note ? [`    note: ${JSON.stringify(e.note)}`] : [])]), ''].join('\n');
  mkdirSync(dirname(file), { recursive: true });
  await writeFileAtomic(file, yaml, msg('in.what.remembered'));
  return file;
}
