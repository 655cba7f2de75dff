// The README's CI examples are real: the Azure DevOps YAML parses and publishes the file clickker writes; the
// Jenkinsfile's brackets and strings balance, and its junit step reads the file its bat step writes.
// (No Groovy compiler is available here: the Groovy is checked by a tokenizer, not compiled.)
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('### CI pipelines'));
const block = (lang: string) => {
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(section);
  if (!m) throw new Error(`no ${lang} block under "CI pipelines"`);
  return m[1]!;
};

/** The command-line options clickker accepts for preflight, as its help lists them. */
const known = ['--confirmations', '--format', '--output'];

describe('README pipeline examples', () => {
  it('Azure DevOps: valid YAML; the JUnit file clickker writes is the one PublishTestResults reads, even after a failure', () => {
    const pipeline = parse(block('yaml')) as { steps: Record<string, unknown>[] };
    const run = pipeline.steps.find((s) => typeof s.powershell === 'string')!;
    const publish = pipeline.steps.find((s) => s.task === 'PublishTestResults@2')!;
    const script = String(run.powershell);
    expect(script).toMatch(/clickker\.exe preflight /);
    for (const flag of known) expect(script).toContain(flag);
    expect(script).toMatch(/--format junit/);
    const out = /--output "([^"]+)"/.exec(script)![1]!.replace(/\\/g, '/');
    const inputs = publish.inputs as Record<string, unknown>;
    expect(inputs.testResultsFormat).toBe('JUnit');
    expect(String(inputs.testResultsFiles)).toBe(out);
    expect(publish.condition).toBe('succeededOrFailed()');
    // The confirmations file shown above the pipelines is valid YAML of the documented shape.
    const confBlock = /```yaml\n(# confirmations\.yaml[\s\S]*?)\n```/.exec(readme)![1]!;
    const conf = parse(confBlock) as { confirmations: { id: string; confirmedBy: string; date: unknown }[] };
    for (const c of conf.confirmations) expect(c.id).toMatch(/^confirm\./);
  });

  it('Jenkins: balanced, and junit reads what bat writes; a failing preflight does not skip publishing', () => {
    const groovy = block('groovy');
    // Tokenize: skip strings (with escapes) and comments; brackets must balance.
    const stack: string[] = [];
    const pairs: Record<string, string> = { '}': '{', ')': '(', ']': '[' };
    for (let i = 0; i < groovy.length; i++) {
      const ch = groovy[i]!;
      if (ch === "'" || ch === '"') {
        const q = ch;
        for (i++; i < groovy.length && groovy[i] !== q; i++) if (groovy[i] === '\\') i++;
        expect(i).toBeLessThan(groovy.length); // unterminated string
        continue;
      }
      if (ch === '/' && groovy[i + 1] === '/') { while (i < groovy.length && groovy[i] !== '\n') i++; continue; }
      if ('{(['.includes(ch)) stack.push(ch);
      if ('})]'.includes(ch)) expect(stack.pop()).toBe(pairs[ch]);
    }
    expect(stack).toEqual([]);
    expect(groovy).toMatch(/^pipeline \{/);
    const bat = /bat\(script: '([^']+)', returnStatus: true\)/.exec(groovy)![1]!.replace(/\\\\/g, '\\');
    expect(bat).toMatch(/^C:\\Tools\\clickker\\clickker\.exe preflight /);
    for (const flag of known) expect(bat).toContain(flag);
    const out = /--output (\S+)/.exec(bat)![1];
    expect(groovy).toMatch(new RegExp(`post \\{\\s*always \\{\\s*junit\\(testResults: '${out!.replace('.', '\\.')}'`));
  });
});
