// Parses the SQL Server address as administrators write it: HOST[\INSTANCE][,PORT] (optionally tcp:HOST...).
import { compose } from '../../core/input-error.js';
import type { Msg } from '../../core/text.js';
import { msg } from '../../report/i18n/catalogue.js';

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

/** A malformed address; `said` is the message in English and Dutch (the settings' error line prints it). */
export class AddressError extends Error {
  readonly said: Msg;

  constructor(said: Msg) {
    super(said.en);
    this.name = 'AddressError';
    this.said = said;
  }
}

const LOCAL = new Set(['.', '(local)', 'localhost']);

export function parseServerAddress(input: string): ServerAddress {
  const text = input.trim();
  const bad = (why: Msg) => new AddressError(compose('in.sql.address', { text, why }));
  if (!text) throw bad(msg('in.sql.empty'));
  let rest = text.replace(/^tcp:/i, '');

  let port: number | undefined;
  const comma = rest.lastIndexOf(',');
  if (comma >= 0) {
    const p = rest.slice(comma + 1).trim();
    if (!/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535) throw bad(msg('in.sql.port', { port: p }));
    port = Number(p);
    rest = rest.slice(0, comma).trim();
  }

  let instance: string | undefined;
  const slash = rest.indexOf('\\');
  if (slash >= 0) {
    instance = rest.slice(slash + 1).trim();
    rest = rest.slice(0, slash).trim();
    if (!instance) throw bad(msg('in.sql.instance-empty'));
    if (!/^[A-Za-z0-9_$#@]{1,16}$/.test(instance)) throw bad(msg('in.sql.instance', { instance }));
    // MSSQLSERVER is the default instance's own name; it is reached on the default port, not through the Browser.
    if (instance.toUpperCase() === 'MSSQLSERVER') instance = undefined;
  }

  let host = rest;
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (!host) throw bad(msg('in.sql.host-empty'));
  if (/^[^:]+:\d+$/.test(host)) throw bad(msg('in.sql.colon', { fixed: host.replace(':', ',') }));
  if (/[\s/\\,;'"]/.test(host)) throw bad(msg('in.sql.host', { host }));
  if (LOCAL.has(host.toLowerCase())) host = 'localhost';

  return { text, host, ...(instance !== undefined ? { instance } : {}), ...(port !== undefined ? { port } : {}) };
}

/** host:port, host\instance or host\instance,port — how messages name the target. */
export function describeAddress(a: ServerAddress): string {
  if (a.port !== undefined) return `${a.host}:${a.port}`;
  if (a.instance !== undefined) return `${a.host}\\${a.instance}`;
  return `${a.host}:1433`;
}
