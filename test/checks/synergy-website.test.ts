import { describe, expect, it } from '@jest/globals';
import { check } from '../../checks/synergy-website.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import { judge, script } from '../support/checks.js';
import { APP, ESE, HTTP, site, synergyData } from '../support/iis-data.js';
import { failed, ok } from '../support/snapshot.js';

const run = (synergy: ProbeRecord, iisSites: ProbeRecord = ok([site([HTTP])])) => judge(check.id, { synergy, iisSites });

describe('synergy.website', () => {
  it('passes with an IIS application serving Exact.Entity.REST.svc', () => {
    const r = run(ok(synergyData()));
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('Exact Synergy website: Default Web Site/Synergy');
    expect(r.evidence.sites).toEqual([{ Name: 'Default Web Site', State: 1 }]);
  });

  it('names a site-root application by the site alone, and lists several', () => {
    const apps = [{ ...APP, Site: 'Synergy', Path: '/' }, { ...APP, Path: '/Synergy_503' }];
    expect(run(ok(synergyData(apps)), ok([site([HTTP]), site([HTTP], { Name: 'Synergy', Id: 2 })])).summary)
      .toBe('Exact Synergy website: Synergy and Default Web Site/Synergy_503');
  });

  it.each([
    ['no applications (null)', null],
    ['an application without the entity service', { ...APP, HasEntityService: false }],
  ])('fails with %s', (_what, apps) => {
    const r = run(ok(synergyData(apps)));
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('No IIS application serves Exact.Entity.REST.svc (1 IIS site examined)');
  });

  it('counts the sites it examined', () => {
    expect(run(ok(synergyData(null)), ok([site([HTTP]), site([HTTP], { Name: 'Intranet', Id: 2 })])).summary).toMatch(/\(2 IIS sites examined\)$/);
  });

  it.each([
    ['the ObjectState integer 3', 3],
    ['the word Stopped', 'Stopped'],
  ])('warns when the site is stopped (%s), with Start-Website for it', (_what, state) => {
    const r = run(ok(synergyData()), ok(site([HTTP], { State: state })));
    expect(r.status).toBe('warn');
    expect(r.summary).toBe('Exact Synergy website found (Default Web Site/Synergy), but site Default Web Site is stopped');
    expect(script(r)).toBe("Start-Website -Name 'Default Web Site'");
  });

  it('quotes a site name with an apostrophe in the fix', () => {
    const apps = { ...APP, Site: "Jan's Synergy" };
    const r = run(ok(synergyData(apps)), ok(site([HTTP], { Name: "Jan's Synergy", State: 'Stopped' })));
    expect(script(r)).toBe("Start-Website -Name 'Jan''s Synergy'");
  });

  it('still decides from the synergy probe when the iisSites probe failed', () => {
    const r = run(ok(synergyData()), failed('needs-elevation', 'Cannot read configuration file due to insufficient permissions'));
    expect(r.status).toBe('pass');
  });

  it('is unknown when the synergy probe failed', () => {
    const r = run(failed('crashed', 'powershell.exe exited with code 1'));
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('probe synergy failed (crashed): powershell.exe exited with code 1');
  });

  it('the physical path is evidence', () => {
    expect((run(ok(synergyData())).evidence.found as { PhysicalPath: string }[])[0]!.PhysicalPath).toBe(ESE);
  });
});
