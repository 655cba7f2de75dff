// Each probe's recorded sample (what its .ps1 prints on Windows PowerShell 5.1, modelled on the shared captures)
// is accepted by the probe's zod schema in src/facts/, and names only properties the script really prints.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FACTS_BY_PROBE } from '../../src/facts/index.js';
import { osFact } from '../../src/facts/os.js';
import { powershellFact } from '../../src/facts/powershell.js';
import { windowsFeaturesFact } from '../../src/facts/windows-features.js';
import { optionalFeaturesFact } from '../../src/facts/optional-features.js';
import { iisSitesFact } from '../../src/facts/iis-sites.js';
import { winhttpProxyFact } from '../../src/facts/winhttp-proxy.js';
import { BRIDGE_SCRIPTS, POWERSHELL_PROBES } from '../../src/probes/powershell/probes.js';
import { bacoQuery, clickkerDatabaseQuery, connectionQuery, databasesQuery, identityQuery, serverQuery } from '../../src/probes/sql/queries.js';

const here = dirname(fileURLToPath(import.meta.url));
const SAMPLES = join(here, 'samples');
const PROBE_DIR = join(here, '..', '..', 'src', 'probes', 'powershell');
const sample = (id: string): unknown => JSON.parse(readFileSync(join(SAMPLES, `${id}.json`), 'utf8'));

/** Every property name in a JSON value, at any depth. */
function keys(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keys(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.add(k); keys(x, out); }
  return out;
}

/** A sample is named after the script that prints it (the stand-in replays samples/<script>.json). */
const stem = (file: string) => file.replace(/\.ps1$/, '');
/** The queries the SQL source sends through sqlQuery.ps1, by QueryId: one sample each. */
const SQL_QUERY_IDS = [connectionQuery(), serverQuery(), bacoQuery('BACO'), identityQuery(null), databasesQuery(), clickkerDatabaseQuery('Clickker')].map((q) => q.id);

describe('recorded probe samples', () => {
  it('exist for every PowerShell probe script, each bridge script (sqlQuery: each query) and for nothing else', () => {
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
    const expected = new Set([
      ...POWERSHELL_PROBES.map((p) => stem(p.file)),
      stem(BRIDGE_SCRIPTS.rootStore),
      stem(BRIDGE_SCRIPTS.dotnetEndpoints),
      ...SQL_QUERY_IDS.map((id) => `${stem(BRIDGE_SCRIPTS.sqlQuery)}.${id}`),
    ]);
    expect(files).toEqual([...expected].sort());
  });

  it.each(POWERSHELL_PROBES.map((p) => [p.id, stem(p.file)]))('%s parses with its fact schema (sample %s)', (id, file) => {
    const def = FACTS_BY_PROBE.get(id);
    expect(def).toBeDefined();
    const result = def!.schema.safeParse(sample(file));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(POWERSHELL_PROBES.map((p) => [stem(p.file), p.file]))('%s names only properties that %s prints', (id, file) => {
    const script = readFileSync(join(PROBE_DIR, file), 'utf8');
    // [System.Version] members come from PowerShell's serialisation of $PSVersionTable.PSVersion, not from the script.
    const fromDotnet = new Set(['Major', 'Minor', 'Build', 'Revision', 'MajorRevision', 'MinorRevision']);
    for (const k of keys(sample(id))) {
      if (fromDotnet.has(k)) continue;
      expect(script).toMatch(new RegExp(`(^|[\\s'@{;])${k}(\\s*=|'|\\s*$|,)`, 'm'));
    }
  });

  it('are read the way Windows PowerShell 5.1 prints them: integers for enums, \\/Date()\\/ dates, version objects', () => {
    const os = osFact.schema.parse(sample('os'))!;
    expect(os).toMatchObject({ BuildNumber: 17763, ProductType: 3 });
    expect(os.LastBootUpTime).toMatch(/^2025-11-20T/);
    expect(powershellFact.schema.parse(sample('powershell')).PSVersion).toBe('5.1.14393.5582');
    expect(windowsFeaturesFact.schema.parse(sample('windowsFeatures')).map((f) => f.InstallState))
      .toEqual(['Installed', 'Installed', 'Installed', 'Available', 'InstallPending', 'Removed', 'Installed']);
    expect(optionalFeaturesFact.schema.parse(sample('optionalFeatures')).map((f) => f.State))
      .toEqual(['Enabled', 'Enabled', 'Enabled', 'Enabled', 'Disabled', 'Enabled', 'EnablePending', 'DisabledWithPayloadRemoved']);
    const cert = iisSitesFact.schema.parse(sample('iisSites'))[0]!.Bindings[1]!.Certificate!;
    expect(cert.NotAfter).toBe('2027-01-01T00:00:00.000Z');
    expect(winhttpProxyFact.schema.parse(sample('winhttpProxy')).BypassList).toBe('<local>;*.corp.example');
  });
});
