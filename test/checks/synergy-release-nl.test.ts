// Issue 17: synergy.release names each release source in Dutch (sourceNl) in every run. It was three replace() calls,
// one with a callback, and is now one match per pattern: the Dutch must read exactly as the three replacements made it,
// for the sources the check builds and for names and versions that hold the patterns' own words and characters.
import { describe, expect, it } from '@jest/globals';
import { check } from '../../checks/synergy-release.js';
import { judge } from '../support/checks.js';
import { ok } from '../support/snapshot.js';

/** The Dutch of a source as the three replacements made it before. */
const reference = (source: string): string => source
  .replace(/^uninstall entry ("[^"]*")(?: version (.*))?$/, (_m, name: string, v?: string) => `vermelding ${name} in Programma's en onderdelen${v ? ` versie ${v}` : ''}`)
  .replace(/^install folder /, 'installatiemap ')
  .replace(/ version (\S+)$/, ' versie $1');

const EMPTY = { UninstallEntries: null, InstallFolders: null, DbConfigs: null, IisApplications: null };
const run = (over: Record<string, unknown>) => judge(check.id, { synergy: ok({ ...EMPTY, ...over }) });

describe('synergy.release: the Dutch of each source', () => {
  const names = [
    'Exact Synergy Enterprise', 'Exact Synergy Enterprise 503', 'Exact Synergy "quoted" 503', 'Exact Synergy version 503', 'Synergy $1 $& 503',
    'Synergy\nline 503', 'Synergy install folder 503', 'uninstall entry "Synergy" 503', 'Synergy\u00a0503',
  ];
  const versions = [null, '503.0', '503.0 version 2', '503.0\nx', '503.1 ', '503.2\u00a0beta', '503.$1', '503.0 version  x'];

  it.each(names)('uninstall entry %j with every version', (name) => {
    for (const version of versions) {
      const r = run({ UninstallEntries: { DisplayName: name, DisplayVersion: version, InstallLocation: 'C:\\ESE\\' } });
      const detected = (r.evidence.detected ?? []) as { source: string }[];
      if (detected.length === 0) continue;
      expect(r.status).toBe('pass');
      expect(r.nl?.summary).toBe(`Exact Synergy-release 503 (${detected.map((d) => reference(d.source)).join('; ')})`);
    }
  });

  it('install folders and bin files, with the words of the patterns in their paths and versions', () => {
    const paths = ['D:\\Exact Synergy Enterprise 503', 'D:\\install folder 503', 'E:\\x version 503', 'C:\\uninstall entry "a" version 503'];
    for (const Path of paths) {
      for (const version of ['503.0.1.0', '503.0 version 9', '503.0.1 (beta)']) {
        const r = run({ InstallFolders: { Path, BinFiles: [{ Name: 'Exact.Services.dll', ProductVersion: version, FileVersion: null }] } });
        const detected = (r.evidence.detected ?? []) as { source: string }[];
        expect(detected.length).toBeGreaterThan(0);
        expect(r.nl?.summary).toBe(`Exact Synergy-release 503 (${detected.map((d) => reference(d.source)).join('; ')})`);
      }
    }
  });
});
