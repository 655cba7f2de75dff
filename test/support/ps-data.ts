// Probe data in the shapes Windows PowerShell 5.1's ConvertTo-Json prints (shared captures 02, 14, 36, 44, 49).
import { readFileSync } from 'node:fs';
import type { ProbeRecord } from '../../src/core/facts.js';
import { packagePath } from '../../src/core/paths.js';
import { REQ } from './checks.js';

/** DateTime as PS 5.1 prints it, after JSON.parse ("\/Date(ms)\/" becomes "/Date(ms)/"). */
export const msDate = (iso: string): string => `/Date(${Date.parse(iso)})/`;

/** [System.Version] as PS 5.1 prints it; unset parts are -1. */
export function psVersionObject(major: number, minor: number, build = -1, revision = -1) {
  return {
    Major: major, Minor: minor, Build: build, Revision: revision,
    MajorRevision: revision < 0 ? -1 : revision >> 16, MinorRevision: revision < 0 ? -1 : revision & 0xffff,
  };
}

/** Win32_OperatingSystem as the os probe selects it; BuildNumber is a string in WMI. */
export function osData(build: number, productType: number, over: Record<string, unknown> = {}) {
  const version = build === 9600 ? '6.3.9600' : `10.0.${build}`;
  return {
    Caption: productType === 1 ? 'Microsoft Windows 10 Pro' : 'Microsoft Windows Server 2019 Standard',
    Version: version, BuildNumber: String(build), ProductType: productType, OSArchitecture: '64-bit', OSLanguage: 1033,
    LastBootUpTime: msDate('2026-11-09T04:12:37Z'), ...over,
  };
}

export const SERVER_NAMES: readonly string[] = REQ.iis.roleServices.map((s) => s.name);
export const CLIENT_NAMES: readonly string[] = REQ.iis.roleServices.map((s) => s.clientName);

/** Get-WindowsFeature | Select Name, DisplayName, Installed, InstallState: the 16 role services plus a few others. */
export function serverFeatures(states: Record<string, number> = {}, byDefault = 1) {
  const names = ['Web-Server', 'Web-WebServer', 'Web-Common-Http', ...SERVER_NAMES, 'Web-DAV-Publishing', 'Web-Ftp-Server'];
  return names.map((Name) => {
    const st = states[Name] ?? (Name === 'Web-DAV-Publishing' || Name === 'Web-Ftp-Server' ? 0 : byDefault);
    return { Name, DisplayName: Name.replace(/^Web-/, '').replace(/-/g, ' '), Installed: st === 1, InstallState: st };
  });
}

/** Get-WindowsOptionalFeature | Select FeatureName, State (DISM FeatureState: 0 Disabled, 2 Enabled, 3 EnablePending, 6 removed). */
export function clientFeatures(states: Record<string, number> = {}, byDefault = 2) {
  const names = ['IIS-WebServerRole', 'IIS-WebServer', 'IIS-CommonHttpFeatures', ...CLIENT_NAMES, 'IIS-WebDAV', 'IIS-FTPServer'];
  return names.map((FeatureName) => ({ FeatureName, State: states[FeatureName] ?? (FeatureName === 'IIS-WebDAV' || FeatureName === 'IIS-FTPServer' ? 0 : byDefault) }));
}

/** The raw probe records of a fixture file (a deep copy, free to change). */
export function fixtureProbes(name: string): Record<string, ProbeRecord> {
  const doc = JSON.parse(readFileSync(packagePath('fixtures', 'hosts', `${name}.json`), 'utf8')) as { probes: Record<string, ProbeRecord> };
  return doc.probes;
}

export interface EndpointOver {
  proxy?: string | null;
  dns?: unknown;
  tcp?: unknown;
  tls?: unknown;
  http?: unknown;
  dotnet?: unknown;
}

/** One network.endpoints record that passes every stage, with stages replaced as given (undefined removes a stage). */
export function endpoint(url: string, over: EndpointOver = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    url,
    proxy: null,
    dns: { ok: true, addresses: ['203.0.113.10'], ms: 4 },
    tcp: { ok: true, address: '203.0.113.10:443', ms: 12 },
    tls: { ok: true, protocol: 'TLSv1.3', authorized: true, issuer: "CN=R11, O=Let's Encrypt, C=US", inspectedBy: null, ms: 31 },
    http: { ok: true, status: 200, redirects: [], ms: 80 },
    dotnet: { ok: true, status: 200, error: null },
  };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}
