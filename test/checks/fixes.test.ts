// Each check's fix, reached from the check itself: the real check judges a fixture (fixtures/hosts, Windows PowerShell
// 5.1 shapes), then the fix reads the evidence that check wrote. No evidence here is written by hand.
import { describe, expect, it } from '@jest/globals';
import { CHECK_MODULES } from '../../checks/index.js';
import { fixesFor } from '../support/fixes.js';
import { readdirSync } from 'node:fs';
import { fixCommand, todoList } from '../../src/report/todo.js';

type Feature = { Name: string; InstallState: unknown };
/** Sets InstallState numbers as Get-WindowsFeature prints them (2 UninstallPending, 5 Removed: windows-features.ts). */
const withStates = (states: Record<string, number>) => (d: Record<string, unknown>) => {
  d.windowsFeatures = (d.windowsFeatures as Feature[]).map((f) => (f.Name in states ? { ...f, Installed: false, InstallState: states[f.Name] } : f));
};

describe('iis.features: the fix installs exactly what the check found missing', () => {
  it('names the missing role services of the verdict, and needs the media for a removed payload', () => {
    const { results, actions } = fixesFor('ws2019-iis-partial', { only: ['iis.features'] });
    expect(results[0]!.summary).toMatch(/4 of 16 IIS role services missing: Web-Basic-Auth, Web-Windows-Auth, Web-ASP and Web-CGI/);
    expect(actions).toHaveLength(1);
    const a = actions[0]!;
    expect(a).toMatchObject({ id: 'iis.install-role-services', checkId: 'iis.features', automatic: true, needsSource: true, reboot: 'maybe' });
    expect(a.title).toBe('Install 4 missing IIS role services');
    expect(a.whatIf[0]).toBe('install exactly these role services: Web-Basic-Auth, Web-Windows-Auth, Web-ASP, Web-CGI');
    expect(a.whatIf[1]).toMatch(/^Web-ASP: payload removed from this server/);
  });

  it('with --source the media is known, and the command carries it', () => {
    const { actions } = fixesFor('ws2019-iis-partial', { only: ['iis.features'], ctx: { source: 'E:\\sources\\sxs' } });
    expect(actions[0]!.needsSource).toBe(false);
    expect(actions[0]!.commands[0]!.script).toBe("Install-WindowsFeature -Name 'Web-Basic-Auth','Web-Windows-Auth','Web-ASP','Web-CGI' -Source 'E:\\sources\\sxs'");
  });

  it('a role service being removed makes it manual: restart first', () => {
    const { actions } = fixesFor('ws2019-iis-partial', { only: ['iis.features'], edit: withStates({ 'Web-ASP': 2 }) });
    expect(actions[0]).toMatchObject({ automatic: false, why: expect.stringMatching(/^Web-ASP is being removed \(a restart is pending\)/) });
    expect(actions[0]!.commands.map((c) => c.script.split(' ')[0])).toEqual(['Restart-Computer', 'Install-WindowsFeature']);
  });

  it('only pending a restart (a warning) offers nothing to install', () => {
    const { results, actions } = fixesFor('ws2019-iis-pending', { only: ['iis.features'] });
    expect(results.find((r) => r.id === 'iis.features')!.status).toBe('warn');
    expect(actions.filter((a) => a.checkId === 'iis.features')).toEqual([]);
  });
});

describe('dotnet.tls12: the fix sets exactly the values that are not 1 yet', () => {
  const tls = (values: Record<string, number | null>) => fixesFor('ws2019-ready', {
    only: ['dotnet.tls12'],
    edit: (d) => { d.dotnetTls = { ...(d.dotnetTls as object), ...values }; },
  });

  it('64-bit set, 32-bit absent: the three missing values, no restart', () => {
    const { results, actions } = tls({ StrongCrypto64: 1, SystemDefaultTls64: null, StrongCrypto32: null, SystemDefaultTls32: null });
    expect(results[0]!.status).toBe('warn');
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ id: 'dotnet.enable-strong-crypto', automatic: true, reboot: 'never' });
    expect(actions[0]!.whatIf.slice(0, -1)).toEqual([
      'set HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319\\SystemDefaultTlsVersions = 1 (DWORD; now absent)',
      'set HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319\\SchUseStrongCrypto = 1 (DWORD; now absent)',
      'set HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319\\SystemDefaultTlsVersions = 1 (DWORD; now absent)',
    ]);
  });

  it('TLS 1.2 switched off in SCHANNEL stays manual, with the commands of the verdict', () => {
    const { results, actions } = tls({ Tls12ClientEnabled: 0 });
    expect(results[0]!.status).toBe('fail');
    expect(actions[0]).toMatchObject({ id: 'dotnet.enable-schannel-tls12', automatic: false, reboot: 'always' });
    expect(actions[0]!.commands).toEqual(results[0]!.remediation!.commands);
  });
});

