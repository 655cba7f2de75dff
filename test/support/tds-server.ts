// A TDS TEST SERVER. IT STANDS IN FOR MICROSOFT SQL SERVER IN TESTS; IT IS NOT SQL SERVER.
//
// It listens on loopback only and speaks just enough TDS 7.4 for the real mssql/tedious client to connect and
// query: PRELOGIN, an optional TLS handshake (tunnelled in PRELOGIN packets, as TDS does), LOGIN7 with SQL
// authentication or NTLM (answered with LOGINACK, or with ERROR tokens such as 18456), SQL batches and RPC calls
// (sp_executesql) answered with result sets that each test scripts, and ATTENTION. It can stall or drop the
// connection at PRELOGIN, at LOGIN7 or on any query, and records everything it received so tests can assert on
// what really reached the wire.
//
// What it does NOT do (so the tests cannot show it):
// - It does not execute T-SQL. Queries are matched by the test's own function and answered with scripted rows;
//   whether the T-SQL is valid, or what a real SQL Server would return for it, is not tested here.
// - It does not verify passwords by itself or NTLM responses at all: a test's login function decides.
// - TLS: only a self-signed test certificate, TLS as Node offers it; no TDS 8.0 (strict) encryption, no
//   login-only encryption, no certificate chains issued by a CA, no old TLS 1.0/1.1 servers.
// - No MARS, no transactions, no bulk load, no packet-size renegotiation, no routing/redirection, no Kerberos,
//   no Azure AD authentication, no SQL Server Browser unless startBrowser() is used (UDP on 127.0.0.1:1434).
// - Permissions, login state (locked, expired), AD group membership: only what a test scripts into rows.
import net from 'node:net';
import dgram from 'node:dgram';
import tls from 'node:tls';
import { Duplex } from 'node:stream';
import {
  colMetadata, done, DONE, doneInProc, doneProc, ENCRYPT, envCollation, envDatabase, envPacketSize, errorToken, framePackets,
  loginAck, ntlmChallenge, PACKET, PACKET_SIZE, PacketReader, parseLogin7, parseNtlmAuthenticate, parseNtlmNegotiate,
  parsePrelogin, parseRpc, parseSqlBatch, preloginResponse, returnStatus, row, sspiToken,
  type Column, type ColumnType, type Login7, type ParamValue, type RpcParam, type ServerMessage, type TdsMessage,
} from './tds-wire.js';
import { TEST_CERT, TEST_KEY } from './tds-test-cert.js';

export type { Column, ColumnType, ParamValue, ServerMessage } from './tds-wire.js';

export interface ResultSet {
  columns: Column[];
  rows: ParamValue[][];
}

/** What the server does with one query. */
export type Reply =
  | ResultSet
  | { resultSets: ResultSet[] }
  | { error: ServerMessage }
  /** Never answer (an ATTENTION is still acknowledged unless ignoreAttention). */
  | 'stall'
  /** Close the TCP connection. */
  | 'drop';

export type LoginReply = 'ok' | { errors: ServerMessage[] } | 'stall' | 'drop';

export interface ReceivedLogin extends Login7 {
  connection: number;
  /** Set for NTLM logins once the AUTHENTICATE message arrived. */
  ntlm?: { negotiateDomain: string; domain: string; user: string };
  /** Whether LOGIN7 arrived inside TLS. */
  overTls: boolean;
}

export interface ReceivedQuery {
  connection: number;
  kind: 'batch' | 'rpc';
  /** The batch text, or sp_executesql's @statement. */
  sql: string;
  /** sp_executesql's @params declaration, e.g. "@login nvarchar(128)". */
  declaration?: string;
  /** The RPC's own parameters by name without '@' (sp_executesql's @statement and @params left out). */
  params: Record<string, ParamValue>;
  rawParams: RpcParam[];
  procId?: number;
  procName?: string;
  user: string;
  database: string;
  /** Whether the connection the query came on is inside TLS (what CONNECTIONPROPERTY('encrypt_option') reports). */
  encrypted: boolean;
}

