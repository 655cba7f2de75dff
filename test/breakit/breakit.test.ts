// The break-it suite (issue 15): generated hostile inputs thrown at clickker, every one of which must be handled —
// refused with one clean error line (exit 2), or judged with reports free of secrets and raw control characters,
// and never a false pass. Mutations are sampled with a fixed seed, so a run is repeatable and a defect names its
// input. Most cases run in process through the functions the CLI calls; a representative subset spawns the CLI.
// At the end it prints: break-it: N cases, N handled, 0 defects.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fromEnv, fromConfigFile, ENV_NAMES, type SettingKey } from '../../src/cli/settings.js';
import { errorLine, commanderLine } from '../../src/cli/error-line.js';
import { writeFileAtomic } from '../../src/cli/write-file.js';
import { allChecks } from '../../checks/index.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { loadWaivers } from '../../src/core/waivers.js';
import { wildcardMatch } from '../../src/core/wildcard.js';
import { Journal, JOURNAL_SCHEMA } from '../../src/install/journal.js';
import { redactText, registerSecret } from '../../src/report/redact.js';
import { BIN, ROOT } from '../support/cli.js';
import { scratch } from '../support/tmp.js';
import { CONTROL_STRINGS, RAW_CONTROL, SECRET_FORMS, canary } from './support/hostile.js';
import { contractProblems, judgeBytes } from './support/judge.js';
import { mutate } from './support/mutate.js';
import { rng, Tally } from './support/tally.js';

const SEED = 15;
const MUTATIONS_PER_FIXTURE = 28;
const tally = new Tally();
/** How each CLI run ended, printed with the counts (an interrupt that landed after the work shows as 0, 1 or 3). */
const cliExits: string[] = [];
const tmp = scratch('breakit');
const HOSTS = join(ROOT, 'fixtures', 'hosts');
const FIXTURES = readdirSync(HOSTS).filter((f) => f.endsWith('.json')).sort();
const fixtureText = (f: string) => readFileSync(join(HOSTS, f), 'utf8');
const CHECKS = allChecks(loadRequirements().requirements);

/** An InputError's line as the CLI prints it, or null when `fn` succeeded; any other throw propagates (a defect). */
async function refusal(fn: () => unknown): Promise<string | null> {
  try {
    await fn();
    return null;
  } catch (err) {
    if ((err as Error).name !== 'InputError') throw err;
    return errorLine((err as Error).message);
  }
}

function lineProblems(line: string | null, secrets: readonly string[] = []): string[] {
  if (line === null) return [];
  const p: string[] = [];
  if (line.split('\n').length !== 2) p.push(`error is not one line: ${JSON.stringify(line.slice(0, 200))}`);
  if (RAW_CONTROL.test(line)) p.push(`error holds a control character: ${JSON.stringify(line.slice(0, 200))}`);
  if (line.length > 2000) p.push(`error is ${line.length} characters`);
  for (const s of secrets) if (line.includes(s)) p.push(`error leaks ${s}`);
  return p;
}

afterAll(() => {
  process.stdout.write(`${tally.line()}\n  (${tally.groups()})\n  CLI exits: ${cliExits.join('; ')}\n`);
  for (const d of tally.defects.slice(0, 40)) process.stdout.write(`  DEFECT ${d.name}: ${d.problem}\n`);
});

