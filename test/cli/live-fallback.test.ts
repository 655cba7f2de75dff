// A wanted probe that no source answered still gets a record, and its words exist in Dutch: the SQL one used to say
// "no SQL Server given (...)", which describeProbeError does not know, so a Dutch screen read "niet ingesteld: no SQL
// Server given ...".
import { describe, expect, it } from '@jest/globals';
import { notCollected } from '../../src/cli/live.js';
import { describeProbeError, NO_SQL_SERVER_GIVEN } from '../../src/core/facts.js';

describe('notCollected', () => {
  it('a SQL probe without --sql-server: the SQL source own record, said in Dutch', () => {
    const r = notCollected('sql.server', false);
    expect(r).toEqual({ ok: false, error: { kind: 'not-configured', message: NO_SQL_SERVER_GIVEN }, ms: 0 });
    const said = describeProbeError('sql.server', r.ok ? { kind: '', message: '' } : r.error!);
    expect(said.en).toBe(NO_SQL_SERVER_GIVEN);
    expect(said.nl).toBe('er is geen SQL Server opgegeven: geef --sql-server HOST[\\INSTANCE][,PORT] op');
  });

  it('any other probe, or SQL with a server given: no probe in this build, in both languages', () => {
    for (const [probe, sql] of [['os.version', false], ['sql.server', true]] as const) {
      const r = notCollected(probe, sql);
      expect(r.ok).toBe(false);
      const said = describeProbeError(probe, r.ok ? { kind: '', message: '' } : r.error!);
      expect(said.en).toBe(`probe ${probe} cannot run here: no probe for '${probe}' is available in this build`);
      expect(said.nl).toMatch(/^meting .+ kan hier niet draaien: /);
    }
  });
});
