#!/usr/bin/env node
// THIS STANDS IN FOR POWERSHELL in the tests (there is no Windows and no PowerShell on the build machines).
//
// The bridge starts it exactly as it starts powershell.exe, through node-powershell: same arguments, same stdin
// protocol (`-NoExit -Command -`, one statement per line, node-powershell's `[Console]::Error/Out.WriteLine("<id>")`
// delimiters around each command). It answers our one-line `& { ... }` invocations the way the PowerShell side of
// src/probes/powershell/envelope.ts does: it decodes the base64 script and parameters, finds the probe id on the
// script's first line (`# clickker probe: <id>`), and writes one base64(JSON) envelope line to stdout.
//
// What it does per probe comes from the environment, so every test drives it through the real process boundary:
//   CLICKKER_FAKE_PS_FILE  a JSON file { scenario: { startup?: 'exit' | 'stub' | 'silent', pidFile?: string,
//                          coalesce?: boolean, probes?: { <id>: MODE } }, log?: FILE }; the log receives one JSON line per start (argv),
//                          per stdin line, per probe and per job host action (open, submit with the probe ids, close). (Tests start it through a tiny wrapper that sets this.)
// MODE: 'replay' (default: the recorded sample test/powershell/samples/<id>.json, or <id>.<QueryId>.json for a script
//   given a QueryId parameter, whose modes are looked up as "<id>:<QueryId>" first), 'echo' (the decoded parameters),
//   'hang' (starts a grandchild, writes both pids to pidFile, never answers), 'crash' (exit 3 mid-command),
//   'exit0', 'garbage', 'stale' (an answer to another request), 'noise' (warnings around a good answer),
//   'badjson', 'slow:<ms>', 'throw:<ExceptionType>:<hresult>:<message>', or { data: '<stdout text>', delayMs?: <ms> }.
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const setup = process.env.CLICKKER_FAKE_PS_FILE ? JSON.parse(readFileSync(process.env.CLICKKER_FAKE_PS_FILE, 'utf8')) : {};
const scenario = setup.scenario ?? {};
const logFile = setup.log;
const log = (entry) => { if (logFile) appendFileSync(logFile, `${JSON.stringify({ pid: process.pid, ...entry })}\n`); };

log({ argv: process.argv.slice(2) });

if (scenario.startup === 'exit') {
  // What a server that refuses to run PowerShell looks like from outside: a message and a non-zero exit.
  process.stderr.write('Program powershell.exe is blocked by group policy.\r\n');
  process.exit(1);
}
if (scenario.startup === 'stub') {
  // Wine's powershell.exe: a stub that prints nothing and ends at once with code 0.
  process.exit(0);
}

const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text) => Buffer.from(text, 'base64').toString('utf8');
// scenario.coalesce: hold stdout back until a command's closing delimiter, so node-powershell receives the opening
// delimiter, the answer and the closing delimiter in ONE chunk (what a fast probe can look like on a real pipe).
let held = '';
const seen = new Set();
const out = (text, closing = false) => {
  if (!scenario.coalesce) { process.stdout.write(text); return; }
  held += text;
  if (closing) { process.stdout.write(held); held = ''; }
};
const answer = (envelope) => out(`${b64(JSON.stringify(envelope))}\r\n`);

let hung = false;

