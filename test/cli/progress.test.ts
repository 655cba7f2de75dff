// Progress in a CI log: one timestamped line per probe start and end, with the slow probe's duration.
import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { startProgress } from '../../src/cli/progress.js';
import { t } from '../../src/report/i18n/catalogue.js';

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

describe('progress per PowerShell probe (issue 16)', () => {
  const ci = async (lang: 'en' | 'nl') => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => { lines.push(s); return true; } } as unknown as NodeJS.WriteStream;
    let now = Date.parse('2026-12-04T19:00:00Z');
    const p = await startProgress(stream, { CI: 'true' }, () => new Date(now), lang);
    p.started(t(lang, 'progress.powershell-probe', { probe: 'optionalFeatures' }));
    p.started(t(lang, 'progress.powershell-probe', { probe: 'os' }));
    now += 400;
    p.finished(t(lang, 'progress.powershell-probe', { probe: 'os' }), 400, false);
    now += 20_000;
    p.finished(t(lang, 'progress.powershell-probe', { probe: 'optionalFeatures' }), 20_400, true);
    p.stop();
    return lines;
  };

  it('writes a line per probe start and end in English', async () => {
    expect(await ci('en')).toEqual([
      '[19:00:00] clickker: PowerShell: optionalFeatures: started\n',
      '[19:00:00] clickker: PowerShell: os: started\n',
      '[19:00:00] clickker: PowerShell: os: failed in 0.4 s\n',
      '[19:00:20] clickker: PowerShell: optionalFeatures: done in 20.4 s\n',
    ]);
  });

  it('and in Dutch, with a decimal comma', async () => {
    expect(await ci('nl')).toEqual([
      '[19:00:00] clickker: PowerShell: optionalFeatures: gestart\n',
      '[19:00:00] clickker: PowerShell: os: gestart\n',
      '[19:00:00] clickker: PowerShell: os: mislukt na 0,4 s\n',
      '[19:00:20] clickker: PowerShell: optionalFeatures: klaar in 20,4 s\n',
    ]);
  });

  it('names the running probes on a terminal spinner, in the chosen language', async () => {
    let written = '';
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 80, rows: 24, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    stream.on('data', (c: Buffer) => { written += c.toString(); });
    const p = await startProgress(stream as unknown as NodeJS.WriteStream, {}, () => new Date(), 'nl');
    p.started('PowerShell: optionalFeatures');
    p.started('PowerShell: windowsFeatures');
    await new Promise((r) => setTimeout(r, 1300)); // the spinner appears after a second
    p.stop();
    expect(written).toContain('bezig met: PowerShell: optionalFeatures, PowerShell: windowsFeatures');
  });
});
