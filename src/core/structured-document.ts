// Loading a YAML or JSON document a person wrote (waivers, --config): one-line errors naming the file, never a stack.
// Hostile YAML is an input error too: an alias bomb (a billion laughs) is stopped by the parser's alias budget and
// reported as exit 2, and a warning (an unresolved tag such as !foo) refuses the document instead of printing
// YAMLWarning lines and going on with a guess.
import { compose, inputError, type What } from './input-error.js';
import { lineColumn, parseJsonDocument } from './json-document.js';
import { msg } from '../report/i18n/catalogue.js';
import { verbatim, type Msg } from './text.js';

/** Alias expansions allowed in one document: far more than a config or waivers file uses, far less than a bomb. */
const MAX_ALIAS_COUNT = 100;

/** The first line of a YAML message, without the excerpt of the file that prettyErrors would add, nor its position. */
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/:\s*$/, '').replace(/ at line \d+, column \d+$/, '').replace(/"/g, "'");
}

/**
 * What the YAML parser found, in the run's language: the kinds a hand-written file has most (the parser's error
 * codes, eemeli/yaml docs "Errors"), with the line and column; any other is quoted as the parser said it.
 */
function yamlProblem(problem: { code?: string; message: string; pos?: readonly number[] }, text: string): Msg {
  const at = problem.pos?.[0];
  const pos = at === undefined ? undefined : lineColumn(text, at);
  const where = pos ? msg('in.yaml.at', pos) : verbatim('');
  const id = problem.code === 'DUPLICATE_KEY' ? 'in.yaml.duplicate'
    : problem.code === 'BAD_INDENT' || problem.code === 'MISSING_CHAR' && /indent/i.test(problem.message) ? 'in.yaml.indent'
      : problem.code === 'TAG_RESOLVE_FAILED' ? 'in.yaml.tag' : 'in.yaml.other';
  return compose(id, { where, kind: firstLine(problem.message) });
}

/** JSON for .json files, YAML (a superset) for the rest, with one-line errors. The YAML parser loads only when needed. */
export async function parseStructured(text: string, what: What, file: string): Promise<unknown> {
  if (/\.json$/i.test(file)) return parseJsonDocument(text, what);
  // yaml is CommonJS for Node: bundled, its exports arrive under `default`.
  const mod = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  const { parseDocument } = mod.default ?? mod;
  const doc = parseDocument(text, { prettyErrors: false, logLevel: 'silent', uniqueKeys: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw inputError(what, 'in.yaml.invalid', { why: yamlProblem(problem, text) });
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (/alias/i.test((err as Error).message)) {
      throw inputError(what, 'in.yaml.invalid', { why: msg('in.yaml.aliases', { max: MAX_ALIAS_COUNT }) });
    }
    throw inputError(what, 'in.yaml.invalid', { why: yamlProblem({ message: (err as Error).message }, text) });
  }
}
