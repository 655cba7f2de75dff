// The JSON report contract, clickker.report/v1 (docs/report.md). docs/report.schema.json is generated from this.
import '../core/zod-setup.js'; // before any schema is built
import * as z from 'zod';
import { STATUSES } from '../core/types.js';
import { FAIL_ON, PROFILES, SEVERITIES } from '../core/vocabulary.js';

const status = z.enum(STATUSES as unknown as [string, ...string[]]);
const verdict = z.enum(['ready', 'not-ready', 'incomplete']);
const counts = z.record(status, z.number().int().nonnegative());
const command = z.object({
  shell: z.enum(['powershell', 'tsql', 'text']),
  script: z.string(),
  /** Who runs it (default: administrator for powershell, sql-sysadmin for tsql). */
  runAs: z.enum(['administrator', 'user', 'sql-sysadmin']).optional(),
  /** fix (default) changes the state; look only shows it. */
  purpose: z.enum(['fix', 'look']).optional(),
});

export const reportSchema = z.object({
  schema: z.literal('clickker.report/v1'),
  tool: z.object({ name: z.literal('clickker'), version: z.string() }),
  generatedAt: z.iso.datetime(),
  requirements: z.object({ version: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), source: z.string() }),
  profile: z.enum(PROFILES),
  selection: z.object({ only: z.array(z.string()), skip: z.array(z.string()) }),
  failOn: z.array(z.enum(FAIL_ON)),
  confirmations: z.array(z.string()),
  verdict,
  exitCode: z.number().int(),
  /** True when blocking checks were not judged (--only/--skip): such a run is never ready. Absent before issue 16. */
  partial: z.boolean().optional(),
  /** The blocking checks not judged (left out by --only, or skipped without a waiver). Absent before issue 16. */
  notChecked: z.array(z.string()).optional(),
  counts,
  hosts: z.array(z.object({
    host: z.string(),
    file: z.string().nullable(),
    collectedAt: z.string().nullable(),
    collector: z.object({ name: z.string(), version: z.string() }).nullable(),
    verdict,
    exitCode: z.number().int(),
    partial: z.boolean().optional(),
    notChecked: z.array(z.string()).optional(),
    counts,
  })).min(1),
  results: z.array(z.object({
    host: z.string(),
    id: z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/),
    title: z.string(),
    category: z.string(),
    severity: z.enum(SEVERITIES),
    status,
    summary: z.string().min(1),
    reason: z.string().nullable(),
    evidence: z.record(z.string(), z.unknown()),
    remediation: z.object({ text: z.string(), commands: z.array(command).optional() }).nullable(),
    waiver: z.object({
      reason: z.string(), approvedBy: z.string(), expires: z.string(), expired: z.boolean(), status,
    }).nullable(),
    docs: z.string(),
    ms: z.number().nonnegative(),
  })),
});

export type JsonReport = z.infer<typeof reportSchema>;

export function reportJsonSchema(): unknown {
  return { title: 'clickker preflight report (clickker.report/v1)', ...z.toJSONSchema(reportSchema) as object };
}
