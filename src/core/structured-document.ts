// Loading a YAML or JSON document a person wrote (waivers, --config): one-line errors naming the file, never a stack.
import { InputError } from './errors.js';
import { parseJsonDocument } from './json-document.js';

/** JSON for .json files, YAML (a superset) for the rest, with one-line errors. The YAML parser loads only when needed. */
export async function parseStructured(text: string, what: string, file: string): Promise<unknown> {
  if (/\.json$/i.test(file)) return parseJsonDocument(text, what);
  // yaml is CommonJS for Node: bundled, its exports arrive under `default`.
  const mod = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  const { parse, YAMLError } = mod.default ?? mod;
  try {
    return parse(text, { prettyErrors: false });
  } catch (err) {
    if (!(err instanceof YAMLError)) throw err;
    throw new InputError(`${what}: not valid YAML (${err.message.split('\n')[0]})`);
  }
}
