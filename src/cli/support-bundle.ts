// clickker support-bundle: one zip for Clickker's support with what the state folder knows: the preflight reports,
// the journals, the logs and the snapshots, every text passed through the redactor (passwords, keys, connection
// string secrets). Backups are left out: they hold the installation's configuration files, with their secrets.
import type { Command } from 'commander';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { writeDurable } from '../install/durable.js';
import { createZip } from '../install/zip-writer.js';
import { redact, redactText } from '../report/redact.js';
import { resolve } from './resolve.js';
import { stateDirOf } from './target.js';
import { settleLang, tr } from './lang.js';
import { msg } from '../report/i18n/catalogue.js';

/** Folders and files of the state folder that go into the bundle; backups/ and secrets/ never do. */
const INCLUDED = [/^journal\.json$/, /^journals\/[^/]+\.json$/, /^reports\/[^/]+\.(json|md|xml|txt)$/, /^logs\/[^/]+\.log$/, /^simulated-host\.json$/, /^snapshots?\/[^/]+\.json$/];

function walk(dir: string, root: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? walk(full, root) : [relative(root, full).split('\\').join('/')];
  });
}

/** A file's text with secrets masked: JSON by key and pattern, anything else by pattern. */
export function redactFile(name: string, text: string): string {
  if (name.endsWith('.json')) {
    try {
      return `${JSON.stringify(redact(JSON.parse(text)), null, 2)}\n`;
    } catch {
      // not JSON after all: masked as text
    }
  }
  return redactText(text);
}

export async function runSupportBundle(cmd: Command): Promise<number> {
  await settleLang(cmd.getOptionValue('lang') as string | undefined);
  const r = await resolve(cmd);
  await settleLang(r.settings.lang);
  const stateDir = stateDirOf(r);
  if (!existsSync(stateDir)) throw new InputError(msg('err.not-exist', { flag: '--state-dir', path: stateDir }));
  const files = walk(stateDir, stateDir).filter((f) => INCLUDED.some((re) => re.test(f))).sort();
  const snapshots = r.settings.snapshots ?? [];
  const entries = files.map((f) => ({ name: f, data: Buffer.from(redactFile(f, readFileSync(join(stateDir, f), 'utf8')), 'utf8') }));
  for (const s of snapshots) {
    if (!existsSync(s)) throw new InputError(msg('err.not-exist', { flag: '--snapshot', path: s }));
    entries.push({ name: `snapshots/${s.split(/[\\/]/).pop()!}`, data: Buffer.from(redactFile('x.json', readFileSync(s, 'utf8')), 'utf8') });
  }
  const outFile = (cmd.getOptionValue('out') as string | undefined) ?? join(stateDir, `clickker-support-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}.zip`);
  writeDurable(outFile, createZip(entries));
  process.stdout.write(`${tr('bundle.written', { file: outFile, n: entries.length })}\n`);
  for (const e of entries) process.stdout.write(`  ${e.name}\n`);
  return EXIT.READY;
}
