// The facts the simulated host owns (IIS sites, Windows features, .NET TLS registry values, pending restarts), in
// the shapes the probes print, derived from the host model so a re-check after a change sees it.
import type { ProbeRecord } from '../../core/facts.js';
import { iisSitesFact } from '../../facts/iis-sites.js';
import { DOTNET_KEY32, DOTNET_KEY64 } from '../../facts/dotnet-tls.js';
import { same, type HostModel } from './host-file.js';

const FEATURE_INSTALLED = new Set(['Installed']);

/** The facts the model owns, in the shapes the probes print. */
export function modelFacts(model: HostModel, base: Readonly<Record<string, ProbeRecord>>): Record<string, ProbeRecord> {
  const out: Record<string, ProbeRecord> = { ...base };
  const ok = (data: unknown): ProbeRecord => ({ ok: true, data, ms: 0 });
  const baseSites = base.iisSites?.ok ? iisSitesFact.schema.safeParse(base.iisSites.data) : undefined;
  out.iisSites = ok((model.iis.sites ?? []).map((s) => {
    const was = baseSites?.success ? baseSites.data.find((b) => same(b.Name, s.name)) : undefined;
    return {
      Name: s.name, Id: was?.Id ?? null, State: s.state, PhysicalPath: was?.PhysicalPath ?? null, Bindings: was?.Bindings ?? [],
      Applications: s.applications.map((a) => ({ Path: a.path, PhysicalPath: a.physicalPath, ApplicationPool: a.appPool })),
    };
  }));
  if (model.features && Object.keys(model.features).length > 0) {
    out.windowsFeatures = ok(Object.entries(model.features).map(([Name, InstallState]) => ({ Name, Installed: FEATURE_INSTALLED.has(InstallState), InstallState })));
  }
  const reg = model.registry ?? {};
  const dword = (key: string, name: string) => { const v = reg[key]?.[name]; return typeof v === 'number' ? v : null; };
  const scKey = 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client';
  out.dotnetTls = ok({
    StrongCrypto64: dword(DOTNET_KEY64, 'SchUseStrongCrypto'), StrongCrypto32: dword(DOTNET_KEY32, 'SchUseStrongCrypto'),
    SystemDefaultTls64: dword(DOTNET_KEY64, 'SystemDefaultTlsVersions'), SystemDefaultTls32: dword(DOTNET_KEY32, 'SystemDefaultTlsVersions'),
    Tls12ClientEnabled: dword(scKey, 'Enabled'), Tls12ClientDisabledByDefault: dword(scKey, 'DisabledByDefault'),
  });
  out.pendingReboot = ok({ Reasons: model.pendingReboot ?? [] });
  return out;
}
