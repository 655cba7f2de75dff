// The README's CI examples are real: the Azure DevOps YAML parses and publishes the file clickker writes; the
// Jenkinsfile compiles with Groovy's own compiler (Debian's groovy, a test tool: .ci/apt-packages.txt), and its junit
// step reads the file its bat step writes. The declarative pipeline's words (pipeline, agent, stage, bat, junit...)
// are method calls with closures to Groovy, so groovyc checks exactly the syntax Jenkins' CPS parser starts from.
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

/** groovyc on `source` as a script file; its exit status and what it said. */
function groovyc(source: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'clickker-groovy-'));
  try {
    writeFileSync(join(dir, 'Jenkinsfile.groovy'), source);
    const r = spawnSync('groovyc', ['-d', join(dir, 'classes'), join(dir, 'Jenkinsfile.groovy')], { encoding: 'utf8', timeout: 120_000 });
    if (r.error) throw new Error(`groovyc could not be started (${r.error.message}): install the test tools (node scripts/test-tools.mjs)`);
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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

  it('groovyc refuses a broken Jenkinsfile (so the check above can fail)', () => {
    const broken = groovyc(block('groovy').replace("stage('Clickker preflight') {", "stage('Clickker preflight' {"));
    expect(broken.status).not.toBe(0);
    expect(broken.output).toMatch(/unexpected token|expecting/);
  }, 120_000);

  it('Jenkins: compiles, and junit reads what bat writes; a failing preflight does not skip publishing', () => {
    const groovy = block('groovy');
    // Compiled by Groovy itself: a syntax error in the README fails here.
    const compiled = groovyc(groovy);
    expect(compiled.output).toBe('');
    expect(compiled.status).toBe(0);
    expect(groovy).toMatch(/^pipeline \{/);
    const bat = /bat\(script: '([^']+)', returnStatus: true\)/.exec(groovy)![1]!.replace(/\\\\/g, '\\');
    expect(bat).toMatch(/^C:\\Tools\\clickker\\clickker\.exe preflight /);
    for (const flag of known) expect(bat).toContain(flag);
    const out = /--output (\S+)/.exec(bat)![1];
    expect(groovy).toMatch(new RegExp(`post \\{\\s*always \\{\\s*junit\\(testResults: '${out!.replace('.', '\\.')}'`));
  }, 120_000);
});
