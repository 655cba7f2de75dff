// Pure parts of the SQL probes: Exact database recognition, the failure classifier on driver errors that the TDS
// test server cannot produce, redaction, and lazy loading of mssql.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifySqlFailure } from '../../src/probes/sql/classify.js';
import { withoutSecrets, type FailureContext } from '../../src/probes/sql/failure-messages.js';
import { planConnection, resolveSqlOptions } from '../../src/probes/sql/config.js';
import { fingerprintOf, recogniseExactDatabase } from '../../src/probes/sql/exact-databases.js';
import { bacoQuery, clickkerDatabaseQuery, connectionQuery, databasesQuery, identityQuery, serverQuery } from '../../src/probes/sql/queries.js';
import { packagePath } from '../../src/core/paths.js';

describe('recogniseExactDatabase', () => {
  it.each([
    ['001', ['cicmpy', 'humres'], 'globe'],
    ['999', null, 'globe'],
    ['444_unicode', ['cicmpy'], 'synergy'],
    ['Synergy_unicode', null, 'synergy'],
    ['Synergy', ['cicmpy', 'humres', 'BacoSettings'], 'exact'],
    ['ExactProd', ['humres', 'SDKGroups'], 'exact'],
    ['Payroll', ['humres'], null],
    ['Payroll', null, null],
    ['123', [], null],
    ['1234', ['cicmpy'], null],
    ['ReportServer', [], null],
  ])('%s with %j -> %s', (name, tables, kind) => {
    expect(recogniseExactDatabase({ name, tables })).toBe(kind);
  });

  it('reads the has_<table> columns; all NULL means "could not look"', () => {
    expect(fingerprintOf({ has_cicmpy: 1, has_humres: 0, has_BacoSettings: 1, has_SDKGroups: 0 })).toEqual(['cicmpy', 'BacoSettings']);
    expect(fingerprintOf({ has_cicmpy: null, has_humres: null, has_BacoSettings: null, has_SDKGroups: null })).toBeNull();
  });
});

function ctx(over: Partial<FailureContext> = {}, server = 'tlsdb01,1433'): FailureContext {
  const plan = planConnection(resolveSqlOptions({ server, user: 'BACO', password: 'pw' }, { bacoLogin: 'BACO', clickkerDatabase: 'Clickker' }));
  return { plan, serverMessages: [], tcpConnected: false, phase: 'connecting', timeoutMs: 5_000, ...over };
}

/** An error shaped like mssql's ConnectionError wrapping tedious' (code on both, the cause below). */
function driverError(code: string, message: string, cause?: unknown): Error {
  const inner = Object.assign(new Error(message), { code, ...(cause ? { cause } : {}) });
  return Object.assign(new Error(message), { code, originalError: inner });
}

describe('classifySqlFailure', () => {
  it('does not take a host called "tls..." for a TLS problem', () => {
    const refused = driverError('ESOCKET', 'Failed to connect to tlsdb01:1433 - Could not connect (sequence)',
      new AggregateError([Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:1433'), { code: 'ECONNREFUSED' })], 'Could not connect (sequence)'));
    expect(classifySqlFailure(refused, ctx()).kind).toBe('unreachable');
  });

  it('an old server offering only TLS 1.0 is a TLS failure with the fix', () => {
    const err = driverError('ESOCKET', 'Failed to connect to tlsdb01:1433 - 40B8:error:0A000102:SSL routines:ssl_choose_client_version:unsupported protocol',
      Object.assign(new Error('error:0A000102:SSL routines:ssl_choose_client_version:unsupported protocol'), { code: 'ERR_SSL_UNSUPPORTED_PROTOCOL' }));
    const f = classifySqlFailure(err, ctx({ tcpConnected: true, phase: 'tls' }));
    expect(f.kind).toBe('tls');
    expect(f.message).toContain('TLS 1.2');
  });

  it('a certificate for another name', () => {
    const err = driverError('ESOCKET', "Failed to connect to sql01:1433 - Hostname/IP does not match certificate's altnames: Host: sql01. is not cert's CN: SQL01.corp.local",
      Object.assign(new Error("Hostname/IP does not match certificate's altnames"), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }));
    const f = classifySqlFailure(err, ctx({ tcpConnected: true, phase: 'tls' }, 'sql01'));
    expect(f.kind).toBe('tls');
    expect(f.message).toContain('--sql-trust-server-certificate');
  });

  it('a Browser that cannot be asked at all', () => {
    const f = classifySqlFailure(driverError('EINSTLOOKUP', 'Failed to get response from SQL Server Browser on sql01'), ctx({}, 'sql01\\EXACT'));
    expect(f.kind).toBe('instance-not-found');
    expect(f.message).toContain('SQL Server Browser (UDP 1434) did not answer');
  });

  it('a query error other than permissions keeps its number', () => {
    const query = { id: 'x', purpose: 'read something', text: 'SELECT 1', params: [] };
    const err = Object.assign(new Error("Invalid object name 'sys.sql_logins'."), { code: 'EREQUEST', number: 208 });
    expect(classifySqlFailure(err, ctx({ query, tcpConnected: true, phase: 'ready' }))).toEqual({
      kind: 'error', message: "Could not read something: SQL Server error 208: Invalid object name 'sys.sql_logins'.",
    });
  });

  it('anything unrecognised while connecting is still an error with the driver\'s words', () => {
    expect(classifySqlFailure(new Error('boom'), ctx())).toEqual({ kind: 'error', message: 'Could not connect to tlsdb01:1433: boom' });
  });
});

describe('withoutSecrets', () => {
  it('removes every occurrence of each secret', () => {
    expect(withoutSecrets('a pw b pw', ['pw', undefined, ''])).toBe('a *** b ***');
  });
});

describe('mssql is loaded lazily', () => {
  it('no module under src/ imports mssql or tedious at start-up (only types, or a dynamic import())', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) {
          const text = readFileSync(p, 'utf8');
          const staticImports = text.match(/^\s*import\s+(?!type\b)[^;]*?from\s+['"](mssql|tedious)(\/[^'"]*)?['"]/gm) ?? [];
          const sideEffect = text.match(/^\s*import\s+['"](mssql|tedious)(\/[^'"]*)?['"]/gm) ?? [];
          if (staticImports.length || sideEffect.length) offenders.push(p);
        }
      }
    };
    walk(packagePath('src'));
    expect(offenders).toEqual([]);
    expect(readFileSync(packagePath('src/probes/sql/session.ts'), 'utf8')).toContain("await import('mssql')");
  });
});

describe('docs/sql.md', () => {
  it('shows every query exactly as the probes send it', () => {
    const doc = readFileSync(packagePath('docs/sql.md'), 'utf8');
    for (const q of [connectionQuery(), serverQuery(), bacoQuery('BACO'), identityQuery(null), databasesQuery(), clickkerDatabaseQuery('Clickker')]) {
      expect(doc).toContain(q.text);
    }
  });
});