describe('synergy.website: a stopped site is started; a missing one is not something to fix', () => {
  it('the stopped site (ObjectState 3) holding the Synergy application is started', () => {
    const { results, actions } = fixesFor('ws2019-ready', {
      only: ['synergy.website'],
      edit: (d) => { d.iisSites = (d.iisSites as object[]).map((s) => ({ ...s, State: 3 })); },
    });
    expect(results[0]!.status).toBe('warn');
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ id: 'synergy.start-website', automatic: true, whatIf: ["start IIS website 'Default Web Site'"] });
    expect(actions[0]!.commands[0]!.script).toBe("Start-Website -Name 'Default Web Site'");
  });

  it('no Synergy application: manual, with the reason', () => {
    const { results, actions } = fixesFor('ws2019-ready', {
      only: ['synergy.website'],
      edit: (d) => { (d.synergy as { IisApplications: unknown }).IisApplications = []; },
    });
    expect(results[0]!.status).toBe('fail');
    expect(actions[0]).toMatchObject({ id: 'synergy.website.manual', automatic: false, why: expect.stringMatching(/not on this server/) });
  });
});

describe('manual fixes', () => {
  it('.NET Framework too old: manual with its reason and the verdict\'s commands that change something', () => {
    const { results, actions } = fixesFor('ws2016-dotnet462', { only: ['dotnet.framework'] });
    const commands = results[0]!.remediation?.commands ?? [];
    expect(commands.some((c) => c.purpose === 'look')).toBe(true); // the verdict also shows how to look...
    expect(actions).toEqual([expect.objectContaining({
      id: 'dotnet.framework.manual', automatic: false, why: 'installing .NET Framework needs the offline installer and a restart',
      commands: commands.filter((c) => c.purpose !== 'look'), // ...but a fix offers only what changes the state
    })]);
  });

  it('a pending restart (a warning) is the one warning with a manual fix: restart, always', () => {
    const { results, actions } = fixesFor('ws2019-iis-pending', { only: ['os.pending-reboot'] });
    expect(results[0]!.status).toBe('warn');
    expect(actions).toEqual([expect.objectContaining({ id: 'os.pending-reboot.manual', reboot: 'always', automatic: false })]);
  });

  it('a ready host has nothing to fix', () => {
    expect(fixesFor('ws2019-ready', { only: CHECK_MODULES.map((c) => c.id) }).actions).toEqual([]);
  });

  it('every check that can fail declares its fix in its own file (host.elevated only warns or is unknown)', () => {
    expect(CHECK_MODULES.filter((c) => !c.fix).map((c) => c.id)).toEqual(['host.elevated']);
  });
});

describe('fix --what-if says what to do, truthfully, for every check whose remedy is not automated (issue 16)', () => {
  const fixtures = readdirSync('fixtures/hosts').filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
  const all = CHECK_MODULES.map((c) => c.id);
  it.each(fixtures)('%s: every manual action has the to-do list\'s words and command, and a reason that is true', (fixture) => {
    const { results, actions } = fixesFor(fixture, { only: all });
    const todo = todoList(results, []);
    for (const a of actions.filter((x) => !x.automatic)) {
      const r = results.find((x) => x.id === a.checkId)!;
      // Never the generic "not safe to automate" when the truth is a download or a person.
      expect(a.why).toBeDefined();
      expect(a.why).not.toMatch(/not safe to automate/);
      // The same words as the preflight's to-do list, and its one command first (never a "to look" query).
      expect(a.title).toBe(r.remediation?.text);
      const item = todo.find((i) => i.results.some((x) => x.id === a.checkId));
      if (item) {
        expect(item.text).toBe(a.title);
        expect(a.commands[0]).toEqual(fixCommand(r));
      }
      expect(a.commands.every((c) => c.purpose !== 'look')).toBe(true);
    }
  });

  it('the checks that only a person or a download can fix say who or what', () => {
    const why = (fixture: string, id: string) => fixesFor(fixture, { only: [id] }).actions.find((a) => a.checkId === id)?.why;
    expect(why('ws2012r2', 'os.version')).toMatch(/another Windows .*ICT partner/);
    expect(why('win10-client', 'os.version')).toMatch(/another Windows/);
    expect(why('ws2012r2', 'powershell.version')).toMatch(/download \(KB3191564\)/);
    expect(why('ws2019-endpoints-blocked', 'network.endpoints')).toMatch(/network team/);
    expect(why('ws2019-synergy501', 'synergy.release')).toMatch(/ProductUpdater/);
    expect(why('ws2016-dotnet462', 'dotnet.framework')).toMatch(/offline installer/);
  });
});

