// judge(): the one pipeline preflight, install's gate and fix share. Records or snapshots in, one evaluation out;
// confirmations asked once, and the caller's options left as they were.
import { describe, expect, it, jest } from '@jest/globals';
import { allChecks } from '../../checks/index.js';
import { defaultOptions } from '../../src/core/evaluate.js';
import { judge, type JudgeSettings } from '../../src/core/judge.js';
import { loadRequirements } from '../../src/core/requirements.js';
import type { Result } from '../../src/core/types.js';
import { waiverSchema } from '../../src/core/waivers.js';
import { NOW } from '../support/checks.js';
import { makeSnapshot, ok } from '../support/snapshot.js';

const requirements = loadRequirements();
const settings = (over: Partial<JudgeSettings> = {}): JudgeSettings => ({
  requirements, checks: allChecks(requirements.requirements), options: defaultOptions(), now: NOW, ...over,
});
// The dotnet probe's NDP v4 Full registry values for .NET 4.8 (Release 528049), as in fixtures/hosts/ws2019-ready.json.
const dotnet = { Release: 528049, Version: '4.8.03761' };

describe('judge', () => {
  it('judges probe records and a loaded snapshot alike', async () => {
    const only = settings({ selection: { only: ['dotnet.framework'] } });
    const fromRecords = await judge([{ host: 'SRV01', probes: { dotnet: ok(dotnet) } }], only);
    const fromSnapshot = await judge([{ facts: makeSnapshot({ dotnet: ok(dotnet) }, 'SRV01').facts }], only);
    expect(fromRecords.results.map((r) => [r.host, r.id, r.status])).toEqual([['SRV01', 'dotnet.framework', 'pass']]);
    expect(fromSnapshot.results.map((r) => [r.host, r.id, r.status])).toEqual([['SRV01', 'dotnet.framework', 'pass']]);
  });

  it('records of an unexpected shape make their checks unknown, with the reason', async () => {
    const e = await judge([{ host: 'SRV01', probes: { dotnet: ok({ Release: 'not a number' }) } }], settings({ selection: { only: ['dotnet.framework'] } }));
    expect(e.results[0]).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/probe dotnet returned data of an unexpected shape/) });
  });

  it('asks once about the open confirmations, judges again with the answers, and leaves the settings alone', async () => {
    const s = settings({ selection: { only: ['confirm.remote-access', 'dotnet.framework'] } });
    const ask = jest.fn(async (open: readonly Result[]) => open.map((r) => r.id));
    const e = await judge([{ host: 'SRV01', probes: { dotnet: ok(dotnet) } }], s, { ask });
    expect(ask).toHaveBeenCalledTimes(1);
    expect(ask.mock.calls[0]![0].map((r) => r.id)).toEqual(['confirm.remote-access']);
    expect(e.results.find((r) => r.id === 'confirm.remote-access')!.status).toBe('pass');
    expect([...e.options.confirmations]).toEqual(['confirm.remote-access']);
    expect(s.options.confirmations.size).toBe(0);
  });

  it('asks nobody when nothing is open, and keeps the first verdict when nothing is confirmed', async () => {
    const ask = jest.fn(async () => [] as string[]);
    const done = await judge([{ host: 'A', probes: {} }], settings({ selection: { only: ['dotnet.framework'] } }), { ask });
    expect(ask).not.toHaveBeenCalled();
    expect(done.results[0]!.status).toBe('unknown');
    const e = await judge([{ host: 'A', probes: {} }], settings({ selection: { only: ['confirm.remote-access'] } }), { ask });
    expect(ask).toHaveBeenCalledTimes(1);
    expect(e.results[0]!.status).toBe('unknown');
  });

  it('reads a fleet again on the second pass, one host at a time', async () => {
    let reads = 0;
    const fleet = function* () {
      for (const host of ['A', 'B']) { reads += 1; yield { host, probes: { dotnet: ok(dotnet) } }; }
    };
    // Only these two checks exist in this run, so nothing is left unjudged and the run is not partial.
    const two = allChecks(requirements.requirements).filter((c) => c.id === 'confirm.remote-access' || c.id === 'dotnet.framework');
    const e = await judge(fleet, settings({ checks: two }), { ask: async () => ['confirm.remote-access'] });
    expect(reads).toBe(4);
    expect(e.hosts.map((h) => [h.host, h.outcome.verdict])).toEqual([['A', 'ready'], ['B', 'ready']]);
  });

  it('applies waivers and --fail-on the same way for every caller', async () => {
    const waivers = [waiverSchema.parse({ check: 'dotnet.framework', host: 'SRV01', reason: 'upgrade planned', approvedBy: 'ICT', expires: '2099-01-01' })];
    const old = { Release: 394802, Version: '4.6.01590' };
    const e = await judge([{ host: 'SRV01', probes: { dotnet: ok(old) } }, { host: 'SRV02', probes: { dotnet: ok(old) } }],
      settings({ selection: { only: ['dotnet.framework'] }, waivers, failOn: ['warning'] }));
    expect(e.results.map((r) => [r.host, r.status])).toEqual([['SRV01', 'waived'], ['SRV02', 'fail']]);
    expect(e.failOn).toEqual(['warning']);
  });
});
