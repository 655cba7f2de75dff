// Every T-SQL text clickker sends or prints, read by Microsoft's own parser: ScriptDom's TSql130Parser (SQL Server
// 2016 syntax, the oldest SQL Server the product supports; Microsoft.SqlServer.TransactSql.ScriptDom from NuGet,
// loaded into the tests' pwsh). The probe queries, the installer's statements and their rollbacks (called with
// hostile names: the text must not change, names are parameters), the dynamic SQL inside them, and the remediation
// snippets the checks print for every fixture (also with hostile login names). Zero errors.
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { defaultOptions, evaluate } from '../../src/core/evaluate.js';
import { packagePath } from '../../src/core/paths.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { parseSnapshot } from '../../src/facts/snapshot.js';
import { allChecks } from '../../checks/index.js';
import { BEGIN_SCRIPT, COMMIT_SCRIPT, ROLLBACK_SCRIPT, STATEMENTS } from '../../src/install/windows/sql-statements.js';
import { bacoQuery, clickkerDatabaseQuery, connectionQuery, databasesQuery, identityQuery, serverQuery, SYNERGY_USER_STATEMENT, synergyUserQuery } from '../../src/probes/sql/queries.js';
import { groupSysadminWarning } from '../../src/install/steps/sql.js';
import { pwshHost } from '../powershell/support/pwsh.js';

jest.setTimeout(120_000);
const ps = pwshHost();
afterAll(() => ps.close());

const HOSTILE = ["O'Brien]; DROP DATABASE master;--", 'CORP\\svc-clickker', 'x\u2019y\u2018z', "a''b", 'nul\u0000 byte', 'line\r\nbreak'];

/** The N'...' texts handed to sp_executesql / EXEC inside a statement: dynamic SQL, parsed on its own too. */
function dynamicSql(text: string): string[] {
  return [...text.matchAll(/\b(?:sp_executesql|EXEC(?:UTE)?)\s*\(?\s*N'((?:[^']|'')*)'/gi)].map((m) => m[1]!.replace(/''/g, "'"));
}

async function expectParses(what: string, text: string): Promise<void> {
  const errors = await ps.tsql(text);
  expect({ what, errors }).toEqual({ what, errors: [] });
  for (const inner of dynamicSql(text)) {
    const innerErrors = await ps.tsql(inner);
    expect({ what: `${what} (dynamic SQL)`, errors: innerErrors }).toEqual({ what: `${what} (dynamic SQL)`, errors: [] });
  }
}

describe('ScriptDom itself', () => {
  it('rejects what SQL Server would (so a clean result means something)', async () => {
    expect((await ps.tsql('ALTER SERVER ROLE [sysadmin] ADD MEMBER CORP\\svc;')).length).toBeGreaterThan(0);
    expect((await ps.tsql("SELECT name FROM sys.server_principals WHERE name = N'BACO")).length).toBeGreaterThan(0);
    // The 2016 grammar: later syntax (a SQL Server 2022 ledger table) is an error, as it would be on a 2016 server.
    expect((await ps.tsql('CREATE TABLE t (a int) WITH (LEDGER = ON);')).length).toBeGreaterThan(0);
  });
});

describe('the probe queries', () => {
  const queries = [
    connectionQuery(), serverQuery(), bacoQuery('BACO'), identityQuery('CORP\\svc-clickker'), identityQuery(null), databasesQuery(),
    clickkerDatabaseQuery('Clickker'), synergyUserQuery('001_unicode', 'CORP\\svc-clickker'),
    // The statement synergy-user hands to the Synergy database's sp_executesql, parsed on its own too.
    { id: 'synergy-user statement', text: SYNERGY_USER_STATEMENT },
  ];
  it.each(queries.map((q) => [q.id, q] as const))('%s parses', async (_id, q) => {
    await expectParses(q.id, q.text);
  });

  it('keep the same text whatever name they are given (names are parameters)', () => {
    for (const v of HOSTILE) {
      expect(bacoQuery(v).text).toBe(bacoQuery('BACO').text);
      expect(identityQuery(v).text).toBe(identityQuery('x').text);
      expect(clickkerDatabaseQuery(v).text).toBe(clickkerDatabaseQuery('Clickker').text);
      expect(synergyUserQuery(v, v).text).toBe(synergyUserQuery('001_unicode', 'CORP\\svc').text);
    }
  });
});

