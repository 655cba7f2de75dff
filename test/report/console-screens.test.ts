// The administrator's one screen, rendered as the CLI renders it: 80 and 120 columns, a terminal (colour) or not,
// NO_COLOR, --ascii. Snapshots hold the exact screens (review them in test/report/__snapshots__); the assertions
// state the rules each screen must keep whatever its wording.
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { defaultOptions, evaluate, type Evaluation } from '../../src/core/evaluate.js';
import { loadSnapshot } from '../../src/facts/snapshot.js';
import { loadRequirements } from '../../src/core/requirements.js';
import { allChecks } from '../../checks/index.js';
import { renderConsole } from '../../src/report/console.js';
import { docsLink } from '../../src/report/common.js';
import { detectStyle } from '../../src/report/style.js';
import { POWERSHELL_UNAVAILABLE } from '../../src/probes/powershell/bridge.js';
import { FACTS } from '../../src/facts/index.js';
import { failed, makeSnapshot } from '../support/snapshot.js';

const requirements = loadRequirements();
const meta = { tool: { name: 'clickker', version: 'test' }, generatedAt: '2026-12-04T00:00:00.000Z', elapsedMs: 2345 };
const NOW = new Date('2026-12-04T00:00:00Z');

function judge(files: string[], over: Partial<Parameters<typeof evaluate>[0]> = {}, options = defaultOptions()): Evaluation {
  return evaluate({ hosts: files.map((f) => ({ facts: loadSnapshot(f).facts, file: f })), requirements, checks: allChecks(loadRequirements().requirements), options, now: NOW, ...over });
}

