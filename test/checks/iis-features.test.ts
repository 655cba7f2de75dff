import { describe, expect, it } from '@jest/globals';
import { check, clientNeed, serverNeed } from '../../checks/iis-features.js';
import type { ProbeRecord } from '../../src/core/facts.js';
import type { Result } from '../../src/core/types.js';
import { judge, REQ, script } from '../support/checks.js';
import { CLIENT_NAMES, clientFeatures, osData, SERVER_NAMES, serverFeatures } from '../support/ps-data.js';
import { failed, ok } from '../support/snapshot.js';

const NOT_RECOGNIZED = failed('not-found', "The term 'Get-WindowsFeature' is not recognized as the name of a cmdlet, function, script file, or operable program.");

function server(windowsFeatures: ProbeRecord, optionalFeatures: ProbeRecord = ok(clientFeatures()), productType = 3) {
  return judge(check.id, { os: ok(osData(17763, productType)), windowsFeatures, optionalFeatures });
}
function client(optionalFeatures: ProbeRecord, windowsFeatures: ProbeRecord = NOT_RECOGNIZED) {
  return judge(check.id, { os: ok(osData(19045, 1)), windowsFeatures, optionalFeatures });
}

/** The quoted names in an Install-WindowsFeature / Enable-WindowsOptionalFeature command. */
const namesIn = (cmd: string) => [...cmd.matchAll(/'((?:Web|IIS)-[^']+)'/g)].map((m) => m[1]);
const missingNames = (r: Result) => (r.evidence.missing as { name: string }[]).map((m) => m.name);

