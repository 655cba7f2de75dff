// Every error clickker prints is one line, redacted and free of control characters: an error message quotes file
// names, option values and document text, any of which may hold a secret or a terminal escape sequence.
import { oneLine } from '../report/controls.js';
import { redactText } from '../report/redact.js';
import { cliLang, tr } from './lang.js';

/** "clickker: <message>\n", made safe to print. */
export function errorLine(message: string): string {
  return `clickker: ${oneLine(redactText(message))}\n`;
}

// An option whose name suggests a secret: its value is never echoed, not even inside "unknown option".
const SECRET_OPTION = /pass|pwd|secret|token|key|credential|auth/i;

/** commander's English sentences (commander 14, lib/command.js) in the run's language; anything else as it came. */
function commanderInLang(text: string): string {
  if (cliLang() === 'en') return text;
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^unknown option '([^']*)'/, (m) => tr('cmd.unknown-option', { name: m[1]! })],
    [/^unknown command '([^']*)'/, (m) => tr('cmd.unknown-command', { name: m[1]! })],
    [/^option '([^']*)' argument missing/, (m) => tr('cmd.argument-missing', { name: m[1]! })],
    [/^missing required argument '([^']*)'/, (m) => tr('cmd.required-argument', { name: m[1]! })],
    [/^option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are ([^.]*)\./, (m) => tr('cmd.invalid-choice', { name: m[1]!, value: m[2]!, choices: m[3]! })],
    [/^too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./, (m) => tr('cmd.too-many', { name: m[1] ?? 'clickker', expected: m[2]!, got: m[3]! })],
  ];
  let out = text;
  for (const [re, say] of rules) {
    const m = re.exec(out);
    if (m) { out = say(m) + out.slice(m[0].length); break; }
  }
  return out.replace(/\(did you mean ([^)]*)\)/g, (_w, name: string) => tr('cmd.did-you-mean', { name }));
}

/**
 * commander's own errors ("error: unknown option '--x=y'", "unknown command 'x'" plus a suggestion on a second
 * line) as one clickker line. The value of an unknown option is dropped when its name suggests a secret.
 */
export function commanderLine(text: string): string {
  const joined = text.replace(/^error: /, '').trim().replace(/\s*\n\s*\(Did you mean ([^)]*)\)/g, ' (did you mean $1)').replace(/\s*\n\s*/g, ' ');
  const safe = joined.replace(/'(-{1,2}[^'=\s]+)=[^']*'/g, (whole, name: string) => (SECRET_OPTION.test(name) ? `'${name}' ${tr('err.value-hidden')}` : whole));
  return errorLine(commanderInLang(safe));
}