// eslint-disable-next-line no-control-regex
const ESC = /\u001b\[/;
// eslint-disable-next-line no-control-regex
const strip = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
/** Command lines are copied, never wrapped: they are the only lines allowed past the width. */
const tooWide = (text: string, width: number) => strip(text).split('\n').filter((l) => l.length > width && !/^ {6,}\S/.test(l) && !/^ {4}\S.*\s{2,}/.test(l));

const screens = [
  { name: '80 columns, no terminal', width: 80, tty: false, env: {} as NodeJS.ProcessEnv, ascii: false },
  { name: '120 columns, no terminal', width: 120, tty: false, env: {}, ascii: false },
  { name: '80 columns, terminal', width: 80, tty: true, env: { TERM: 'xterm-256color' }, ascii: false },
  { name: '120 columns, terminal, NO_COLOR', width: 120, tty: true, env: { TERM: 'xterm-256color', NO_COLOR: '1' }, ascii: false },
  { name: '80 columns, --ascii', width: 80, tty: false, env: {}, ascii: true },
];

describe('console screens of a failing host', () => {
  const e = judge(['fixtures/hosts/ws2016-dotnet462.json']);
  for (const s of screens) {
    it(s.name, () => {
      const style = detectStyle({ ascii: s.ascii }, { isTTY: s.tty, columns: s.width }, s.env, 'linux');
      const out = renderConsole(e, meta, { style, verbose: false });
      expect(style.width).toBe(s.width);
      expect(ESC.test(out)).toBe(s.tty && !s.env.NO_COLOR);
      expect(tooWide(out, s.width)).toEqual([]);
      if (s.ascii) expect(out).toMatch(/^[\x20-\x7E\n]*$/); // no … — · ✔ or any other non-ASCII character
      // The summary: a numbered to-do with the failure first, its one command, and the blocking confirmations.
      const todo = strip(out).slice(strip(out).indexOf('To do ('));
      expect(todo).toMatch(/^1\. \S+ dotnet\.framework:\s+Download\s+"Microsoft\s+\.NET\s+Framework\s+4\.8\s+offline\s+installer\s+for\s+Windows"/m);
      expect(todo).toMatch(/KB4503548/);
      expect(todo).toMatch(/confirm\.permissions-form: Confirm: Has the customer/);
      expect(todo).toMatch(/clickker preflight --confirm confirm\.permissions-form/);
      expect(out).not.toMatch(/needs confirmation: .*needs confirmation/);
      expect(out).not.toMatch(/"Release":/); // never raw JSON
      expect(strip(out)).toMatch(/took 2\.3 s/);
      // A documentation link per finding, unconfirmed questions included (issue 16).
      for (const r of e.results.filter((x) => ['fail', 'warn', 'unknown', 'waived'].includes(x.status))) expect(strip(out)).toContain(`docs: ${docsLink(r, undefined)}`);
      expect(strip(out)).toMatchSnapshot();
    });
  }
});

describe('console rules', () => {
  const plain = (width = 80) => detectStyle({ color: false }, { isTTY: false, columns: width }, {}, 'linux');

  it('shows the endpoint table with the failing layer and what to ask, and no error codes without --verbose', () => {
    const e = judge(['fixtures/hosts/ws2019-endpoints-blocked.json']);
    for (const width of [80, 120]) {
      const out = renderConsole(e, meta, { style: plain(width), verbose: false });
      expect(out).toMatch(/sense-applications\.visualstudio\.com/);
      expect(out).toMatch(/DNS:?\s+the name does not\s/); // the reason may wrap inside its column
      expect(out).toMatch(/allow outbound TCP 443/);
      expect(out).not.toMatch(/ENOTFOUND|ETIMEDOUT|\[\{"url"/);
      expect(out).toMatchSnapshot();
    }
    expect(renderConsole(e, meta, { style: plain(120), verbose: true })).toMatch(/ENOTFOUND/);
  });

  it('the endpoint table never breaks a host name, at any width; a warning counts its endpoints', () => {
    for (const file of ['fixtures/hosts/ws2019-endpoints-blocked.json', 'fixtures/hosts/ws2019-tls-intercepted.json']) {
      const e = judge([file]);
      const hosts = ['www.clickker.nl', 'sense-applications.visualstudio.com', 'api.cloud.clickker.nl'];
      for (const width of [80, 100, 110, 120, 140, 160]) {
        for (const ascii of [false, true]) {
          const out = renderConsole(e, meta, { style: detectStyle({ color: false, ascii }, { isTTY: false, columns: width }, {}, 'linux'), verbose: false });
          for (const h of hosts) {
            for (let i = 1; i < h.length; i++) {
              const cut = new RegExp(`${h.slice(0, i).replace(/[.-]/g, '\\$&')}\\n\\s*${h.slice(i).replace(/[.-]/g, '\\$&')}`);
              expect({ width, ascii, h, cut: cut.test(out) }).toEqual({ width, ascii, h, cut: false });
            }
          }
        }
      }
    }
    const warned = renderConsole(judge(['fixtures/hosts/ws2019-tls-intercepted.json']), meta, { style: plain(120), verbose: false });
    // Said as what it is (session 4): the endpoints with a warning are counted, and a warning did not "fail at" TLS.
    expect(warned).toMatch(/network\.endpoints\s+3 of 3 endpoints reachable with a warning$/m);
    expect(warned).toMatch(/problem at\s+reason/);
    expect(warned).not.toMatch(/failed at/);
    const narrow = renderConsole(judge(['fixtures/hosts/ws2019-tls-intercepted.json']), { ...meta, lang: 'nl' }, { style: plain(80), verbose: false });
    expect(narrow).toMatch(/^ +probleem bij: TLS: het certificaat wordt vervangen door$/m);
    expect(narrow).not.toMatch(/faalt bij/);
  });

  it('a word wider than the summary column (a path in --ascii at 80) and a long snapshot path stay within the width', () => {
    const ascii = detectStyle({ color: false, ascii: true }, { isTTY: false, columns: 80 }, {}, 'linux');
    const e = judge(['fixtures/hosts/ws2022-ready.json', 'fixtures/hosts/ws2019-endpoints-blocked.json'].slice(0, 1));
    e.hosts[0]!.file = 'C:\\Users\\Administrator\\Documents\\clickker\\snapshots\\ws2022-ready.json';
    const out = renderConsole(e, meta, { style: ascii, verbose: true });
    expect(out).toMatch(/E:\\Exact\\Synergy\\bin\\Exact\.SQLAzure\.Tool\.exe/);
    expect(out.split('\n').filter((l) => l.length > 80)).toEqual([]);
  });

  it('--only never says ready to install: it says what was not checked', () => {
    const e = judge(['fixtures/hosts/ws2019-ready.json'], { selection: { only: ['os.version'] } });
    const out = renderConsole(e, meta, { style: plain(), verbose: false });
    expect(out).toMatch(/PARTIAL CHECK/);
    expect(out).not.toMatch(/Ready to install/);
    expect(out).toMatch(/not checked: .*dotnet\.framework/);
    expect(out).toMatch(/^Exit code 3\./m);
    expect(e.outcome).toMatchObject({ verdict: 'incomplete', exitCode: 3 });
    expect(tooWide(out, 80)).toEqual([]);
    expect(out).toMatchSnapshot();
  });

  it('a failing run that also skipped a blocking check says so after the to-do list', () => {
    const e = judge(['fixtures/hosts/ws2016-dotnet462.json'], { selection: { skip: ['iis.features'] } }, defaultOptions({ confirmations: new Set(['all']) }));
    const out = renderConsole(e, meta, { style: plain(), verbose: false });
    expect(out).toMatch(/^NOT READY/m);
    expect(out).not.toMatch(/PARTIAL CHECK/);
    expect(out).toMatch(/Also not checked \(--only\/--skip\), and blocking: iis\.features\./);
    expect(out).toMatch(/^Exit code 1\./m);
  });

  it('--profile online says "Ready", and folds the checks outside the profile into one line', () => {
    const e = judge(['fixtures/hosts/win11-online-ready.json'], {}, defaultOptions({ profile: 'online', confirmations: new Set(['all']) }));
    const out = renderConsole(e, meta, { style: plain(), verbose: false });
    expect(out).toMatch(/Exit code 0\. Ready\.$/m);
    expect(out).not.toMatch(/Ready to install/);
    expect(out).not.toMatch(/Not part of the online profile/);
    expect(out).toMatch(/\d+ checks are not part of the online profile/);
  });

  it('says "PowerShell not available" once, with the checks it affects', () => {
    const probes = Object.fromEntries(FACTS.filter((f) => !f.probe.startsWith('sql.') && f.probe !== 'network.endpoints')
      .map((f) => [f.probe, failed('unavailable', `${POWERSHELL_UNAVAILABLE}: powershell.exe was not found`)]));
    const e = evaluate({ hosts: [{ facts: makeSnapshot(probes, 'SRV1').facts }], requirements, checks: allChecks(loadRequirements().requirements), options: defaultOptions(), selection: { skip: ['network.endpoints', 'sql.auth-mode', 'sql.baco-login', 'sql.service-account'] }, now: NOW });
    const out = renderConsole(e, meta, { style: plain(), verbose: false });
    expect(out.match(/powershell\.exe was not found/g)?.length).toBe(2); // the first check's line and the one to-do item
    expect(out).toMatch(/\d+ checks could not be evaluated \(os\.version, /);
  });

  it('never cuts a host name in a fleet: long names get numbered columns with a legend', () => {
    const long = ['EXACT-SYNERGY-PRODUCTION-01', 'EXACT-SYNERGY-PRODUCTION-02'];
    const hosts = long.map((h) => ({ facts: makeSnapshot({}, h).facts }));
    const e = evaluate({ hosts, requirements, checks: allChecks(loadRequirements().requirements), options: defaultOptions(), selection: { only: ['dotnet.framework'] }, now: NOW });
    const out = renderConsole(e, meta, { style: plain(), verbose: false });
    for (const h of long) expect(out).toMatch(new RegExp(`\\b${h}\\b`));
    expect(tooWide(out, 80)).toEqual([]);
  });

  it('--ascii fleet at 80 columns: "[ OK ]" cells stay whole, or the fleet becomes a host list', () => {
    const ascii = detectStyle({ color: false, ascii: true }, { isTTY: false, columns: 80 }, {}, 'linux');
    for (const n of [2, 6]) {
      const hosts = Array.from({ length: n }, (_, i) => ({ facts: makeSnapshot({}, `EXACT-SYNERGY-0${i}`).facts }));
      const e = evaluate({ hosts, requirements, checks: allChecks(loadRequirements().requirements), options: defaultOptions(), now: NOW });
      const out = renderConsole(e, meta, { style: ascii, verbose: false });
      expect(tooWide(out, 80)).toEqual([]);
      for (let i = 0; i < n; i++) expect(out).toMatch(new RegExp(`\\bEXACT-SYNERGY-0${i}\\b`));
      expect(out).not.toMatch(/\[ ?$|^ ?OK \]/m);
    }
  });

  it('labels elevation per command, and diagnostics as "to look" after the fix', () => {
    const e = judge(['fixtures/hosts/ws2019-not-elevated.json']);
    const out = renderConsole(e, meta, { style: plain(120), verbose: false });
    expect(out).toMatch(/PowerShell \(any prompt, no elevation needed\):\n\s+Start-Process powershell\.exe -Verb RunAs/);
  });

  // Issue 16, "no noise": a failed check's fix was printed twice (under the finding and in the to-do list). Now the
  // list at the end holds it (the last screen, read first); the finding says which item. For every fixture, in English
  // and Dutch, at 80 and 120 columns and in --ascii: no fix text twice, and every pointer names an item of that check.
  it.each(['en', 'nl'] as const)('says each fix once, in the list at the end; the finding points to its item (%s)', (lang) => {
    const files = readdirSync('fixtures/hosts').filter((f) => f.endsWith('.json')).map((f) => `fixtures/hosts/${f}`);
    const pointer = lang === 'nl' ? /^\s+oplossing: zie "(Te doen|Aan te raden)" (\d+) hieronder$/ : /^\s+fix: see "(To do|Worth doing)" (\d+) below$/;
    const heads = lang === 'nl' ? { 'Te doen': /^Te doen \(/, 'Aan te raden': /^Aan te raden \(/ } : { 'To do': /^To do \(/, 'Worth doing': /^Worth doing \(/ };
    let pointers = 0;
    let owned = 0;
    let confirmations = 0;
    for (const file of files) {
      const e = judge([file]);
      for (const style of [plain(80), plain(120), detectStyle({ color: false, ascii: true }, { isTTY: false, columns: 80 }, {}, 'linux')]) {
        const out = renderConsole(e, { ...meta, lang }, { style, verbose: false });
        const flat = out.replace(/\s+/g, ' ');
        // A fix text appears at most once per check that has it (two checks waiting for the same one share a text).
        const open = e.results.filter((x) => x.remediation && ['fail', 'warn', 'unknown'].includes(x.status));
        const fixOf = (x: (typeof open)[number]) => (lang === 'nl' ? x.remediation!.nl : x.remediation!.text).replace(/\s+/g, ' ').slice(0, 60);
        for (const r of open) {
          const fix = fixOf(r);
          // A reason that itself says what to do (the finding's summary) counts as one more place it may stand.
          const shared = open.filter((x) => fixOf(x) === fix).length + (r.summary.replace(/\s+/g, ' ').includes(fix) ? 1 : 0);
          const times = flat.split(style.unicode ? fix : fix.replace(/…/g, '...').replace(/—/g, '-')).length - 1;
          expect({ file, id: r.id, once: times <= shared }).toEqual({ file, id: r.id, once: true });
        }
        // Each list's items by number, with the text that names their checks.
        const lines = out.split('\n');
        const items = new Map<string, string>();
        let list = '';
        let n = 0;
        for (const l of lines) {
          const head = Object.entries(heads).find(([, re]) => re.test(l));
          if (head) { list = head[0]; continue; }
          const item = /^\s*(\d+)\. (.*)$/.exec(l);
          if (list && item) { n = Number(item[1]); items.set(`${list} ${n}`, item[2]!); } else if (list && n && /^\s/.test(l)) items.set(`${list} ${n}`, `${items.get(`${list} ${n}`)} ${l.trim()}`);
          else if (!l.trim()) n = 0;
        }
        let finding = '';
        const pointed = new Set<string>();
        for (const l of lines) {
          const head = /^ {2}(?:\S|\[[^\]]{4}\]) ([a-z][\w.-]+)\s/.exec(l); // "  ✖ id" or, in --ascii, "  [FAIL] id"
          if (head) finding = head[1]!;
          const p = pointer.exec(l);
          if (!p) continue;
          pointers++;
          pointed.add(finding);
          expect({ file, finding, item: items.get(`${p[1]} ${p[2]}`)?.includes(finding) }).toEqual({ file, finding, item: true });
        }
        // And the other way (session 4): a finding with an item of its own points to it, questions to confirm and
        // findings with the same reason as another too ("confirm.remote-access" and "sql.baco-login: same reason as
        // sql.auth-mode" said only their docs link while the other findings said "fix: see ..."). An item is a
        // finding's own when it starts with its id, or lists it among a group ("3 checks ... (a, b, c)").
        for (const r of open) {
          const id = r.id.replace(/\./g, '\\.');
          const sym = '(?:\\[[^\\]]*\\]|\\S+)'; // "✖" or, in --ascii, "[ ?? ]"
          const own = [...items.values()].some((text) => new RegExp(`^${sym} ${id}:`).test(text) || new RegExp(`^${sym} \\d+ [^(]*\\([^)]*\\b${id}\\b[^)]*\\)`).test(text));
          const head = lines.findIndex((l) => new RegExp(`^ {2}(?:\\S|\\[[^\\]]{4}\\]) ${id}\\s`).test(l));
          if (!own || head < 0) continue;
          owned++;
          if (r.category === 'Confirmations') confirmations++;
          expect({ file, id: r.id, pointer: pointed.has(r.id) }).toEqual({ file, id: r.id, pointer: true });
        }
      }
    }
    expect(pointers).toBeGreaterThan(20);
    expect(owned).toBeGreaterThan(200);
    expect(confirmations).toBeGreaterThan(100);
  });

  it('does not tell a domain controller to upgrade', () => {
    const out = renderConsole(judge(['fixtures/hosts/ws2019-dc.json']), meta, { style: plain(120), verbose: false });
    expect(out).toMatch(/domain controller is supported/);
    expect(out).not.toMatch(/[Uu]pgrade this server/);
  });
});