export interface ReceivedPrelogin {
  connection: number;
  /** 0 OFF, 1 ON, 2 NOT_SUP, 3 REQ, as the client sent it. */
  encryption: number | undefined;
}

export interface TdsServerOptions {
  /**
   * Encryption the server offers in PRELOGIN:
   * - 'none' (default): no TLS at all; it answers NOT_SUP. Tests must use encrypt:false with it (see below).
   * - 'tls': answers ON to a client that asks for encryption and runs a real TLS handshake with a SELF-SIGNED test
   *   certificate, then keeps the whole connection in TLS (as SQL Server does when the client asks for it).
   * - 'forced': answers REQ (Force Encryption); then as 'tls'.
   * Note: with 'none', tedious would send LOGIN7 in clear even when asked to encrypt — a real SQL Server always
   * offers TLS, so that combination only exists here; the tests avoid it except to show it.
   */
  encryption?: 'none' | 'tls' | 'forced';
  /** Decides each login; default: accept everyone. */
  login?: (login: ReceivedLogin) => LoginReply;
  /** Answers a query; undefined falls back to the built-ins (session SET batch, SELECT 1), then to an error. */
  reply?: (query: ReceivedQuery) => Reply | undefined;
  /** Accept the TCP connection, then never answer PRELOGIN. */
  stallAtPrelogin?: boolean;
  /** Close the connection as soon as PRELOGIN arrives. */
  dropAtPrelogin?: boolean;
  /** Do not acknowledge ATTENTION (a hung server). */
  ignoreAttention?: boolean;
  /** Product version announced in PRELOGIN and LOGINACK; default 16.0.1000 (SQL Server 2022 RTM). */
  version?: [number, number, number];
  serverName?: string;
}

export interface Received {
  connections: number;
  prelogins: ReceivedPrelogin[];
  logins: ReceivedLogin[];
  queries: ReceivedQuery[];
  attentions: number;
}

/** Builds a result set: `table({ name: 'nvarchar', n: 'int' }, { name: 'a', n: 1 })`. */
export function table(columns: Record<string, ColumnType>, ...rows: Record<string, ParamValue>[]): ResultSet {
  const cols = Object.entries(columns).map(([name, type]) => ({ name, type }));
  return { columns: cols, rows: rows.map((r) => cols.map((c) => r[c.name] ?? null)) };
}

/** The ERROR token SQL Server sends for a failed login (the reason stays in the server's error log). */
export function loginFailed(user: string): LoginReply {
  return { errors: [{ number: 18456, state: 1, class: 14, message: `Login failed for user '${user}'.` }] };
}

export class TdsTestServer {
  readonly received: Received = { connections: 0, prelogins: [], logins: [], queries: [], attentions: 0 };
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly opts: TdsServerOptions;

  constructor(options: TdsServerOptions = {}) {
    this.opts = options;
    this.server = net.createServer((socket) => this.accept(socket));
  }

  /** Listens on 127.0.0.1 on a free port. */
  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    return this.port;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    const id = ++this.received.connections;
    new ServerConnection(id, socket, this.opts, this.received);
  }
}

class ServerConnection {
  private readonly reader: PacketReader;
  private phase: 'prelogin' | 'handshake' | 'login' | 'ntlm' | 'ready' | 'dead' = 'prelogin';
  private tlsSocket?: tls.TLSSocket;
  private tlsInner?: Duplex;
  private tlsRaw = false;
  private handshakeOut: Buffer[] = [];
  private handshakeTimer?: NodeJS.Timeout;
  private login?: ReceivedLogin;
  private database = 'master';
  private readonly serverName: string;
  private readonly version: [number, number, number];

  constructor(
    private readonly id: number,
    private readonly socket: net.Socket,
    private readonly opts: TdsServerOptions,
    private readonly received: Received,
  ) {
    this.serverName = opts.serverName ?? 'TDSTEST';
    this.version = opts.version ?? [16, 0, 1000];
    this.reader = new PacketReader((m) => this.onMessage(m));
    socket.on('data', (chunk) => this.onSocketData(chunk));
  }

