// TDS wire format for the TDS test server (test/support/tds-server.ts): packet framing, the client messages it
// reads (PRELOGIN, LOGIN7, SQL batch, RPC, NTLM) and the tokens it writes (LOGINACK, ENVCHANGE, ERROR, COLMETADATA,
// ROW, DONE...). Written from the MS-TDS specification, independently of tedious, so the real client is checked
// against a second reading of the protocol rather than against its own code.
//
// It covers only what the tests need: TDS 7.4, NVARCHAR/VARCHAR/INTN/BITN values, no MARS, no TLS here (see
// tds-server.ts for the TLS handshake), no BLOB types other than NVARCHAR(MAX) parameters.

export const PACKET = {
  SQL_BATCH: 0x01,
  RPC: 0x03,
  TABULAR: 0x04,
  ATTENTION: 0x06,
  LOGIN7: 0x10,
  SSPI: 0x11,
  PRELOGIN: 0x12,
} as const;

export const ENCRYPT = { OFF: 0x00, ON: 0x01, NOT_SUP: 0x02, REQ: 0x03 } as const;

const HEADER = 8;
/** The packet size SQL Server uses unless the client negotiates another one. */
export const PACKET_SIZE = 4096;

/** SQL_Latin1_General_CP1_CI_AS, the collation most on-premise instances use. */
export const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

export interface TdsMessage {
  type: number;
  data: Buffer;
}

/** Reassembles packets into messages (a message ends with the EOM status bit). */
export class PacketReader {
  private buffered = Buffer.alloc(0);
  private parts: Buffer[] = [];

  constructor(private readonly onMessage: (m: TdsMessage) => void) {}

  /** Bytes left over that do not yet form a whole packet. */
  get pending(): Buffer {
    return this.buffered;
  }

  push(chunk: Buffer): void {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= HEADER) {
      const length = this.buffered.readUInt16BE(2);
      if (length < HEADER) throw new Error(`bad TDS packet length ${length}`);
      if (this.buffered.length < length) return;
      const type = this.buffered[0]!;
      const status = this.buffered[1]!;
      this.parts.push(this.buffered.subarray(HEADER, length));
      this.buffered = this.buffered.subarray(length);
      if (status & 0x01) {
        const data = Buffer.concat(this.parts);
        this.parts = [];
        this.onMessage({ type, data });
      }
    }
  }
}

/** Splits one message into packets. */
export function framePackets(type: number, payload: Buffer, packetSize = PACKET_SIZE): Buffer {
  const room = packetSize - HEADER;
  const packets: Buffer[] = [];
  let id = 1;
  for (let off = 0; off < payload.length || packets.length === 0; off += room) {
    const body = payload.subarray(off, off + room);
    const last = off + room >= payload.length;
    const header = Buffer.alloc(HEADER);
    header[0] = type;
    header[1] = last ? 0x01 : 0x00;
    header.writeUInt16BE(HEADER + body.length, 2);
    header.writeUInt16BE(0x0033, 4); // SPID
    header[6] = id++ % 256;
    header[7] = 0;
    packets.push(header, body);
    if (last) break;
  }
  return Buffer.concat(packets);
}

// ---------------------------------------------------------------- client messages

export interface PreloginRequest {
  /** The ENCRYPTION byte the client sent: 0 OFF, 1 ON, 2 NOT_SUP, 3 REQ. */
  encryption: number | undefined;
  /** INSTOPT: the instance name the client asked for ('' when none). */
  instance: string | undefined;
}

export function parsePrelogin(data: Buffer): PreloginRequest {
  const out: PreloginRequest = { encryption: undefined, instance: undefined };
  for (let i = 0; i < data.length && data[i] !== 0xff; i += 5) {
    const token = data[i]!;
    const offset = data.readUInt16BE(i + 1);
    const length = data.readUInt16BE(i + 3);
    const value = data.subarray(offset, offset + length);
    if (token === 0x01 && length >= 1) out.encryption = value[0];
    if (token === 0x02) out.instance = value.toString('latin1').replace(/\0.*$/s, '');
  }
  return out;
}

