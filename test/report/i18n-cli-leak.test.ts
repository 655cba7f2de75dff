// "Every message has both languages; a test fails when one is missing" (issue 16), for the commands an administrator
// runs around an installation: install --plan, install (apply, progress, summary), install --rollback --plan,
// uninstall --plan, collect, support-bundle, and the one-line errors. The built CLI runs for real against a simulated
// host (--simulate) in Dutch; after removing what is not prose (ids, commands, flags, paths, run ids, and the texts
// the install steps and probes themselves carry: see "What stays English" in the CHANGELOG, Issue 16), no English-only
// word may remain. A second test holds the command files to the catalogue: no English-only literal in them.
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, runCli, tempDir } from '../support/cli.js';
import { ENGLISH_ONLY } from '../support/english-words.js';
import { MESSAGES } from '../../src/report/i18n/catalogue.js';

const MARKER = new RegExp(`(?<![\\w./\\\\-])(${ENGLISH_ONLY.map((w) => `[${w[0]}${w[0]!.toUpperCase()}]${w.slice(1)}`).join('|')})(?![\\w/\\\\-])`);
const SAMPLE_ZIP = join(ROOT, 'fixtures', 'packages', 'clickker-1.0.0.zip');
const READY = join(ROOT, 'fixtures', 'hosts', 'ws2019-ready.json');
// Test-only values, as test/install/cli.test.ts uses them.
const SECRETS = { CLICKKER_SERVICE_ACCOUNT_PASSWORD: 'Svc-Pa55!w0rd', CLICKKER_SECRET_CLOUD_API_KEY: 'ck_live_9f8e7d6c5b4a3f2e1d0c' };

/** What is not prose: commands, flags, quoted and bracketed names, paths, ids, run ids, numbers. */
function prose(line: string): string {
  return line
    .replace(/clickker( [a-z-]+)?/g, ' ')
    .replace(/\b[Rr]un \d{8}-\d{6}-[0-9a-f]{4}/g, ' ') // "run <id>": the journal's word for one installation run
    .replace(/\d{8}-\d{6}-[0-9a-f]{4}/g, ' ')
    .replace(/'[^']*'|"[^"]*"|\[[^\]]*\]/g, ' ')
    .replace(/--[a-z-]+/g, ' ')
    .replace(/\S*[/\\]\S*/g, ' ') // paths, DOMAIN\user, URLs
    .replace(/\b[\w-]+([.:][\w@/-]+)+\b/g, ' ') // check and step ids, file names
    .replace(/\b[A-Z_]{3,}\b/g, ' '); // environment variables, SYSTEM
}

function leaks(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && MARKER.test(prose(l)));
}

// The English start of every catalogue message: a line that begins so is clickker's own words whose Dutch is
// missing, never a step's text, so it is kept for the leak check (removing one Dutch text must fail this test).
const OWN_ENGLISH = Object.values(MESSAGES).map((m) => m.en.split('{')[0]!.trim()).filter((p) => p.length >= 5 && /[a-z]{3}/.test(p));
const ownEnglish = (text: string) => OWN_ENGLISH.some((p) => text.trim().startsWith(p));

/** A step's own text (what it changes, its notes; English, as the journal records it) is cut from a plan line. */
function withoutStepTexts(stdout: string, stepIds: readonly string[]): string {
  const ids = [...stepIds].sort((a, b) => b.length - a.length);
  const idAfter = (text: string) => ids.find((id) => text.startsWith(`${id}: `));
  return stdout.split('\n').map((l) => {
    if (ownEnglish(l) || ownEnglish(l.replace(/^\S+ \[\d+\/\d+\] /, '').replace(/^\s*\d+\. /, ''))) return l;
    const step = /^\s*\d+\. (.+?)\s\s(.*)$/.exec(l);
    if (step && ownEnglish(step[2]!)) return l;
    if (step) return `${step[1]}  ${/^geen wijziging|^GEWEIGERD/.test(step[2]!) ? step[2]!.split(':')[0] : ''}`;
    if (/^ {6}(opmerking):/.test(l)) return '      opmerking:';
    if (/^ {6}(steunt op)/.test(l)) return l;
    if (/^ {6}\S/.test(l)) return ''; // a step's further changes
    // "  <step id>: <what its undo does>" (uninstall, --rollback --plan): the installer's record of the step
    const undo = /^\s+(terugdraaien )?(.*)$/.exec(l);
    const undone = undo ? idAfter(undo[2]!) : undefined;
    if (undo && undone) return ownEnglish(undo[2]!.slice(undone.length + 2)) ? l : undo[1] ?? '';
    // "<time> [i/n] <step id>: <change>" progress: only clickker's own word after the id is prose
    const progress = /^\S+ \[\d+\/\d+\] (.*)$/.exec(l);
    const id = progress ? idAfter(progress[1]!) : undefined;
    if (progress && id) {
      const rest = progress[1]!.slice(id.length + 2);
      if (ownEnglish(rest)) return l;
      return /^(klaar|al in orde|MISLUKT|\(hervat\))/.test(rest) ? rest.split(':')[0]! : '';
    }
    return l;
  }).join('\n');
}

