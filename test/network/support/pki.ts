// Test certificates, made with the openssl CLI in a temporary folder: a root CA, an issuing CA, and leaves that are
// valid, expired, for the wrong host or self-signed. Nothing here is ever trusted outside the test that made it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requireBinary } from './binaries.js';

export interface KeyPair {
  /** PEM of the certificate (leaf first, then any intermediate the server should send). */
  cert: string;
  key: string;
  certFile: string;
  keyFile: string;
}

export interface Pki {
  dir: string;
  /** "Clickker Test Root CA": pass it as a public root or as an extra trusted CA. */
  root: KeyPair;
  /** "Clickker Test Issuing CA", signed by the root. */
  issuing: KeyPair;
  /** Leaf for vendor.test, localhost and 127.0.0.1, issued by the issuing CA; cert holds leaf + intermediate. */
  valid: KeyPair;
  /** Same names, validity 2020-01-01 .. 2021-01-01. */
  expired: KeyPair;
  /** Issued for other.test only. */
  wrongHost: KeyPair;
  /** Self-signed leaf for vendor.test. */
  selfSigned: KeyPair;
  /** A second, unrelated root ("Corp Inspection CA", O=Example Corp) and a vendor.test leaf it issued. */
  corpRoot: KeyPair;
  corpLeaf: KeyPair;
  cleanup(): void;
}

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function caConfig(dir: string): string {
  return `[ ca ]
default_ca = CA_default
[ CA_default ]
dir = ${dir}
database = ${dir}/index.txt
new_certs_dir = ${dir}/newcerts
serial = ${dir}/serial
default_md = sha256
policy = policy_any
copy_extensions = copy
unique_subject = no
email_in_dn = no
[ policy_any ]
commonName = supplied
organizationName = optional
[ v3_issuing ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[ v3_leaf ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
`;
}

export function createPki(): Pki {
  requireBinary('openssl');
  const dir = mkdtempSync(path.join(tmpdir(), 'clickker-pki-'));
  const files = (name: string) => ({ certFile: path.join(dir, `${name}.pem`), keyFile: path.join(dir, `${name}.key`) });
  const load = (name: string, extra: string[] = []): KeyPair => {
    const f = files(name);
    const cert = readFileSync(f.certFile, 'utf8') + extra.join('');
    if (extra.length > 0) writeFileSync(f.certFile, cert);
    return { cert, key: readFileSync(f.keyFile, 'utf8'), ...f };
  };

  const makeRoot = (name: string, subject: string): KeyPair => {
    const f = files(name);
    openssl(['req', '-x509', ...EC, '-keyout', f.keyFile, '-out', f.certFile, '-days', '30', '-subj', subject,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
    return load(name);
  };

  // A minimal `openssl ca` database per signing CA, so that leaves can carry any start and end date.
  const signer = (ca: KeyPair, name: string) => {
    const d = path.join(dir, `db-${name}`);
    mkdirSync(path.join(d, 'newcerts'), { recursive: true });
    writeFileSync(path.join(d, 'index.txt'), '');
    writeFileSync(path.join(d, 'serial'), `${(1000 + Math.floor(Math.random() * 8000)).toString(16).padStart(4, '0')}\n`);
    const cnf = path.join(d, 'ca.cnf');
    writeFileSync(cnf, caConfig(d));
    return (leafName: string, subject: string, sans: string | null, opts: { extensions: string; start?: string; end?: string; chain?: string[] }): KeyPair => {
      const f = files(leafName);
      const csr = path.join(dir, `${leafName}.csr`);
      openssl(['req', '-new', ...EC, '-keyout', f.keyFile, '-out', csr, '-subj', subject, ...(sans ? ['-addext', `subjectAltName=${sans}`] : [])], dir);
      const dates = opts.start && opts.end ? ['-startdate', opts.start, '-enddate', opts.end] : ['-days', '30'];
      openssl(['ca', '-batch', '-notext', '-config', cnf, '-cert', ca.certFile, '-keyfile', ca.keyFile, '-in', csr, '-out', f.certFile,
        '-extensions', opts.extensions, ...dates], dir);
      return load(leafName, opts.chain ?? []);
    };
  };

  const root = makeRoot('root', '/CN=Clickker Test Root CA/O=Clickker Test');
  const byRoot = signer(root, 'root');
  const issuing = byRoot('issuing', '/CN=Clickker Test Issuing CA/O=Clickker Test', null, { extensions: 'v3_issuing' });
  const byIssuing = signer(issuing, 'issuing');
  const names = 'DNS:vendor.test,DNS:localhost,IP:127.0.0.1';
  const chain = [issuing.cert];
  const valid = byIssuing('valid', '/CN=vendor.test', names, { extensions: 'v3_leaf', chain });
  const expired = byIssuing('expired', '/CN=vendor.test', names, { extensions: 'v3_leaf', start: '20200101000000Z', end: '20210101000000Z', chain });
  const wrongHost = byIssuing('wrong-host', '/CN=other.test', 'DNS:other.test', { extensions: 'v3_leaf', chain });

  const ss = files('self-signed');
  openssl(['req', '-x509', ...EC, '-keyout', ss.keyFile, '-out', ss.certFile, '-days', '30', '-subj', '/CN=vendor.test',
    '-addext', `subjectAltName=${names}`], dir);
  const selfSigned = load('self-signed');

  const corpRoot = makeRoot('corp-root', '/CN=Corp Inspection CA/O=Example Corp');
  const corpLeaf = signer(corpRoot, 'corp')('corp-leaf', '/CN=vendor.test', names, { extensions: 'v3_leaf' });

  return {
    dir, root, issuing, valid, expired, wrongHost, selfSigned, corpRoot, corpLeaf,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
