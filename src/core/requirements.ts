// Loads, validates and fingerprints a requirements file (the shipped one, or --requirements FILE).
import { requirementsSchema, type Requirements } from './requirements-schema.js';
import { readAsset } from './assets.js';
import { requirementsSha256 } from './requirements-digest.js';
import { decodeText, DOCUMENT_MAX_BYTES, readInputBytes } from './input-file.js';
import { issueError, parseJsonDocument } from './json-document.js';
import { inputError } from './input-error.js';
import { msg } from '../report/i18n/catalogue.js';

export interface LoadedRequirements {
  requirements: Requirements;
  /** Where they came from, as given (shown in reports). */
  source: string;
  sha256: string;
}

export const DEFAULT_REQUIREMENTS = 'requirements/synergy-api.json';

export function loadRequirements(file?: string): LoadedRequirements {
  const shown = file ?? DEFAULT_REQUIREMENTS;
  const what = msg('in.what.requirements', { file: shown });
  let bytes: Buffer;
  if (file !== undefined) bytes = readInputBytes(file, what, DOCUMENT_MAX_BYTES);
  else {
    try {
      // the shipped file comes from the package (or, inside clickker.exe, from its embedded copy)
      bytes = readAsset(DEFAULT_REQUIREMENTS);
    } catch (err) {
      throw inputError(what, 'in.read.cannot', { code: (err as NodeJS.ErrnoException).code ?? 'error' });
    }
  }
  return parseRequirements(bytes, shown);
}

export function parseRequirements(bytes: Buffer, shown: string): LoadedRequirements {
  const what = msg('in.what.requirements', { file: shown });
  const doc = parseJsonDocument(decodeText(bytes, what), what);
  const parsed = requirementsSchema.safeParse(doc, { reportInput: true }); // a wrong type is told from a missing key
  if (!parsed.success) throw issueError(what, parsed.error.issues[0]!);
  return { requirements: parsed.data, source: shown, sha256: requirementsSha256(bytes) };
}
