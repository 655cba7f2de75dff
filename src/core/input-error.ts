// One-line input errors about a named thing (a file, a flag), built from a catalogue message in English and Dutch:
// the InputError carries both, and the run's language picks the one printed (src/cli/main.ts).
import { InputError } from './errors.js';
import { msg, type MessageId } from '../report/i18n/catalogue.js';
import { both, verbatim, type Msg } from './text.js';

/** What an error names: a Msg ("config file X" / "configuratiebestand X"), or one string for both languages. */
export type What = Msg | string;
export const whatMsg = (what: What): Msg => (typeof what === 'string' ? verbatim(what) : what);

/** A catalogue message whose placeholders may be Msgs themselves (each filled in its own language). */
export function compose(id: MessageId, vars: Record<string, string | number | Msg> = {}): Msg {
  return both((l) => msg(id, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'object' ? v[l] : v])))[l]);
}

/** InputError(compose(id, { what, ...vars })): `{what}` in the message names the thing. */
export function inputError(what: What, id: MessageId, vars: Record<string, string | number | Msg> = {}): InputError {
  return new InputError(compose(id, { ...vars, what: whatMsg(what) }));
}
