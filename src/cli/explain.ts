// clickker explain ID: what the check verifies, why, what it reads, and the fix.
import { InputError } from '../core/errors.js';
import { allChecks } from '../../checks/index.js';
import { docsAnchor } from '../core/registry.js';
import { loadRequirements } from '../core/requirements.js';
import { FACTS_BY_PROBE } from '../facts/index.js';
import { commandLabel, orderedCommands } from '../report/common.js';
import { detectStyle, wrap } from '../report/style.js';

export function runExplain(id: string, opts: { requirements?: string }): number {
  const { requirements } = loadRequirements(opts.requirements);
  const checks = allChecks(requirements, opts.requirements);
  const check = checks.find((c) => c.id === id);
  if (!check) {
    const near = checks.filter((c) => c.id.startsWith(id) || c.id.split('.')[0] === id.split('.')[0]).map((c) => c.id);
    throw new InputError(`unknown check id '${id}'${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; see 'clickker checks'`);
  }
  const { width, chalk: c } = detectStyle({});
  const out = [
    c.bold(`${check.id}: ${check.title}`),
    `${check.severity}, ${check.category}; profiles: ${check.profiles.join(', ')}`,
    '',
    wrap(check.rationale, width, 0),
    '',
  ];
  if (check.needs.length) {
    out.push(c.bold('Reads'));
    for (const n of check.needs) out.push(wrap(`${n}: ${FACTS_BY_PROBE.get(n)?.describe ?? ''}`, width, 4, 2));
    out.push('');
  }
  if (check.dependsOn?.length) out.push(`Evaluated only when ${check.dependsOn.map((d) => d.check).join(', ')} passed.`, '');
  out.push(c.bold('Fix'), wrap(check.remediation.text, width, 2, 2));
  for (const cmd of orderedCommands(check.remediation.commands)) {
    out.push(`  ${commandLabel(cmd)}`, ...cmd.script.split('\n').map((l) => `    ${l}`));
  }
  out.push('', `Docs: ${docsAnchor(check.id)}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
