// The package manifest: `clickker-package.json` at the root of a release zip (docs/package.md). It declares what the
// installer places and configures; the installer is an engine that carries out this declaration, never a script
// with hard-coded names. Every name that reaches Windows or SQL Server is restricted here to a safe alphabet, so
// a manifest cannot smuggle wildcards, quotes or path separators into a cmdlet or a T-SQL identifier.
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';
import { InputError } from '../core/errors.js';
import { formatIssue, parseJsonDocument } from '../core/json-document.js';
import { say, verbatim, type Msg } from '../core/text.js';

export const PACKAGE_SCHEMA = 'clickker.package/v1';
export const MANIFEST_NAME = 'clickker-package.json';

/** A relative path inside the package or the install folder: forward slashes, no `..`, no drive, no leading slash. */
const relativePath = z.string().min(1).max(240).refine(
  (p) => !p.startsWith('/') && !p.includes('\\') && !/^[A-Za-z]:/.test(p) && p.split('/').every((s) => s !== '..' && s !== '.')
    && !/[\0<>:"|?*]/.test(p),
  'expected a relative path with forward slashes, without "..", a drive or characters Windows forbids',
);

/** A folder prefix inside the package ("app/"), or "" for the whole package. */
const folderPrefix = z.union([z.literal(''), relativePath.refine((p) => p.endsWith('/'), 'a folder ends with "/"')]);

const safeName = (what: string, max: number, spaces: boolean) => z.string().regex(
  spaces ? new RegExp(`^[A-Za-z0-9][A-Za-z0-9 ._-]{0,${max - 1}}$`) : new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${max - 1}}$`),
  `${what}: letters, digits${spaces ? ', spaces' : ''}, '.', '_' and '-' only, at most ${max} characters, starting with a letter or digit`,
);

/** An IIS application path under the website: /clickker or /api/clickker. */
export const appPathSchema = z.string().regex(/^\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, 'expected an application path such as /clickker');

/** A T-SQL database name we create: conservative, so it reads well in every tool. */
export const databaseNameSchema = safeName('database name', 100, false);

const descriptionText = z.string().min(1).max(200).refine((s) => !/[\0\r\n]/.test(s), 'a description is one line');

const arg = z.string().max(400).refine((a) => !/[\0\r\n]/.test(a), 'arguments may not hold NUL or line breaks');

export const manifestSchema = z.object({
  schema: z.literal(PACKAGE_SCHEMA, { error: `expected "${PACKAGE_SCHEMA}"` }),
  product: z.string().min(1).max(100),
  version: z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'expected a version such as 1.4.2'),
  /** Files to place: everything under `from` in the zip goes to `to` in the install folder. */
  files: z.array(z.object({ from: folderPrefix, to: z.union([z.literal(''), relativePath]).default('') })).min(1),
  database: z.object({
    /** The name used unless --clickker-database says otherwise. */
    defaultName: databaseNameSchema.default('Clickker'),
    /** T-SQL scripts in the zip, applied once each in this order; `GO` on its own line separates batches. */
    scripts: z.array(relativePath.refine((p) => p.toLowerCase().endsWith('.sql') && p.length <= 128, 'a script ends in .sql and its path has at most 128 characters')).default(() => []),
    /**
     * Scripts that can be undone, by script: the T-SQL (in the zip) that reverses it. Rolling back an upgrade runs it;
     * a script without one cannot be undone, and the rollback of a run that applied it to an existing database is
     * refused before anything is undone.
     */
    undoScripts: z.record(z.string(), relativePath.refine((p) => p.toLowerCase().endsWith('.sql'), 'an undo script ends in .sql')).default(() => ({})),
    /** Database roles the service account gets in the Clickker database. */
    roles: z.array(z.enum(['db_datareader', 'db_datawriter', 'db_ddladmin', 'db_owner'])).default(() => ['db_datareader' as const, 'db_datawriter' as const]),
  }).strict().optional(),
  /** Read access (db_datareader) for the service account on the Exact databases. */
  exactDatabaseRead: z.boolean().default(true),
  iis: z.object({
    appPool: z.object({
      name: safeName('application pool', 64, true),
      managedRuntimeVersion: z.literal('v4.0').default('v4.0'),
      pipelineMode: z.literal('Integrated').default('Integrated'),
    }).strict(),
    application: z.object({
      defaultPath: appPathSchema.default('/clickker'),
      /** The folder (inside the install folder) the application serves. */
      physicalPath: z.union([z.literal(''), relativePath]),
    }).strict(),
  }).strict().optional(),
  services: z.array(z.object({
    name: safeName('service name', 80, false),
    displayName: z.string().min(1).max(256).refine((s) => !/[\0\r\n]/.test(s)),
    description: z.string().max(1000).refine((s) => !/[\0\r\n]/.test(s)).optional(),
    /** Relative to the install folder. */
    executable: relativePath,
    arguments: z.array(arg).default(() => []),
    startMode: z.enum(['Automatic', 'Manual']).default('Automatic'),
    /** Automatic (Delayed Start): starts after the boot's automatic services (SQL Server, IIS) are up. */
    delayedStart: z.boolean().default(true),
    /** Windows restarts the service when it fails (after 1 minute, three times; the count resets after a day). */
    restartOnFailure: z.boolean().default(true),
  }).strict()).default(() => []),
  scheduledTasks: z.array(z.object({
    name: safeName('task name', 128, true),
    executable: relativePath,
    arguments: z.array(arg).default(() => []),
    /** Daily start time, HH:MM (24 h, server local time). */
    daily: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'),
  }).strict()).default(() => []),
  /** Secrets the templates need; each comes from CLICKKER_SECRET_<NAME> or a hidden prompt, never a flag or file. */
  secrets: z.array(z.object({
    name: z.string().regex(/^[a-z][A-Za-z0-9]{0,39}$/, 'expected a camelCase name such as cloudApiKey'),
    /**
     * What the value is, for the prompt and the error that asks for it: one text (shown as it is in every language,
     * as manifests before issue 16 have it), or English and Dutch ({ "en": ..., "nl": ... }) for a Dutch console.
     */
    description: z.union([descriptionText, z.object({ en: descriptionText, nl: descriptionText }).strict()]),
  }).strict()).default(() => []),
  configFiles: z.array(z.object({
    template: relativePath,
    /** Relative to the install folder. */
    target: relativePath,
    /** How placeholder values are escaped: xml (&, <, >, quotes), json (string contents) or text (as is). */
    format: z.enum(['xml', 'json', 'text']),
  }).strict()).default(() => []),
  /** Requests that must succeed once everything is in place. */
  verify: z.array(z.object({
    name: safeName('verification name', 64, true),
    /** May use placeholders, e.g. {{baseUrl}}{{appPath}}/health. */
    url: z.string().min(1).max(500),
    expectStatus: z.number().int().min(100).max(599).default(200),
  }).strict()).default(() => []),
}).strict();

export type Manifest = z.infer<typeof manifestSchema>;
/** A service as the package declares it; install/executor.ts's ServiceSpec is what Windows is told after resolving it. */
export type ManifestService = Manifest['services'][number];
/** A scheduled task as the package declares it; install/executor.ts's TaskSpec is the resolved one. */
export type ManifestTask = Manifest['scheduledTasks'][number];
export type ConfigFileSpec = Manifest['configFiles'][number];
export type ManifestSecret = Manifest['secrets'][number];

/** A secret's description in both languages: the manifest's Dutch when it gives one, else its one text as it is. */
export const secretDescription = (s: Pick<ManifestSecret, 'description'>): Msg =>
  (typeof s.description === 'string' ? verbatim(s.description) : s.description);
export type VerifySpec = Manifest['verify'][number];

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = v.toLowerCase();
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}

/** Parses and validates the manifest text; one-line errors that name the JSON path. `where` names the manifest. */
export function parseManifest(text: string, where: Msg): Manifest {
  const doc = parseJsonDocument(text, where.en);
  const parsed = manifestSchema.safeParse(doc);
  if (!parsed.success) throw new InputError(`${where.en}: ${formatIssue(parsed.error.issues[0]!)}`);
  const m = parsed.data;
  const dupChecks: [Msg, string[]][] = [
    [say('service', 'service'), m.services.map((s) => s.name)],
    [say('scheduled task', 'geplande taak'), m.scheduledTasks.map((t) => t.name)],
    [say('secret', 'geheim'), m.secrets.map((s) => s.name)],
    [say('config file target', 'doel van configuratiebestand'), m.configFiles.map((c) => c.target)],
    [say('SQL script', 'SQL-script'), m.database?.scripts ?? []],
    [say('verification', 'controle'), m.verify.map((v) => v.name)],
  ];
  for (const [what, values] of dupChecks) {
    const dup = duplicates(values);
    if (dup.length > 0) {
      const name = JSON.stringify(dup[0]);
      throw new InputError(say(`${where.en}: ${what.en} ${name} is declared twice`, `${where.nl}: ${what.nl} ${name} is twee keer gedeclareerd`));
    }
  }
  return m;
}
