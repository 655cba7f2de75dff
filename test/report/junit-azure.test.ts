// JUnit read the way Azure DevOps' PublishTestResults maps it (docs: "Publish Test Results task", JUnit mapping:
// <failure> or <error> -> Failed, <skipped> -> NotExecuted, else Passed; message = the element's `message` attribute;
// computer name = testsuite@hostname; test name = testcase@name) and as Jenkins lists it.
import { describe, expect, it } from '@jest/globals';
import { XMLParser } from 'fast-xml-parser';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { allChecks } from '../../checks/index.js';
import { renderJunit } from '../../src/report/junit.js';

const requirements = loadRequirements();
const meta = { tool: { name: 'clickker', version: 'test' }, generatedAt: '2026-12-04T00:00:00.000Z' };

interface AzureResult { testName: string; outcome: 'Failed' | 'NotExecuted' | 'Passed'; errorMessage?: string; computerName: string }

function azureMap(xml: string): AzureResult[] {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(xml);
  const out: AzureResult[] = [];
  for (const suite of doc.testsuites.testsuite as Record<string, unknown>[]) {
    for (const c of suite.testcase as Record<string, Record<string, string> | string>[]) {
      const failure = (c.failure ?? c.error) as Record<string, string> | undefined;
      const skipped = c.skipped as Record<string, string> | undefined;
      out.push({
        testName: String(c.name), computerName: String(suite.hostname),
        outcome: failure ? 'Failed' : skipped !== undefined ? 'NotExecuted' : 'Passed',
        errorMessage: failure?.message ?? skipped?.message,
      });
    }
  }
  return out;
}

function junitOf(file: string, failOn: ('warning' | 'unknown')[] = []) {
  const { facts } = loadSnapshot(file);
  return renderJunit(evaluate({ hosts: [{ facts }], requirements, checks: allChecks(loadRequirements().requirements), options: defaultOptions(), failOn }), meta);
}

describe('JUnit as Azure DevOps maps it', () => {
  it('names tests by check id, sets the agent, and tells unknown apart from fail by its message prefix', () => {
    const results = azureMap(junitOf('fixtures/hosts/ws2016-dotnet462.json'));
    const by = (n: string) => results.find((r) => r.testName === n)!;
    expect(by('dotnet.framework')).toMatchObject({ outcome: 'Failed', computerName: 'SRV-EXACT' });
    expect(by('dotnet.framework').errorMessage).toMatch(/^FAIL: \.NET Framework 4\.6\.2/);
    expect(by('confirm.permissions-form')).toMatchObject({ outcome: 'Failed' });
    expect(by('confirm.permissions-form').errorMessage).toMatch(/^UNKNOWN: Not confirmed: /);
    expect(by('os.version').outcome).toBe('Passed');
    expect(new Set(results.map((r) => r.testName)).size).toBe(results.length);
  });

  it('carries the status as a property (Jenkins) and puts a warning where it is read', () => {
    const xml = junitOf('fixtures/hosts/ws2019-dc.json');
    const results = azureMap(xml);
    const warning = results.find((r) => r.testName === 'os.version.warning');
    expect(warning).toMatchObject({ outcome: 'NotExecuted' });
    expect(warning!.errorMessage).toMatch(/^WARNING: .*domain controller/);
    expect(results.find((r) => r.testName === 'os.version')!.outcome).toBe('Passed');
    expect(xml).toMatch(/<property name="clickker.status" value="warn"\/>/);
    // With --fail-on warning the check itself fails and no separate warning test is added.
    const strict = azureMap(junitOf('fixtures/hosts/ws2019-dc.json', ['warning']));
    expect(strict.find((r) => r.testName === 'os.version')!.outcome).toBe('Failed');
    expect(strict.find((r) => r.testName === 'os.version.warning')).toBeUndefined();
  });

  it('keeps the counts consistent with the testcases', () => {
    const xml = junitOf('fixtures/hosts/ws2019-dc.json');
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' }).parse(xml);
    const suite = doc.testsuites.testsuite[0];
    expect(Number(suite.tests)).toBe(suite.testcase.length);
    expect(Number(suite.skipped)).toBe(suite.testcase.filter((c: Record<string, unknown>) => c.skipped !== undefined).length);
  });

  it('a partial run (--only/--skip): clickker.partial and clickker.notChecked on the suite, each unjudged blocking check Not Executed', () => {
    const { facts } = loadSnapshot('fixtures/hosts/ws2019-ready.json');
    const checks = allChecks(loadRequirements().requirements);
    const run = (selection: { only?: string[]; skip?: string[] }) =>
      renderJunit(evaluate({ hosts: [{ facts }], requirements, checks, options: defaultOptions({ confirmations: new Set(['all']) }), selection }), meta);
    const props = (xml: string) => {
      const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' || n === 'testcase' || n === 'property' }).parse(xml);
      const suite = doc.testsuites.testsuite[0];
      return { suite, p: Object.fromEntries((suite.properties.property as { name: string; value: string }[]).map((x) => [x.name, x.value])) };
    };
    const only = run({ only: ['os.version'] });
    const { suite, p } = props(only);
    expect(p['clickker.partial']).toBe('true');
    expect(p['verdict']).toBe('incomplete');
    const notChecked = p['clickker.notChecked']!.split(',');
    expect(notChecked).toContain('iis.features');
    const mapped = azureMap(only);
    for (const id of notChecked) {
      expect(mapped.find((r) => r.testName === id)).toMatchObject({ outcome: 'NotExecuted', computerName: 'SYNERGY01' });
      expect(mapped.find((r) => r.testName === id)!.errorMessage).toMatch(new RegExp(`^NOT CHECKED: ${id.replace('.', '\\.')} is blocking and was not selected \\(--only\\)`));
    }
    expect(mapped.find((r) => r.testName === 'os.version')!.outcome).toBe('Passed');
    expect(mapped.find((r) => r.testName === 'os.pending-reboot')).toBeUndefined(); // a warning check left out is not a gap
    expect(Number(suite.tests)).toBe(suite.testcase.length);
    expect(Number(suite.skipped)).toBe(suite.testcase.filter((c: Record<string, unknown>) => c.skipped !== undefined).length);

    const skip = run({ skip: ['iis.features'] });
    expect(props(skip).p['clickker.notChecked']).toBe('iis.features');
    expect(azureMap(skip).find((r) => r.testName === 'iis.features')!.errorMessage).toMatch(/^NOT CHECKED: iis\.features is blocking and was skipped \(--skip\)/);
    // A full run says it is not partial.
    const full = props(run({})).p;
    expect(full['clickker.partial']).toBe('false');
    expect(full['clickker.notChecked']).toBeUndefined();
  });

  it('names missing role services with their Server Manager names, as every format does', () => {
    const xml = junitOf('fixtures/hosts/ws2019-iis-partial.json');
    expect(xml).toMatch(/missing: Web-Basic-Auth \(Basic Authentication\), Web-Windows-Auth \(Windows Authentication\), Web-ASP \(ASP\), Web-CGI \(CGI\)/);
    expect(xml).toMatch(/docs: docs\/checks\.md#iis-features/);
  });
});