async function runInvocation(line) {
  const script = unb64(/\$s = \$u\.GetString\(\[System\.Convert\]::FromBase64String\('([A-Za-z0-9+/=]*)'\)\)/.exec(line)?.[1] ?? '');
  const nonce = /nonce = '([0-9a-f]+)'/.exec(line)?.[1] ?? '';
  const params = {};
  for (const m of line.matchAll(/\$h\['([A-Za-z0-9]+)'\] = \$u\.GetString\(\[System\.Convert\]::FromBase64String\('([A-Za-z0-9+/=]*)'\)\)/g)) {
    params[m[1]] = unb64(m[2]);
  }
  const id = /^# clickker probe: (\w+)/m.exec(script)?.[1] ?? 'unknown';
  if (id === 'jobhost') return runJobHost(params, nonce);
  // A script run once per query (sqlQuery) is told apart by its QueryId parameter: "<id>:<QueryId>" in the scenario,
  // samples/<id>.<QueryId>.json when replaying.
  const sub = params.QueryId;
  const key = sub ? `${id}:${sub}` : id;
  const mode = scenario.probes?.[key] ?? scenario.probes?.[id] ?? 'replay';
  const sampleFile = join(here, '..', 'samples', sub ? `${id}.${sub}.json` : `${id}.json`);
  log({ probe: key, mode, params });

  const ok = (data) => answer({ nonce, ok: true, data });
  if (typeof mode === 'object' && mode !== null) {
    if (typeof mode.delayMs === 'number') await sleep(mode.delayMs);
    return ok(mode.data);
  }
  if (mode === 'replay') return ok(readFileSync(sampleFile, 'utf8'));
  if (mode === 'echo') return ok(JSON.stringify({ params, script }));
  if (mode === 'badjson') return ok('{ "Caption": "half a document');
  if (mode === 'garbage') { out('Wh@t is this? not an answer at all\r\n'); return undefined; }
  if (mode === 'stale') return answer({ nonce: 'f00dfeedf00dfeedf00dfeed', ok: true, data: 'null' });
  if (mode === 'noise') {
    out('WARNING: the module was loaded with unapproved verbs\r\n');
    process.stderr.write('some native tool wrote to stderr\r\n');
    return ok(readFileSync(sampleFile, 'utf8'));
  }
  if (mode === 'crash') { process.stdout.write('{ "partial": '); process.exit(3); }
  if (mode === 'exit0') process.exit(0);
  if (mode.startsWith('slow:')) {
    await sleep(Number(mode.slice(5)));
    return ok(readFileSync(sampleFile, 'utf8'));
  }
  if (mode.startsWith('throw:')) {
    const [, type, hresult, ...message] = mode.split(':');
    // Windows PowerShell 5.1 prints a one-element array as a bare value: types/hresults arrive unwrapped here.
    return answer({ nonce, ok: false, error: { message: message.join(':'), types: type, hresults: Number(hresult), category: 'NotSpecified', id: 'Probe' } });
  }
  if (mode === 'hang') {
    hung = true;
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    if (scenario.pidFile) writeFileSync(scenario.pidFile, JSON.stringify({ shell: process.pid, child: child.pid }));
    return undefined;
  }
  throw new Error(`fake-powershell: unknown mode ${JSON.stringify(mode)}`);
}

/**
 * src/probes/powershell/jobhost.ps1, stood in for: `open` keeps a job table, `submit` queues job lines (key, deadline
 * ms, base64 script, name=base64 value...) and starts what Throttle allows, `poll` waits up to WaitMs for an event and
 * answers { events, running, queued, abandoned }, `close` answers { abandoned }. Each job runs with its probe's MODE
 * and its own deadline (a hung job is abandoned and counted). A job whose mode breaks the session: 'crash' and 'exit0'
 * end this process at once (as a job calling exit would end powershell.exe); 'garbage' and 'stale' spoil the next
 * control answer.
 */
