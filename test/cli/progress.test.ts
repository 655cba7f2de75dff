// Progress in a CI log: one timestamped line per probe start and end, with the slow probe's duration.
import { describe, expect, it } from '@jest/globals';
import { startProgress } from '../../src/cli/progress.js';

describe('progress without a terminal', () => {
  it('writes a timestamped line per probe, naming it, with its duration', async () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => { lines.push(s); return true; } } as unknown as NodeJS.WriteStream;
    let now = Date.parse('2026-12-04T19:00:00Z');
    const p = await startProgress(stream, { CI: 'true' }, () => new Date(now));
    p.started('powershell (windowsFeatures)');
    now += 42_000;
    p.finished('powershell (windowsFeatures)', 42_000, true);
    p.stop();
    expect(lines).toEqual([
      '[19:00:00] clickker: powershell (windowsFeatures): started\n',
      '[19:00:42] clickker: powershell (windowsFeatures): done in 42.0 s\n',
    ]);
  });
});