describe('no English in the Dutch install, uninstall, collect and support-bundle screens (the built CLI)', () => {
  const dir = tempDir();
  const host = join(dir, 'host.json');
  writeFileSync(host, JSON.stringify({ schema: 'clickker.simulated-host/v1', computerName: 'SRV-TEST', snapshot: READY }));
  const state = join(dir, 'state');
  const args = ['--package', SAMPLE_ZIP, '--simulate', host, '--state-dir', state, '--install-dir', join(dir, 'Clickker'),
    '--service-account', 'VDBERG\\svc-clickker', '--sql-server', 'SQL01\\EXACT', '--site', 'Default Web Site', '--confirm', 'all'];
  const stepIds: string[] = [];

  it('install --plan --lang nl', () => {
    const r = runCli(['install', ...args, '--plan', '--lang', 'nl'], { env: SECRETS });
    expect(r.code).toBe(0);
    stepIds.push(...[...r.stdout.matchAll(/^\s*\d+\. (.+?)\s\s/gm)].map((m) => m[1]!));
    expect(r.stdout).toMatch(/Er is niets gewijzigd \(--plan\)/);
    expect(leaks(withoutStepTexts(r.stdout, stepIds))).toEqual([]);
  });

  it('install with CLICKKER_LANG=nl: progress, summary and the sysadmin note', () => {
    const r = runCli(['install', ...args, '--yes'], { env: { ...SECRETS, CLICKKER_LANG: 'nl' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is geïnstalleerd op/);
    expect({ stdout: leaks(withoutStepTexts(r.stdout, stepIds)), stderr: leaks(withoutStepTexts(r.stderr, stepIds)) }).toEqual({ stdout: [], stderr: [] });
  });

  it('install --rollback --plan and uninstall --plan, --lang nl', () => {
    const rb = runCli(['install', '--rollback', '--plan', '--simulate', host, '--state-dir', state, '--lang', 'nl'], { env: SECRETS });
    expect(rb.code).toBe(0);
    expect(leaks(withoutStepTexts(rb.stdout, stepIds))).toEqual([]);
    const un = runCli(['uninstall', '--plan', '--simulate', host, '--state-dir', state, '--lang', 'nl'], { env: SECRETS });
    expect(un.code).toBe(0);
    expect(un.stdout).toMatch(/verwijderen van .*\n[\s\S]*Er is niets gewijzigd \(--plan\)/);
    expect(leaks(withoutStepTexts(un.stdout, stepIds))).toEqual([]);
  });

  it('the error about the recorded run: --resume of a finished run', () => {
    const resume = runCli(['install', '--resume', '--yes', '--simulate', host, '--state-dir', state, '--confirm', 'all', '--lang', 'nl'], { env: SECRETS });
    expect(resume.code).toBe(2);
    expect(resume.stderr).toMatch(/er is niets te hervatten/);
    expect(leaks(resume.stderr.replace(/^clickker: /, ''))).toEqual([]);
  });

  it('support-bundle --lang nl', () => {
    const r = runCli(['support-bundle', '--state-dir', state, '--out', join(dir, 'bundle.zip'), '--lang', 'nl']);
    expect(r.code).toBe(0);
    // The file list after the first line is names.
    expect(leaks(r.stdout.split('\n')[0]!)).toEqual([]);
  });

  it('collect --lang nl (here: PowerShell probes cannot run, exit 3)', () => {
    const out = join(dir, 'snap.json');
    const r = runCli(['collect', '--out', out, '--lang', 'nl']);
    expect(r.code).toBe(3);
    // A probe's own message is a value (the collector's or Windows' words), quoted as it is in the snapshot.
    const messages = Object.values((JSON.parse(readFileSync(out, 'utf8')) as { probes: Record<string, { error?: { message: string } }> }).probes)
      .map((p) => p.error?.message).filter((m): m is string => Boolean(m));
    const cut = (text: string) => messages.reduce((s, m) => s.split(m).join(' '), text);
    expect({ stdout: leaks(cut(r.stdout)), stderr: leaks(cut(r.stderr)) }).toEqual({ stdout: [], stderr: [] });
  });

  it.each([
    [['uninstall', '--state-dir', join(dir, 'nowhere'), '--lang', 'nl'], 2],
    [['install', '--plan', '--resume', '--lang', 'nl'], 2],
    [['install', '--no-interactive', '--state-dir', join(dir, 'nowhere'), '--lang', 'nl'], 2],
    [['install', '--bogus', '--lang', 'nl'], 2],
    [['preflight', '--only', 'no.such-check', '--snapshot', READY, '--lang', 'nl'], 2],
    [['install', '--package', SAMPLE_ZIP, '--service-account', 'VDBERG\\svc', '--no-interactive', '--lang', 'nl'], 2],
    [['support-bundle', '--state-dir', join(dir, 'nowhere'), '--lang', 'nl'], 2],
    [['install', '--package', join(dir, 'missing.zip'), '--state-dir', join(dir, 'nowhere'), '--no-interactive', '--lang', 'nl'], 2],
    [['install', '--package', SAMPLE_ZIP, '--sha256', '00', '--state-dir', join(dir, 'nowhere'), '--no-interactive', '--lang', 'nl'], 2],
  ])('one error line in Dutch: %j', (argv, code) => {
    const r = runCli(argv as string[], { env: { CLICKKER_LANG: 'nl' } });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(/^clickker: [^\n]+\n$/);
    expect(leaks(r.stderr.replace(/^clickker: /, ''))).toEqual([]);
  });
});

// The command files print through the catalogue (tr/msg): an English literal in out(), a write or an InputError there
// is a message without its Dutch.
const COMMAND_FILES = ['install/apply.ts', 'install/plan.ts', 'install/print.ts', 'install/resume.ts', 'install/rollback.ts', 'install/session.ts',
  'install/index.ts', 'install/params.ts', 'uninstall.ts', 'collect.ts', 'support-bundle.ts', 'interrupt.ts', 'step-progress.ts', 'progress.ts', 'main.ts', 'error-line.ts'];

describe('the command files hold no English-only message', () => {
  it.each(COMMAND_FILES)('src/cli/%s', (file) => {
    const text = readFileSync(join(ROOT, 'src', 'cli', file), 'utf8');
    const literals = [...text.matchAll(/(?:\bout\(|\.write\(|new InputError\(|askText\(|askSecret\(|askYesNo\(|askChoice\()\s*(['`])((?:(?!\1).)*)\1/g)]
      .map((m) => m[2]!)
      .filter((s) => MARKER.test(prose(s.replace(/\$\{[^}]*\}/g, ' '))));
    expect({ file, literals }).toEqual({ file, literals: [] });
  });
});

describe('the command messages beside the report messages', () => {
  it('shadow none of them (CLI_MESSAGES is joined into MESSAGES: a shared key would change the report words)', () => {
    const keysIn = (file: string) => new Set([...readFileSync(join(ROOT, 'src', 'report', 'i18n', file), 'utf8').matchAll(/^\s+'([^']+)':\s*\{/gm)].map((m) => m[1]!));
    const report = keysIn('catalogue.ts');
    expect([...keysIn('cli-messages.ts')].filter((k) => report.has(k))).toEqual([]);
  });
});

// Ctrl+C in the middle of a step (as test/install/cli.test.ts does it in English): the note on how to go on and the
// closing line are Dutch, the exit code stays 130.
describe('Ctrl+C during a Dutch installation', () => {
  it('says in Dutch how to continue or undo, and exits 130', async () => {
    const dir = tempDir();
    const host = join(dir, 'host.json');
    // Each simulated operation takes 80 ms, so the signal lands inside a step.
    writeFileSync(host, JSON.stringify({ schema: 'clickker.simulated-host/v1', computerName: 'SRV-TEST', snapshot: READY, latencyMs: 80 }));
    const state = join(dir, 'state');
    const args = ['install', '--package', SAMPLE_ZIP, '--simulate', host, '--state-dir', state, '--install-dir', join(dir, 'Clickker'),
      '--service-account', 'VDBERG\\svc-clickker', '--sql-server', 'SQL01\\EXACT', '--site', 'Default Web Site', '--confirm', 'all', '--yes', '--lang', 'nl'];
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CLICKKER_')));
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...env, ...SECRETS, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setInterval(() => {
      try {
        const j = JSON.parse(readFileSync(join(state, 'journal.json'), 'utf8')) as { steps: { status: string }[] };
        if (j.steps.filter((x) => x.status === 'done' || x.status === 'unchanged').length >= 3 && j.steps.some((x) => x.status === 'started')) {
          clearInterval(timer);
          child.kill('SIGINT');
        }
      } catch {
        // not written yet, or being replaced
      }
    }, 10);
    const guard = setTimeout(() => child.kill('SIGKILL'), 25_000);
    const code = await new Promise<number | null>((done) => child.on('close', (c) => { clearInterval(timer); clearTimeout(guard); done(c); }));
    expect(code).toBe(130);
    expect(stderr).toMatch(/clickker: de installatie is onderbroken; ga verder met clickker install --resume --state-dir .*, of draai haar terug met --rollback\n/);
    expect(stderr).toMatch(/\nclickker: onderbroken\n$/);
  });
});