export function preloginResponse(encryption: number, version: readonly [number, number, number]): Buffer {
  const options: [number, Buffer][] = [
    [0x00, Buffer.from([version[0], version[1], (version[2] >> 8) & 0xff, version[2] & 0xff, 0, 0])],
    [0x01, Buffer.from([encryption])],
    [0x02, Buffer.from([0])],
    [0x03, Buffer.alloc(0)],
    [0x04, Buffer.from([0])],
  ];
  const head = Buffer.alloc(options.length * 5 + 1);
  let offset = head.length;
  options.forEach(([token, value], i) => {
    head[i * 5] = token;
    head.writeUInt16BE(offset, i * 5 + 1);
    head.writeUInt16BE(value.length, i * 5 + 3);
    offset += value.length;
  });
  head[head.length - 1] = 0xff;
  return Buffer.concat([head, ...options.map(([, v]) => v)]);
}

export interface Login7 {
  tdsVersion: number;
  packetSize: number;
  hostName: string;
  userName: string;
  /** Decoded from the LOGIN7 obfuscation (which is not encryption: anyone on the wire can do the same). */
  password: string;
  appName: string;
  serverName: string;
  library: string;
  language: string;
  database: string;
  /** OptionFlags2 fIntSecurity: the client authenticates with SSPI (NTLM here). */
  integratedSecurity: boolean;
  /** TypeFlags fReadOnlyIntent. */
  readOnlyIntent: boolean;
  /** The SSPI blob (an NTLM NEGOTIATE message), if any. */
  sspi: Buffer;
}

function unscramble(bytes: Buffer): string {
  const out = Buffer.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]! ^ 0xa5;
    out[i] = ((b & 0x0f) << 4) | (b >> 4);
  }
  return out.toString('ucs2');
}

export function parseLogin7(data: Buffer): Login7 {
  const str = (at: number) => {
    const off = data.readUInt16LE(at);
    const chars = data.readUInt16LE(at + 2);
    return data.subarray(off, off + chars * 2);
  };
  const sspiOff = data.readUInt16LE(78);
  let sspiLen = data.readUInt16LE(80);
  if (sspiLen === 0xffff) sspiLen = data.readUInt32LE(90);
  return {
    tdsVersion: data.readUInt32LE(4),
    packetSize: data.readUInt32LE(8),
    hostName: str(36).toString('ucs2'),
    userName: str(40).toString('ucs2'),
    password: unscramble(str(44)),
    appName: str(48).toString('ucs2'),
    serverName: str(52).toString('ucs2'),
    library: str(60).toString('ucs2'),
    language: str(64).toString('ucs2'),
    database: str(68).toString('ucs2'),
    integratedSecurity: (data[25]! & 0x80) !== 0,
    readOnlyIntent: (data[26]! & 0x20) !== 0,
    sspi: data.subarray(sspiOff, sspiOff + sspiLen),
  };
}

/** The domain an NTLM NEGOTIATE (type 1) message names (OEM, as tedious sends it). */
export function parseNtlmNegotiate(msg: Buffer): { domain: string; workstation: string } {
  if (msg.length < 32 || msg.toString('latin1', 0, 7) !== 'NTLMSSP' || msg.readUInt32LE(8) !== 1) {
    throw new Error('not an NTLM NEGOTIATE message');
  }
  const field = (at: number) => msg.subarray(msg.readUInt32LE(at + 4), msg.readUInt32LE(at + 4) + msg.readUInt16LE(at)).toString('latin1');
  return { domain: field(16), workstation: field(24) };
}

/** Domain, user and workstation of an NTLM AUTHENTICATE (type 3) message (Unicode). The response is not verified. */
export function parseNtlmAuthenticate(msg: Buffer): { domain: string; user: string; ntResponseLength: number } {
  if (msg.length < 64 || msg.toString('latin1', 0, 7) !== 'NTLMSSP' || msg.readUInt32LE(8) !== 3) {
    throw new Error('not an NTLM AUTHENTICATE message');
  }
  const field = (at: number) => msg.subarray(msg.readUInt32LE(at + 4), msg.readUInt32LE(at + 4) + msg.readUInt16LE(at));
  return { domain: field(28).toString('ucs2'), user: field(36).toString('ucs2'), ntResponseLength: msg.readUInt16LE(20) };
}

