// Loads, validates and fingerprints a requirements file (the shipped one, or --requirements FILE).
import { createHash } from 'node:crypto';
import { requirementsSchema, type Requirements } from './requirements-schema.js';
import { InputError } from './errors.js';
import { readAsset } from './assets.js';
import { decodeText, DOCUMENT_MAX_BYTES, readInputBytes } from './input-file.js';
import { formatIssue, parseJsonDocument } from './json-document.js';

export interface LoadedRequirements {
  requirements: Requirements;
  /** Where they came from, as given (shown in reports). */
  source: string;
  sha256: string;
}

export const DEFAULT_REQUIREMENTS = 'requirements/synergy-api.json';

export function loadRequirements(file?: string): LoadedRequirements {
  const shown = file ?? DEFAULT_REQUIREMENTS;
  let bytes: Buffer;
  if (file !== undefined) bytes = readInputBytes(file, `requirements file ${shown}`, DOCUMENT_MAX_BYTES);
  else {
    try {
      // the shipped file comes from the package (or, inside clickker.exe, from its embedded copy)
      bytes = readAsset(DEFAULT_REQUIREMENTS);
    } catch (err) {
      throw new InputError(`requirements file ${shown}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return parseRequirements(bytes, shown);
}

export function parseRequirements(bytes: Buffer, shown: string): LoadedRequirements {
  const doc = parseJsonDocument(decodeText(bytes, `requirements file ${shown}`), `requirements file ${shown}`);
  const parsed = requirementsSchema.safeParse(doc);
  if (!parsed.success) throw new InputError(`requirements file ${shown}: ${formatIssue(parsed.error.issues[0]!)}`);
  return { requirements: parsed.data, source: shown, sha256: createHash('sha256').update(bytes).digest('hex') };
}
