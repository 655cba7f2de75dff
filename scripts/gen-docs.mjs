#!/usr/bin/env node
// Regenerates the docs that are derived from code: docs/checks.md and docs/report.schema.json.
// Run after `npm run build`; test/docs.test.ts fails when the committed files are stale.
import { writeFileSync } from 'node:fs';
import { checksMarkdown } from '../dist/src/cli/checks-command.js';
import { allChecks } from '../dist/checks/index.js';
import { loadRequirements } from '../dist/src/core/requirements.js';
import { reportJsonSchema } from '../dist/src/report/report-schema.js';

const { requirements } = loadRequirements();
writeFileSync('docs/checks.md', checksMarkdown(allChecks(requirements), requirements.version));
writeFileSync('docs/report.schema.json', `${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
console.log('wrote docs/checks.md and docs/report.schema.json');