describe('break-it', () => {
  it('snapshot mutations of every fixture: refused in one line, or judged without a leak, a raw control or a false pass', async () => {
    const r = rng(SEED);
    for (const fixture of FIXTURES) {
      const text = fixtureText(fixture);
      for (let i = 0; i < MUTATIONS_PER_FIXTURE; i++) {
        const m = mutate(fixture, text, r);
        await tally.run('snapshot-mutation', m.name, () => {
          const j = judgeBytes(m.bytes, `${fixture}#${i}`);
          const problems = contractProblems(j, m.secrets);
          if (m.removedProbe && j.evaluation) {
            for (const c of CHECKS.filter((x) => x.needs.length === 1 && x.needs[0] === m.removedProbe)) {
              const res = j.evaluation.results.find((x) => x.id === c.id);
              if (res?.status === 'pass') problems.push(`false pass: ${c.id} passed without its '${m.removedProbe}' facts`);
            }
          }
          return problems;
        });
      }
    }
  });

  it('odd snapshot files: encodings, special files, size, names', async () => {
    const ready = readFileSync(join(HOSTS, 'ws2019-ready.json'));
    const text = ready.toString('utf8');
    const utf16be = Buffer.from(text, 'utf16le').swap16();
    const huge = join(tmp.dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 9 * 1024 * 1024); // sparse: costs no disk
    const fifo = join(tmp.dir, 'snap.fifo');
    execFileSync('mkfifo', [fifo]);
    const folder = join(tmp.dir, 'folder.json');
    mkdirSync(folder);
    const link = join(tmp.dir, 'link.json');
    symlinkSync(join(HOSTS, 'ws2019-ready.json'), link);
    const dangling = join(tmp.dir, 'dangling.json');
    symlinkSync(join(tmp.dir, 'nowhere.json'), dangling);
    const accepted = (file: string) => async () => {
      const { facts } = loadSnapshot(file);
      return facts.host === 'SRV-EXACT01' || facts.host.length > 0 ? [] : ['no host'];
    };
    const refused = (file: string, pattern: RegExp) => async () => {
      const line = await refusal(() => loadSnapshot(file));
      if (line === null) return [`${file} was accepted`];
      return [...lineProblems(line), ...(pattern.test(line) ? [] : [`error does not say ${pattern}: ${line.trim()}`])];
    };
    const w = (name: string, content: Buffer | string) => tmp.write(name, content);
    const cases: [string, () => Promise<string[]>][] = [
      ['UTF-8', accepted(w('u8.json', ready))],
      ['UTF-8 with BOM', accepted(w('u8bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), ready])))],
      ['UTF-8 with BOM and CRLF', accepted(w('u8crlf.json', `\uFEFF${text.replace(/\n/g, '\r\n')}`))],
      ['UTF-16LE with BOM', accepted(w('u16le.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])))],
      ['UTF-16BE with BOM', accepted(w('u16be.json', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be])))],
      ['UTF-16LE without BOM', refused(w('u16nobom.json', Buffer.from(text, 'utf16le')), /UTF-16/)],
      ['UTF-16BE without BOM', refused(w('u16benobom.json', utf16be), /UTF-16/)],
      ['a symbolic link to a snapshot', accepted(link)],
      ['a dangling symbolic link', refused(dangling, /cannot read it \(ENOENT\)/)],
      ['empty', refused(w('empty.json', ''), /empty/)],
      ['whitespace', refused(w('ws.json', ' \r\n\t '), /empty/)],
      ['a BOM only', refused(w('bom.json', Buffer.from([0xef, 0xbb, 0xbf])), /empty/)],
      ['NUL bytes', refused(w('nul.json', Buffer.alloc(64)), /UTF-16|not valid JSON/)],
      ['random bytes', refused(w('rand.json', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))), /not valid JSON|UTF-16/)],
      ['a JSON array', refused(w('arr.json', '[]'), /at \(top level\)/)],
      ['a JSON string', refused(w('str.json', '"x"'), /at \(top level\)/)],
      ['deeply nested', refused(w('deep.json', `${'['.repeat(100000)}${']'.repeat(100000)}`), /at \(top level\)/)],
      ['larger than the limit (sparse 9 MiB)', refused(huge, /the limit is 8 MiB/)],
      ['a FIFO', refused(fifo, /pipe \(FIFO\), not a regular file/)],
      ['/dev/zero', refused('/dev/zero', /a device, not a regular file/)],
      ['/dev/null', refused('/dev/null', /a device, not a regular file/)],
      ['a folder', refused(folder, /folder/)],
      ['a missing file', refused(join(tmp.dir, 'none.json'), /ENOENT/)],
      ['a name with a newline and an escape', refused(join(tmp.dir, 'bad\n\u001b[2Kname.json'), /bad\\nx1B|bad\\n\\x1B\[2Kname/)],
      ['/proc/self/status (size 0, not JSON)', refused('/proc/self/status', /not valid JSON/)],
      ['a 1 MB schema string', refused(w('schema.json', JSON.stringify({ schema: 'x'.repeat(1_000_000) })), /schema is "x{58}…, expected/)],
    ];
    for (const [name, check] of cases) await tally.run('odd-file', name, check);
  });

  it('canary secrets in every place a secret can be, in all four formats and on stderr', async () => {
    const base = JSON.parse(fixtureText('ws2019-sql-windows-auth.json')) as { host: string; probes: Record<string, { ok: boolean; data?: Record<string, unknown>; error?: unknown }> };
    const places: [string, (doc: typeof base, secret: string) => void][] = [
      ['the host name', (d, s) => { d.host = s; }],
      ['a probe error message', (d, s) => { d.probes.os = { ok: false, error: { kind: 'error', message: s }, ms: 1 } as never; }],
      ['a SQL probe error', (d, s) => { d.probes['sql.server'] = { ok: false, error: { kind: 'login-failed', message: `Login failed. ${s}` }, ms: 1 } as never; }],
      ['a fact shown as found', (d, s) => { (d.probes.os!.data as Record<string, unknown>).Caption = s; }],
      ['the service account name', (d, s) => { (d.probes.serviceAccount!.data as Record<string, unknown>).Account = s; }],
      ['the collector', (d, s) => { (d as unknown as { collector: unknown }).collector = { name: s, version: s }; }],
    ];
    for (const [i, form] of SECRET_FORMS.entries()) {
      for (const [place, plant] of places) {
        const c = canary();
        const doc = structuredClone(base);
        plant(doc, form(c));
        await tally.run('secret', `form ${i} (${form('X')}) in ${place}`, () => contractProblems(judgeBytes(Buffer.from(JSON.stringify(doc)), 'canary.json'), [c]));
      }
      const c = canary();
      await tally.run('secret', `form ${i} in a file name`, () => contractProblems(judgeBytes(Buffer.from('{'), `${form(c)}.json`), [c]));
    }
    // A secret the user gave (CLICKKER_SQL_PASSWORD) is masked as a value wherever it appears, even in a file's
    // text quoted by a JSON syntax error.
    const registered = `Reg${canary()}`;
    registerSecret(registered);
    for (const [name, body] of [
      ['a JSON syntax error right after it', `{"host": "${registered}" "oops"}`],
      ['a token error on it', `{"host": ${registered}}`],
      ['an unterminated string holding it', `{"host": "${registered}`],
      ['a probe message holding it', JSON.stringify({ ...base, probes: { ...base.probes, os: { ok: false, error: { kind: 'error', message: `connect as sa/${registered} failed` }, ms: 1 } } })],
    ] as const) {
      await tally.run('secret', `registered secret in ${name}`, () => contractProblems(judgeBytes(Buffer.from(body), 'reg.json'), [registered]));
    }
    for (const option of ['--sql-password', '--password', '--api-key', '--token', '--secret']) {
      const c = canary();
      await tally.run('secret', `unknown option ${option}=value`, () => lineProblems(commanderLine(`error: unknown option '${option}=${c}'\n(Did you mean --sql-user?)`), [c]));
    }
  });

  it('redaction masks values, never text without a secret (every fix the checks print)', async () => {
    const scripts = new Set<string>();
    for (const fixture of FIXTURES) {
      const j = judgeBytes(Buffer.from(fixtureText(fixture)), fixture);
      for (const res of j.evaluation?.results ?? []) for (const cmd of res.remediation?.commands ?? []) scripts.add(cmd.script);
    }
    for (const c of CHECKS) for (const cmd of c.remediation?.commands ?? []) scripts.add(cmd.script);
    for (const script of scripts) {
      await tally.run('no-secret-text', script.split('\n')[0]!.slice(0, 60), () => (redactText(script) === script ? [] : [`changed: ${JSON.stringify(redactText(script).slice(0, 200))}`]));
    }
  });

  it('control characters in host names, messages and file names', async () => {
    const base = JSON.parse(fixtureText('ws2019-baco-missing.json')) as { host: string; probes: Record<string, unknown> };
    for (const ctl of CONTROL_STRINGS) {
      for (const [place, make] of [
        ['host', () => ({ ...base, host: `SRV${ctl}` })],
        ['probe message', () => ({ ...base, probes: { ...base.probes, 'sql.baco': { ok: false, error: { kind: `k${ctl}`, message: `m${ctl}` }, ms: 1 } } })],
      ] as const) {
        await tally.run('control', `${JSON.stringify(ctl)} in the ${place}`, () => contractProblems(judgeBytes(Buffer.from(JSON.stringify(make())), 'ctl.json'), []));
      }
      await tally.run('control', `${JSON.stringify(ctl)} in the file name`, () => contractProblems(judgeBytes(Buffer.from(JSON.stringify(base)), `f${ctl}.json`), []));
    }
  });

  it('hostile option and environment values: each refused naming its variable, or accepted', async () => {
    const c = canary();
    const values = ['', ' ', '\u0000', '\u001b[2K\rREADY', 'x'.repeat(100_000), '../../../etc/passwd', ',,,', '--help', '-1', '1e309', '0x10',
      `Password=${c}`, `http://u:${c}@h:1/`, '\u202e', '\ud800', 'NaN', '999999999999999999999', "a'b\"c;d", 'sql01,99999', 'h\\A\\B,1,2'];
    for (const [key, name] of Object.entries(ENV_NAMES) as [SettingKey, string][]) {
      for (const v of values) {
        await tally.run('env', `${name}=${JSON.stringify(v.slice(0, 20))}`, async () => {
          const line = await refusal(() => fromEnv({ [name]: v }));
          const p = lineProblems(line, [c]);
          if (line !== null && !line.startsWith(`clickker: ${name}: `)) p.push(`error does not name ${name}: ${line.slice(0, 120)}`);
          if (line === null && key === 'sqlServer' && v.trim() !== '' && !/^[\w.-]+(\\\w+)?(,\d+)?$/.test(v.trim())) p.push(`malformed --sql-server ${JSON.stringify(v.slice(0, 30))} accepted`);
          return p;
        });
      }
    }
  });

  it('config, waivers and requirements files: strict, bounded, YAML bombs and tags refused', async () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]', 'e: [*d,*d,*d,*d,*d,*d,*d,*d,*d]'].join('\n');
    const waiver = (o: Record<string, unknown>) => `waivers:\n  - ${Object.entries({ check: 'os.version', host: 'SRV1', reason: 'r', approvedBy: 'a', expires: '2099-01-01', ...o }).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n    ')}\n`;
    const shipped = JSON.parse(readFileSync(join(ROOT, 'requirements', 'synergy-api.json'), 'utf8')) as Record<string, unknown>;
    const req = (over: (d: Record<string, unknown>) => void) => { const d = structuredClone(shipped); over(d); return JSON.stringify(d); };
    type Load = (file: string) => Promise<unknown> | unknown;
    const config: Load = (f) => fromConfigFile(f);
    const waivers: Load = (f) => loadWaivers(f);
    // As the CLI loads them: the file, then its checks (an override must name one of them).
    const requirements: Load = (f) => allChecks(loadRequirements(f).requirements, f);
    const cases: [string, string, string | Buffer, Load, RegExp | null][] = [
      ['config', 'bomb.yaml', bomb, config, /not valid YAML \(aliases expand/],
      ['waivers', 'bomb.yaml', bomb, waivers, /not valid YAML \(aliases expand/],
      ['config', 'tag.yaml', 'profile: !secret synergy\n', config, /not valid YAML \(an unknown tag \(such as !foo\) at line 1 column 10\)/],
      ['waivers', 'tag.yaml', `${waiver({})}x: !!binary abc\n`, waivers, /not valid YAML|unknown key "x"/],
      ['config', 'dup.yaml', 'profile: synergy\nprofile: online\n', config, /not valid YAML \(a key appears twice in one mapping at line 2 column 1\)/],
      ['config', 'unknown.yaml', 'profiel: synergy\n', config, /unknown setting "profiel"/],
      ['config', 'utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('profile: online\n', 'utf16le')]), config, null],
      ['config', 'huge.yaml', `# ${'x'.repeat(5 * 1024 * 1024)}\n`, config, /the limit is 4 MiB/],
      ['config', 'sql.yaml', 'sqlServer: "sql01;Password=x"\n', config, /config file .* at sqlServer: SQL Server address/],
      ['config', 'array.yaml', '- a\n- b\n', config, /expected a mapping/],
      ['waivers', 'hosts-typo.yaml', waiver({ host: undefined, hosts: 'OTHER-SERVER' }), waivers, /at waivers\[0\]: unknown key "hosts"/],
      ['waivers', 'no-host.yaml', waiver({ host: undefined }), waivers, /host: missing/],
      ['waivers', 'star.yaml', waiver({ host: '*' }), waivers, null],
      ['waivers', 'feb30.yaml', waiver({ expires: '2026-02-30' }), waivers, /not a real date/],
      ['waivers', 'feb29.yaml', waiver({ expires: '2027-02-29' }), waivers, /not a real date/],
      ['waivers', 'leap.yaml', waiver({ expires: '2028-02-29' }), waivers, null],
      ['waivers', 'unquoted-date.yaml', 'waivers:\n  - check: os.version\n    host: SRV1\n    reason: r\n    approvedBy: a\n    expires: 2026-02-30\n', waivers, /not a real date/],
      ['waivers', 'top.yaml', 'waivers: []\nwaiver: []\n', waivers, /at \(top level\): unknown key "waiver"/],
      ['waivers', 'not-list.yaml', 'waivers: {}\n', waivers, /at waivers: /],
      ['requirements', 'extra.json', req((d) => { d.extra = 1; }), requirements, /at \(top level\): unknown key "extra"/],
      ['requirements', 'nested-extra.json', req((d) => { (d.os as Record<string, unknown>).minBuidl = 1; }), requirements, /at os: unknown key "minBuidl"/],
      ['requirements', 'override.json', req((d) => { d.checks = { 'os.verison': { severity: 'info' } }; }), requirements, /unknown check id/],
      ['requirements', 'override-key.json', req((d) => { d.checks = { 'os.version': { severty: 'info' } }; }), requirements, /at checks\["os\.version"\]: unknown key "severty"/],
      ['requirements', 'override-ok.json', req((d) => { d.checks = { 'os.pending-reboot': { severity: 'blocking' } }; }), requirements, null],
      ['requirements', 'utf16.json', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(JSON.stringify(shipped), 'utf16le').swap16()]), requirements, null],
    ];
    for (const [what, name, content, load, expected] of cases) {
      await tally.run('document', `${what} ${name}`, async () => {
        const file = tmp.write(`${what}-${name}`, content);
        const line = await refusal(() => load(file));
        if (expected === null) return line === null ? [] : [`refused: ${line.trim()}`];
        if (line === null) return ['accepted'];
        return [...lineProblems(line), ...(expected.test(line) ? [] : [`error does not match ${expected}: ${line.trim().slice(0, 200)}`])];
      });
    }
    for (const [what, load] of [['config', config], ['waivers', waivers], ['requirements', requirements]] as const) {
      await tally.run('document', `${what} that is a folder`, async () => lineProblems(await refusal(() => load(tmp.dir))).concat((await refusal(() => load(tmp.dir))) ? [] : ['accepted']));
    }
  });

  it('tampered journals: refused in one line, never a path outside the state folder', async () => {
    const journal = {
      schema: JOURNAL_SCHEMA, runId: '20261204-184644-1a2b', tool: { name: 'clickker', version: '0' }, target: 'simulated host',
      package: { file: 'p.zip', product: 'Clickker', version: '1.0.0', sha256: 'a'.repeat(64), verifiedAgainst: null },
      parameters: { serviceAccount: 'CORP\\svc', sqlServer: 'sql01', database: 'Clickker', site: 'Exact', appPath: '/clickker', installDir: 'C:\\x', baseUrl: 'http://localhost', exactDatabases: [], reduceSqlRights: false },
      state: 'failed', previousRun: null, startedAt: '2026-12-04T00:00:00Z', updatedAt: '2026-12-04T00:00:00Z', log: 'l', preflight: null, waivers: [], iisBackup: null, verification: null, steps: [],
    };
    const tampered: [string, (j: Record<string, unknown>) => void, boolean][] = [
      ['as written', () => undefined, true],
      ['runId ../../x', (j) => { j.runId = '../../x'; }, false],
      ['runId with a slash', (j) => { j.runId = 'a/b'; }, false],
      ['runId with a backslash', (j) => { j.runId = 'a\\..\\b'; }, false],
      ['runId absolute', (j) => { j.runId = '/etc/passwd'; }, false],
      ['runId empty', (j) => { j.runId = ''; }, false],
      ['runId with controls', (j) => { j.runId = 'x\u001b[2K'; }, false],
      ['runId very long', (j) => { j.runId = 'a'.repeat(5000); }, false],
      ['previousRun ../x', (j) => { j.previousRun = '../x'; }, false],
      ['state unknown', (j) => { j.state = 'hacked'; }, false],
      ['steps not a list', (j) => { j.steps = {}; }, false],
      ['schema other', (j) => { j.schema = 'x'.repeat(100000); }, false],
    ];
    for (const [name, change, ok] of tampered) {
      await tally.run('journal', name, async () => {
        const dir = join(tmp.dir, `state-${tally.cases}`);
        mkdirSync(dir);
        const j = structuredClone(journal) as Record<string, unknown>;
        change(j);
        writeFileSync(join(dir, 'journal.json'), JSON.stringify(j));
        const line = await refusal(() => Journal.load(dir));
        return ok ? (line === null ? [] : [`refused: ${line}`]) : line === null ? ['accepted'] : lineProblems(line);
      });
    }
    for (const [name, make] of [
      ['journal.json a folder', (d: string) => mkdirSync(join(d, 'journal.json'))],
      ['journal.json a FIFO', (d: string) => execFileSync('mkfifo', [join(d, 'journal.json')])],
      ['journal.json truncated', (d: string) => writeFileSync(join(d, 'journal.json'), JSON.stringify(journal).slice(0, 100))],
      ['journal.json empty', (d: string) => writeFileSync(join(d, 'journal.json'), '')],
    ] as const) {
      await tally.run('journal', name, async () => {
        const dir = join(tmp.dir, `state-${tally.cases}`);
        mkdirSync(dir);
        make(dir);
        const line = await refusal(() => Journal.load(dir));
        return line === null ? ['accepted'] : lineProblems(line);
      });
    }
  });

  it('--output targets: devices and pipes written in place, links followed, inputs never overwritten', async () => {
    const input = tmp.write('input.json', '{}');
    const real = join(tmp.dir, 'real.md');
    const link = join(tmp.dir, 'link.md');
    symlinkSync(real, link);
    const linkToInput = join(tmp.dir, 'input-link.json');
    symlinkSync(input, linkToInput);
    const hardToInput = join(tmp.dir, 'input-hard.json');
    execFileSync('ln', [input, hardToInput]);
    const cases: [string, () => Promise<string[]>][] = [
      ['/dev/null stays a device', async () => { await writeFileAtomic('/dev/null', 'report', 'report'); return statSync('/dev/null').isCharacterDevice() ? [] : ['/dev/null replaced']; }],
      ['a symbolic link is followed', async () => {
        await writeFileAtomic(link, 'through the link', 'report');
        return [...(lstatSync(link).isSymbolicLink() ? [] : ['link replaced']), ...(readFileSync(real, 'utf8') === 'through the link' ? [] : ['target not written'])];
      }],
      ['an input is refused', async () => { const l = await refusal(() => writeFileAtomic(input, 'x', 'report', [input])); return l && /also an input/.test(l) && readFileSync(input, 'utf8') === '{}' ? [] : ['input overwritten']; }],
      ['a link to an input is refused', async () => { const l = await refusal(() => writeFileAtomic(linkToInput, 'x', 'report', [input])); return l && readFileSync(input, 'utf8') === '{}' ? [] : ['input overwritten through a link']; }],
      ['a hard link to an input is refused', async () => { const l = await refusal(() => writeFileAtomic(hardToInput, 'x', 'report', [input])); return l && readFileSync(input, 'utf8') === '{}' ? [] : ['input overwritten through a hard link']; }],
      ['a folder is refused', async () => lineProblems(await refusal(() => writeFileAtomic(tmp.dir, 'x', 'report'))).concat(existsSync(tmp.dir) ? [] : ['folder gone'])],
      ['a missing folder is refused', async () => { const l = await refusal(() => writeFileAtomic(join(tmp.dir, 'no', 'x.md'), 'x', 'report')); return l ? lineProblems(l) : ['accepted']; }],
      ['a FIFO is written in place', async () => {
        const fifo = join(tmp.dir, 'out.fifo');
        execFileSync('mkfifo', [fifo]);
        const reader = new Promise<string>((res) => { const p = spawn('cat', [fifo]); let s = ''; p.stdout.on('data', (d: Buffer) => { s += d.toString(); }); p.on('close', () => res(s)); });
        await writeFileAtomic(fifo, ['chunk1 ', 'chunk2'], 'report');
        const got = await reader;
        return [...(got === 'chunk1 chunk2' ? [] : [`reader got ${JSON.stringify(got)}`]), ...(lstatSync(fifo).isFIFO() ? [] : ['FIFO replaced'])];
      }],
      ['no temporary file is left', async () => {
        const left = readdirSync(tmp.dir).filter((f) => f.endsWith('.tmp'));
        return left.length ? [`left ${left.join(', ')}`] : [];
      }],
    ];
    for (const [name, check] of cases) await tally.run('output', name, check);
  });

  it('WinHTTP bypass wildcards: linear on hostile patterns, equal to the regex meaning on ordinary ones', async () => {
    for (const [pattern, text] of [['*?'.repeat(16) + '!', 'a'.repeat(40)], ['*a'.repeat(30), 'a'.repeat(200) + 'b'], ['?'.repeat(100), 'x'.repeat(99)], ['*'.repeat(1000), 'y'.repeat(1000)]] as const) {
      await tally.run('wildcard', `hostile ${pattern.slice(0, 12)}… (${pattern.length})`, () => {
        const t0 = performance.now();
        wildcardMatch(pattern, text);
        const ms = performance.now() - t0;
        return ms < 100 ? [] : [`took ${ms.toFixed(0)} ms`];
      });
    }
    const r = rng(SEED + 1);
    const alphabet = ['a', 'b', '.', '*', '?', '-'];
    for (let i = 0; i < 200; i++) {
      const pattern = Array.from({ length: 1 + r.int(6) }, () => r.pick(alphabet)).join('');
      const text = Array.from({ length: r.int(7) }, () => r.pick(['a', 'b', '.', '-'])).join('');
      const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      await tally.run('wildcard', `${pattern} ~ ${text}`, () => (wildcardMatch(pattern, text) === re.test(text) ? [] : [`differs from the regex: ${wildcardMatch(pattern, text)}`]));
    }
  });

  it('--service-account differing from the snapshot\'s: both account checks unknown with "collect again", never a pass', async () => {
    for (const fixture of FIXTURES) {
      const bytes = Buffer.from(fixtureText(fixture));
      const doc = JSON.parse(bytes.toString()) as { probes: Record<string, { ok: boolean; data?: { Account?: string } }> };
      const account = doc.probes.serviceAccount?.ok ? doc.probes.serviceAccount.data?.Account : undefined;
      await tally.run('account', `${fixture}: another account`, () => {
        const j = judgeBytes(bytes, fixture, { serviceAccount: 'OTHER\\svc-typo' });
        const p: string[] = [];
        for (const id of ['account.service-account', 'sql.service-account']) {
          const res = j.evaluation?.results.find((x) => x.id === id);
          if (res?.status === 'pass' || res?.status === 'fail') p.push(`${id} is ${res.status} for an account the snapshot does not describe`);
          if (res?.status === 'unknown' && !/collect again with --service-account OTHER\\svc-typo|needs .* to pass first/.test(res.reason ?? '')) p.push(`${id}: ${res.reason}`);
        }
        return p;
      });
      if (account) {
        await tally.run('account', `${fixture}: the same account in other letters`, () => {
          const same = judgeBytes(bytes, fixture, { serviceAccount: ` ${account.toUpperCase()} ` });
          const none = judgeBytes(bytes, fixture);
          const st = (x: typeof same) => x.evaluation?.results.map((y) => `${y.id}=${y.status}`).join(',');
          return st(same) === st(none) ? [] : ['verdicts changed for the same account'];
        });
      }
    }
  });

  it('the CLI itself, for a representative subset: exit codes, one stderr line, no secret, signals', async () => {
    const ready = join(HOSTS, 'ws2019-ready.json');
    const c = canary();
    type Run = { code: number | null; killedBy: NodeJS.Signals | null; stdout: string; stderr: string };
    /** The run said it wrote `report`, and it is there whole (a JSON report parses). */
    const finished = (x: Run, report: string) => x.stderr.includes(`Report written to ${report}`) && existsSync(report)
      && (!report.endsWith('.json') || (() => { try { JSON.parse(readFileSync(report, 'utf8')); return true; } catch { return false; } })());
    const run = (args: string[], env: Record<string, string> = {}, killAfterMs?: number, signal: NodeJS.Signals = 'SIGTERM') => new Promise<Run>((res) => {
      const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLICKKER_')));
      const p = spawn(process.execPath, [BIN, ...args], { cwd: tmp.dir, env: { ...base, CI: 'true', NO_COLOR: '1', ...env } });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      p.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      if (killAfterMs !== undefined) setTimeout(() => p.kill(signal), killAfterMs);
      p.on('close', (code, killedBy) => res({ code, killedBy, stdout, stderr }));
    });
    const started = performance.now();
    const first = await run(['preflgiht']);
    const startup = performance.now() - started; // this machine's start-up time, to interrupt runs mid-work
    const fleetDir = join(tmp.dir, 'fleet');
    mkdirSync(fleetDir);
    const fleet = Array.from({ length: 150 }, (_, i) => { const f = join(fleetDir, `h${i}.json`); writeFileSync(f, readFileSync(ready)); return f; });
    const leftovers = () => readdirSync(tmp.dir).concat(readdirSync(fleetDir)).filter((f) => f.endsWith('.tmp'));
    const interrupted = (codes: number[], report: string) => (x: Run) => [
      // Killed before Node ran clickker's first line, a process has no handler yet: it wrote nothing, left nothing.
      // Killed after its last line, the same: Node's teardown closes its signal handles and libuv puts back the
      // default action (deps/uv/src/unix/signal.c, uv__signal_unregister_handler: SIG_DFL), so the signal itself
      // ends the process (a shell shows 128 + its number all the same). Its work is done then: the report is whole.
      ...(codes.includes(x.code ?? -1) || (x.code === null && x.stdout === '' && x.stderr === '') || (x.code === null && x.killedBy !== null && finished(x, report)) ? [] : [`exit ${x.code}: ${x.stderr.slice(0, 200)}`]),
      ...(leftovers().length ? [`left ${leftovers().join(', ')}`] : []),
    ];
    const batches: [string, () => Promise<Run>, (x: Run) => string[]][][] = [[
      ['unknown command', async () => first, (x) => (x.code === 2 && x.stderr.split('\n').length === 2 ? [] : [`exit ${x.code}, stderr ${JSON.stringify(x.stderr)}`])],
      ['secret-looking unknown option', () => run(['preflight', `--sql-password=${c}`]), (x) => (x.code === 2 && !x.stderr.includes(c) ? [] : [`exit ${x.code}, stderr ${JSON.stringify(x.stderr)}`])],
      ['CLICKKER_ONLY names the variable', () => run(['preflight', '--snapshot', ready], { CLICKKER_ONLY: 'os.versoin' }), (x) => (x.code === 2 && /^clickker: CLICKKER_ONLY: unknown check id/.test(x.stderr) ? [] : [`exit ${x.code}, stderr ${x.stderr}`])],
    ], [
      ['CLICKKER_SKIP names the variable', () => run(['preflight', '--snapshot', ready], { CLICKKER_SKIP: 'x' }), (x) => (x.code === 2 && /^clickker: CLICKKER_SKIP: /.test(x.stderr) ? [] : [`exit ${x.code}, stderr ${x.stderr}`])],
      ['malformed --sql-server', () => run(['preflight', '--snapshot', ready, '--sql-server', "sql01';DROP"]), (x) => (x.code === 2 && /^clickker: --sql-server: /.test(x.stderr) ? [] : [`exit ${x.code}, stderr ${x.stderr}`])],
      ['--state-dir an existing file', () => run(['install', '--plan', '--package', 'p.zip', '--simulate', join(ROOT, 'fixtures', 'packages', 'simulated-host.json'), '--state-dir', ready]), (x) => (x.code === 2 && /^clickker: --state-dir .*not a folder/.test(x.stderr) ? [] : [`exit ${x.code}, stderr ${x.stderr}`])],
      ['CLICKKER_STATE_DIR an existing file names the variable', () => run(['install', '--plan', '--package', 'p.zip', '--simulate', join(ROOT, 'fixtures', 'packages', 'simulated-host.json')], { CLICKKER_STATE_DIR: ready }), (x) => (x.code === 2 && /^clickker: CLICKKER_STATE_DIR .*not a folder/.test(x.stderr) ? [] : [`exit ${x.code}, stderr ${x.stderr}`])],
    ], [
      ['--output over the --snapshot', () => run(['preflight', '--snapshot', fleet[0]!, '--output', fleet[0]!]), (x) => (x.code === 2 && readFileSync(fleet[0]!, 'utf8') === readFileSync(ready, 'utf8') ? [] : [`exit ${x.code}, stderr ${x.stderr}`])],
      ['a registered secret in a JSON error, via the environment', () => run(['preflight', '--snapshot', tmp.write('leak.json', `{"host": "${c}x" oops}`)], { CLICKKER_SQL_PASSWORD: `${c}x` }), (x) => (x.code === 2 && !x.stderr.includes(c) && x.stderr.split('\n').length === 2 ? [] : [`exit ${x.code}, stderr ${x.stderr}`])],
      ['YAML alias bomb in --config', () => run(['preflight', '--snapshot', ready, '--config', tmp.write('bomb.yaml', ['a: &a [x,x,x,x,x,x,x,x,x]', 'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]', 'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]', 'd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]'].join('\n'))]), (x) => (x.code === 2 ? [] : [`exit ${x.code}, stderr ${x.stderr}`])],
    ], [
      ['SIGTERM during a fleet report', () => run(['preflight', '--snapshot', ...fleet, '--format', 'json', '--output', join(tmp.dir, 'fleet.json')], {}, startup + 600), interrupted([0, 1, 3, 143], join(tmp.dir, 'fleet.json'))],
      ['SIGINT during a fleet report', () => run(['preflight', '--snapshot', ...fleet, '--format', 'markdown', '--output', join(tmp.dir, 'fleet.md')], {}, startup + 600, 'SIGINT'), interrupted([0, 1, 3, 130], join(tmp.dir, 'fleet.md'))],
    ]];
    for (const batch of batches) {
      const results = await Promise.all(batch.map(([, start]) => start()));
      for (const [i, [name, , check]] of batch.entries()) {
        const x = results[i]!;
        const firstLine = x.stderr.split('\n').find((l) => l.startsWith('clickker:'));
        cliExits.push(`${name} ${x.code}`);
        await tally.run('cli', `${name} (exit ${x.code})`, () => [...check(x), ...lineProblems(firstLine === undefined ? null : `${firstLine}\n`, [c])]);
      }
    }
  }, 120_000);

  it('prints its counts, with 0 defects', () => {
    expect(tally.cases).toBeGreaterThan(1000);
    expect(tally.defects.map((d) => `${d.name}: ${d.problem}`).slice(0, 20)).toEqual([]);
  });
});
