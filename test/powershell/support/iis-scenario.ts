// What IIS (Microsoft.Web.Administration over applicationHost.config) and the machine certificate store must have
// held on a fixture's host for iisSites.ps1 to print that host's facts: the mock layer's `iis.sites` (iis.ps1's mock
// assembly) and `certificates` (certs.ps1), rebuilt from the fixture's parsed iisSites fact. Binding shapes follow
// captures/05-get-website-default-json-inspec.txt (protocol, bindingInformation, sslFlags, certificateHash as upper-
// case hex, certificateStoreName 'My').
import type { IisSite } from '../../../src/facts/iis-sites.js';
import type { Scenario } from './pwsh.js';

/** ObjectState as Microsoft.Web.Administration numbers it (https://learn.microsoft.com/en-us/dotnet/api/microsoft.web.administration.objectstate). */
export const OBJECT_STATE: Record<string, number> = { Starting: 0, Started: 1, Stopping: 2, Stopped: 3, Unknown: 4 };

export function iisScenario(sites: IisSite[]): Scenario {
  const certificates: Record<string, unknown> = {};
  const mockSites = sites.map((s) => {
    const apps = s.Applications ?? [];
    const root = apps.find((a) => a.Path === '/');
    return {
      Name: s.Name, Id: s.Id ?? 1, State: s.State ?? 'Started', PhysicalPath: s.PhysicalPath ?? root?.PhysicalPath ?? null,
      AppPool: root?.ApplicationPool ?? 'DefaultAppPool',
      Bindings: s.Bindings.map((b) => {
        const c = b.Certificate;
        if (c && b.CertificateHash) {
          certificates[`${b.CertificateStoreName || 'My'}\\${b.CertificateHash.toUpperCase()}`] = {
            Subject: c.Subject, Issuer: c.Issuer, NotBefore: c.NotBefore ? Date.parse(c.NotBefore) : 0, NotAfter: c.NotAfter ? Date.parse(c.NotAfter) : 0,
            DnsNames: c.DnsNames ?? [], HasPrivateKey: c.HasPrivateKey ?? false,
            // Fixtures from before issue 13 have no ServerAuth: a server certificate with the Server Authentication EKU.
            ServerAuth: c.ServerAuth === undefined ? true : c.ServerAuth, ChainValid: c.ChainValid ?? null,
          };
        }
        return { Protocol: b.Protocol, BindingInformation: b.BindingInformation, SslFlags: b.SslFlags ?? 0, CertificateHash: b.CertificateHash ?? '', CertificateStoreName: b.CertificateStoreName ?? '' };
      }),
      Applications: apps.filter((a) => a.Path !== '/').map((a) => ({ Path: a.Path, PhysicalPath: a.PhysicalPath ?? null, AppPool: a.ApplicationPool ?? null })),
    };
  });
  return { iis: { sites: mockSites, pools: {} }, certificates };
}

/**
 * The fixture's fact as iisSites.ps1 prints it today: State as the ObjectState number (fixtures from the WebAdministration
 * era say 'Started'), no certificate hash as null (the script prints null for an empty hash; older fixtures hold ''),
 * ServerAuth filled in as iisScenario stands it in.
 */
export function asPrinted(sites: IisSite[]): IisSite[] {
  return sites.map((s) => ({
    ...s,
    State: typeof s.State === 'string' ? OBJECT_STATE[s.State] ?? s.State : s.State,
    Bindings: s.Bindings.map((b) => ({
      ...b, CertificateHash: b.CertificateHash || null,
      Certificate: b.Certificate ? { ...b.Certificate, ServerAuth: b.Certificate.ServerAuth === undefined ? true : b.Certificate.ServerAuth } : b.Certificate,
    })),
  }));
}