  private onSocketData(chunk: Buffer): void {
    if (this.phase === 'dead') return;
    try {
      if (this.tlsRaw) {
        this.tlsInner!.push(chunk);
        return;
      }
      // During the handshake TLS records arrive wrapped in PRELOGIN packets; once the client has finished its side
      // it sends raw TLS records (content type 0x14-0x17) straight on the socket.
      if (this.tlsSocket && this.reader.pending.length === 0 && chunk[0]! >= 0x14 && chunk[0]! <= 0x17) {
        this.tlsRaw = true;
        this.tlsInner!.push(chunk);
        return;
      }
      this.reader.push(chunk);
    } catch (err) {
      this.kill(err);
    }
  }

  private kill(_err?: unknown): void {
    this.phase = 'dead';
    this.socket.destroy();
  }

  private send(type: number, payload: Buffer): void {
    if (this.phase === 'dead') return;
    const bytes = framePackets(type, payload);
    if (this.tlsSocket && this.tlsRaw) this.tlsSocket.write(bytes);
    else this.socket.write(bytes);
  }

  private onMessage(m: TdsMessage): void {
    if (this.phase === 'dead') return;
    switch (this.phase) {
      case 'prelogin': return this.onPrelogin(m);
      case 'handshake':
        if (m.type !== PACKET.PRELOGIN) return this.kill();
        this.tlsInner!.push(m.data);
        return;
      case 'login': return this.onLogin7(m);
      case 'ntlm': return this.onNtlmAuthenticate(m);
      case 'ready': return this.onRequest(m);
    }
  }

  private onPrelogin(m: TdsMessage): void {
    if (m.type !== PACKET.PRELOGIN) return this.kill();
    const req = parsePrelogin(m.data);
    this.received.prelogins.push({ connection: this.id, encryption: req.encryption });
    if (this.opts.dropAtPrelogin) return this.kill();
    if (this.opts.stallAtPrelogin) return;
    const mode = this.opts.encryption ?? 'none';
    const wantsTls = req.encryption === ENCRYPT.ON || req.encryption === ENCRYPT.REQ;
    let answer: number = ENCRYPT.NOT_SUP;
    if (mode === 'forced') answer = ENCRYPT.REQ;
    else if (mode === 'tls') answer = wantsTls ? ENCRYPT.ON : ENCRYPT.NOT_SUP;
    this.send(PACKET.TABULAR, preloginResponse(answer, this.version));
    if (mode !== 'none' && (wantsTls || mode === 'forced') && req.encryption !== ENCRYPT.NOT_SUP) this.startTls();
    else this.phase = 'login';
  }

  /** Server side of the TDS-tunnelled TLS handshake: each client PRELOGIN message gets one PRELOGIN reply. */
  private startTls(): void {
    this.phase = 'handshake';
    const flush = () => {
      this.handshakeTimer = undefined;
      if (this.handshakeOut.length === 0) return;
      const bytes = Buffer.concat(this.handshakeOut);
      this.handshakeOut = [];
      this.socket.write(framePackets(PACKET.PRELOGIN, bytes));
    };
    this.tlsInner = new Duplex({
      read() { /* fed by push() */ },
      write: (chunk: Buffer, _enc, cb) => {
        if (this.tlsRaw && this.handshakeOut.length === 0 && !this.handshakeTimer) {
          this.socket.write(chunk);
        } else {
          // A handshake flight leaves the TLS engine in several writes; gather it into one PRELOGIN message.
          this.handshakeOut.push(chunk);
          if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
          this.handshakeTimer = setTimeout(flush, 15);
        }
        cb();
      },
    });
    const secure = new tls.TLSSocket(this.tlsInner as unknown as net.Socket, {
      isServer: true,
      // TLS 1.2 at most: SQL Server speaks TLS 1.3 only with TDS 8.0 (strict encryption), never inside TDS 7.x PRELOGIN
      // (https://learn.microsoft.com/en-us/sql/relational-databases/security/networking/tls-1-3). With 1.3 Node sends its
      // NewSessionTicket after the handshake, wrapped here in a PRELOGIN packet; the real SqlClient, already reading raw
      // TLS records, failed on it ("Cannot determine the frame size or a corrupted frame was received").
      secureContext: tls.createSecureContext({ key: TEST_KEY, cert: TEST_CERT, maxVersion: 'TLSv1.2' }),
    });
    this.tlsSocket = secure;
    secure.on('error', () => this.kill());
    secure.on('secure', () => { this.phase = 'login'; });
    const cleartext = new PacketReader((m) => this.onMessage(m));
    secure.on('data', (chunk: Buffer) => {
      try {
        cleartext.push(chunk);
      } catch (err) {
        this.kill(err);
      }
    });
  }

