// Parses the SQL Server address as administrators write it: HOST[\INSTANCE][,PORT] (optionally tcp:HOST...).

export interface ServerAddress {
  /** As the user wrote it, for messages and records. */
  text: string;
  /** Host name or IP address to connect to ('.', '(local)' and 'localhost' become 'localhost'). */
  host: string;
  /** Named instance, found through SQL Server Browser (UDP 1434) unless a port is given. */
  instance?: string;
  /** TCP port; when given, the instance name is not looked up (as SQL Server's own clients do). */
  port?: number;
}

export class AddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddressError';
  }
}

const LOCAL = new Set(['.', '(local)', 'localhost']);

export function parseServerAddress(input: string): ServerAddress {
  const text = input.trim();
  const bad = (why: string) => new AddressError(`SQL Server address '${text}': ${why}; expected HOST[\\INSTANCE][,PORT], e.g. sql01\\EXACT or sql01,1433`);
  if (!text) throw bad('it is empty');
  let rest = text.replace(/^tcp:/i, '');

  let port: number | undefined;
  const comma = rest.lastIndexOf(',');
  if (comma >= 0) {
    const p = rest.slice(comma + 1).trim();
    if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) throw bad(`'${p}' is not a TCP port (1-65535)`);
    port = Number(p);
    rest = rest.slice(0, comma).trim();
  }

  let instance: string | undefined;
  const slash = rest.indexOf('\\');
  if (slash >= 0) {
    instance = rest.slice(slash + 1).trim();
    rest = rest.slice(0, slash).trim();
    if (!instance) throw bad('the instance name after the backslash is empty');
    if (!/^[A-Za-z0-9_$#@]{1,16}$/.test(instance)) throw bad(`'${instance}' is not a SQL Server instance name (1-16 letters, digits, _ or $)`);
    // MSSQLSERVER is the default instance's own name; it is reached on the default port, not through the Browser.
    if (instance.toUpperCase() === 'MSSQLSERVER') instance = undefined;
  }

  let host = rest;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (!host) throw bad('the host name is empty');
  if (/^[^:]+:\d+$/.test(host)) throw bad(`use a comma before the port (${host.replace(':', ',')}), as SQL Server clients do`);
  if (/[\s/\\,;'"]/.test(host)) throw bad(`'${host}' is not a host name or IP address`);
  if (LOCAL.has(host.toLowerCase())) host = 'localhost';

  return { text, host, ...(instance !== undefined ? { instance } : {}), ...(port !== undefined ? { port } : {}) };
}

/** host:port, host\instance or host\instance,port — how messages name the target. */
export function describeAddress(a: ServerAddress): string {
  if (a.port !== undefined) return `${a.host}:${a.port}`;
  if (a.instance !== undefined) return `${a.host}\\${a.instance}`;
  return `${a.host}:1433`;
}