/** An NTLM CHALLENGE (type 2) message in the layout tedious reads. */
export function ntlmChallenge(domain: string): Buffer {
  const name = Buffer.from(domain, 'ucs2');
  const avNbDomain = Buffer.alloc(4);
  avNbDomain.writeUInt16LE(2, 0);
  avNbDomain.writeUInt16LE(name.length, 2);
  const targetInfo = Buffer.concat([avNbDomain, name, Buffer.alloc(4)]);
  const head = Buffer.alloc(56);
  head.write('NTLMSSP\0', 0, 'latin1');
  head.writeUInt32LE(2, 8);
  head.writeUInt16LE(name.length, 12);
  head.writeUInt16LE(name.length, 14);
  head.writeUInt32LE(56, 16);
  head.writeUInt32LE(0x00818205 | 0x00800000, 20);
  Buffer.from('0123456789abcdef', 'hex').copy(head, 24);
  head.writeUInt16LE(targetInfo.length, 40);
  head.writeUInt16LE(targetInfo.length, 42);
  head.writeUInt32LE(56 + name.length, 44);
  return Buffer.concat([head, name, targetInfo]);
}

export type ParamValue = string | number | boolean | bigint | null;

export interface RpcParam {
  /** With the leading @, as on the wire. */
  name: string;
  /** The TDS type byte's name: nvarchar, varchar, int, bit... */
  type: string;
  value: ParamValue;
}

export interface RpcRequest {
  /** sp_executesql is sent as ProcID 10. */
  procId: number | undefined;
  procName: string | undefined;
  params: RpcParam[];
}

function skipAllHeaders(data: Buffer): number {
  return data.readUInt32LE(0);
}

export function parseSqlBatch(data: Buffer): string {
  return data.subarray(skipAllHeaders(data)).toString('ucs2');
}

function readPlp(data: Buffer, at: number): { value: Buffer | null; next: number } {
  const total = data.readBigUInt64LE(at);
  at += 8;
  if (total === 0xffffffffffffffffn) return { value: null, next: at };
  const chunks: Buffer[] = [];
  for (;;) {
    const len = data.readUInt32LE(at);
    at += 4;
    if (len === 0) break;
    chunks.push(data.subarray(at, at + len));
    at += len;
  }
  return { value: Buffer.concat(chunks), next: at };
}

export function parseRpc(data: Buffer): RpcRequest {
  let at = skipAllHeaders(data);
  const nameLen = data.readUInt16LE(at);
  at += 2;
  let procId: number | undefined;
  let procName: string | undefined;
  if (nameLen === 0xffff) {
    procId = data.readUInt16LE(at);
    at += 2;
  } else {
    procName = data.subarray(at, at + nameLen * 2).toString('ucs2');
    at += nameLen * 2;
  }
  at += 2; // option flags
  const params: RpcParam[] = [];
  while (at < data.length) {
    const nlen = data[at]!;
    at += 1;
    const name = data.subarray(at, at + nlen * 2).toString('ucs2');
    at += nlen * 2;
    at += 1; // status flags
    const typeId = data[at]!;
    at += 1;
    let value: ParamValue;
    switch (typeId) {
      case 0xe7: // NVARCHAR
      case 0xa7: { // VARCHAR
        const max = data.readUInt16LE(at);
        at += 2 + 5; // max length + collation
        const enc = typeId === 0xe7 ? 'ucs2' : 'latin1';
        if (max === 0xffff) {
          const plp = readPlp(data, at);
          at = plp.next;
          value = plp.value === null ? null : plp.value.toString(enc);
        } else {
          const len = data.readUInt16LE(at);
          at += 2;
          value = len === 0xffff ? null : data.subarray(at, at + len).toString(enc);
          if (len !== 0xffff) at += len;
        }
        params.push({ name, type: typeId === 0xe7 ? 'nvarchar' : 'varchar', value });
        break;
      }
      case 0x26: // INTN
      case 0x68: { // BITN
        at += 1; // max length
        const len = data[at]!;
        at += 1;
        const b = data.subarray(at, at + len);
        at += len;
        if (len === 0) value = null;
        else if (typeId === 0x68) value = b[0] !== 0;
        else if (len === 8) value = b.readBigInt64LE(0);
        else value = len === 4 ? b.readInt32LE(0) : len === 2 ? b.readInt16LE(0) : b[0]!;
        params.push({ name, type: typeId === 0x68 ? 'bit' : 'int', value });
        break;
      }
      default:
        throw new Error(`tds test server: RPC parameter ${name} has TDS type 0x${typeId.toString(16)}, which it does not decode`);
    }
  }
  return { procId, procName, params };
}

// ---------------------------------------------------------------- server tokens

const u8 = (n: number) => Buffer.from([n & 0xff]);
const u16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(n); return b; };
const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; };
const bVarchar = (s: string) => Buffer.concat([u8(s.length), Buffer.from(s, 'ucs2')]);
const usVarchar = (s: string) => Buffer.concat([u16(s.length), Buffer.from(s, 'ucs2')]);

