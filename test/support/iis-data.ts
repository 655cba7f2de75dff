// IIS sites and Synergy applications as the iisSites and synergy probes record them.
import { msDate } from './ps-data.js';

export const ESE = 'C:\\Program Files\\Exact Synergy Enterprise';
export const THUMB = '3F1D7A2C9B4E6F8A0C1D2E3F4A5B6C7D8E9F0A1B';
export const APP = { Site: 'Default Web Site', Path: '/Synergy', PhysicalPath: ESE, HasEntityService: true };

export function synergyData(apps: unknown = APP) {
  return { UninstallEntries: null, InstallFolders: null, DbConfigs: null, IisApplications: apps };
}

export function cert(over: Record<string, unknown> = {}) {
  return {
    Subject: 'CN=synergy.contoso.nl, O=Contoso B.V., C=NL',
    Issuer: 'CN=Contoso Issuing CA 01, DC=contoso, DC=local',
    Thumbprint: THUMB,
    NotBefore: msDate('2026-03-02T09:14:27Z'),
    NotAfter: msDate('2028-03-01T09:14:27Z'),
    DnsNames: ['synergy.contoso.nl'],
    HasPrivateKey: true,
    ChainValid: true,
    ...over,
  };
}

export function https(bindingInformation = '*:443:synergy.contoso.nl', certificate: unknown = cert()) {
  return { Protocol: 'https', BindingInformation: bindingInformation, SslFlags: 1, CertificateHash: THUMB, CertificateStoreName: 'My', Certificate: certificate };
}

export const HTTP = { Protocol: 'http', BindingInformation: '*:80:', SslFlags: 0, CertificateHash: '', CertificateStoreName: '', Certificate: null };

export function site(bindings: unknown, over: Record<string, unknown> = {}) {
  return { Name: 'Default Web Site', Id: 1, State: 1, PhysicalPath: '%SystemDrive%\\inetpub\\wwwroot', Bindings: bindings, ...over };
}
