// clickker explain ID: what the check verifies, why, what it reads, and the fix.
import { InputError } from '../core/errors.js';
import { allChecks } from '../../checks/index.js';
import { docsAnchor } from '../core/registry.js';
import { loadRequirements } from '../core/requirements.js';
import { FACTS_BY_PROBE } from '../facts/index.js';
import { commandLabel, orderedCommands } from '../report/common.js';
import { detectStyle, wrap } from '../report/style.js';
import { msg, resolveLang, t, type MessageId } from '../report/i18n/catalogue.js';
import { compose } from '../core/input-error.js';
import { uiCultureFor } from './ui-culture.js';

export async function runExplain(id: string, opts: { requirements?: string; lang?: string }): Promise<number> {
  const lang = resolveLang(opts.lang, process.env, await uiCultureFor(opts.lang));
  const nl = lang === 'nl';
  const { requirements } = loadRequirements(opts.requirements);
  const checks = allChecks(requirements, opts.requirements);
  const check = checks.find((c) => c.id === id);
  if (!check) {
    const near = checks.filter((c) => c.id.startsWith(id) || c.id.split('.')[0] === id.split('.')[0]).map((c) => c.id);
    throw new InputError(compose('in.explain.unknown', { id, near: near.length ? msg('in.explain.near', { ids: near.join(', ') }) : '' }));
  }
  const { width, chalk: c } = detectStyle({});
  const out = [
    c.bold(`${check.id}: ${nl ? check.nl.title : check.title}`),
    t(lang, 'explain.kind', {
      severity: t(lang, `severity.${check.severity}` as MessageId), category: t(lang, `category.${check.category}` as MessageId), profiles: check.profiles.join(', '),
    }),
    '',
    wrap(nl ? check.nl.rationale : check.rationale, width, 0),
    '',
  ];
  if (check.needs.length) {
    out.push(c.bold(t(lang, 'explain.reads')));
    for (const n of check.needs) {
      const fact = FACTS_BY_PROBE.get(n);
      out.push(wrap(`${n}: ${(nl ? fact?.describeNl : fact?.describe) ?? ''}`, width, 4, 2));
    }
    out.push('');
  }
  if (check.dependsOn?.length) out.push(t(lang, 'explain.after', { ids: check.dependsOn.map((d) => d.check).join(', ') }), '');
  out.push(c.bold(t(lang, 'explain.fix')), wrap(nl ? check.remediation.nl : check.remediation.text, width, 2, 2));
  for (const cmd of orderedCommands(check.remediation.commands)) {
    out.push(wrap(commandLabel(cmd, lang), width, 4, 2), ...cmd.script.split('\n').map((l) => `    ${l}`));
  }
  out.push('', t(lang, 'explain.docs', { link: docsAnchor(check.id) }));
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
