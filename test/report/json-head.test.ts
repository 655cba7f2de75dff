// The report header in two parts around spooled hosts (src/cli/fleet.ts, issue 17) is the same text as the header
// built whole: for no host, one host and several, and with characters the JSON report escapes (C1 controls).
import { describe, expect, it } from '@jest/globals';
import { allChecks } from '../../checks/index.js';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { jsonHostText, jsonReportHead, jsonReportHeadAround } from '../../src/report/json.js';

describe('the JSON report head around spooled hosts', () => {
  const requirements = loadRequirements();
  const files = ['ws2019-ready.json', 'ws2012r2.json', 'win11-client.json'].map((f) => `fixtures/hosts/${f}`);
  const e = evaluate({
    checks: allChecks(requirements.requirements),
    hosts: files.map((f) => { const { snapshot, facts } = loadSnapshot(f); return { facts, file: f, collectedAt: snapshot.collectedAt, collector: snapshot.collector }; }),
    requirements, options: defaultOptions({ confirmations: new Set(['all']) }),
  });
  // A C1 control (NEL) in a host name: escaped as \u0085 in the JSON text, in the spooled item as in the whole header.
  const hosts = e.hosts.map((h, i) => (i === 1 ? { ...h, host: `${h.host}\u0085x` } : h));
  const meta = { tool: { name: 'clickker', version: '0.1.0' }, generatedAt: '2026-12-04T00:00:00.000Z' };

  it.each([0, 1, 3])('is the whole header for %i host(s), with and without results', (n) => {
    for (const hasResults of [true, false]) {
      const part = { ...e, hosts: hosts.slice(0, n) };
      const { before, after } = jsonReportHeadAround(part, meta, n > 0, hasResults);
      const spooled = part.hosts.map(jsonHostText).join(',\n');
      expect(before + spooled + after).toBe(jsonReportHead(part, meta, hasResults));
    }
    if (n === 3) expect(jsonReportHead({ ...e, hosts }, meta, true)).toContain('\\u0085x');
  });
});
