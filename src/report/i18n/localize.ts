// The report layer renders an evaluation in the report language by swapping in the Dutch that every check, the
// runner and the requirements data wrote beside their English (Result.nl, Remediation.nl: src/core/text.ts).
// Nothing here translates: a result without its Dutch keeps its English, and test/report/i18n-leak.test.ts fails.
import type { Evaluation } from '../../core/evaluate.js';
import type { Result } from '../../core/types.js';
import type { Lang } from './catalogue.js';

function localizeResult(r: Result): Result {
  const nl = r.nl;
  const evidence = nl?.question !== undefined && typeof r.evidence.question === 'string' ? { ...r.evidence, question: nl.question } : r.evidence;
  const remediation = r.remediation ? { ...r.remediation, text: r.remediation.nl } : undefined;
  return {
    ...r, evidence,
    ...(nl ? { title: nl.title, summary: nl.summary } : {}),
    ...(r.reason !== undefined && nl?.reason !== undefined ? { reason: nl.reason } : {}),
    ...(remediation ? { remediation } : {}),
  };
}

/** The evaluation with its prose in `lang`; English is the checks' own text. Ids, statuses and evidence values stay. */
export function localize(e: Evaluation, lang: Lang): Evaluation {
  if (lang === 'en') return e;
  const hosts = e.hosts.map((h) => {
    const results = h.results.map(localizeResult);
    const byId = new Map(results.map((r) => [r.id, r]));
    return { ...h, results, outcome: { ...h.outcome, deciding: h.outcome.deciding.map((r) => byId.get(r.id) ?? r) } };
  });
  const results = hosts.flatMap((h) => h.results);
  const find = (r: Result) => results.find((x) => x.host === r.host && x.id === r.id) ?? r;
  return { ...e, hosts, results, outcome: { ...e.outcome, deciding: e.outcome.deciding.map(find) } };
}

export { localizeResult };
