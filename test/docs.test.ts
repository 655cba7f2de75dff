// Docs derived from code must not drift: regenerate with `npm run gen:docs`.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checksMarkdown } from '../src/cli/checks-command.js';
import { allChecks } from '../checks/index.js';
import { loadRequirements } from '../src/core/requirements.js';
import { reportJsonSchema } from '../src/report/report-schema.js';
import { ROOT } from './support/cli.js';

describe('generated docs are current', () => {
  it('docs/checks.md matches `clickker checks --format markdown`', () => {
    const { requirements } = loadRequirements();
    expect(readFileSync(join(ROOT, 'docs', 'checks.md'), 'utf8')).toBe(checksMarkdown(allChecks(requirements), requirements.version));
  });
  it('docs/report.schema.json matches the report schema', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'docs', 'report.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(reportJsonSchema())));
  });
  it('every check id has an anchor in docs/checks.md and a docs link that points to it', () => {
    const { requirements } = loadRequirements();
    const md = readFileSync(join(ROOT, 'docs', 'checks.md'), 'utf8');
    for (const c of allChecks(requirements)) expect(md).toContain(`<a id="${c.id.replace(/[^a-z0-9]+/gi, '-')}"></a>`);
  });
});
