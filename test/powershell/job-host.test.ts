// The job host's Node side (job-host.ts) against a stand-in session that answers each control call at once, the way
// jobhost.ps1 answers (docs/powershell.md, "The job host"): what it checks is the order of calls Node makes, not
// PowerShell. job-host-pwsh.test.ts runs the real jobhost.ps1 in the real pwsh.
import { describe, expect, it } from '@jest/globals';
import { PsJobHost, type JobResult } from '../../src/probes/powershell/job-host.js';
import type { InvokeOutcome, PsSession } from '../../src/probes/powershell/session.js';

/** Reads the parameters and nonce out of an envelope line (envelope.ts: each value is base64 between quotes). */
function readCall(line: string): { params: Record<string, string>; nonce: string } {
  const params: Record<string, string> = {};
  for (const m of line.matchAll(/\$h\['([A-Za-z0-9]+)'\] = \$u\.GetString\(\[System\.Convert\]::FromBase64String\('([A-Za-z0-9+/=]*)'\)\)/g)) {
    params[m[1]!] = Buffer.from(m[2]!, 'base64').toString('utf8');
  }
  const nonce = /nonce = '([0-9a-f]+)'/.exec(line)![1]!;
  return { params, nonce };
}

/** A session whose job host starts and finishes every submitted job within the submit call itself. */
function instantSession(calls: string[]): PsSession {
  const answer = (nonce: string, data: unknown): InvokeOutcome => ({
    ok: true, stdout: `${Buffer.from(JSON.stringify({ nonce, ok: true, data: JSON.stringify(data) }), 'utf8').toString('base64')}\n`,
  });
  const session = {
    alive: true,
    invoke: async (line: string): Promise<InvokeOutcome> => {
      await new Promise((r) => setImmediate(r));
      const { params, nonce } = readCall(line);
      calls.push(params.Action!);
      if (params.Action === 'submit') {
        const keys = params.Jobs!.split('\n').filter(Boolean).map((l) => l.split('\t')[0]!);
        const events = keys.flatMap((key) => [{ key, event: 'started' }, { key, event: 'done', ok: true, data: `"${key}"`, ms: 1, phases: { queue: 0, start: 0, run: 1, notice: 0 } }]);
        return answer(nonce, { events, running: 0, queued: 0, abandoned: 0 });
      }
      if (params.Action === 'open') return answer(nonce, { opened: true, stateMs: 0 });
      if (params.Action === 'close') return answer(nonce, { abandoned: 0 });
      return answer(nonce, { events: [], running: 0, queued: 0, abandoned: 0 });
    },
    kill: async () => { session.alive = false; },
  };
  return session as unknown as PsSession;
}

describe('the job host (Node side)', () => {
  it('sends a job submitted as soon as the previous one resolved, in the same turn as the pump ends', async () => {
    const calls: string[] = [];
    const host = await PsJobHost.open(instantSession(calls), { throttle: 4 });
    if (!(host instanceof PsJobHost)) throw new Error('the stand-in host did not open');
    const first = await host.run({ label: 'a', script: { text: '"a"' }, timeoutMs: 1000 });
    expect(first).toEqual({ ok: true, data: '"j1"', ms: 1, phases: { queue: 0, start: 0, run: 1, notice: 0 } });
    // Submitted right after `first` resolved, while the pump that resolved it was ending: before the fix this job
    // was queued behind a pump that had already looked for the last time, and never sent.
    const second = await Promise.race([
      host.run({ label: 'b', script: { text: '"b"' }, timeoutMs: 1000 }),
      new Promise<JobResult | 'lost'>((r) => setTimeout(() => r('lost'), 2000).unref()),
    ]);
    expect(second).toMatchObject({ ok: true, data: '"j2"' });
    expect(calls).toEqual(['open', 'submit', 'submit']);
    expect(await host.close()).toEqual({ killed: false });
  });
});
