// Every error clickker prints is one line, redacted and free of control characters: an error message quotes file
// names, option values and document text, any of which may hold a secret or a terminal escape sequence.
import { oneLine } from '../report/controls.js';
import { redactText } from '../report/redact.js';

/** "clickker: <message>\n", made safe to print. */
export function errorLine(message: string): string {
  return `clickker: ${oneLine(redactText(message))}\n`;
}

// An option whose name suggests a secret: its value is never echoed, not even inside "unknown option".
const SECRET_OPTION = /pass|pwd|secret|token|key|credential|auth/i;

/**
 * commander's own errors ("error: unknown option '--x=y'", "unknown command 'x'" plus a suggestion on a second
 * line) as one clickker line. The value of an unknown option is dropped when its name suggests a secret.
 */
export function commanderLine(text: string): string {
  const joined = text.replace(/^error: /, '').trim().replace(/\s*\n\s*\(Did you mean ([^)]*)\)/g, ' (did you mean $1)').replace(/\s*\n\s*/g, ' ');
  const safe = joined.replace(/'(-{1,2}[^'=\s]+)=[^']*'/g, (whole, name: string) => (SECRET_OPTION.test(name) ? `'${name}' (its value is not shown)` : whole));
  return errorLine(safe);
}