function withLength(token: number, body: Buffer): Buffer {
  return Buffer.concat([u8(token), u16(body.length), body]);
}

export function loginAck(progName: string, version: readonly [number, number, number]): Buffer {
  const tds74 = Buffer.from([0x74, 0x00, 0x00, 0x04]);
  return withLength(0xad, Buffer.concat([u8(1), tds74, bVarchar(progName), u8(version[0]), u8(version[1]), u8(version[2] >> 8), u8(version[2])]));
}

export function envDatabase(database: string, old = ''): Buffer {
  return withLength(0xe3, Buffer.concat([u8(1), bVarchar(database), bVarchar(old)]));
}

export function envPacketSize(size: number): Buffer {
  return withLength(0xe3, Buffer.concat([u8(4), bVarchar(String(size)), bVarchar(String(size))]));
}

export function envCollation(): Buffer {
  return withLength(0xe3, Buffer.concat([u8(7), u8(COLLATION.length), COLLATION, u8(0)]));
}

export interface ServerMessage {
  number: number;
  message: string;
  state?: number;
  class?: number;
}

export function errorToken(m: ServerMessage, serverName: string, info = false): Buffer {
  const body = Buffer.concat([
    u32(m.number), u8(m.state ?? 1), u8(m.class ?? (info ? 0 : 16)), usVarchar(m.message), bVarchar(serverName), bVarchar(''), u32(1),
  ]);
  return withLength(info ? 0xab : 0xaa, body);
}

export const DONE = { FINAL: 0x00, MORE: 0x01, ERROR: 0x02, COUNT: 0x10, ATTN: 0x20 } as const;

export function done(status: number, rowCount = 0, token = 0xfd): Buffer {
  const b = Buffer.alloc(13);
  b[0] = token;
  b.writeUInt16LE(status, 1);
  b.writeUInt16LE(0xc1, 3); // CurCmd: SELECT
  b.writeBigUInt64LE(BigInt(rowCount), 5);
  return b;
}
export const doneProc = (status: number) => done(status, 0, 0xfe);
export const doneInProc = (status: number, rowCount: number) => done(status, rowCount, 0xff);

export function returnStatus(value: number): Buffer {
  return Buffer.concat([u8(0x79), u32(value)]);
}

export function sspiToken(blob: Buffer): Buffer {
  return Buffer.concat([u8(0xed), u16(blob.length), blob]);
}

export type ColumnType = 'nvarchar' | 'int' | 'bigint' | 'bit';

export interface Column {
  name: string;
  type: ColumnType;
}

export function colMetadata(columns: readonly Column[]): Buffer {
  const parts: Buffer[] = [u8(0x81), u16(columns.length)];
  for (const c of columns) {
    parts.push(u32(0), u16(0x0001)); // user type, flags: nullable
    switch (c.type) {
      case 'nvarchar': parts.push(u8(0xe7), u16(8000), COLLATION); break;
      case 'int': parts.push(u8(0x26), u8(4)); break;
      case 'bigint': parts.push(u8(0x26), u8(8)); break;
      case 'bit': parts.push(u8(0x68), u8(1)); break;
    }
    parts.push(bVarchar(c.name));
  }
  return Buffer.concat(parts);
}

export function row(columns: readonly Column[], values: readonly ParamValue[]): Buffer {
  const parts: Buffer[] = [u8(0xd1)];
  columns.forEach((c, i) => {
    const v = values[i] ?? null;
    switch (c.type) {
      case 'nvarchar': {
        if (v === null) { parts.push(u16(0xffff)); break; }
        const b = Buffer.from(String(v), 'ucs2');
        parts.push(u16(b.length), b);
        break;
      }
      case 'int': {
        if (v === null) { parts.push(u8(0)); break; }
        const b = Buffer.alloc(4);
        b.writeInt32LE(Number(v));
        parts.push(u8(4), b);
        break;
      }
      case 'bigint': {
        if (v === null) { parts.push(u8(0)); break; }
        const b = Buffer.alloc(8);
        b.writeBigInt64LE(BigInt(v));
        parts.push(u8(8), b);
        break;
      }
      case 'bit':
        parts.push(v === null ? u8(0) : Buffer.from([1, v ? 1 : 0]));
        break;
    }
  });
  return Buffer.concat(parts);
}