describe('iis.features on a server (Get-WindowsFeature, Web-* names)', () => {
  it('passes with all 16 role services installed', () => {
    const r = server(ok(serverFeatures()));
    expect(r.status).toBe('pass');
    expect(r.summary).toBe('All 16 role services installed');
    expect(r.evidence).toMatchObject({ expected: '16 role services installed', found: '16 installed, 0 pending a restart, 0 missing', source: 'Get-WindowsFeature' });
  });

  it('fails for one Available role service and the fix installs exactly that one', () => {
    const r = server(ok(serverFeatures({ 'Web-CGI': 0 })));
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('1 of 16 IIS role services missing: Web-CGI');
    expect(script(r)).toBe("Install-WindowsFeature -Name 'Web-CGI'");
    expect(r.evidence.missing).toEqual([{ name: 'Web-CGI', label: 'Application Development / CGI', state: 'Available' }]);
  });

  it('the remediation lists exactly the missing names, in requirements order', () => {
    const gone = ['Web-ISAPI-Filter', 'Web-Basic-Auth', 'Web-Http-Redirect', 'Web-Asp-Net45'];
    const r = server(ok(serverFeatures(Object.fromEntries(gone.map((n) => [n, 0])))));
    expect(r.status).toBe('fail');
    const expected = SERVER_NAMES.filter((n) => gone.includes(n));
    expect(namesIn(script(r))).toEqual(expected);
    expect(missingNames(r)).toEqual(expected);
    expect(r.summary).toBe(`4 of 16 IIS role services missing: ${expected.slice(0, 3).join(', ')} and ${expected[3]}`);
  });

  it('a role service that is not listed at all is missing ("not listed")', () => {
    const r = server(ok(serverFeatures().filter((f) => f.Name !== 'Web-Windows-Auth')));
    expect(r.status).toBe('fail');
    expect(r.evidence.missing).toEqual([{ name: 'Web-Windows-Auth', label: 'Security / Windows Authentication', state: 'not listed' }]);
  });

  it('says "IIS is not installed" when none of the 16 is there, and installs all 16', () => {
    const r = server(ok(serverFeatures({}, 0)));
    expect(r.summary).toBe('IIS is not installed');
    expect(namesIn(script(r))).toEqual([...SERVER_NAMES]);
  });

  it('warns for InstallPending (3): installed, waiting for a restart', () => {
    const r = server(ok(serverFeatures({ 'Web-Windows-Auth': 3, 'Web-ASP': 3 })));
    expect(r.status).toBe('warn');
    expect(r.summary).toBe('Installed, but a restart is required to finish Web-Windows-Auth and Web-ASP');
    expect(script(r)).toBe('Restart-Computer');
    expect((r.evidence.pending as { name: string; state: string }[]).map((p) => `${p.name}=${p.state}`)).toEqual(['Web-Windows-Auth=InstallPending', 'Web-ASP=InstallPending']);
  });

  it('fails for Removed (5) and mentions -Source in the summary and the command', () => {
    const r = server(ok(serverFeatures({ 'Web-ASP': 5, 'Web-CGI': 0 })));
    expect(r.status).toBe('fail');
    expect(r.summary).toBe('2 of 16 IIS role services missing: Web-ASP and Web-CGI; payload removed for Web-ASP, so installing needs -Source');
    // \sources\sxs holds only the .NET 3.5 payload; IIS needs the matching image (Install-WindowsFeature -Source docs).
    expect(script(r)).toMatch(/^Install-WindowsFeature -Name 'Web-ASP','Web-CGI' -Source 'wim:D:\\sources\\install\.wim:</);
    expect(r.remediation?.text).toMatch(/-Source/);
  });

  it('a missing role service wins over a pending one', () => {
    const r = server(ok(serverFeatures({ 'Web-CGI': 0, 'Web-ASP': 3 })));
    expect(r.status).toBe('fail');
    expect(r.evidence.found).toBe('14 installed, 1 pending a restart, 1 missing');
    expect(namesIn(script(r))).toEqual(['Web-CGI']);
  });

  it('fails for UninstallPending (2): it is on its way out', () => {
    const r = server(ok(serverFeatures({ 'Web-Filtering': 2 })));
    expect(r.status).toBe('fail');
    expect(r.evidence.missing).toEqual([{ name: 'Web-Filtering', label: 'Security / Request Filtering', state: 'UninstallPending' }]);
  });

  it('accepts InstallState as its name (ToString or PowerShell 7) as well as the integer', () => {
    const named = serverFeatures().map((f) => ({ ...f, InstallState: f.InstallState === 1 ? 'Installed' : 'Available' }));
    expect(server(ok(named)).status).toBe('pass');
  });

  it('matches on Name, case-insensitively, never on the (localized) DisplayName', () => {
    const dutch = serverFeatures().map((f) => ({ ...f, Name: f.Name.toLowerCase(), DisplayName: `Nederlandse naam voor ${f.Name}` }));
    expect(server(ok(dutch)).status).toBe('pass');
    const displayOnly = serverFeatures().map((f) => (f.Name === 'Web-CGI' ? { ...f, Name: 'Web-CGI-Old', DisplayName: 'CGI' } : f));
    expect(missingNames(server(ok(displayOnly)))).toEqual(['Web-CGI']);
  });

  it('trusts Installed=false over an InstallState that says Installed', () => {
    const odd = serverFeatures().map((f) => (f.Name === 'Web-ASP' ? { ...f, Installed: false } : f));
    expect(missingNames(server(ok(odd)))).toEqual(['Web-ASP']);
  });

  it('reads a single bare object (a one-item pipeline in PS 5.1) as a list of one', () => {
    const one = ok({ Name: 'Web-CGI', DisplayName: 'CGI', Installed: true, InstallState: 1 });
    const r = server(one);
    expect(r.status).toBe('fail');
    expect(r.summary).toMatch(/^15 of 16 IIS role services missing/);
    expect(missingNames(r)).toEqual(SERVER_NAMES.filter((n) => n !== 'Web-CGI'));
  });

  it('reads no output at all (null) as nothing installed', () => {
    expect(server(ok(null)).summary).toBe('IIS is not installed');
  });

  it('uses the server names on a domain controller (ProductType 2)', () => {
    const r = server(ok(serverFeatures({ 'Web-CGI': 0 })), ok(clientFeatures()), 2);
    expect(r.evidence.source).toBe('Get-WindowsFeature');
    expect(missingNames(r)).toEqual(['Web-CGI']);
  });

  it('does not need optionalFeatures when Get-WindowsFeature answered (it needs elevation)', () => {
    const r = server(ok(serverFeatures()), failed('needs-elevation', 'The requested operation requires elevation.'));
    expect(r.status).toBe('pass');
  });

  describe('falls back to Get-WindowsOptionalFeature (IIS-* names) when Get-WindowsFeature failed on a server', () => {
    it('passes from the DISM states', () => {
      const r = server(failed('error', 'The ServerManager module could not be loaded.'), ok(clientFeatures()));
      expect(r.status).toBe('pass');
      expect(r.evidence.source).toBe('Get-WindowsOptionalFeature');
    });

    it('names the missing role services with DISM names and enables them with DISM', () => {
      const r = server(failed('timeout', 'Get-WindowsFeature did not answer'), ok(clientFeatures({ 'IIS-CGI': 0 })));
      expect(r.summary).toBe('1 of 16 IIS role services missing: IIS-CGI');
      expect(script(r)).toBe("Enable-WindowsOptionalFeature -Online -All -FeatureName 'IIS-CGI'");
    });

    it('is unknown with the Get-WindowsFeature error when both probes failed', () => {
      const r = server(failed('timeout', 'Get-WindowsFeature did not answer'), failed('needs-elevation', 'The requested operation requires elevation.'));
      expect(r.status).toBe('unknown');
      expect(r.reason).toBe('probe windowsFeatures timed out: Get-WindowsFeature did not answer');
    });
  });
});

describe('iis.features on a client (ProductType 1, Get-WindowsOptionalFeature)', () => {
  it('passes with the 16 IIS-* features Enabled (2), Get-WindowsFeature not recognized', () => {
    const r = client(ok(clientFeatures()));
    expect(r.status).toBe('pass');
    expect(r.evidence.source).toBe('Get-WindowsOptionalFeature');
  });

  it('uses the client names even when Get-WindowsFeature happened to answer', () => {
    const r = client(ok(clientFeatures({ 'IIS-ASP': 0 })), ok(serverFeatures()));
    expect(missingNames(r)).toEqual(['IIS-ASP']);
  });

  it('fails for Disabled (0) with exactly the missing DISM names', () => {
    const gone = ['IIS-BasicAuthentication', 'IIS-CGI', 'IIS-ASPNET45'];
    const r = client(ok(clientFeatures(Object.fromEntries(gone.map((n) => [n, 0])))));
    expect(r.status).toBe('fail');
    expect(namesIn(script(r))).toEqual(CLIENT_NAMES.filter((n) => gone.includes(n)));
    expect(script(r)).toMatch(/^Enable-WindowsOptionalFeature -Online -All -FeatureName /);
  });

  it('fails for DisabledWithPayloadRemoved (6) and adds -Source', () => {
    const r = client(ok(clientFeatures({ 'IIS-ASP': 6 })));
    expect(r.summary).toMatch(/payload removed for IIS-ASP, so installing needs -Source/);
    expect(script(r)).toBe("Enable-WindowsOptionalFeature -Online -All -FeatureName 'IIS-ASP' -Source 'wim:D:\\sources\\install.wim:<index of this edition: Get-WindowsImage -ImagePath D:\\sources\\install.wim>' -LimitAccess");
  });

  it('warns for EnablePending (3)', () => {
    const r = client(ok(clientFeatures({ 'IIS-CGI': 3 })));
    expect(r.status).toBe('warn');
    expect(r.summary).toBe('Installed, but a restart is required to finish IIS-CGI');
  });

  it('accepts the State as its name', () => {
    const named = clientFeatures().map((f) => ({ ...f, State: f.State === 2 ? 'Enabled' : 'Disabled' }));
    expect(client(ok(named)).status).toBe('pass');
  });

  it('is unknown when Get-WindowsOptionalFeature needed elevation', () => {
    const r = client(failed('needs-elevation', 'The requested operation requires elevation.'));
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('needs an elevated prompt (probe optionalFeatures: The requested operation requires elevation.)');
  });
});

describe('iis.features helpers', () => {
  it('serverNeed and clientNeed map every state', () => {
    const f = (InstallState: 'Available' | 'Installed' | 'UninstallPending' | 'InstallPending' | 'Removed', Installed = InstallState === 'Installed') => ({ Name: 'x', Installed, InstallState });
    expect([f('Installed'), f('Available'), f('InstallPending'), f('UninstallPending'), f('Removed')].map((x) => serverNeed(x).need))
      .toEqual(['ok', 'missing', 'pending', 'removing', 'removed']);
    expect(serverNeed(undefined)).toEqual({ need: 'missing', state: 'not listed' });
    const states = ['Enabled', 'EnablePending', 'DisablePending', 'DisabledWithPayloadRemoved', 'Disabled', 'Superseded', 'PartiallyInstalled'] as const;
    expect(states.map((State) => clientNeed({ FeatureName: 'x', State }).need)).toEqual(['ok', 'pending', 'removing', 'removed', 'missing', 'missing', 'missing']);
  });

  it('the requirements list 16 role services with both names', () => {
    expect(REQ.iis.roleServices).toHaveLength(16);
    expect(new Set(SERVER_NAMES).size).toBe(16);
    expect(new Set(CLIENT_NAMES).size).toBe(16);
  });

  it('is unknown when the os probe failed (server or client cannot be told)', () => {
    const r = judge(check.id, { os: failed('timeout', 'no answer'), windowsFeatures: ok(serverFeatures()), optionalFeatures: ok(clientFeatures()) });
    expect(r.status).toBe('unknown');
    expect(r.reason).toBe('probe os timed out: no answer');
  });
});