describe('the installer\'s statements and their rollbacks', () => {
  type Make = (...args: never[]) => { id: string; text: string };
  const entries = Object.entries(STATEMENTS as unknown as Record<string, Make>);
  const call = (make: Make, value: string) => (make as unknown as (...a: unknown[]) => { id: string; text: string })(
    ...Array.from({ length: make.length }, (_, i) => (i === 1 && make.name === 'serverRole' ? true : value)));

  it.each(entries.map(([name, make]) => [name, make] as const))('%s parses, with the same text for any name', async (name, make) => {
    const plain = call(make, 'Clickker');
    await expectParses(name, plain.text);
    for (const v of HOSTILE) expect(call(make, v).text).toBe(plain.text);
  });

  it('the transaction frame parses', async () => {
    for (const text of [BEGIN_SCRIPT, COMMIT_SCRIPT, ROLLBACK_SCRIPT, `${BEGIN_SCRIPT}\n${COMMIT_SCRIPT}`]) await expectParses(text.slice(0, 30), text);
  });
});

describe('the remediation snippets the checks print', () => {
  const NOW = new Date('2026-11-22T12:00:00Z');
  const requirements = loadRequirements();
  const dir = packagePath('fixtures', 'hosts');
  const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json'));

  /** Every tsql command of every result for a snapshot document. */
  function snippets(doc: unknown, file: string, req = requirements): string[] {
    const loaded = parseSnapshot(doc, file);
    const evaluation = evaluate({
      hosts: [{ facts: loaded.facts, collectedAt: loaded.snapshot.collectedAt, collector: loaded.snapshot.collector, file }],
      requirements: req, checks: allChecks(req.requirements), options: defaultOptions({ confirmations: new Set(['all']) }), now: NOW,
    });
    return evaluation.results.flatMap((r) => (r.remediation?.commands ?? []).filter((c) => c.shell === 'tsql').map((c) => c.script));
  }

  /** The fixture with every SQL login name replaced by `value`. */
  function withLogin(doc: Record<string, unknown>, value: string): unknown {
    const copy = structuredClone(doc) as { probes: Record<string, { ok: boolean; data?: Record<string, unknown> }> };
    for (const [id, rec] of Object.entries(copy.probes)) {
      if (!id.startsWith('sql.') || !rec.ok || !rec.data) continue;
      for (const key of ['login', 'connectedAs']) if (typeof rec.data[key] === 'string') rec.data[key] = value;
    }
    return copy;
  }

  /** The requirements with another BACO login name (the name the BACO remediations quote). */
  function withBaco(value: string): typeof requirements {
    const copy = structuredClone(requirements);
    (copy.requirements.sql as { bacoLogin: string }).bacoLogin = value;
    return copy;
  }

  it('every check\'s own remediation and every fixture\'s snippets parse, also with hostile names', async () => {
    const seen = new Set<string>();
    for (const c of allChecks(requirements.requirements)) {
      for (const cmd of c.remediation.commands ?? []) if (cmd.shell === 'tsql') seen.add(cmd.script);
    }
    const names = HOSTILE.filter((v) => !v.includes("\u0000") && !/[\r\n]/.test(v));
    for (const f of fixtures) {
      const doc = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Record<string, unknown>;
      for (const s of snippets(doc, f)) seen.add(s);
      for (const v of names) for (const s of snippets(withLogin(doc, v), f, withBaco(v))) seen.add(s);
    }
    // Reached: the checks' own texts, auth mode, BACO missing and disabled, each also with every hostile name.
    expect(seen.size).toBeGreaterThanOrEqual(3 + 2 * names.length);
    for (const s of seen) await expectParses(s.split('\n')[0]!.slice(0, 60), s);
  });
});

describe('--reduce-sql-rights: the group-membership warning (issue 13)', () => {
  it('names xp_logininfo for a Windows login, with T-SQL that parses for any name; nothing for a SQL login', async () => {
    expect(groupSysadminWarning('CONTOSO\\svc-clickker')?.en).toBe(
      "CONTOSO\\svc-clickker may still be sysadmin through a Windows (AD) group, which clickker cannot see: confirm with "
      + "EXEC xp_logininfo N'CONTOSO\\svc-clickker', 'all'; (a row with privilege \"admin\" is sysadmin through that group)");
    expect(groupSysadminWarning('svc_clickker')).toBeNull();
    for (const v of HOSTILE.filter((h) => h.includes('\\')).concat(["CORP\\O'Brien"])) {
      const w = groupSysadminWarning(v);
      const tsql = /confirm with (EXEC xp_logininfo N'(?:[^']|'')*', 'all';)/.exec(w?.en ?? '')?.[1];
      expect(tsql).toBeDefined();
      // The Dutch carries the same statement (the query is a value, not prose).
      expect(/controleer het met (EXEC xp_logininfo N'(?:[^']|'')*', 'all';)/.exec(w?.nl ?? '')?.[1]).toBe(tsql);
      await expectParses(`xp_logininfo for ${v}`, tsql!);
    }
  });
});