  private onLogin7(m: TdsMessage): void {
    if (m.type !== PACKET.LOGIN7) return this.kill();
    const l7 = parseLogin7(m.data);
    const login: ReceivedLogin = { ...l7, connection: this.id, overTls: this.tlsRaw };
    this.login = login;
    this.received.logins.push(login);
    if (login.integratedSecurity) {
      let negotiateDomain = '';
      try {
        negotiateDomain = parseNtlmNegotiate(login.sspi).domain;
      } catch {
        return this.kill();
      }
      login.ntlm = { negotiateDomain, domain: '', user: '' };
      this.phase = 'ntlm';
      this.send(PACKET.TABULAR, sspiToken(ntlmChallenge(negotiateDomain || 'TDSTEST')));
      return;
    }
    this.finishLogin();
  }

  private onNtlmAuthenticate(m: TdsMessage): void {
    if (m.type !== PACKET.SSPI || !this.login?.ntlm) return this.kill();
    const auth = parseNtlmAuthenticate(m.data);
    this.login.ntlm.domain = auth.domain;
    this.login.ntlm.user = auth.user;
    this.finishLogin();
  }

  private finishLogin(): void {
    const login = this.login!;
    const decision = this.opts.login ? this.opts.login(login) : 'ok';
    if (decision === 'stall') { this.phase = 'dead'; return; }
    if (decision === 'drop') return this.kill();
    if (decision !== 'ok') {
      const tokens = decision.errors.map((e) => errorToken({ class: 14, ...e }, this.serverName));
      this.send(PACKET.TABULAR, Buffer.concat([...tokens, done(DONE.ERROR)]));
      this.phase = 'dead';
      return;
    }
    if (login.database) this.database = login.database;
    this.phase = 'ready';
    this.send(PACKET.TABULAR, Buffer.concat([
      envDatabase(this.database, 'master'),
      errorToken({ number: 5701, message: `Changed database context to '${this.database}'.`, class: 0 }, this.serverName, true),
      envCollation(),
      envPacketSize(PACKET_SIZE),
      loginAck('Microsoft SQL Server', this.version),
      done(DONE.FINAL),
    ]));
  }

  private onRequest(m: TdsMessage): void {
    if (m.type === PACKET.ATTENTION) {
      this.received.attentions++;
      if (!this.opts.ignoreAttention) this.send(PACKET.TABULAR, done(DONE.ATTN));
      return;
    }
    const who = this.login!.ntlm ? `${this.login!.ntlm.domain}\\${this.login!.ntlm.user}` : this.login!.userName;
    let query: ReceivedQuery;
    if (m.type === PACKET.SQL_BATCH) {
      query = { connection: this.id, kind: 'batch', sql: parseSqlBatch(m.data), params: {}, rawParams: [], user: who, database: this.database, encrypted: this.tlsRaw };
    } else if (m.type === PACKET.RPC) {
      const rpc = parseRpc(m.data);
      const isExecuteSql = rpc.procId === 10 || rpc.procName?.toLowerCase() === 'sp_executesql';
      const own = isExecuteSql ? rpc.params.slice(rpc.params.length > 1 ? 2 : 1) : rpc.params;
      query = {
        connection: this.id, kind: 'rpc',
        sql: isExecuteSql ? String(rpc.params[0]?.value ?? '') : '',
        declaration: isExecuteSql && rpc.params.length > 1 ? String(rpc.params[1]?.value ?? '') : undefined,
        params: Object.fromEntries(own.map((p) => [p.name.replace(/^@/, ''), p.value])),
        rawParams: rpc.params, procId: rpc.procId, procName: rpc.procName, user: who, database: this.database, encrypted: this.tlsRaw,
      };
    } else {
      return this.kill();
    }
    this.received.queries.push(query);
    const reply = this.opts.reply?.(query) ?? builtIn(query);
    if (reply === 'stall') return;
    if (reply === 'drop') return this.kill();
    this.send(PACKET.TABULAR, encodeReply(reply, query.kind, this.serverName));
  }
}

