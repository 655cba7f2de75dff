// zod's findings said by clickker, in English and Dutch. zod's own messages are English only ("Invalid input:
// expected string, received number"), so they are never printed: each issue is described from its code and its
// parameters. A schema's own message ("expected true or false") is the English of an `in.z.*` catalogue entry, which
// gives its Dutch; a custom issue may carry its Msg in `params.msg`.
import type * as z from 'zod';
import { INPUT_MESSAGES } from '../report/i18n/input-messages.js';
import { msg, type MessageId } from '../report/i18n/catalogue.js';
import { compose } from './input-error.js';
import { both, type Msg } from './text.js';

/** The schemas' own messages by their English text. */
const OWN = new Map<string, MessageId>(
  (Object.entries(INPUT_MESSAGES) as [MessageId, { en: string }][]).filter(([id]) => id.startsWith('in.z.')).map(([id, m]) => [m.en, id]),
);

/** The English of a schema's own message, to give zod (`error:` or a refine's message): its Dutch is found by it. */
export const zodText = (id: keyof typeof INPUT_MESSAGES & `in.z.${string}`): string => INPUT_MESSAGES[id].en;

function typeName(name: string): Msg {
  const id = `in.z.t.${name}` as MessageId;
  return id in INPUT_MESSAGES ? msg(id) : msg('in.z.t.other');
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'number';
  return typeof value;
}

const quoted = (values: readonly unknown[]) => values.map((v) => (typeof v === 'string' ? `"${v}"` : String(v)));

/** '"a", "b" or "c"' / '"a", "b" of "c"': the values quoted, so a value ("warning") reads as one in a Dutch sentence. */
function orList(values: readonly unknown[]): Msg {
  const q = quoted(values);
  const last = q.pop() ?? '';
  return both((l) => (q.length ? `${q.join(', ')} ${l === 'nl' ? 'of' : 'or'} ${last}` : last));
}

/** One issue as a bilingual phrase (without the path). */
export function issueText(issue: z.core.$ZodIssue): Msg {
  const own = OWN.get(issue.message);
  if (own) return msg(own);
  const params = (issue as { params?: { msg?: Msg } }).params;
  if (issue.code === 'custom' && params?.msg) return params.msg;
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return msg('in.z.missing');
      const expected = typeName(issue.expected);
      const found = typeName(typeOf(issue.input));
      return compose('in.z.type', { expected, found });
    }
    case 'invalid_value':
      return compose('in.z.one-of', { values: orList(issue.values) });
    case 'too_small':
    case 'too_big': {
      const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      if (issue.code === 'too_small' && issue.origin === 'string' && n === 1) return msg('in.z.empty');
      const side = issue.code === 'too_small' ? 'min' : 'max';
      const kind = issue.origin === 'string' ? 'string' : issue.origin === 'array' || issue.origin === 'set' ? 'array' : 'number';
      return msg(`in.z.${side}.${kind}` as MessageId, { n });
    }
    case 'invalid_format':
      return issue.format === 'url' ? msg('in.z.url') : msg('in.z.format');
    case 'unrecognized_keys':
      return msg('in.z.unknown-keys', { keys: quoted(issue.keys).join(', ') });
    case 'invalid_union':
      return msg('in.z.union');
    default:
      return msg('in.z.invalid');
  }
}
