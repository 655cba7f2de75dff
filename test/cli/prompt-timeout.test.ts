// An unanswered question times out into a report (issue 16): the facts are judged, the first open question is asked,
// nobody answers, and the run still ends in its report with the open questions in the to-do list, never in nothing.
// The question is asked by the real @inquirer/prompts confirm on streams standing in for the terminal.
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { allChecks } from '../../checks/index.js';
import { defaultOptions } from '../../src/core/evaluate.js';
import { judge } from '../../src/core/judge.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { askConfirmations } from '../../src/cli/prompts.js';
import { renderConsole } from '../../src/report/console.js';
import { detectStyle } from '../../src/report/style.js';

const requirements = loadRequirements();
const text = (s: PassThrough) => { const chunks: Buffer[] = []; s.on('data', (c: Buffer) => chunks.push(c)); return () => Buffer.concat(chunks).toString('utf8'); };

describe('an unanswered confirmation prompt', () => {
  it('times out into the report: the open questions stay in the to-do list, exit 3', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const errors = new PassThrough();
    const asked = text(output);
    const said = text(errors);
    const file = 'fixtures/hosts/ws2019-ready.json';
    const started = Date.now();
    const e = await judge([{ facts: loadSnapshot(file).facts, file }], { requirements, checks: allChecks(requirements.requirements), options: defaultOptions() }, {
      ask: (open) => askConfirmations(open, 1000, { input, output, errors }),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    // The first question was asked, nobody answered, and no further question was asked after the timeout.
    expect(asked()).toMatch(/Has the customer completed, signed and returned the Clickker permissions form\?\s+\(confirm\.permissions-form\)/);
    expect(asked()).not.toMatch(/confirm\.synergy-user\)/);
    expect(said()).toMatch(/clickker: no answer within 1 second; the report follows with the open questions\./);
    expect(e.outcome).toMatchObject({ verdict: 'incomplete', exitCode: 3 });
    const out = renderConsole(e, { tool: { name: 'clickker', version: 'test' }, generatedAt: e.evaluatedAt }, { style: detectStyle({ color: false }, { isTTY: false, columns: 80 }, {}, 'linux'), verbose: false });
    expect(out).toMatch(/^To do \(2\):/m);
    expect(out).toMatch(/confirm\.permissions-form: Confirm: Has the customer/);
    expect(out).toMatch(/clickker preflight --confirm confirm\.synergy-user/);
    expect(out).toMatch(/^Exit code 3\./m);
  }, 20_000);
});