/** What every SQL Server answers without a script: tedious' session SET batch and mssql's SELECT 1 probe. */
function builtIn(q: ReceivedQuery): Reply {
  if (q.kind === 'batch' && /^\s*set\s/i.test(q.sql)) return { resultSets: [] };
  if (/^\s*SELECT 1;?\s*$/i.test(q.sql)) return table({ '': 'int' }, { '': 1 });
  return { error: { number: 50000, message: `tds test server: no scripted reply for: ${q.sql.slice(0, 120)}` } };
}

function encodeReply(reply: Exclude<Reply, 'stall' | 'drop'>, kind: 'batch' | 'rpc', serverName: string): Buffer {
  if ('error' in reply) {
    const err = errorToken(reply.error, serverName);
    return kind === 'rpc'
      ? Buffer.concat([err, doneInProc(DONE.ERROR, 0), returnStatus(1), doneProc(DONE.ERROR)])
      : Buffer.concat([err, done(DONE.ERROR)]);
  }
  const sets = 'resultSets' in reply ? reply.resultSets : [reply];
  const parts: Buffer[] = [];
  sets.forEach((s, i) => {
    parts.push(colMetadata(s.columns), ...s.rows.map((r) => row(s.columns, r)));
    const more = i < sets.length - 1 ? DONE.MORE : 0;
    parts.push(kind === 'rpc' ? doneInProc(DONE.COUNT | DONE.MORE, s.rows.length) : done(DONE.COUNT | more, s.rows.length));
  });
  if (kind === 'rpc') parts.push(returnStatus(0), doneProc(DONE.FINAL));
  else if (sets.length === 0) parts.push(done(DONE.FINAL));
  return Buffer.concat(parts);
}

/**
 * A stand-in for the SQL Server Browser service (UDP 1434 on 127.0.0.1): answers tedious' instance query with the
 * named instances and their TCP ports. Binding 1434 needs root or CAP_NET_BIND_SERVICE; only one test file may
 * use it at a time.
 */
export async function startBrowser(instances: Record<string, number>, serverName = 'TDSTEST'): Promise<{ requests: number; close(): Promise<void> }> {
  const sock = dgram.createSocket('udp4');
  const state = { requests: 0 };
  sock.on('message', (msg, rinfo) => {
    state.requests++;
    if (msg[0] !== 0x02 && msg[0] !== 0x03 && msg[0] !== 0x04) return;
    const text = Object.entries(instances)
      .map(([name, port]) => `ServerName;${serverName};InstanceName;${name};IsClustered;No;Version;16.0.1000.6;tcp;${port};;`)
      .join('');
    const body = Buffer.from(text, 'ascii');
    const head = Buffer.alloc(3);
    head[0] = 0x05;
    head.writeUInt16LE(body.length, 1);
    sock.send(Buffer.concat([head, body]), rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve, reject) => {
    sock.once('error', reject);
    sock.bind(1434, '127.0.0.1', () => resolve());
  });
  return {
    get requests() { return state.requests; },
    close: () => new Promise<void>((resolve) => sock.close(() => resolve())),
  };
}
