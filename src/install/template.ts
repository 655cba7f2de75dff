// Configuration templates: `{{name}}` and `{{secret.name}}` placeholders, each value escaped for the file's format,
// so a password holding `<` or `"` cannot break (or inject into) a Web.config or a JSON settings file.
import { say, type Msg } from '../core/text.js';

/** The values every template may use; secrets come on top as {{secret.<name>}}. */
export const TEMPLATE_VARIABLES = ['installDir', 'sqlServer', 'database', 'serviceAccount', 'site', 'appPath', 'version', 'baseUrl'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export type TemplateFormat = 'xml' | 'json' | 'text';

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)?)\s*\}\}/g;

/** The placeholder names used in a template, in order of first use. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** Why a placeholder is not allowed, or null. */
export function placeholderProblem(name: string, secrets: readonly string[]): Msg | null {
  if (name.startsWith('secret.')) {
    return secrets.includes(name.slice(7)) ? null : say(`{{${name}}} names a secret the manifest does not declare`, `{{${name}}} noemt een geheim dat het manifest niet declareert`);
  }
  const known = `${TEMPLATE_VARIABLES.join(', ')}, secret.<name>`;
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name) ? null : say(`{{${name}}} is not a known value (${known})`, `{{${name}}} is geen bekende waarde (${known.replace('<name>', '<naam>')})`);
}

export function escapeFor(format: TemplateFormat, value: string): string {
  switch (format) {
    case 'xml': return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
    case 'json': return JSON.stringify(value).slice(1, -1);
    case 'text': return value;
  }
}

/** Renders a template; every placeholder must have a value (checked when the package is opened). */
export function render(text: string, values: Readonly<Record<string, string>>, format: TemplateFormat): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for {{${name}}}`);
    return escapeFor(format, v);
  });
}