let jobHost = null;
async function runJobHost(params, nonce) {
  const ok = (value) => answer({ nonce, ok: true, data: JSON.stringify(value) });
  const threw = (message) => answer({ nonce, ok: false, error: { message, types: 'System.Management.Automation.RuntimeException', hresults: -2146233087, category: 'NotSpecified', id: 'JobHost' } });
  if (params.Action === 'open') {
    if (jobHost) return threw('the job host is already open');
    jobHost = { limit: Math.max(1, Number(params.Throttle ?? 4)), queue: [], running: 0, events: [], abandoned: 0, broken: null, wake: null };
    log({ jobhost: 'open', throttle: jobHost.limit, warm: (params.Warm ?? '').split('\n').filter(Boolean) });
    return ok({ opened: true });
  }
  const h = jobHost;
  if (params.Action === 'close') {
    log({ jobhost: 'close', abandoned: h?.abandoned ?? 0 });
    jobHost = null;
    return ok({ abandoned: h?.abandoned ?? 0 });
  }
  if (!h) return threw('the job host is not open');
  const push = (event) => { h.events.push(event); h.wake?.(); };
  const startQueued = () => {
    while (h.running < h.limit && h.queue.length > 0) {
      const job = h.queue.shift();
      h.running += 1;
      push({ key: job.key, event: 'started' });
      // As for invocations: a script run once per query (sqlQuery) is told apart by its QueryId parameter.
      const sub = job.params.QueryId;
      const key = sub ? `${job.id}:${sub}` : job.id;
      const mode = scenario.probes?.[key] ?? scenario.probes?.[job.id] ?? 'replay';
      log({ probe: key, mode, params: job.params, pooled: true });
      const t0 = Date.now();
      const done = (rest) => ({ key: job.key, event: 'done', ms: Date.now() - t0, ...rest });
      const sampleFile = join(here, '..', 'samples', sub ? `${job.id}.${sub}.json` : `${job.id}.json`);
      const work = (async () => {
        if (typeof mode === 'object' && mode !== null) {
          if (typeof mode.delayMs === 'number') await sleep(mode.delayMs);
          return done({ ok: true, data: mode.data });
        }
        if (mode === 'replay' || mode === 'noise') return done({ ok: true, data: readFileSync(sampleFile, 'utf8') });
        if (mode === 'echo') return done({ ok: true, data: JSON.stringify({ params: job.params, script: job.script }) });
        if (mode === 'badjson') return done({ ok: true, data: '{ "Caption": "half a document' });
        if (mode.startsWith('slow:')) { await sleep(Number(mode.slice(5))); return done({ ok: true, data: readFileSync(sampleFile, 'utf8') }); }
        if (mode.startsWith('throw:')) {
          const [, type, hresult, ...message] = mode.split(':');
          return done({ ok: false, error: { message: message.join(':'), types: type, hresults: Number(hresult), category: 'NotSpecified', id: 'Probe' } });
        }
        if (mode === 'hang') {
          const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
          if (scenario.pidFile) writeFileSync(scenario.pidFile, JSON.stringify({ shell: process.pid, child: child.pid }));
          return new Promise(() => undefined);
        }
        if (mode === 'crash') { process.stdout.write('{ "partial": '); process.exit(3); }
        if (mode === 'exit0') process.exit(0);
        h.broken = mode;
        return new Promise(() => undefined);
      })();
      const late = sleep(job.timeoutMs).then(() => 'late');
      void Promise.race([work, late]).then((first) => {
        h.running -= 1;
        if (first === 'late') {
          if (mode === 'hang') h.abandoned += 1;
          push(done({ ok: false, error: { message: `no answer within ${job.timeoutMs} ms; the job was abandoned and the others went on`, kind: 'timeout', types: [], hresults: [] } }));
        } else {
          push(first);
        }
        startQueued();
      });
    }
  };
  const reply = () => {
    if (h.broken === 'garbage') { out('Wh@t is this? not an answer at all\r\n'); return undefined; }
    if (h.broken === 'stale') return answer({ nonce: 'f00dfeedf00dfeedf00dfeed', ok: true, data: 'null' });
    const events = h.events.splice(0);
    return ok({ events, running: h.running, queued: h.queue.length, abandoned: h.abandoned });
  };
  if (params.Action === 'submit') {
    const jobs = (params.Jobs ?? '').split('\n').filter(Boolean).map((line) => {
      const [key, ms, script, ...rest] = line.split('\t');
      const p = Object.fromEntries(rest.map((kv) => { const i = kv.indexOf('='); return [kv.slice(0, i), unb64(kv.slice(i + 1))]; }));
      return { key, id: /^# clickker probe: (\w+)/m.exec(unb64(script))?.[1] ?? key, timeoutMs: Number(ms), script: unb64(script), params: p };
    });
    log({ submit: jobs.map((j) => j.id), throttle: h.limit });
    h.queue.push(...jobs);
    startQueued();
    return reply();
  }
  if (params.Action === 'poll') {
    if (h.events.length === 0 && !h.broken) {
      await Promise.race([sleep(Number(params.WaitMs ?? 0)), new Promise((r) => { h.wake = r; })]);
      h.wake = null;
    }
    return reply();
  }
  return threw(`unknown job host action: ${params.Action}`);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
let queue = Promise.resolve();
lines.on('line', (line) => {
  queue = queue.then(async () => {
    log({ stdin: line });
    if (hung) return;
    if (scenario.startup === 'silent') {
      // Like a session where nothing may run (e.g. constrained language): errors, and never a delimiter.
      process.stderr.write('Cannot invoke method. Method invocation is supported only on core types in this language mode.\r\n');
      return;
    }
    // The bridge fences with Write("<id>`n") (LF only); node-powershell's own WriteLine("<id>") writes CRLF.
    const delimiter = /^\[Console\]::(Out|Error)\.(WriteLine|Write)\("([0-9A-Za-z]+)(`n)?"\)$/.exec(line.trim());
    if (delimiter) {
      const eol = delimiter[2] === 'WriteLine' ? '\r\n' : delimiter[4] ? '\n' : '';
      if (delimiter[1] === 'Out') {
        const closing = seen.has(delimiter[3]);
        seen.add(delimiter[3]);
        out(`${delimiter[3]}${eol}`, closing);
      } else {
        process.stderr.write(`${delimiter[3]}${eol}`);
      }
      return;
    }
    if (line.startsWith('& {')) await runInvocation(line);
  });
});
lines.on('close', () => { void queue.then(() => { if (!hung) process.exit(0); }); });
