// Address parsing and the mssql configuration: secure defaults, authentication modes, instance versus port.
import { describe, expect, it } from '@jest/globals';
import { parseServerAddress } from '../../src/probes/sql/address.js';
import { APP_NAME, buildMssqlConfig, planConnection, PlanError, resolveSqlOptions, type SqlOptions } from '../../src/probes/sql/config.js';

const T = { connectMs: 3_000, requestMs: 3_000, cancelMs: 1_000 };
const REQ = { bacoLogin: 'BACO', clickkerDatabase: 'Clickker' };

function opts(over: Partial<SqlOptions> = {}): SqlOptions {
  return resolveSqlOptions({ server: 'sql01', user: 'BACO', password: 'pw', ...over }, REQ);
}

describe('parseServerAddress', () => {
  it.each([
    ['sql01', { host: 'sql01' }],
    ['sql01\\EXACT', { host: 'sql01', instance: 'EXACT' }],
    ['sql01,1533', { host: 'sql01', port: 1533 }],
    ['sql01\\EXACT,1533', { host: 'sql01', instance: 'EXACT', port: 1533 }],
    ['tcp:sql01.corp.local,1433', { host: 'sql01.corp.local', port: 1433 }],
    ['10.1.2.3', { host: '10.1.2.3' }],
    ['[::1],1433', { host: '::1', port: 1433 }],
    ['.\\SQLEXPRESS', { host: 'localhost', instance: 'SQLEXPRESS' }],
    ['(local)', { host: 'localhost' }],
    ['sql01\\MSSQLSERVER', { host: 'sql01' }],
    ['  sql01 , 1433 ', { host: 'sql01', port: 1433 }],
  ])('%s', (text, expected) => {
    expect(parseServerAddress(text)).toEqual({ text: text.trim(), ...expected });
  });

  it.each([
    ['', 'it is empty'],
    ['sql01,', "'' is not a TCP port"],
    ['sql01,70000', "'70000' is not a TCP port"],
    ['sql01\\', 'the instance name after the backslash is empty'],
    ['sql01\\bad name', "'bad name' is not a SQL Server instance name"],
    ['sql01:1433', 'use a comma before the port (sql01,1433)'],
    ['\\EXACT', 'the host name is empty'],
    ["sql01';--", 'is not a host name or IP address'],
  ])('rejects %j', (text, why) => {
    expect(() => parseServerAddress(text)).toThrow(why);
  });
});

describe('secure defaults', () => {
  it('encryption on and the certificate verified unless the user asks otherwise', () => {
    const sql = resolveSqlOptions({ server: 'sql01', user: 'BACO', password: 'pw' }, REQ);
    expect(sql).toMatchObject({ encrypt: true, trustServerCertificate: false, bacoLogin: 'BACO', clickkerDatabase: 'Clickker' });
    const cfg = buildMssqlConfig(planConnection(sql), 'pw', T);
    expect(cfg.options).toMatchObject({ encrypt: true, trustServerCertificate: false });
  });

  it('trusting the certificate or turning encryption off happens only on request', () => {
    const trust = buildMssqlConfig(planConnection(opts({ trustServerCertificate: true })), 'pw', T);
    expect(trust.options).toMatchObject({ encrypt: true, trustServerCertificate: true });
    const off = buildMssqlConfig(planConnection(opts({ encrypt: false })), 'pw', T);
    expect(off.options).toMatchObject({ encrypt: false, trustServerCertificate: false });
  });

  it('bounds connecting and each query, and never retries a failed login', () => {
    const cfg = buildMssqlConfig(planConnection(opts()), 'pw', T);
    expect(cfg).toMatchObject({ connectionTimeout: 3_000, requestTimeout: 3_000, pool: { max: 1, acquireTimeoutMillis: 3_000 } });
    expect(cfg.options).toMatchObject({ cancelTimeout: 1_000, maxRetriesOnTransientErrors: 0, appName: APP_NAME });
  });
});

describe('authentication', () => {
  it('a SQL login', () => {
    const plan = planConnection(opts());
    expect(plan).toMatchObject({ auth: { kind: 'sql', user: 'BACO' }, login: 'BACO' });
    const cfg = buildMssqlConfig(plan, 'pw', T);
    expect(cfg).toMatchObject({ user: 'BACO', password: 'pw' });
    expect(cfg.domain).toBeUndefined();
  });

  it('NTLM when a domain is given, or DOMAIN\\user', () => {
    for (const o of [opts({ user: 'svc', domain: 'CORP' }), opts({ user: 'CORP\\svc' })]) {
      const plan = planConnection(o);
      expect(plan).toMatchObject({ auth: { kind: 'ntlm', domain: 'CORP', user: 'svc' }, login: 'CORP\\svc' });
      expect(buildMssqlConfig(plan, 'pw', T)).toMatchObject({ user: 'svc', password: 'pw', domain: 'CORP' });
    }
  });

  it('no user means the current Windows account (integrated), which the source reports as unsupported', () => {
    expect(planConnection(opts({ user: undefined, password: undefined })).auth).toEqual({ kind: 'integrated' });
  });

  it('refuses a user without a password, and over-long names, before connecting', () => {
    expect(() => planConnection(opts({ password: undefined }))).toThrow(PlanError);
    expect(() => planConnection(opts({ bacoLogin: 'x'.repeat(129) }))).toThrow('longer than 128 characters');
    expect(() => planConnection(opts({ clickkerDatabase: '' }))).toThrow('the Clickker database name is empty');
  });
});

describe('instance and port', () => {
  it('a named instance is looked up through SQL Server Browser', () => {
    const cfg = buildMssqlConfig(planConnection(opts({ server: 'sql01\\EXACT' })), 'pw', T);
    expect(cfg.server).toBe('sql01');
    expect(cfg.port).toBeUndefined();
    expect(cfg.options?.instanceName).toBe('EXACT');
  });

  it('an explicit port wins over the instance name, as in SQL Server clients', () => {
    const cfg = buildMssqlConfig(planConnection(opts({ server: 'sql01\\EXACT,1533' })), 'pw', T);
    expect(cfg).toMatchObject({ server: 'sql01', port: 1533 });
    expect(cfg.options?.instanceName).toBeUndefined();
  });

  it('the database is optional: master when none is named', () => {
    expect(buildMssqlConfig(planConnection(opts()), 'pw', T).database).toBe('master');
    expect(buildMssqlConfig(planConnection(opts({ database: '001' })), 'pw', T).database).toBe('001');
  });
});

describe('issue 13: where and how the SQL probes connect', () => {
  it('connects to master unless told otherwise (the help says "default master")', () => {
    expect(planConnection(resolveSqlOptions({ server: 'sql01', user: 'sa', password: 'x' }, { bacoLogin: 'BACO', clickkerDatabase: 'Clickker' })).database).toBe('master');
    expect(planConnection(resolveSqlOptions({ server: 'sql01', user: 'sa', password: 'x', database: 'Synergy' }, { bacoLogin: 'BACO', clickkerDatabase: 'Clickker' })).database).toBe('Synergy');
  });

  it('tries every address of the host at once, so a dead ::1 cannot use the whole budget', () => {
    // tedious tries a host's addresses in sequence unless multiSubnetFailover is set (windows-behaviour.md, SQL Server).
    const plan = planConnection(resolveSqlOptions({ server: 'localhost', user: 'sa', password: 'x' }, { bacoLogin: 'BACO', clickkerDatabase: 'Clickker' }));
    expect(buildMssqlConfig(plan, 'x', { connectMs: 1000, requestMs: 1000, cancelMs: 100 }).options?.multiSubnetFailover).toBe(true);
  });
});
