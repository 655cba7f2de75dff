// Loading a YAML or JSON document a person wrote (waivers, --config): one-line errors naming the file, never a stack.
// Hostile YAML is an input error too: an alias bomb (a billion laughs) is stopped by the parser's alias budget and
// reported as exit 2, and a warning (an unresolved tag such as !foo) refuses the document instead of printing
// YAMLWarning lines and going on with a guess.
import { InputError } from './errors.js';
import { parseJsonDocument } from './json-document.js';

/** Alias expansions allowed in one document: far more than a config or waivers file uses, far less than a bomb. */
const MAX_ALIAS_COUNT = 100;

/** The first line of a YAML message, without the excerpt of the file that prettyErrors would add. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/:\s*$/, '');
}

/** JSON for .json files, YAML (a superset) for the rest, with one-line errors. The YAML parser loads only when needed. */
export async function parseStructured(text: string, what: string, file: string): Promise<unknown> {
  if (/\.json$/i.test(file)) return parseJsonDocument(text, what);
  // yaml is CommonJS for Node: bundled, its exports arrive under `default`.
  const mod = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  const { parseDocument } = mod.default ?? mod;
  const doc = parseDocument(text, { prettyErrors: false, logLevel: 'silent', uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw new InputError(`${what}: not valid YAML (${firstLine(problem.message)})`);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (/alias/i.test((err as Error).message)) {
      throw new InputError(`${what}: not valid YAML (aliases expand to more than ${MAX_ALIAS_COUNT} nodes; a document this small does not need them)`);
    }
    throw new InputError(`${what}: not valid YAML (${firstLine((err as Error).message)})`);
  }
}
